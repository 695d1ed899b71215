/**
 * Split and merge of land reserve parcels, and where geometry refusals say the fault is (`location`), against the
 * real server and PostGIS.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestServer, type ApiClient } from '../test/harness.ts';
import { clearHousingData, interiorOf, offset, rectangle, type Position } from '../spatial/fixtures.ts';

const t = useTestServer();

let planner: ApiClient;
let nangang: Position;
let serial = 0;

const body = (sw: Position, width = 100, extra: Record<string, unknown> = {}) => {
  serial += 1;
  return {
    parcel_no: `ED-2026-${String(serial).padStart(3, '0')}`,
    parcel_name: `编辑测试地块${serial}`,
    region_code: '230103',
    planned_use: undefined,
    geometry: rectangle(sw, width),
    ...extra,
  };
};

async function create(sw: Position, width = 100, extra: Record<string, unknown> = {}) {
  const res = await planner.post('/api/land-parcels', body(sw, width, extra));
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: number; parcel_no: string; area_m2: number; status: string };
}

const line = (...points: Position[]) => ({ type: 'LineString', coordinates: points });
const parcelCount = async () => Number((await t.db('land_parcels').count({ n: '*' }).first())!.n);
const logOf = (action: string) =>
  t.db('operation_log').where({ action }).orderBy('seq').select('entity', 'entity_id', 'operation', 'actor');

/** The location extension lies within `metres` of `near`. */
function expectNear(location: unknown, near: Position, metres: number): void {
  expect(Array.isArray(location), JSON.stringify(location)).toBe(true);
  const [lng, lat] = location as Position;
  const [dLng, dLat] = [offset(near, metres, 0)[0] - near[0], offset(near, 0, metres)[1] - near[1]];
  expect(Math.abs(lng - near[0])).toBeLessThan(dLng);
  expect(Math.abs(lat - near[1])).toBeLessThan(dLat);
}

beforeAll(async () => {
  await clearHousingData(t.db);
  planner = await t.as('nangang_planner');
  nangang = await interiorOf(t.db, '230103');
});

describe('split', () => {
  it('cuts a parcel in two along a line, retires it with its successors, shares out the areas, audits it', async () => {
    const sw = offset(nangang, -3000, -3000);
    const original = await create(sw, 100, { land_area: 10000, planned_floor_area: 25000 });
    // a north–south line 30 m from the west edge, starting and ending outside
    const res = await planner.post(`/api/land-parcels/${original.id}/split`, {
      line: line(offset(sw, 30, -20), offset(sw, 30, 120)),
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.operation).toBe('split');
    expect(res.body.retired).toHaveLength(1);
    expect(res.body.retired[0]).toMatchObject({ id: original.id, status: 'retired' });
    const created = res.body.created as {
      id: number;
      parcel_no: string;
      area_m2: number;
      land_area: number;
    }[];
    expect(created.map((p) => p.parcel_no)).toEqual([`${original.parcel_no}-1`, `${original.parcel_no}-2`]);
    expect(created[0]!.area_m2).toBeGreaterThan(6950);
    expect(created[0]!.area_m2).toBeLessThan(7050);
    expect(created[1]!.area_m2).toBeGreaterThan(2950);
    expect(created[0]!.area_m2 + created[1]!.area_m2).toBeCloseTo(original.area_m2, -1);
    expect(created[0]!.land_area + created[1]!.land_area).toBeCloseTo(10000, 1);
    expect(created[0]!.land_area).toBeCloseTo(7000, -1);
    expect(res.body.created[0]).toMatchObject({
      status: 'reserved',
      parcel_name: expect.stringContaining('编辑测试地块'),
      region_code: '230103000000',
    });

    const detail = await planner.get(`/api/land-parcels/${original.id}`);
    expect(detail.body.successor_ids).toEqual(created.map((p) => p.id).sort((a, b) => a - b));
    expect((await planner.get(`/api/land-parcels/${created[0]!.id}`)).body.predecessor_ids).toEqual([
      original.id,
    ]);

    const log = await logOf('parcels.split');
    expect(log).toEqual(
      expect.arrayContaining([
        {
          entity: 'land_parcels',
          entity_id: String(original.id),
          operation: 'update',
          actor: 'nangang_planner',
        },
        ...created.map((p) => ({
          entity: 'land_parcels',
          entity_id: String(p.id),
          operation: 'insert',
          actor: 'nangang_planner',
        })),
      ]),
    );
    expect(log.filter((row) => row.entity === 'land_parcel_lineage')).toHaveLength(2);

    // a retired parcel cannot be split again
    const again = await planner.post(`/api/land-parcels/${original.id}/split`, {
      line: line(offset(sw, 30, -20), offset(sw, 30, 120)),
    });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('parcel_retired');
  });

  it('refuses a line that does not cross the parcel with where it goes wrong, writing nothing', async () => {
    const sw = offset(nangang, -3000, -2500);
    const original = await create(sw, 100);
    const before = await parcelCount();
    const logBefore = await t.db('operation_log').count({ n: '*' }).first();

    // ends inside the parcel
    const inside = offset(sw, 50, 50);
    const halfway = await planner.post(`/api/land-parcels/${original.id}/split`, {
      line: line(offset(sw, 50, -30), inside),
    });
    expect(halfway.status).toBe(422);
    expect(halfway.body).toMatchObject({ code: 'split_line_not_crossing' });
    expect(halfway.body.errors[0].path).toBe('body.line');
    expect(halfway.body.errors[0].message).toContain(original.parcel_no);
    expectNear(halfway.body.location, inside, 1);

    // misses it altogether: the nearest point of the parcel
    const away = await planner.post(`/api/land-parcels/${original.id}/split`, {
      line: line(offset(sw, 200, -20), offset(sw, 200, 120)),
    });
    expect(away.status).toBe(422);
    expectNear(away.body.location, offset(sw, 100, 50), 60);

    expect(await parcelCount()).toBe(before);
    expect(await t.db('operation_log').count({ n: '*' }).first()).toEqual(logBefore);
    expect((await planner.get(`/api/land-parcels/${original.id}`)).body.status).toBe('reserved');
  });

  it('answers 404 for a parcel outside the planner’s district and changes nothing', async () => {
    const daoliPlanner = await t.as('daoli_planner');
    const sw = offset(nangang, -3000, -2000);
    const original = await create(sw, 100);
    const res = await daoliPlanner.post(`/api/land-parcels/${original.id}/split`, {
      line: line(offset(sw, 50, -20), offset(sw, 50, 120)),
    });
    expect(res.status).toBe(404);
    expect((await planner.get(`/api/land-parcels/${original.id}`)).body.status).toBe('reserved');
  });
});

describe('merge', () => {
  it('merges adjacent parcels into one polygon, sums the areas, retires them, audits it', async () => {
    const sw = offset(nangang, -2500, -3000);
    const west = await create(sw, 100, { land_area: 1000 });
    const eastCorner: Position = [rectangle(sw, 100).coordinates[0]![1]![0], sw[1]];
    const east = await create(eastCorner, 100, { land_area: 2000 });
    const res = await planner.post(`/api/land-parcels/${west.id}/merge`, {
      ids: [east.id],
      parcel_name: '合并后地块',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.retired.map((p: { id: number; status: string }) => [p.id, p.status])).toEqual([
      [west.id, 'retired'],
      [east.id, 'retired'],
    ]);
    const merged = res.body.created[0];
    expect(merged).toMatchObject({
      parcel_no: `${west.parcel_no}-H`,
      parcel_name: '合并后地块',
      land_area: 3000,
      status: 'reserved',
    });
    expect(merged.geometry.coordinates).toHaveLength(1); // one polygon
    expect(merged.area_m2).toBeCloseTo(west.area_m2 + east.area_m2, -1);
    expect((await planner.get(`/api/land-parcels/${merged.id}`)).body.predecessor_ids).toEqual(
      [west.id, east.id].sort((a, b) => a - b),
    );
    const log = await logOf('parcels.merge');
    expect(log.filter((r) => r.entity === 'land_parcels' && r.operation === 'update')).toHaveLength(2);
    expect(log.filter((r) => r.entity === 'land_parcels' && r.operation === 'insert')).toEqual([
      { entity: 'land_parcels', entity_id: String(merged.id), operation: 'insert', actor: 'nangang_planner' },
    ]);
    expect(log.filter((r) => r.entity === 'land_parcel_lineage')).toHaveLength(2);
  });

  it('refuses parcels that do not touch (422, where the stray part is) and writes nothing', async () => {
    const sw = offset(nangang, -2500, -2500);
    const a = await create(sw, 100);
    const farSw = offset(sw, 300, 0);
    const b = await create(farSw, 100);
    const before = await parcelCount();
    const res = await planner.post(`/api/land-parcels/${a.id}/merge`, { ids: [b.id] });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('parcels_not_contiguous');
    expect(res.body.errors[0]).toMatchObject({ path: 'body.ids' });
    expect(res.body.errors[0].message).toMatch(/不相邻.*2 个部分/);
    expect(res.body.location).toHaveLength(2);
    expect(await parcelCount()).toBe(before);
    expect((await planner.get(`/api/land-parcels/${a.id}`)).body.status).toBe('reserved');
  });

  it('answers 404 when one of the parcels is outside the scope, and leaves it', async () => {
    const mine = await create(offset(nangang, -2500, -2000), 100);
    const daoli = await interiorOf(t.db, '230102');
    const leader = await t.as('hrb_leader');
    const hrbPlanner = await t.as('hrb_planner');
    const theirs = await hrbPlanner.post('/api/land-parcels', {
      ...body(daoli, 100),
      region_code: '230102',
    });
    expect(theirs.status, JSON.stringify(theirs.body)).toBe(201);
    const res = await planner.post(`/api/land-parcels/${mine.id}/merge`, { ids: [theirs.body.id] });
    expect(res.status).toBe(404);
    expect((await leader.get(`/api/land-parcels/${theirs.body.id}`)).body.status).toBe('reserved');
    expect((await planner.get(`/api/land-parcels/${mine.id}`)).body.status).toBe('reserved');
  });

  it('validates the body with field paths', async () => {
    const mine = await create(offset(nangang, -2000, -2000), 50);
    const res = await planner.post(`/api/land-parcels/${mine.id}/merge`, { ids: [] });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].path).toBe('body.ids');
    const self = await planner.post(`/api/land-parcels/${mine.id}/merge`, { ids: [mine.id] });
    expect(self.status).toBe(400);
    expect(self.body.errors[0].path).toBe('body.ids');
  });
});

describe('where a refused geometry goes wrong', () => {
  it('puts the point of an overlap in `location`', async () => {
    const sw = offset(nangang, -2000, -3000);
    await create(sw, 100);
    const res = await planner.post('/api/land-parcels', body(offset(sw, 80, 80), 100));
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('parcel_overlap');
    // the overlap is the 20 m × 20 m square at the first parcel's north-east corner
    expectNear(res.body.location, offset(sw, 90, 90), 15);
    expectNear(res.body.overlaps[0].location, offset(sw, 90, 90), 15);
  });

  it('puts the point of a self-intersection in `location`', async () => {
    const [x, y] = offset(nangang, -2000, -2500);
    const [x2, y2] = offset(nangang, -1900, -2400);
    const bowtie = {
      type: 'Polygon',
      coordinates: [
        [
          [x, y],
          [x2, y2],
          [x2, y],
          [x, y2],
          [x, y],
        ],
      ],
    };
    const before = await parcelCount();
    const res = await planner.post('/api/land-parcels', { ...body(nangang), geometry: bowtie });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].path).toBe('body.geometry');
    expectNear(res.body.location, offset(nangang, -1950, -2450), 1);
    expect(await parcelCount()).toBe(before);
  });

  it('puts a point outside the district in `location` on an update too', async () => {
    const mine = await create(offset(nangang, -1500, -3000), 50);
    const daoli = await interiorOf(t.db, '230102');
    const res = await planner.patch(`/api/land-parcels/${mine.id}`, { geometry: rectangle(daoli, 50) });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].message).toMatch(/超出南岗区范围/);
    expectNear(res.body.location, offset(daoli, 25, 25), 40);
  });
});
