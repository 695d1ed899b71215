/**
 * The 楼盘表 of a building (CJJ/T 196 8.2, figure 3): floors top-down, flats across, each coloured by its
 * delivery status (未交付, 已交付, 已配给, 已入住), with the count of each.
 *
 * Columns are the flats' positions on a floor: the entrance (单元) and the room number without its floor
 * (`1203` on floor 12 → `03`), so every floor's `03` lines up as in the standard's figure. A room number that
 * does not start with its floor is its own column.
 */
import type { Db } from '../db/knex.ts';
import type { Scope } from '../access/scope.ts';
import { notFound } from '../http/errors.ts';
import { BUILDING_LABEL } from './buildings.service.ts';
import { DELIVERY_STATUSES } from './units.schema.ts';
import type { FloorTable, FloorTableCell } from './floor-table.schema.ts';
import * as store from './floor-table.store.ts';

/** The room's position on its floor: `1203` on floor 12 → `03`. */
export function positionOf(cell: Pick<FloorTableCell, 'room_no' | 'floor_from'>): string {
  const floor = String(Math.abs(cell.floor_from));
  const room = cell.room_no.replace(/^[Bb-]/, '');
  return room.startsWith(floor) && room.length > floor.length ? room.slice(floor.length) : cell.room_no;
}

const columnKey = (entrance: string | null, position: string) => `${entrance ?? ''}|${position}`;
const natural = (a: string, b: string) => a.localeCompare(b, 'zh-CN', { numeric: true });

export function layOut(building: store.FloorTableBuilding, cells: FloorTableCell[]): FloorTable {
  const columns = new Map<string, { key: string; entrance: string | null; position: string }>();
  for (const cell of cells) {
    const position = positionOf(cell);
    const key = columnKey(cell.entrance, position);
    if (!columns.has(key)) columns.set(key, { key, entrance: cell.entrance, position });
  }
  const ordered = [...columns.values()].sort(
    (a, b) => natural(a.entrance ?? '', b.entrance ?? '') || natural(a.position, b.position),
  );
  const index = new Map(ordered.map((column, i) => [column.key, i]));

  // Every floor of the building (above ground from its total, below from its basements), and any a unit is on.
  const floors = new Set<number>();
  for (let f = 1; f <= (building.total_floors ?? 0); f++) floors.add(f);
  for (let f = 1; f <= (building.floors_below ?? 0); f++) floors.add(-f);
  for (const cell of cells) floors.add(cell.floor_from);
  const rows = new Map(
    [...floors]
      .sort((a, b) => b - a)
      .map((floor) => [floor, { floor, cells: ordered.map((): FloorTableCell | null => null) }]),
  );
  for (const cell of cells)
    rows.get(cell.floor_from)!.cells[index.get(columnKey(cell.entrance, positionOf(cell)))!] = cell;

  const counts: FloorTable['counts'] = { total: cells.length };
  for (const status of DELIVERY_STATUSES) counts[status] = 0;
  for (const cell of cells) counts[cell.delivery_status] = (counts[cell.delivery_status] ?? 0) + 1;
  return { building, columns: ordered, floors: [...rows.values()], counts };
}

export async function floorTable(db: Db, scope: Scope, buildingId: number): Promise<FloorTable> {
  const building = await store.findBuilding(db, scope, buildingId);
  if (!building) throw notFound(BUILDING_LABEL);
  return layOut(building, await store.unitsOf(db, scope, buildingId));
}
