import { beforeAll, describe, expect, it } from 'vitest';
import { useTestServer, type ApiClient } from '../test/harness.ts';
import { clearHousingData, interiorOf, offset, rectangle, type Position } from '../spatial/fixtures.ts';

const t = useTestServer();

let planner: ApiClient;
let nangang: Position; // deep inside 南岗区
let daoli: Position; // deep inside 道里区
let serial = 0;

const body = (sw: Position, width = 100, extra: Record<string, unknown> = {}) => {
  serial += 1;
  return {
    parcel_no: `NG-2026-${String(serial).padStart(3, '0')}`,
    parcel_name: `测试地块${serial}`,
    region_code: '230103',
    geometry: rectangle(sw, width),
    ...extra,
  };
};

const parcelCount = async () => Number((await t.db('land_parcels').count({ n: '*' }).first())!.n);

beforeAll(async () => {
  await clearHousingData(t.db);
  planner = await t.as('nangang_planner');
  nangang = await interiorOf(t.db, '230103');
  daoli = await interiorOf(t.db, '230102');
});

describe('land reserve parcels', () => {
  it('creates, reads, lists, updates and retires a parcel, with its area on the ellipsoid in m² and 亩', async () => {
    const sw = offset(nangang, -1500, -1500);
    const created = await planner.post(
      '/api/land-parcels',
      body(sw, 100, { land_area: 10000, reserved_on: '2026-03-01' }),
    );
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({
      region_code: '230103000000',
      region_name: '南岗区',
      status: 'reserved',
      land_area: 10000,
      reserved_on: '2026-03-01',
      created_by: 'nangang_planner',
    });
    expect(created.body.geometry.type).toBe('MultiPolygon');
    expect(created.body.area_m2).toBeGreaterThan(9950);
    expect(created.body.area_m2).toBeLessThan(10050);
    expect(created.body.area_mu).toBeCloseTo(created.body.area_m2 / 666.6667, 3);

    const id = created.body.id as number;
    expect((await planner.get(`/api/land-parcels/${id}`)).body.parcel_no).toBe(created.body.parcel_no);

    const [w, s] = sw;
    const inside = await planner.get(
      `/api/land-parcels?bbox=${w - 0.001},${s - 0.001},${w + 0.0005},${s + 0.0005}`,
    );
    expect(inside.body.items.map((p: { id: number }) => p.id)).toContain(id);
    const elsewhere = await planner.get(`/api/land-parcels?bbox=${w + 0.1},${s + 0.1},${w + 0.2},${s + 0.2}`);
    expect(elsewhere.body.items.map((p: { id: number }) => p.id)).not.toContain(id);

    const geojson = await planner.get(`/api/land-parcels?format=geojson&q=${created.body.parcel_no}`);
    expect(geojson.headers.get('content-type')).toMatch(/application\/geo\+json/);
    expect(geojson.body).toMatchObject({ type: 'FeatureCollection', numberMatched: 1, numberReturned: 1 });
    expect(geojson.body.features[0]).toMatchObject({
      type: 'Feature',
      id,
      geometry: { type: 'MultiPolygon' },
      properties: { parcel_no: created.body.parcel_no, area_mu: created.body.area_mu },
    });

    const renamed = await planner.patch(`/api/land-parcels/${id}`, {
      parcel_name: '改名地块',
      land_area: null,
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ parcel_name: '改名地块', land_area: null });

    const retired = await planner.delete(`/api/land-parcels/${id}`);
    expect(retired.status).toBe(200);
    expect(retired.body.status).toBe('retired');
    expect(
      (await planner.get(`/api/land-parcels?status=retired&q=${created.body.parcel_no}`)).body.total,
    ).toBe(1);
  });

  it('rejects a self-intersecting polygon with the reason and the point, writing nothing', async () => {
    const [x, y] = offset(nangang, -1000, 1000);
    const [x2, y2] = offset(nangang, -900, 1100);
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
    expect(res.body.errors[0].message).toMatch(/Self-intersection.*POINT\(126\.\d+ 45\.\d+\)/);
    expect(await parcelCount()).toBe(before);
  });

  it('rejects coordinates in another reference system at body.geometry.crs', async () => {
    const geometry = {
      ...rectangle(offset(nangang, -800, -800), 50),
      crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::3857' } },
    };
    const res = await planner.post('/api/land-parcels', { ...body(nangang), geometry });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual(['body.geometry.crs']);
    const cgcs = { ...geometry, crs: { type: 'name', properties: { name: 'EPSG:4490' } } };
    expect((await planner.post('/api/land-parcels', { ...body(nangang), geometry: cgcs })).status).toBe(201);
  });

  it('rejects a parcel outside the city, naming it, and one outside the planner’s district', async () => {
    const far = await planner.post('/api/land-parcels', body([125.2, 44.9]));
    expect(far.status).toBe(400);
    expect(far.body.errors[0]).toMatchObject({ path: 'body.geometry' });
    expect(far.body.errors[0].message).toMatch(/超出哈尔滨市范围.*POINT/);

    const across = await planner.post('/api/land-parcels', body(daoli));
    expect(across.status).toBe(400);
    expect(across.body.errors[0].path).toBe('body.geometry');
    expect(across.body.errors[0].message).toMatch(/超出南岗区范围/);

    const other = await planner.post('/api/land-parcels', { ...body(daoli), region_code: '230102' });
    expect(other.status).toBe(400);
    expect(other.body.errors[0]).toMatchObject({
      path: 'body.region_code',
      message: '行政区划代码不存在或不在您的管辖范围内',
    });
  });

  it('refuses a reserved parcel overlapping another, names it, takes a touching one, ignores a retired one', async () => {
    const sw = offset(nangang, 500, 500);
    const first = await planner.post('/api/land-parcels', body(sw, 100));
    expect(first.status).toBe(201);

    const before = await parcelCount();
    const overlapping = await planner.post('/api/land-parcels', body(offset(sw, 50, 50), 100));
    expect(overlapping.status).toBe(409);
    expect(overlapping.body.code).toBe('parcel_overlap');
    expect(overlapping.body.errors[0].path).toBe('body.geometry');
    expect(overlapping.body.errors[0].message).toContain(first.body.parcel_no);
    expect(overlapping.body.errors[0].message).toContain(first.body.parcel_name);
    // a quarter of the first parcel: 50 m × 50 m
    expect(overlapping.body.overlaps[0].overlap_m2).toBeGreaterThan(2480);
    expect(overlapping.body.overlaps[0].overlap_m2).toBeLessThan(2520);
    expect(await parcelCount()).toBe(before);

    // sharing the east edge exactly (same coordinates) is not an overlap
    const east = rectangle(sw, 100).coordinates[0]![1]![0];
    const touching = await planner.post('/api/land-parcels', body([east, sw[1]], 100));
    expect(touching.status, JSON.stringify(touching.body)).toBe(201);

    // a supplied parcel may overlap; making it reserved again is checked
    const supplied = await planner.post(
      '/api/land-parcels',
      body(offset(sw, 50, 50), 100, { status: 'supplied' }),
    );
    expect(supplied.status).toBe(201);
    expect(
      (await planner.patch(`/api/land-parcels/${supplied.body.id}`, { status: 'reserved' })).status,
    ).toBe(409);

    expect((await planner.delete(`/api/land-parcels/${first.body.id}`)).status).toBe(200);
    const afterRetire = await planner.post('/api/land-parcels', body(offset(sw, -50, -50), 100));
    expect(afterRetire.status, JSON.stringify(afterRetire.body)).toBe(201);
  });

  it('lets exactly one of two concurrent overlapping saves win', async () => {
    const sw = offset(nangang, -2000, 1500);
    const [a, b] = await Promise.all([
      planner.post('/api/land-parcels', body(sw, 120)),
      planner.post('/api/land-parcels', body(offset(sw, 30, 30), 120)),
    ]);
    expect([a.status, b.status].sort()).toEqual([201, 409]);
  });

  it('keeps parcels from roles without land.read and outside the scope', async () => {
    expect((await (await t.as('nangang_caseworker')).get('/api/land-parcels')).status).toBe(403);
    const created = await planner.post('/api/land-parcels', body(offset(nangang, 1500, -1500)));
    const daoliPlanner = await t.as('daoli_planner');
    expect((await daoliPlanner.get(`/api/land-parcels/${created.body.id}`)).status).toBe(404);
    expect((await (await t.as('hrb_leader')).get(`/api/land-parcels/${created.body.id}`)).status).toBe(200);
  });

  it('answers the area of every parcel the filters match, beyond the page, scoped like the list', async () => {
    const tag = 'AREA-TOTAL';
    const made = [];
    for (const [i, dx] of [-3000, -2700, -2400].entries()) {
      const res = await planner.post(
        '/api/land-parcels',
        body(offset(nangang, dx, 2500), 100, { parcel_no: `${tag}-${i}`, parcel_name: `合计测试${i}` }),
      );
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      made.push(res.body as { area_m2: number });
    }
    const sum = made.reduce((total, p) => total + p.area_m2, 0);
    const page = await planner.get(`/api/land-parcels?q=${tag}&page_size=1`);
    expect(page.status).toBe(200);
    expect(page.body.items).toHaveLength(1);
    expect(page.body.total).toBe(3);
    expect(page.body.area_total.m2).toBeCloseTo(sum, 1);
    expect(page.body.area_total.mu).toBeCloseTo(sum / (10000 / 15), 3);
    // Another district's planner sees none of them: the aggregate is scoped like the list.
    const daoli = await (await t.as('daoli_planner')).get(`/api/land-parcels?q=${tag}`);
    expect(daoli.body).toMatchObject({ total: 0, area_total: { m2: 0, mu: 0 } });
    const none = await planner.get(`/api/land-parcels?q=${tag}&status=retired`);
    expect(none.body.area_total.m2).toBe(0);
  });
});
