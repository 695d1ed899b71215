import { beforeAll, describe, expect, it } from 'vitest';
import { useTestServer, type ApiClient } from '../test/harness.ts';
import { positionOf } from './floor-table.service.ts';

const t = useTestServer();

let nangang: ApiClient;

/** The seeded building of a district with the most units. */
async function buildingIn(district: string): Promise<{ id: number; units: number }> {
  const { rows } = await t.db.raw<{ rows: { id: number; units: number }[] }>(
    `SELECT building_id AS id, count(*)::int AS units FROM housing_units WHERE region_code LIKE ?
      GROUP BY building_id ORDER BY units DESC, building_id LIMIT 1`,
    [`${district}%`],
  );
  const row = rows[0];
  return { id: Number(row!.id), units: Number(row!.units) };
}

beforeAll(async () => {
  nangang = await t.as('nangang_caseworker');
});

describe('floor table (楼盘表)', () => {
  it('lays a building out as floors top-down × flats across, with the delivery counts', async () => {
    const building = await buildingIn('230103');
    const res = await nangang.get(`/api/buildings/${building.id}/floor-table`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const table = res.body;
    expect(table.building).toMatchObject({ id: building.id });
    expect(table.building.project_name.length).toBeGreaterThan(0);
    const floors = table.floors.map((f: { floor: number }) => f.floor);
    expect(floors).toEqual([...floors].sort((a, b) => b - a));
    expect(floors).not.toContain(0);
    // every unit once, in its floor's row and its column
    const cells = table.floors.flatMap(
      (f: {
        floor: number;
        cells: ({ floor_from: number; entrance: string | null; room_no: string } | null)[];
      }) =>
        f.cells.flatMap((cell, i) => {
          if (!cell) return [];
          expect(cell.floor_from).toBe(f.floor);
          expect(table.columns[i]).toMatchObject({ entrance: cell.entrance, position: positionOf(cell) });
          return [cell];
        }),
    );
    expect(cells).toHaveLength(building.units);
    expect(table.floors.every((f: { cells: unknown[] }) => f.cells.length === table.columns.length)).toBe(
      true,
    );
    const { total, ...byStatus } = table.counts;
    expect(total).toBe(building.units);
    expect(Object.keys(byStatus).sort()).toEqual(['allocated', 'delivered', 'occupied', 'undelivered']);
    expect(Object.values(byStatus).reduce((a: number, b) => a + (b as number), 0)).toBe(total);
  });

  it('puts room 1203 of floor 12 in column 03', () => {
    expect(positionOf({ room_no: '1203', floor_from: 12 })).toBe('03');
    expect(positionOf({ room_no: '301', floor_from: 3 })).toBe('01');
    expect(positionOf({ room_no: 'A', floor_from: 3 })).toBe('A');
  });

  it('answers 404 for another district’s building or none, 400 for a bad id', async () => {
    const daoli = await buildingIn('230102');
    expect((await nangang.get(`/api/buildings/${daoli.id}/floor-table`)).status).toBe(404);
    expect((await nangang.get('/api/buildings/999999999/floor-table')).status).toBe(404);
    const bad = await nangang.get('/api/buildings/abc/floor-table');
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('params.id');
  });
});
