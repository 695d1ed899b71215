/**
 * The 楼盘表 of a session's units (CJJ/T 196 8.2 figure 3, as the workspace's floor table lays it out on the
 * server): per building, floors top-down and flats across, a flat's column being its entrance and its room
 * number without the floor (`1203` on floor 12 → `03`), so every floor's `03` lines up. Laid out in the browser
 * because the session sends its units once and then only their changes (SSE).
 */

/** What the grid needs of a unit. */
export interface GridUnit {
  id: number;
  building_id: number;
  building_name: string;
  floor: number;
  room_no: string;
  entrance?: string | null;
}

export interface GridColumn {
  key: string;
  entrance: string | null;
  position: string;
}

export interface GridBuilding<T extends GridUnit> {
  id: number;
  name: string;
  columns: GridColumn[];
  /** Floors top-down; each row has one cell per column (null where no unit of the session is). */
  floors: { floor: number; cells: (T | null)[] }[];
}

const natural = (a: string, b: string) => a.localeCompare(b, 'zh-CN', { numeric: true });

/** The room's position on its floor: `1203` on floor 12 → `03`; a room number not starting with it stays whole. */
export function positionOf(unit: Pick<GridUnit, 'room_no' | 'floor'>): string {
  const floor = String(Math.abs(unit.floor));
  const room = unit.room_no.replace(/^[Bb-]/, '');
  return room.startsWith(floor) && room.length > floor.length ? room.slice(floor.length) : unit.room_no;
}

/** Lays the units out per building (buildings by name), only the floors that have one of the units. */
export function layOut<T extends GridUnit>(units: readonly T[]): GridBuilding<T>[] {
  const byBuilding = new Map<number, T[]>();
  for (const unit of units) {
    const list = byBuilding.get(unit.building_id);
    if (list) list.push(unit);
    else byBuilding.set(unit.building_id, [unit]);
  }
  const buildings = [...byBuilding.values()].map((list) => {
    const columns = new Map<string, GridColumn>();
    for (const unit of list) {
      const entrance = unit.entrance ?? null;
      const position = positionOf(unit);
      const key = `${entrance ?? ''}|${position}`;
      if (!columns.has(key)) columns.set(key, { key, entrance, position });
    }
    const ordered = [...columns.values()].sort(
      (a, b) => natural(a.entrance ?? '', b.entrance ?? '') || natural(a.position, b.position),
    );
    const index = new Map(ordered.map((column, i) => [column.key, i]));
    const rows = new Map<number, (T | null)[]>();
    for (const unit of list) {
      let row = rows.get(unit.floor);
      if (!row) {
        row = ordered.map(() => null);
        rows.set(unit.floor, row);
      }
      row[index.get(`${unit.entrance ?? ''}|${positionOf(unit)}`)!] = unit;
    }
    return {
      id: list[0]!.building_id,
      name: list[0]!.building_name,
      columns: ordered,
      floors: [...rows.entries()].sort((a, b) => b[0] - a[0]).map(([floor, cells]) => ({ floor, cells })),
    };
  });
  return buildings.sort((a, b) => natural(a.name, b.name));
}
