import { beforeAll, describe, expect, it } from 'vitest';
import { useTestServer, type ApiClient } from '../test/harness.ts';
import {
  clearHousingData,
  communityIn,
  interiorOf,
  offset,
  rectangle,
  squareAround,
  type Position,
} from './fixtures.ts';

const t = useTestServer();

let caseworker: ApiClient;
let home: Position; // the household, deep inside 南岗区
let householdId: number;
const units: Record<string, number> = {};

/** Units 200 m east, 450 m north and 700 m west of the household; the first two delivered. */
const PLACES = { east200: [200, 0], north450: [0, 450], west700: [-700, 0] } as const;

beforeAll(async () => {
  await clearHousingData(t.db);
  caseworker = await t.as('nangang_caseworker');
  home = await interiorOf(t.db, '230103');
  const planner = await t.as('nangang_planner');
  const project = await planner.post('/api/projects', {
    project_no: 'XM-NEAR',
    proposed_name: '周边查询项目',
    region_code: '230103',
    geometry: squareAround(home, 2000),
  });
  const building = await planner.post('/api/buildings', {
    project_id: project.body.id,
    building_no: 'LD-NEAR',
    name: '周边楼',
    floors_above: 6,
    geometry: squareAround(home, 60),
  });
  for (const [name, [dx, dy]] of Object.entries(PLACES)) {
    const res = await caseworker.post('/api/units', {
      building_id: building.body.id,
      unit_no: `FW-${name}`,
      floor_from: 1,
      floor_to: 1,
      room_no: name,
      geometry: { type: 'Point', coordinates: offset(home, dx, dy) },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    units[name] = res.body.id;
  }
  for (const name of ['east200', 'north450'])
    await caseworker.patch(`/api/units/${units[name]}`, { delivery_status: 'delivered' });
  const household = await caseworker.post('/api/households', {
    application_no: 'SQ-NEAR',
    registration_year: 2026,
    applicant_name: '赵六',
    id_type: '414',
    id_number: 'E00000001',
    household_size: 2,
    geometry: { type: 'Point', coordinates: home },
  });
  expect(household.status, JSON.stringify(household.body)).toBe(201);
  householdId = household.body.id;
});

describe('spatial queries', () => {
  it('finds the units within 500 m of a household, nearest first, with distances on the ellipsoid', async () => {
    const res = await caseworker.get(`/api/households/${householdId}/nearby-units?radius_m=500`);
    expect(res.status).toBe(200);
    expect(res.body.items.map((u: { id: number }) => u.id)).toEqual([units.east200, units.north450]);
    const [east, north] = res.body.items as { distance_m: number }[];
    expect(Math.abs(east!.distance_m - 200)).toBeLessThanOrEqual(1);
    expect(Math.abs(north!.distance_m - 450)).toBeLessThanOrEqual(1);

    const wider = await caseworker.get(
      `/api/households/${householdId}/nearby-units?radius_m=800&status=undelivered`,
    );
    expect(wider.body.items.map((u: { id: number }) => u.id)).toEqual([units.west700]);
    expect(Math.abs(wider.body.items[0].distance_m - 700)).toBeLessThanOrEqual(1);
    expect(
      (await caseworker.get(`/api/households/${householdId}/nearby-units?radius_m=199`)).body.total,
    ).toBe(0);
  });

  it('answers the same through the generic radius query, as GeoJSON too', async () => {
    const [lng, lat] = home;
    const res = await caseworker.get(
      `/api/spatial/nearby?layer=units&lng=${lng}&lat=${lat}&radius_m=500&format=geojson`,
    );
    expect(res.headers.get('content-type')).toMatch(/geo\+json/);
    expect(res.body.features.map((f: { id: number }) => f.id)).toEqual([units.east200, units.north450]);
    expect(res.body.features[0].properties.distance_m).toBeCloseTo(200, 0);
    const bad = await caseworker.get(
      `/api/spatial/nearby?layer=units&lng=${lng}&lat=${lat}&radius_m=500&status=withdrawn`,
    );
    expect(bad.body.errors[0].path).toBe('query.status');
  });

  it('counts the features inside a polygon, per layer, intersecting or within', async () => {
    // 300 m west of the household to 300 m east, 100 m south to 500 m north: the household and two units
    const area = rectangle(offset(home, -300, -100), 600, 600);
    const count = async (layer: string, relation = 'intersects') =>
      (await caseworker.post('/api/spatial/within', { layer, geometry: area, relation })).body
        .total as number;
    expect(await count('units')).toBe(2);
    expect(await count('households')).toBe(1);
    expect(await count('buildings')).toBe(1);
    expect(await count('projects')).toBe(1);
    expect(await count('projects', 'within')).toBe(0);

    const bowtie = {
      type: 'Polygon',
      coordinates: [[home, offset(home, 100, 100), offset(home, 100, 0), offset(home, 0, 100), home]],
    };
    const invalid = await caseworker.post('/api/spatial/within', { layer: 'units', geometry: bowtie });
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors[0].message).toMatch(/Self-intersection/);
  });

  it('keeps layers to those who may read them', async () => {
    const planner = await t.as('nangang_planner');
    const area = squareAround(home, 1600);
    expect((await planner.post('/api/spatial/within', { layer: 'households', geometry: area })).status).toBe(
      403,
    );
    expect((await planner.post('/api/spatial/within', { layer: 'units', geometry: area })).body.total).toBe(
      3,
    );
    expect((await caseworker.post('/api/spatial/within', { layer: 'parcels', geometry: area })).status).toBe(
      403,
    );
  });

  it('lists the households of a region in scope, and no other region', async () => {
    const { rows } = await t.db.raw('SELECT region_code FROM households WHERE id = ?', [householdId]);
    const res = await caseworker.get(`/api/regions/${rows[0].region_code}/households`);
    expect(res.body.items.map((h: { id: number }) => h.id)).toEqual([householdId]);
    expect((await caseworker.get('/api/regions/230103/households?format=geojson')).body.numberMatched).toBe(
      1,
    );
    expect((await caseworker.get('/api/regions/230102/households')).status).toBe(404);
    expect((await caseworker.get('/api/regions/230199/households')).status).toBe(404);
  });
});

describe('geocoding', () => {
  it('places a household on its road inside the named community when the road crosses it', async () => {
    const { rows } = await t.db.raw(
      `SELECT c.code, c.name, r.name AS road FROM regions c JOIN roads r ON ST_Intersects(r.geom, c.boundary)
        WHERE c.level = 5 AND c.code LIKE '230103%'
          AND ST_Length(ST_Intersection(r.geom, c.boundary)::geography) > 200
        ORDER BY c.code, r.name LIMIT 1`,
    );
    const { code, name, road } = rows[0];
    const res = await caseworker.post('/api/households', {
      application_no: 'SQ-ROAD',
      registration_year: 2026,
      applicant_name: '钱七',
      id_type: '414',
      id_number: 'E00000002',
      household_size: 1,
      hukou_district: '南岗',
      hukou_community: name,
      hukou_road: road,
      hukou_house_no: '18号',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ region_code: code, geocode_quality: 'address' });
    const check = await t.db.raw(
      `SELECT ST_Covers(c.boundary, h.geom) AS inside,
              min(ST_Distance(h.geom::geography, r.geom::geography)) AS to_road
         FROM households h, regions c, roads r
        WHERE h.id = ? AND c.code = ? AND r.name = ? GROUP BY c.boundary, h.geom`,
      [res.body.id, code, road],
    );
    expect(check.rows[0].inside).toBe(true);
    expect(check.rows[0].to_road).toBeLessThan(1);
  });

  it('places a household given only a community code at the community’s point on surface', async () => {
    const community = await communityIn(t.db, '230103');
    const res = await caseworker.post('/api/households', {
      application_no: 'SQ-CODE',
      registration_year: 2026,
      applicant_name: '孙八',
      id_type: '414',
      id_number: 'E00000003',
      household_size: 1,
      region_code: community.code,
    });
    expect(res.body).toMatchObject({ region_code: community.code, geocode_quality: 'community' });
    const { rows } = await t.db.raw(
      'SELECT ST_Equals(h.geom, r.label_point) AS same FROM households h, regions r WHERE h.id = ? AND r.code = ?',
      [res.body.id, community.code],
    );
    expect(rows[0].same).toBe(true);
  });
});
