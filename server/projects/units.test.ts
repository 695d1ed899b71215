import { beforeAll, describe, expect, it } from 'vitest';
import { useTestServer, type ApiClient } from '../test/harness.ts';
import { clearHousingData, interiorOf, offset, rectangle, type Position } from '../spatial/fixtures.ts';

const t = useTestServer();

let caseworker: ApiClient;
let buildingId: number;
let projectId: number;
let serial = 0;

const unitBody = (extra: Record<string, unknown> = {}) => {
  serial += 1;
  return {
    building_id: buildingId,
    unit_no: `FW-${serial}`,
    floor_from: 3,
    floor_to: 3,
    room_no: `30${serial}`,
    ...extra,
  };
};

beforeAll(async () => {
  await clearHousingData(t.db);
  caseworker = await t.as('nangang_caseworker');
  const planner = await t.as('nangang_planner');
  const sw: Position = offset(await interiorOf(t.db, '230103'), 300, -300);
  const project = await planner.post('/api/projects', {
    project_no: 'XM-UNITS',
    proposed_name: '楼盘表测试项目',
    region_code: '230103',
    geometry: rectangle(sw, 150),
  });
  projectId = project.body.id;
  const building = await planner.post('/api/buildings', {
    project_id: projectId,
    building_no: 'LD-UNITS',
    name: '1号楼',
    floors_above: 18,
    floors_below: 1,
    geometry: rectangle(offset(sw, 40, 40), 40),
  });
  expect(building.status, JSON.stringify(building.body)).toBe(201);
  buildingId = building.body.id;
});

describe('housing units', () => {
  it('creates a unit placed in its building, lists it in 楼盘表 order, updates and deletes it', async () => {
    const created = await caseworker.post(
      '/api/units',
      unitBody({ entrance: '1', orientation: '02', floor_area: 58.5 }),
    );
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({
      project_id: projectId,
      building_no: 'LD-UNITS',
      region_code: '230103000000',
      delivery_status: 'undelivered',
      floor_area: 58.5,
      geometry: { type: 'Point' },
      created_by: 'nangang_caseworker',
    });
    const inBuilding = await t.db.raw(
      'SELECT ST_Within(u.geom, b.geom) AS inside FROM housing_units u JOIN buildings b ON b.id = u.building_id WHERE u.id = ?',
      [created.body.id],
    );
    expect(inBuilding.rows[0].inside).toBe(true);

    const list = await caseworker.get(`/api/units?building_id=${buildingId}&status=undelivered`);
    expect(list.body.items.map((u: { id: number }) => u.id)).toContain(created.body.id);
    const updated = await caseworker.patch(`/api/units/${created.body.id}`, {
      rent_monthly: '580.00',
      layout: '02',
    });
    expect(updated.body).toMatchObject({ rent_monthly: '580.00', layout: '02' });
    expect((await caseworker.delete(`/api/units/${created.body.id}`)).status).toBe(204);
    expect((await caseworker.get(`/api/units/${created.body.id}`)).status).toBe(404);
  });

  it('keeps units on the floors the building has', async () => {
    const high = await caseworker.post('/api/units', unitBody({ floor_from: 18, floor_to: 19 }));
    expect(high.status).toBe(400);
    expect(high.body.errors).toEqual([
      { path: 'body.floor_to', message: expect.stringMatching(/第 19 层超出.*-1 层至 18 层/) },
    ]);
    expect(
      (await caseworker.post('/api/units', unitBody({ floor_from: -2, floor_to: -2 }))).body.errors[0].path,
    ).toBe('body.floor_from');
    expect(
      (await caseworker.post('/api/units', unitBody({ floor_from: 5, floor_to: 4 }))).body.errors[0].path,
    ).toBe('body.floor_to');
    expect((await caseworker.post('/api/units', unitBody({ floor_from: -1, floor_to: -1 }))).status).toBe(
      201,
    );
  });

  it('allows one unit per entrance and room number, naming the field', async () => {
    const first = await caseworker.post('/api/units', unitBody({ entrance: '2', room_no: '1801' }));
    expect(first.status).toBe(201);
    const again = await caseworker.post('/api/units', unitBody({ entrance: '2', room_no: '1801' }));
    expect(again.status).toBe(409);
    expect(again.body.errors[0].path).toBe('body.room_no');
    expect((await caseworker.post('/api/units', unitBody({ entrance: '3', room_no: '1801' }))).status).toBe(
      201,
    );
    // without an entrance, the room number alone is unique
    expect((await caseworker.post('/api/units', unitBody({ room_no: '1802' }))).status).toBe(201);
    expect((await caseworker.post('/api/units', unitBody({ room_no: '1802' }))).status).toBe(409);
    const dupNo = await caseworker.post('/api/units', unitBody({ unit_no: first.body.unit_no }));
    expect(dupNo.status).toBe(409);
    expect(dupNo.body.errors[0].path).toBe('body.unit_no');
  });

  it('moves through the delivery states of figure 3 and refuses skips', async () => {
    const { body: unit } = await caseworker.post('/api/units', unitBody());
    const to = (status: string) => caseworker.patch(`/api/units/${unit.id}`, { delivery_status: status });

    const skip = await to('allocated');
    expect(skip.status).toBe(409);
    expect(skip.body).toMatchObject({
      code: 'invalid_transition',
      errors: [{ path: 'body.delivery_status' }],
    });
    expect(skip.body.detail).toContain('未交付');

    expect((await to('delivered')).body.delivery_status).toBe('delivered');
    expect((await to('allocated')).body.delivery_status).toBe('allocated');
    expect((await caseworker.delete(`/api/units/${unit.id}`)).status).toBe(409);
    const planner = await t.as('nangang_planner');
    expect((await planner.delete(`/api/projects/${projectId}`)).status).toBe(409);
    // the allocation is cancelled: back to delivered, then allocated again and moved into
    expect((await to('delivered')).body.delivery_status).toBe('delivered');
    expect((await to('allocated')).status).toBe(200);
    expect((await to('occupied')).body.delivery_status).toBe('occupied');
    expect((await to('delivered')).status).toBe(409);
    expect((await to('undelivered')).status).toBe(409);
  });

  it('checks coded fields and who may manage units', async () => {
    const bad = await caseworker.post('/api/units', unitBody({ orientation: '77' }));
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('body.orientation');
    expect((await (await t.as('nangang_planner')).post('/api/units', unitBody())).status).toBe(403);
    const stranger = await t.as('daoli_caseworker');
    const refused = await stranger.post('/api/units', unitBody());
    expect(refused.status).toBe(400);
    expect(refused.body.errors[0].path).toBe('body.building_id');
  });
});
