import { beforeAll, describe, expect, it } from 'vitest';
import { useTestServer, type ApiClient } from '../test/harness.ts';
import {
  clearHousingData,
  interiorOf,
  offset,
  rectangle,
  squareAround,
  type Position,
} from '../spatial/fixtures.ts';

const t = useTestServer();

let planner: ApiClient;
let nangang: Position;
let serial = 0;

/** A project with a 200 m × 200 m site whose south-west corner is `sw`. */
async function newProject(sw: Position, extra: Record<string, unknown> = {}) {
  serial += 1;
  const res = await planner.post('/api/projects', {
    project_no: `XM-2026-${serial}`,
    proposed_name: `公租房项目${serial}`,
    region_code: '230103',
    geometry: rectangle(sw, 200),
    ...extra,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: number; project_no: string; area_m2: number; region_code: string };
}

const buildingBody = (projectId: number, footprint: object | null, extra: Record<string, unknown> = {}) => {
  serial += 1;
  return {
    project_id: projectId,
    building_no: `LD-${serial}`,
    name: `${serial}号楼`,
    floors_above: 18,
    floors_below: 2,
    geometry: footprint,
    ...extra,
  };
};

beforeAll(async () => {
  await clearHousingData(t.db);
  planner = await t.as('nangang_planner');
  nangang = await interiorOf(t.db, '230103');
});

describe('projects', () => {
  it('creates, lists, reads, updates and retires a project with its site area', async () => {
    const created = await newProject(offset(nangang, -1200, 800), {
      planned_housing_type: '20',
      total_investment: '123456789.50',
      site_area: 40000,
      planned_start_on: '2026-05-01',
    });
    expect(created).toMatchObject({
      status: 'planned',
      region_name: '南岗区',
      total_investment: '123456789.50',
      site_area: 40000,
      planned_start_on: '2026-05-01',
    });
    expect(created.area_m2).toBeGreaterThan(39900);
    expect(created.area_m2).toBeLessThan(40100);

    const list = await planner.get(`/api/projects?q=${created.project_no}`);
    expect(list.body).toMatchObject({ total: 1, page: 1, page_size: 20 });
    const geojson = await planner.get(`/api/projects?format=geojson&status=planned&q=${created.project_no}`);
    expect(geojson.body.features[0].properties.project_no).toBe(created.project_no);

    const updated = await planner.patch(`/api/projects/${created.id}`, { status: 'under_construction' });
    expect(updated.body.status).toBe('under_construction');
    const retired = await planner.delete(`/api/projects/${created.id}`);
    expect(retired.body.status).toBe('retired');
    const late = await planner.post('/api/buildings', buildingBody(created.id, squareAround(nangang, 10)));
    expect(late.status).toBe(409);
  });

  it('rejects unknown codes and regions outside the scope, naming the fields', async () => {
    const res = await planner.post('/api/projects', {
      project_no: 'XM-BAD',
      proposed_name: '坏项目',
      region_code: '230103',
      project_category: '99',
    });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].path).toBe('body.project_category');
    const other = await planner.post('/api/projects', {
      project_no: 'XM-BAD',
      proposed_name: '坏',
      region_code: '230104',
    });
    expect(other.body.errors[0].path).toBe('body.region_code');
  });

  it('serves the A.5.1 exchange record derived from the buildings', async () => {
    const sw = offset(nangang, 800, 800);
    const project = await newProject(sw, { year: 2026 });
    for (const [dx, area] of [
      [20, 5000],
      [120, 7000],
    ] as const) {
      const res = await planner.post(
        '/api/buildings',
        buildingBody(project.id, rectangle(offset(sw, dx, 20), 50), {
          floor_area: area,
          residential_units: 60,
          started_on: '2026-06-01',
          build_status: 'started',
        }),
      );
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    }
    const exchange = await planner.get(`/api/projects/${project.id}/exchange`);
    expect(exchange.status).toBe(200);
    expect(exchange.body).toMatchObject({
      project_no: project.project_no,
      building_count: 2,
      all_started_area: 12000,
      residential_started_units: 120,
      residential_year_started_units: 120,
      all_under_construction_units: 120,
    });
    expect((await (await t.as('daoli_planner')).get(`/api/projects/${project.id}/exchange`)).status).toBe(
      404,
    );
  });
});

describe('buildings', () => {
  let project: { id: number };
  let sw: Position;

  beforeAll(async () => {
    sw = offset(nangang, -800, -1600);
    project = await newProject(sw);
  });

  it('takes a footprint on the site (within 1 m of its edge) and refuses one outside, with the point', async () => {
    // 0.5 m over the western edge: drawing tolerance
    const edge = await planner.post(
      '/api/buildings',
      buildingBody(project.id, rectangle(offset(sw, -0.5, 10), 30)),
    );
    expect(edge.status, JSON.stringify(edge.body)).toBe(201);
    expect(edge.body).toMatchObject({
      region_code: '230103000000',
      total_floors: 20,
      project_no: expect.any(String),
    });
    expect(edge.body.footprint_area_m2).toBeGreaterThan(895);

    const outside = await planner.post(
      '/api/buildings',
      buildingBody(project.id, rectangle(offset(sw, -25, 10), 30)),
    );
    expect(outside.status).toBe(400);
    expect(outside.body.errors[0].path).toBe('body.geometry');
    expect(outside.body.errors[0].message).toMatch(/超出项目用地范围.*POINT\(126\.\d+ 45\.\d+\)/);
  });

  it('keeps the buildings on the site when the site is redrawn', async () => {
    const inner = await planner.post(
      '/api/buildings',
      buildingBody(project.id, rectangle(offset(sw, 150, 150), 40)),
    );
    expect(inner.status).toBe(201);
    const shrunk = await planner.patch(`/api/projects/${project.id}`, { geometry: rectangle(sw, 100) });
    expect(shrunk.status).toBe(400);
    expect(shrunk.body.errors[0].message).toContain(inner.body.building_no);
  });

  it('updates a building: floors re-derive the total, a footprint off the site is refused', async () => {
    const created = await planner.post(
      '/api/buildings',
      buildingBody(project.id, rectangle(offset(sw, 10, 150), 20)),
    );
    const id = created.body.id as number;
    const taller = await planner.patch(`/api/buildings/${id}`, { floors_above: 24, build_status: 'started' });
    expect(taller.status, JSON.stringify(taller.body)).toBe(200);
    expect(taller.body).toMatchObject({
      floors_above: 24,
      floors_below: 2,
      total_floors: 26,
      build_status: 'started',
    });
    const list = await planner.get(`/api/buildings?project_id=${project.id}&status=started&format=geojson`);
    expect(list.body.features.map((f: { id: number }) => f.id)).toEqual([id]);
    const moved = await planner.patch(`/api/buildings/${id}`, {
      geometry: rectangle(offset(sw, 190, 150), 20),
    });
    expect(moved.status).toBe(400);
    expect((await planner.get(`/api/buildings/${id}`)).body.geometry).toEqual(created.body.geometry);
  });

  it('checks that floors add up', async () => {
    const res = await planner.post(
      '/api/buildings',
      buildingBody(project.id, rectangle(offset(sw, 60, 60), 20), { total_floors: 10 }),
    );
    expect(res.status).toBe(400);
    expect(res.body.errors[0].path).toBe('body.total_floors');
  });

  it('deletes a building only while it has no units', async () => {
    const full = await planner.post(
      '/api/buildings',
      buildingBody(project.id, rectangle(offset(sw, 60, 110), 20)),
    );
    const empty = await planner.post(
      '/api/buildings',
      buildingBody(project.id, rectangle(offset(sw, 100, 110), 20)),
    );
    const caseworker = await t.as('nangang_caseworker');
    const unit = await caseworker.post('/api/units', {
      building_id: full.body.id,
      unit_no: `FW-${full.body.id}-101`,
      floor_from: 1,
      floor_to: 1,
      room_no: '101',
    });
    expect(unit.status, JSON.stringify(unit.body)).toBe(201);
    const refused = await planner.delete(`/api/buildings/${full.body.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toContain('1 套住房');
    expect((await planner.delete(`/api/buildings/${empty.body.id}`)).status).toBe(204);
    expect((await planner.get(`/api/buildings/${empty.body.id}`)).status).toBe(404);
    expect((await planner.get(`/api/buildings?project_id=${project.id}`)).body.items.length).toBeGreaterThan(
      0,
    );
  });

  it('lets caseworkers read but not draw projects and buildings', async () => {
    const caseworker = await t.as('nangang_caseworker');
    expect((await caseworker.get(`/api/projects/${project.id}`)).status).toBe(200);
    expect((await caseworker.post('/api/buildings', buildingBody(project.id, null))).status).toBe(403);
  });
});
