/**
 * Housing units (A.5.3): in a building in scope, on floors the building has, one per entrance and room number,
 * and moving through the delivery states of figure 3 (楼盘表) of CJJ/T 196 in order.
 */
import type { Tx } from '../db/knex.ts';
import type { Scope } from '../access/scope.ts';
import { AppError, conflict, fieldError, notFound, validationFailed } from '../http/errors.ts';
import { assertValidGeometry } from '../shared/geometry.ts';
import { codesOf } from '../shared/fields.ts';
import { assertCodes } from '../dictionaries/service.ts';
import { assertRegionUsable, assertStoredPlacement } from '../spatial/placement.ts';
import { deleteFeature, insertFeature, updateFeature } from '../spatial/feature-store.ts';
import { findBuilding, type BuildingRow } from './buildings.store.ts';
import type { DeliveryStatus, UnitChanges, UnitInput } from './units.schema.ts';
import * as store from './units.store.ts';

export const UNIT_LABEL = '住房';

const CODES = {
  source: 'unit_source',
  initial_nature: 'house_nature',
  planned_category: 'security_mode',
  orientation: 'orientation',
  layout: 'layout',
  decoration: 'decoration',
};

const STATUS_NAMES: Record<DeliveryStatus, string> = {
  undelivered: '未交付',
  delivered: '已交付',
  allocated: '已配给',
  occupied: '已入住',
};

/**
 * Figure 3: 未交付 → 已交付 → 已配给 → 已入住; a cancelled allocation (配给取消) returns the unit to 已交付.
 * Vacating an occupied unit (腾退, 11.2) belongs to the after-allocation subsystem and is not a move here.
 */
const NEXT: Record<DeliveryStatus, readonly DeliveryStatus[]> = {
  undelivered: ['delivered'],
  delivered: ['allocated'],
  allocated: ['occupied', 'delivered'],
  occupied: [],
};

export function assertTransition(from: DeliveryStatus, to: DeliveryStatus, at: string): void {
  if (from === to || NEXT[from].includes(to)) return;
  const message = `交付状态不能从「${STATUS_NAMES[from]}」变为「${STATUS_NAMES[to]}」${
    NEXT[from].length
      ? `（可变为：${NEXT[from].map((s) => STATUS_NAMES[s]).join('、')}）`
      : '（已是最终状态）'
  }`;
  throw new AppError(409, 'invalid_transition', '交付状态变更不允许', message, [
    { path: `${at}.delivery_status`, message },
  ]);
}

/** Floors run from -floors_below to floors_above (no floor 0); unknown floor counts are not checked. */
function assertFloorsFit(building: BuildingRow, from: number, to: number, at: string): void {
  if (to < from) throw fieldError(`${at}.floor_to`, '终止层不能低于起始层');
  const top = building.floors_above ?? building.total_floors;
  if (top == null) return;
  const bottom = -(building.floors_below ?? 0);
  const range = `${bottom < 0 ? `${bottom} 层` : '1 层'}至 ${top} 层`;
  const errors = [
    { path: `${at}.floor_from`, floor: from },
    { path: `${at}.floor_to`, floor: to },
  ]
    .filter(({ floor }) => floor > top || floor < bottom)
    .map(({ path, floor }) => ({
      path,
      message: `第 ${floor} 层超出单体工程 ${building.building_no} 的楼层范围（${range}）`,
    }));
  if (errors.length) throw validationFailed(errors);
}

async function assertRoomFree(
  trx: Tx,
  unit: { building_id: number; entrance?: string | null; room_no: string },
  at: string,
  exceptId?: number,
): Promise<void> {
  if (await store.roomTaken(trx, unit, exceptId)) {
    const where = unit.entrance ? `${unit.entrance}单元` : '';
    throw conflict(`该单体工程${where}已有房号 ${unit.room_no}`, [
      { path: `${at}.room_no`, message: `该单体工程${where}已有房号 ${unit.room_no}` },
    ]);
  }
}

const UNIQUE = { housing_units_room_unique: 'room_no' };

/** Creates a unit in a building in scope; the exchange import calls this too. */
export async function createUnit(
  trx: Tx,
  scope: Scope,
  input: UnitInput,
  at = 'body',
): Promise<store.UnitRow> {
  if (input.region_code) await assertRegionUsable(trx, scope, input.region_code, `${at}.region_code`);
  const building = await findBuilding(trx, scope, input.building_id);
  if (!building) throw fieldError(`${at}.building_id`, '单体工程不存在或不在您的管辖范围内');
  await assertCodes(trx, codesOf(input, CODES, at));
  assertFloorsFit(building, input.floor_from, input.floor_to, at);
  await assertRoomFree(trx, input, at);
  if (input.geometry) await assertValidGeometry(trx, input.geometry, `${at}.geometry`);
  const { geometry, ...columns } = input;
  const id = await insertFeature(
    trx,
    store.UNITS,
    { ...columns, region_code: input.region_code ?? building.region_code },
    { geometry, multi: false, computed: store.buildingPoint(trx, building.id) },
    { at, uniqueFields: UNIQUE },
  );
  await assertStoredPlacement(trx, store.UNITS, id, `${at}.geometry`);
  return (await store.findUnit(trx, scope, id))!;
}

export async function updateUnit(
  trx: Tx,
  scope: Scope,
  id: number,
  input: UnitChanges,
  at = 'body',
): Promise<store.UnitRow> {
  const existing = await store.findUnit(trx, scope, id);
  if (!existing) throw notFound(UNIT_LABEL);
  if (input.region_code) await assertRegionUsable(trx, scope, input.region_code, `${at}.region_code`);
  await assertCodes(trx, codesOf(input, CODES, at));
  if (input.floor_from !== undefined || input.floor_to !== undefined) {
    const building = (await findBuilding(trx, scope, existing.building_id))!;
    assertFloorsFit(
      building,
      input.floor_from ?? existing.floor_from,
      input.floor_to ?? existing.floor_to,
      at,
    );
  }
  if (input.entrance !== undefined || input.room_no !== undefined) {
    const entrance = input.entrance === undefined ? existing.entrance : input.entrance;
    await assertRoomFree(trx, { ...existing, entrance, room_no: input.room_no ?? existing.room_no }, at, id);
  }
  if (input.delivery_status) assertTransition(existing.delivery_status, input.delivery_status, at);
  if (input.geometry) await assertValidGeometry(trx, input.geometry, `${at}.geometry`);
  const { geometry, ...columns } = input;
  await updateFeature(
    trx,
    scope,
    store.UNITS,
    id,
    columns,
    { geometry, multi: false },
    { at, uniqueFields: UNIQUE },
  );
  if (geometry || input.region_code) await assertStoredPlacement(trx, store.UNITS, id, `${at}.geometry`);
  return (await store.findUnit(trx, scope, id))!;
}

/** Deletes a unit no household holds (allocated or occupied units are someone's home or about to be). */
export async function deleteUnit(trx: Tx, scope: Scope, id: number): Promise<undefined> {
  const existing = await store.findUnit(trx, scope, id);
  if (!existing) throw notFound(UNIT_LABEL);
  if (existing.delivery_status === 'allocated' || existing.delivery_status === 'occupied') {
    throw conflict(`住房${STATUS_NAMES[existing.delivery_status]}，不能删除`);
  }
  await deleteFeature(trx, scope, store.UNITS, id, UNIT_LABEL);
  return undefined;
}
