/**
 * Land reserve (CJJ/T 196 8.2 土地储备, A.5.11): parcels are drawn inside the planner's region, and parcels in
 * reserve may not overlap — the same land cannot be reserved twice. Retiring keeps the record (status retired),
 * which takes it out of the overlap rule.
 */
import type { Tx } from '../db/knex.ts';
import { inScope, type Scope } from '../access/scope.ts';
import { AppError, notFound } from '../http/errors.ts';
import { assertValidGeometry } from '../shared/geometry.ts';
import { codesOf } from '../shared/fields.ts';
import { assertCodes } from '../dictionaries/service.ts';
import { assertRegionUsable, assertStoredPlacement } from '../spatial/placement.ts';
import { insertFeature, retireFeature, updateFeature } from '../spatial/feature-store.ts';
import type { ParcelChanges, ParcelInput } from './schema.ts';
import * as store from './store.ts';

const LABEL = '储备地块';
const CODES = { planned_use: 'land_use', development_level: 'development_level' };

async function assertNoReserveOverlap(trx: Tx, scope: Scope, id: number, at: string): Promise<void> {
  const overlaps = await store.reservedOverlaps(trx, id);
  if (!overlaps.length) return;
  // Parcels outside the caller's region are in the way too, but are not named to them.
  const errors = overlaps.map((o) => ({
    path: `${at}.geometry`,
    message: inScope(scope, o.region_code)
      ? `与储备地块 ${o.parcel_no}（${o.parcel_name}）重叠 ${o.overlap_m2} 平方米`
      : `与管辖范围外的一个储备地块重叠 ${o.overlap_m2} 平方米`,
  }));
  throw new AppError(
    409,
    'parcel_overlap',
    '储备地块范围重叠',
    '储备中的地块不得相互重叠（相邻边界可以共用）',
    errors,
    {},
    {
      overlaps: overlaps.map((o) =>
        inScope(scope, o.region_code) ? o : { parcel_no: null, parcel_name: null, overlap_m2: o.overlap_m2 },
      ),
    },
  );
}

/** Creates a parcel; the exchange import calls this too, with `at` naming where the feature sits. */
export async function createParcel(
  trx: Tx,
  scope: Scope,
  input: ParcelInput,
  at = 'body',
): Promise<store.ParcelRow> {
  await assertRegionUsable(trx, scope, input.region_code, `${at}.region_code`);
  await assertCodes(trx, codesOf(input, CODES, at));
  await assertValidGeometry(trx, input.geometry, `${at}.geometry`);
  const { geometry, ...columns } = input;
  const status = input.status ?? 'reserved';
  if (status === 'reserved') await store.lockReserve(trx);
  const id = await insertFeature(trx, store.TABLE, { ...columns, status }, { geometry, multi: true }, { at });
  await assertStoredPlacement(trx, store.TABLE, id, `${at}.geometry`);
  if (status === 'reserved') await assertNoReserveOverlap(trx, scope, id, at);
  return (await store.findParcel(trx, scope, id))!;
}

export async function updateParcel(
  trx: Tx,
  scope: Scope,
  id: number,
  input: ParcelChanges,
  at = 'body',
): Promise<store.ParcelRow> {
  const existing = await store.findParcel(trx, scope, id);
  if (!existing) throw notFound(LABEL);
  if (input.region_code) await assertRegionUsable(trx, scope, input.region_code, `${at}.region_code`);
  await assertCodes(trx, codesOf(input, CODES, at));
  if (input.geometry) await assertValidGeometry(trx, input.geometry, `${at}.geometry`);
  const { geometry, ...columns } = input;
  const reserved = (input.status ?? existing.status) === 'reserved';
  if (reserved) await store.lockReserve(trx);
  await updateFeature(trx, scope, store.TABLE, id, columns, { geometry, multi: true }, { at });
  if (geometry || input.region_code) await assertStoredPlacement(trx, store.TABLE, id, `${at}.geometry`);
  if (reserved && (geometry || input.status)) await assertNoReserveOverlap(trx, scope, id, at);
  return (await store.findParcel(trx, scope, id))!;
}

/** Retires a parcel (status retired): the record and its history stay, the overlap rule no longer sees it. */
export const retireParcel = (trx: Tx, scope: Scope, id: number): Promise<store.ParcelRow> =>
  retireFeature(trx, scope, id, {
    table: store.TABLE,
    label: LABEL,
    column: 'status',
    value: 'retired',
    find: store.findParcel,
  });
