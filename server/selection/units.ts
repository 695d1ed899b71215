/**
 * The units of a session as 楼盘表 (CJJ/T 196 8.2 figure 3, as server/projects/floor-table.ts lays them out):
 * per building, floors top-down × room positions, each room available or selected, with area, layout and rent.
 * Public: it names no household.
 */
import type { Db, Tx } from '../db/knex.ts';
import { positionOf } from '../projects/floor-table.service.ts';

interface UnitRow {
  unit_id: number;
  unit_no: string;
  room_no: string;
  floor: number;
  floor_area: string | null;
  layout: string | null;
  rent_monthly: string | null;
  status: string;
  building_id: number;
  building_no: string;
  building_name: string;
  project_name: string | null;
}

const natural = (a: string, b: string) => a.localeCompare(b, 'zh-CN', { numeric: true });
const num = (v: string | null) => (v === null ? null : Number(v));

export async function floorTables(conn: Db | Tx, planId: number) {
  const rows = await conn('allocation_plan_resources as r')
    .join('housing_units as u', 'u.id', 'r.unit_id')
    .join('buildings as b', 'b.id', 'u.building_id')
    .leftJoin('projects as p', 'p.id', 'b.project_id')
    .where('r.plan_id', planId)
    .whereNot('r.status', 'withdrawn')
    .select<UnitRow[]>(
      'u.id as unit_id',
      'u.unit_no',
      'u.room_no',
      'u.floor_from as floor',
      'u.floor_area',
      'u.layout',
      'u.rent_monthly',
      'r.status',
      'b.id as building_id',
      'b.building_no',
      'b.name as building_name',
      'p.proposed_name as project_name',
    );
  const byBuilding = new Map<number, UnitRow[]>();
  for (const row of rows) byBuilding.set(row.building_id, [...(byBuilding.get(row.building_id) ?? []), row]);
  return [...byBuilding.values()]
    .map((units) => {
      const first = units[0]!;
      const position = (u: UnitRow) => positionOf({ room_no: u.room_no, floor_from: u.floor });
      const columns = [...new Set(units.map(position))].sort(natural);
      const floors = [...new Set(units.map((u) => u.floor))].sort((a, b) => b - a);
      return {
        building_id: first.building_id,
        building_no: first.building_no,
        name: first.building_name,
        project_name: first.project_name,
        columns,
        floors: floors.map((floor) => ({
          floor,
          rooms: columns.map((column) => {
            const u = units.find((x) => x.floor === floor && position(x) === column);
            return u
              ? {
                  unit_id: u.unit_id,
                  unit_no: u.unit_no,
                  room_no: u.room_no,
                  floor: u.floor,
                  floor_area: num(u.floor_area),
                  layout: u.layout,
                  rent_monthly: num(u.rent_monthly),
                  status: u.status === 'available' ? ('available' as const) : ('selected' as const),
                }
              : null;
          }),
        })),
      };
    })
    .sort((a, b) => natural(a.building_no, b.building_no));
}
