/**
 * Land reserve (CJJ/T 196 8.2 土地储备, A.5.11): parcels are drawn inside the planner's region, and parcels in
 * reserve may not overlap — the same land cannot be reserved twice. Retiring keeps the record (status retired),
 * which takes it out of the overlap rule.
 */
import type { Tx } from '../db/knex.ts';
import { inScope, type Scope } from '../access/scope.ts';
import { AppError, fieldError, notFound } from '../http/errors.ts';
import { assertValidGeometry, geoJsonText } from '../shared/geometry.ts';
import { codesOf } from '../shared/fields.ts';
import { assertCodes } from '../dictionaries/service.ts';
import { assertRegionUsable, assertStoredPlacement } from '../spatial/placement.ts';
import { insertFeature, retireFeature, updateFeature } from '../spatial/feature-store.ts';
import {
  PARCEL_COLUMNS,
  type MergeParcelsInput,
  type ParcelChanges,
  type ParcelInput,
  type SplitParcelInput,
} from './schema.ts';
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
      location: overlaps[0]!.location,
      overlaps: overlaps.map((o) =>
        inScope(scope, o.region_code)
          ? o
          : { parcel_no: null, parcel_name: null, overlap_m2: o.overlap_m2, location: o.location },
      ),
    },
  );
}

const POINT = /POINT\((-?\d+(?:\.\d+)?) (-?\d+(?:\.\d+)?)\)/;

/**
 * Runs a write; a geometry refusal that names its point in the message (validity from ST_IsValidDetail, outside
 * the city or region from the placement check) gets that point as the problem's `location` extension
 * `[lng, lat]`, so a map can show the message where the fault is.
 */
export async function located<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (caught) {
    if (!(caught instanceof AppError) || 'location' in caught.extensions) throw caught;
    const text = [...(caught.errors ?? []).map((e) => e.message), caught.detail ?? ''].join('\n');
    const match = POINT.exec(text);
    if (!match) throw caught;
    const { status, code, title, detail, errors, headers, extensions } = caught;
    throw new AppError(status, code, title, detail, errors, headers, {
      ...extensions,
      location: [Number(match[1]), Number(match[2])],
    });
  }
}

/** Creates a parcel; the exchange import calls this too, with `at` naming where the feature sits. */
export const createParcel = (
  trx: Tx,
  scope: Scope,
  input: ParcelInput,
  at = 'body',
): Promise<store.ParcelRow> => located(() => insertParcel(trx, scope, input, at));

async function insertParcel(trx: Tx, scope: Scope, input: ParcelInput, at: string): Promise<store.ParcelRow> {
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

export const updateParcel = (
  trx: Tx,
  scope: Scope,
  id: number,
  input: ParcelChanges,
  at = 'body',
): Promise<store.ParcelRow> => located(() => changeParcel(trx, scope, id, input, at));

async function changeParcel(
  trx: Tx,
  scope: Scope,
  id: number,
  input: ParcelChanges,
  at: string,
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

/** A geometry the server will not take, with the point where it goes wrong (problem extension `location`). */
const geometryRefused = (code: string, title: string, message: string, path: string, at: unknown) =>
  new AppError(422, code, title, message, [{ path, message }], {}, at ? { location: at } : {});

const AREA_COLUMNS = [
  'land_area',
  'construction_land_area',
  'levied_land_area',
  'planned_floor_area',
] as const;
const round2 = (value: number) => Math.round(value * 100) / 100;

/** The columns a new parcel copies from the parcel it came from (not its id, bookkeeping or lineage). */
function attributesOf(row: store.ParcelRow): Record<string, unknown> {
  return Object.fromEntries(PARCEL_COLUMNS.map((column) => [column, row[column]]));
}

async function findLive(trx: Tx, scope: Scope, id: number, path: string): Promise<store.ParcelRow> {
  const row = await store.findParcel(trx, scope, id);
  if (!row) throw notFound(LABEL);
  if (row.status === 'retired') {
    throw new AppError(
      409,
      'parcel_retired',
      '地块已注销',
      `地块 ${row.parcel_no} 已注销，不能再分割或合并`,
      [{ path, message: `地块 ${row.parcel_no} 已注销` }],
    );
  }
  return row;
}

/** Inserts a successor parcel with an exact geometry (hex EWKB) and checks it like any saved parcel. */
async function insertSuccessor(
  trx: Tx,
  scope: Scope,
  columns: Record<string, unknown>,
  hex: string,
  at: string,
): Promise<number> {
  const id = await insertFeature(
    trx,
    store.TABLE,
    columns,
    { geometry: undefined, multi: true, computed: trx.raw('ST_Multi(?::geometry)', [hex]) },
    { at },
  );
  await assertStoredPlacement(trx, store.TABLE, id, `${at}.geometry`);
  if (columns.status === 'reserved') await assertNoReserveOverlap(trx, scope, id, at);
  return id;
}

export interface LineageResult {
  operation: 'split' | 'merge';
  retired: store.ParcelRow[];
  created: store.ParcelRow[];
}

/**
 * Splits a parcel along a line drawn across it (ST_Split): the pieces become new parcels numbered
 * `<编号>-1`, `-2`… (largest first) carrying its attributes, their declared areas shared out in proportion to
 * the drawn area; the parcel itself is retired and records its successors. One transaction.
 */
export const splitParcel = (
  trx: Tx,
  scope: Scope,
  id: number,
  input: SplitParcelInput,
): Promise<LineageResult> =>
  located(async () => {
    const original = await findLive(trx, scope, id, 'params.id');
    if (original.status === 'reserved') await store.lockReserve(trx);
    const plan = await store.splitPlan(trx, id, geoJsonText(input.line));
    if (plan.pieces.length <= plan.parts) {
      throw geometryRefused(
        'split_line_not_crossing',
        '分割线未穿过地块',
        `分割线须从地块外完整穿过地块 ${original.parcel_no}（起止点都在地块之外）`,
        'body.line',
        plan.fault,
      );
    }
    const sliver = plan.pieces.find((piece) => piece.area_m2 < 1);
    if (sliver) {
      throw geometryRefused(
        'split_sliver',
        '分割产生碎片',
        `分割后有一块面积不足 1 平方米，请调整分割线`,
        'body.line',
        sliver.location,
      );
    }
    await store.retireParcels(trx, scope, [id]);
    const total = plan.pieces.reduce((sum, piece) => sum + piece.area_m2, 0);
    const base = attributesOf(original);
    const created: number[] = [];
    for (const [index, piece] of plan.pieces.entries()) {
      const share = piece.area_m2 / total;
      const areas = Object.fromEntries(
        AREA_COLUMNS.map((column) => {
          const value = original[column];
          return [column, value === null || value === undefined ? null : round2(Number(value) * share)];
        }),
      );
      created.push(
        await insertSuccessor(
          trx,
          scope,
          { ...base, ...areas, parcel_no: `${original.parcel_no}-${index + 1}` },
          piece.hex,
          `body.pieces.${index}`,
        ),
      );
    }
    await store.insertLineage(trx, 'split', [original], created);
    return {
      operation: 'split',
      retired: [(await store.findParcel(trx, scope, id))!],
      created: await Promise.all(created.map(async (c) => (await store.findParcel(trx, scope, c))!)),
    };
  });

/**
 * Merges a parcel with adjacent ones (ST_UnaryUnion) into one new parcel carrying the first parcel's attributes
 * and the sum of their declared areas; the union must be one contiguous polygon in one region, and the parcels
 * are retired with the new one as their successor. One transaction.
 */
export const mergeParcels = (
  trx: Tx,
  scope: Scope,
  id: number,
  input: MergeParcelsInput,
): Promise<LineageResult> =>
  located(async () => {
    const ids = [id, ...input.ids.filter((other) => other !== id)];
    if (ids.length < 2) throw fieldError('body.ids', '至少选择一个其他地块与本地块合并');
    const parcels: store.ParcelRow[] = [];
    for (const [index, each] of ids.entries()) {
      parcels.push(await findLive(trx, scope, each, index === 0 ? 'params.id' : `body.ids.${index - 1}`));
    }
    const first = parcels[0]!;
    const otherRegion = parcels.findIndex((p) => p.region_code !== first.region_code);
    if (otherRegion > 0) {
      throw fieldError(
        `body.ids.${otherRegion - 1}`,
        `地块 ${parcels[otherRegion]!.parcel_no} 与 ${first.parcel_no} 属于不同行政区划，不能合并`,
      );
    }
    const otherStatus = parcels.findIndex((p) => p.status !== first.status);
    if (otherStatus > 0) {
      throw fieldError(
        `body.ids.${otherStatus - 1}`,
        `地块 ${parcels[otherStatus]!.parcel_no} 的储备状态与 ${first.parcel_no} 不同，不能合并`,
      );
    }
    if (first.status === 'reserved') await store.lockReserve(trx);
    const plan = await store.unionPlan(trx, ids);
    if (plan.parts !== 1) {
      throw geometryRefused(
        'parcels_not_contiguous',
        '地块不相邻',
        `所选地块不相邻：合并结果不是一个连续的多边形（${plan.parts} 个部分），只能合并边界相接的地块`,
        'body.ids',
        plan.stray,
      );
    }
    await store.retireParcels(trx, scope, ids);
    const areas = Object.fromEntries(
      AREA_COLUMNS.map((column) => {
        const values = parcels.map((p) => p[column]).filter((v) => v !== null && v !== undefined);
        return [column, values.length ? round2(values.reduce((sum: number, v) => sum + Number(v), 0)) : null];
      }),
    );
    const merged = await insertSuccessor(
      trx,
      scope,
      {
        ...attributesOf(first),
        ...areas,
        parcel_no: input.parcel_no ?? `${first.parcel_no}-H`,
        parcel_name: input.parcel_name ?? first.parcel_name,
      },
      plan.hex,
      'body',
    );
    await store.insertLineage(trx, 'merge', parcels, [merged]);
    return {
      operation: 'merge',
      retired: await Promise.all(ids.map(async (each) => (await store.findParcel(trx, scope, each))!)),
      created: [(await store.findParcel(trx, scope, merged))!],
    };
  });
