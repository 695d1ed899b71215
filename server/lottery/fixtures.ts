/**
 * Test helpers of the lottery: a staff scope of a district, and a published plan (server/allocation/fixtures.ts)
 * with a draw committed through the service, as the routes would.
 */
import type { Knex } from 'knex';
import { scopeOfUser, type Scope } from '../access/scope.ts';
import { inTransaction } from '../db/tx.ts';
import { insertPublishedPlan, type PublishedPlan } from '../allocation/fixtures.ts';
import { commitDraw, runDraw } from './service.ts';
import type { CreateDrawInput, RunDrawInput } from './schema.ts';
import type { DrawRow } from './store.ts';

/** An approver of `district` (6 digits): lottery.manage, allocation.read and personal_data.read. */
export const lotteryScope = (district: string, username = `lottery_${district}`): Scope =>
  scopeOfUser({ id: 0, username, region_code: district.padEnd(12, '0'), roles: ['approver'] });

export const as = <T>(db: Knex, scope: Scope, work: (trx: Knex.Transaction) => Promise<T>) =>
  inTransaction(db, { username: scope.username, regionCode: scope.regionCode }, work);

export async function commitFor(
  db: Knex,
  plan: PublishedPlan,
  district: string,
  input: Partial<CreateDrawInput> = {},
): Promise<DrawRow> {
  const scope = lotteryScope(district);
  return as(db, scope, (trx) =>
    commitDraw(trx, scope, { plan_id: plan.plan, title: `摇号 ${plan.plan_no}`, cohorts: 'ties', ...input }),
  );
}

export const drawFor = (db: Knex, draw: DrawRow, district: string, input: RunDrawInput) => {
  const scope = lotteryScope(district);
  return as(db, scope, (trx) => runDraw(trx, scope, draw.id, input));
};

/** A published plan of `households` households and its committed draw. */
export async function planWithDraw(
  db: Knex,
  district: string,
  tag: string,
  options: { households?: number; cohorts?: CreateDrawInput['cohorts'] } = {},
) {
  const plan = await insertPublishedPlan(db, district, { households: options.households ?? 8, tag });
  const draw = await commitFor(db, plan, district, { cohorts: options.cohorts ?? 'ties' });
  return { plan, draw };
}

export const CONTRIBUTIONS = [
  { party: '申请人代表1', value: '3' },
  { party: '申请人代表2', value: '71' },
  { party: '公证员', value: '20261127' },
];
