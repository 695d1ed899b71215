/**
 * Applicant households (CJJ/T 196 6 准入登记, A.3.8): identity numbers checked (GB 11643 for 居民身份证), coded
 * fields against their code lists, the household placed on the map from its 户籍地址 (or a manual point) and
 * its region set to the community found. Withdrawing keeps the record (waiting_status withdrawn).
 */
import type { Tx } from '../db/knex.ts';
import type { Scope } from '../access/scope.ts';
import { conflict, notFound, validationFailed, type FieldError } from '../http/errors.ts';
import { residentIdProblem } from '../shared/validators.ts';
import { codesOf } from '../shared/fields.ts';
import { assertCodes } from '../dictionaries/service.ts';
import { geocodeHousehold, type HukouAddress } from '../spatial/geocode.ts';
import { insertFeature, retireFeature, updateFeature } from '../spatial/feature-store.ts';
import type { HouseholdChanges, HouseholdInput } from './schema.ts';
import * as store from './store.ts';

export const HOUSEHOLD_LABEL = '申请家庭';
const RESIDENT_ID_CARD = '111';
const CODES = {
  id_type: 'id_type',
  agent_id_type: 'id_type',
  housing_support_mode: 'security_mode',
  disability_category: 'disability_category',
};

/** The coded fields of an input for `assertCodes`; 残疾等级 is stored as its number, checked as its code. */
const codedFields = (input: HouseholdChanges, at: string) => [
  ...codesOf(input, CODES, at),
  {
    path: `${at}.disability_grade`,
    dictionary: 'disability_grade',
    code:
      input.disability_grade === null || input.disability_grade === undefined
        ? null
        : String(input.disability_grade),
  },
];
const ADDRESS_NAMES = ['hukou_district', 'hukou_street', 'hukou_community'] as const;
const ADDRESS_FIELDS = [
  ...ADDRESS_NAMES,
  'hukou_road',
  'hukou_house_no',
  'hukou_building',
  'hukou_room',
] as const;

interface Identity {
  id_type?: string | null;
  id_number?: string | null;
  agent_id_type?: string | null;
  agent_id_number?: string | null;
}

/** GB 11643 for resident ID cards (type 111), applicant and agent; returns the numbers normalised (X upper). */
function checkedIdentity(identity: Identity, at: string): Identity {
  const errors: FieldError[] = [];
  const out: Identity = {};
  for (const [type, number] of [
    ['id_type', 'id_number'],
    ['agent_id_type', 'agent_id_number'],
  ] as const) {
    const value = identity[number]?.trim().toUpperCase();
    if (!value || (identity[type] ?? (type === 'id_type' ? RESIDENT_ID_CARD : null)) !== RESIDENT_ID_CARD)
      continue;
    const problem = residentIdProblem(value);
    if (problem) errors.push({ path: `${at}.${number}`, message: problem });
    out[number] = value;
  }
  if (errors.length) throw validationFailed(errors);
  return out;
}

interface Disability {
  disability_category?: string | null;
  disability_grade?: number | null;
}

/**
 * 残疾类别 and 残疾等级 describe the same member (the most severe disability in the family): both given or both
 * empty, checked on the record as it will be after the write, the fault named at the field left empty.
 */
function checkDisability(after: Disability, at: string): void {
  const category = after.disability_category ?? null;
  const grade = after.disability_grade ?? null;
  if ((category === null) === (grade === null)) return;
  throw validationFailed([
    category === null
      ? { path: `${at}.disability_category`, message: '已填写残疾等级，须同时填写残疾类别' }
      : { path: `${at}.disability_grade`, message: '已填写残疾类别，须同时填写残疾等级' },
  ]);
}

/** The geocoded point as the geometry to write (none when the household did not move). */
const located = (trx: Tx, point: { lng: number; lat: number } | undefined) => ({
  geometry: undefined,
  multi: false,
  computed: point && trx.raw('ST_SetSRID(ST_MakePoint(?, ?), 4490)', [point.lng, point.lat]),
});

/** Creates a household; the exchange import calls this too, with `at` naming where the record sits. */
export async function createHousehold(
  trx: Tx,
  scope: Scope,
  input: HouseholdInput,
  at = 'body',
): Promise<store.HouseholdRow> {
  const place = await geocodeHousehold(trx, scope, input, at);
  await assertCodes(trx, codedFields(input, at));
  const identity = checkedIdentity(input, at);
  checkDisability(input, at);
  const { geometry: _manual, ...columns } = input;
  const id = await insertFeature(
    trx,
    store.HOUSEHOLDS,
    { ...columns, ...identity, region_code: place.region_code, geocode_quality: place.geocode_quality },
    located(trx, place),
    { at },
  );
  return (await store.findHousehold(trx, scope, id))!;
}

/**
 * The address to geocode after a change: changed names start again from the city (or the given code); a manual
 * point stays until it is cleared with `geometry: null`.
 */
function addressAfter(existing: store.HouseholdRow, input: HouseholdChanges): HukouAddress {
  const merged: HukouAddress = {};
  for (const key of ADDRESS_FIELDS)
    merged[key] = input[key] === undefined ? (existing[key] as string | null) : input[key];
  const namesChanged = ADDRESS_NAMES.some((key) => input[key] !== undefined);
  merged.region_code = input.region_code ?? (namesChanged ? undefined : existing.region_code);
  merged.geometry =
    input.geometry !== undefined
      ? input.geometry
      : existing.geocode_quality === 'manual'
        ? existing.geometry
        : null;
  return merged;
}

export async function updateHousehold(
  trx: Tx,
  scope: Scope,
  id: number,
  input: HouseholdChanges,
  at = 'body',
): Promise<store.HouseholdRow> {
  const existing = await store.findHousehold(trx, scope, id);
  if (!existing) throw notFound(HOUSEHOLD_LABEL);
  const relocate =
    input.region_code !== undefined ||
    input.geometry !== undefined ||
    ADDRESS_FIELDS.some((k) => input[k] !== undefined);
  const place = relocate ? await geocodeHousehold(trx, scope, addressAfter(existing, input), at) : undefined;
  await assertCodes(trx, codedFields(input, at));
  const identity = checkedIdentity({ ...existing, ...input }, at);
  checkDisability(
    {
      disability_category:
        input.disability_category === undefined
          ? (existing.disability_category as string | null)
          : input.disability_category,
      disability_grade:
        input.disability_grade === undefined
          ? (existing.disability_grade as number | null)
          : input.disability_grade,
    },
    at,
  );
  const { geometry: _manual, region_code: _region, ...changes } = input;
  const columns: Record<string, unknown> = { ...changes };
  if (input.id_number !== undefined) columns.id_number = identity.id_number ?? input.id_number;
  if (input.agent_id_number !== undefined)
    columns.agent_id_number = identity.agent_id_number ?? input.agent_id_number;
  if (place)
    Object.assign(columns, { region_code: place.region_code, geocode_quality: place.geocode_quality });
  await updateFeature(trx, scope, store.HOUSEHOLDS, id, columns, located(trx, place), { at });
  return (await store.findHousehold(trx, scope, id))!;
}

/** Withdraws a household (waiting_status withdrawn); one already housed leaves through 腾退, not here. */
export const withdrawHousehold = (trx: Tx, scope: Scope, id: number): Promise<store.HouseholdRow> =>
  retireFeature(trx, scope, id, {
    table: store.HOUSEHOLDS,
    label: HOUSEHOLD_LABEL,
    column: 'waiting_status',
    value: 'withdrawn',
    find: store.findHousehold,
    guard: (row) =>
      row.waiting_status === 'allocated'
        ? Promise.reject(conflict('家庭已配置住房，须经配后管理办理腾退后退出'))
        : Promise.resolve(),
  });
