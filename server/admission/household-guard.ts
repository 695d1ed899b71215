/**
 * The household route (PATCH /api/households/{id}) changes the same row as an application's PATCH, so it keeps
 * the application's rules: once the application left accept/verify its facts stay as verified and noticed (409),
 * and where members are recorded the figures derived from them cannot be typed over (400 at the field).
 */
import type { Tx } from '../db/knex.ts';
import type { Scope } from '../access/scope.ts';
import { conflict, validationFailed } from '../http/errors.ts';
import type { HouseholdChanges } from './schema.ts';
import { updateHousehold } from './service.ts';
import type { HouseholdRow } from './store.ts';
import { hasMembers } from './application-store.ts';
import { stageOf } from './stage-store.ts';
import { COMPUTED_FIELDS } from './application-schema.ts';

/** Stages in which an application's facts may still change: once in notice, the published facts stay put. */
export const EDITABLE_STAGES = ['accept', 'verify'];

/** Refuses changes to an application outside the editable stages (households without a process are free). */
export async function assertEditable(trx: Tx, householdId: number): Promise<void> {
  const { stage } = await stageOf(trx, householdId);
  if (stage !== null && !EDITABLE_STAGES.includes(stage))
    throw conflict(`申请已进入“${stage}”阶段，只有受理（accept）和审核（verify）阶段可以修改`);
}

export async function updateHouseholdGuarded(
  trx: Tx,
  scope: Scope,
  id: number,
  input: HouseholdChanges,
  at = 'body',
): Promise<HouseholdRow> {
  await assertEditable(trx, id);
  const typed = Object.keys(COMPUTED_FIELDS).filter(
    (key) => input[key as keyof HouseholdChanges] !== undefined,
  ) as (keyof typeof COMPUTED_FIELDS)[];
  if (typed.length && (await hasMembers(trx, id)))
    throw validationFailed(typed.map((key) => ({ path: `${at}.${key}`, message: COMPUTED_FIELDS[key] })));
  return updateHousehold(trx, scope, id, input, at);
}
