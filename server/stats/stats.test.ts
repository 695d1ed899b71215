/**
 * The leaders' dashboard figures against a brute-force count of the rows, on a small city of the test's own
 * (the seed's housing deleted): KPIs, child regions, months, the demand grid with k-anonymity; scope (404),
 * permission (403), bad input (400) and no personal data in any answer.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestServer, type ApiClient } from '../test/harness.ts';
import { deleteSeedHousing } from '../../seeds/housing/index.ts';
import { insertHousingSet } from '../spatial/fixtures.ts';
import { regionPrefix } from '../access/scope.ts';

const t = useTestServer({ tiles: { cacheMb: 0, kAnonymity: 10 } });

const CITY = '230100000000';
const DAOLI = '230102000000';
const NANGANG = '230103000000';
const STATUSES = ['applied', 'waiting', 'allocated', 'withdrawn'] as const;
const PERSONAL = ['applicant_name', 'id_number', 'phone', 'per_capita_income', 'total_income', 'agent_name'];
const ID_NUMBER = '11010519491231002X';

interface Spot {
  code: string;
  lng: number;
  lat: number;
}

let leader: ApiClient;

async function communities(district: string): Promise<Spot[]> {
  const spots: Spot[] = await t
    .db('regions')
    .where('level', 5)
    .andWhere('code', 'like', `${district.slice(0, 6)}%`)
    .orderBy('code')
    .select(t.db.raw('code, ST_X(label_point) AS lng, ST_Y(label_point) AS lat'));
  return spots;
}

let seq = 0;
/** `count` households at one spot (a metre apart), with the statuses given in turn. */
async function addHouseholds(spot: Spot, count: number, statuses: readonly string[]): Promise<number[]> {
  const rows = Array.from({ length: count }, (_, i) => ({
    application_no: `ST-${++seq}`,
    registration_year: 2026,
    applicant_name: `统计测试${seq}`,
    id_number: ID_NUMBER,
    phone: '13800138000',
    household_size: 3,
    per_capita_income: 9000,
    region_code: spot.code,
    waiting_status: statuses[i % statuses.length],
    geom: t.db.raw('ST_SetSRID(ST_MakePoint(?, ?), 4490)', [spot.lng + i * 1e-5, spot.lat]),
  }));
  const inserted = await t.db('households').insert(rows).returning<{ id: number }[]>('id');
  return inserted.map((r) => r.id);
}

/** Brute force: the rows themselves, counted by PostgreSQL without the aggregates. */
async function bruteHouseholds(prefix: string) {
  const rows = await t
    .db('households')
    .where('region_code', 'like', `${prefix}%`)
    .select('waiting_status')
    .count({ n: '*' })
    .groupBy('waiting_status');
  return Object.fromEntries(
    rows.map((r) => [(r as { waiting_status: string }).waiting_status, Number(r.n)]),
  ) as Record<string, number>;
}

async function bruteUnits(prefix: string) {
  const rows = await t
    .db('housing_units')
    .where('region_code', 'like', `${prefix}%`)
    .select('delivery_status')
    .count({ n: '*' })
    .groupBy('delivery_status');
  return Object.fromEntries(
    rows.map((r) => [(r as { delivery_status: string }).delivery_status, Number(r.n)]),
  ) as Record<string, number>;
}

function keysIn(value: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(value)) value.forEach((v) => keysIn(v, into));
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) {
      into.add(k);
      keysIn(v, into);
    }
  return into;
}

function expectNoPersonalData(body: unknown): void {
  const keys = keysIn(body);
  expect(PERSONAL.filter((k) => keys.has(k))).toEqual([]);
  const text = JSON.stringify(body);
  expect(text).not.toContain(ID_NUMBER);
  expect(text).not.toContain('统计测试');
  expect(text).not.toContain('13800138000');
}

let daoliSpots: Spot[];
let nangangSpots: Spot[];
let allocatedByTest = 0;

beforeAll(async () => {
  await t.db.transaction((trx) => deleteSeedHousing(trx));
  daoliSpots = await communities(DAOLI);
  nangangSpots = await communities(NANGANG);
  // 道里: 24 at one spot (12 in demand: a grid cell over k), 3 at another community; 南岗: 7.
  await addHouseholds(daoliSpots[0]!, 24, STATUSES);
  await addHouseholds(daoliSpots.at(-1)!, 3, ['waiting']);
  const nangang = await addHouseholds(nangangSpots[0]!, 7, ['applied', 'waiting']);
  // Units: a project in each district, then more units of each delivery status in 道里's building.
  const daoliSet = await insertHousingSet(
    t.db,
    daoliSpots[1]!.code,
    [daoliSpots[1]!.lng, daoliSpots[1]!.lat],
    'SD',
  );
  await insertHousingSet(t.db, nangangSpots[1]!.code, [nangangSpots[1]!.lng, nangangSpots[1]!.lat], 'SN');
  const building = await t.db('housing_units').where('id', daoliSet.unit).first('building_id', 'region_code');
  await t.db('housing_units').insert(
    ['delivered', 'delivered', 'delivered', 'allocated', 'occupied'].map((delivery_status, i) => ({
      unit_no: `SU-${i}`,
      building_id: building.building_id,
      floor_from: 2,
      floor_to: 2,
      room_no: `20${i}`,
      region_code: building.region_code,
      delivery_status,
    })),
  );
  // Allocations this month: two 南岗 households allocated, one of them changed back: net 1.
  await t.db('households').whereIn('id', nangang.slice(0, 2)).update({ waiting_status: 'allocated' });
  await t.db('households').where('id', nangang[0]).update({ waiting_status: 'waiting' });
  allocatedByTest = 1;
  leader = await t.as('hrb_leader');
});

describe('GET /api/stats/regions/:code/summary', () => {
  it('equals a brute-force count of the rows for the city and each district', async () => {
    for (const code of [CITY, DAOLI, NANGANG]) {
      const prefix = regionPrefix(code);
      const res = await leader.get(`/api/stats/regions/${code}/summary`);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      const h = await bruteHouseholds(prefix);
      const u = await bruteUnits(prefix);
      const n = (o: Record<string, number>, k: string) => o[k] ?? 0;
      expect(res.body.households).toEqual({
        registered: STATUSES.reduce((s, k) => s + n(h, k), 0),
        applied: n(h, 'applied'),
        waiting: n(h, 'waiting'),
        allocated: n(h, 'allocated'),
        withdrawn: n(h, 'withdrawn'),
      });
      expect(res.body.units).toEqual({
        total: Object.values(u).reduce((s, v) => s + v, 0),
        undelivered: n(u, 'undelivered'),
        delivered: n(u, 'delivered'),
        allocated: n(u, 'allocated'),
        occupied: n(u, 'occupied'),
      });
      const demand = n(h, 'applied') + n(h, 'waiting');
      expect(res.body.demand).toBe(demand);
      expect(res.body.supply).toBe(n(u, 'delivered'));
      expect(res.body.ratio).toBeCloseTo(n(u, 'delivered') / demand, 4);
      // Every household above was registered today, so all of them are this year's applications.
      expect(res.body.applications_this_year).toBe(res.body.households.registered);
      expectNoPersonalData(res.body);
    }
  });

  it('counts this year’s allocations from status changes, net of changes back', async () => {
    const city = (await leader.get(`/api/stats/regions/${CITY}/summary`)).body;
    const nangang = (await leader.get(`/api/stats/regions/${NANGANG}/summary`)).body;
    const daoli = (await leader.get(`/api/stats/regions/${DAOLI}/summary`)).body;
    expect([city.allocated_this_year, nangang.allocated_this_year, daoli.allocated_this_year]).toEqual([
      allocatedByTest,
      allocatedByTest,
      0,
    ]);
    expect(city.year).toBe(
      Number(new Date().toLocaleString('en', { timeZone: 'Asia/Shanghai', year: 'numeric' })),
    );
  });

  it('gives the breadcrumb from the top of the caller’s scope', async () => {
    const street = daoliSpots[0]!.code.slice(0, 9).padEnd(12, '0');
    const res = await leader.get(`/api/stats/regions/${street}/summary`);
    expect(res.body.path.map((r: { code: string }) => r.code)).toEqual([CITY, DAOLI, street]);
    const district = await t.as('daoli_leader');
    const own = await district.get(`/api/stats/regions/${street}/summary`);
    expect(own.body.path.map((r: { code: string }) => r.code)).toEqual([DAOLI, street]);
  });
});

describe('GET /api/stats/regions/:code/children', () => {
  it('sums each child’s communities like a brute-force count, with simplified boundaries', async () => {
    for (const [code, digits] of [
      [CITY, 6],
      [DAOLI, 9],
    ] as const) {
      const res = await leader.get(`/api/stats/regions/${code}/children`);
      expect(res.status).toBe(200);
      const children = await t.db('regions').where('parent_code', code).orderBy('code').pluck('code');
      expect(res.body.features.map((f: { properties: { code: string } }) => f.properties.code)).toEqual(
        children,
      );
      for (const feature of res.body.features) {
        const prefix = feature.properties.code.slice(0, digits);
        const h = await bruteHouseholds(prefix);
        const u = await bruteUnits(prefix);
        const demand = (h.applied ?? 0) + (h.waiting ?? 0);
        expect(feature.properties).toMatchObject({
          demand,
          supply: u.delivered ?? 0,
          waiting: h.waiting ?? 0,
          applied: h.applied ?? 0,
          allocated: h.allocated ?? 0,
          units: Object.values(u).reduce((s, v) => s + v, 0),
          ratio: demand ? expect.closeTo((u.delivered ?? 0) / demand, 4) : null,
        });
        expect(feature.geometry.type).toMatch(/Polygon/);
      }
      expectNoPersonalData(res.body);
    }
  });

  it('answers an empty collection for a community', async () => {
    const res = await leader.get(`/api/stats/regions/${daoliSpots[0]!.code}/children`);
    expect(res.status).toBe(200);
    expect(res.body.features).toEqual([]);
  });
});

describe('GET /api/stats/regions/:code/trends', () => {
  it('counts applications by the month of registration and allocations by the month of the change', async () => {
    // Move 道里's three-household community back 5 months (as if registered then).
    await t.db.transaction(async (trx) => {
      await trx.raw('SET LOCAL session_replication_role = replica');
      await trx('households')
        .where('region_code', daoliSpots.at(-1)!.code)
        .update({ created_at: trx.raw(`now() - interval '5 months'`) });
    });
    const res = await leader.get(`/api/stats/regions/${CITY}/trends`);
    expect(res.status).toBe(200);
    expect(res.body.months).toHaveLength(24);
    const { rows } = await t.db.raw<{ rows: { month: string; n: number }[] }>(
      `SELECT to_char(date_trunc('month', created_at AT TIME ZONE 'Asia/Shanghai'), 'YYYY-MM') AS month,
              count(*)::int AS n FROM households WHERE region_code LIKE '2301%' GROUP BY 1`,
    );
    const brute = new Map(rows.map((r) => [r.month, r.n]));
    for (const m of res.body.months) expect(m.applications, m.month).toBe(brute.get(m.month) ?? 0);
    expect(res.body.months.at(-1).allocations).toBe(allocatedByTest);
    expect(res.body.months.at(-6).applications).toBe(3);
    expect(res.body.months.reduce((s: number, m: { allocations: number }) => s + m.allocations, 0)).toBe(
      allocatedByTest,
    );
    const six = await leader.get(`/api/stats/regions/${CITY}/trends?months=6`);
    expect(six.body.months.map((m: { month: string }) => m.month)).toEqual(
      res.body.months.slice(-6).map((m: { month: string }) => m.month),
    );
    expectNoPersonalData(res.body);
  });
});

describe('GET /api/stats/regions/:code/density', () => {
  const total = (body: { points: [number, number, number][] }) => body.points.reduce((s, p) => s + p[2], 0);

  it('gives a leader only cells of k households or more', async () => {
    const res = await leader.get(`/api/stats/regions/${CITY}/density`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ cell_zoom: 12, k: 10 });
    expect(res.body.cell_m).toBeGreaterThan(150);
    expect(res.body.cell_m).toBeLessThan(250);
    for (const [, , n] of res.body.points) expect(n).toBeGreaterThanOrEqual(10);
    expect(total(res.body)).toBeGreaterThan(0);
    expectNoPersonalData(res.body);
  });

  it('gives a supervisor (households.read) every cell: their sum is the demand with a position', async () => {
    const supervisor = await t.as('hrb_supervisor');
    const res = await supervisor.get(`/api/stats/regions/${CITY}/density`);
    expect(res.body.k).toBe(1);
    const brute = await t
      .db('households')
      .whereIn('waiting_status', ['applied', 'waiting'])
      .whereNotNull('geom')
      .count({ n: '*' })
      .first();
    expect(total(res.body)).toBe(Number(brute!.n));
    const community = await supervisor.get(`/api/stats/regions/${daoliSpots.at(-1)!.code}/density`);
    expect(community.body.cell_zoom).toBe(14);
    expect(total(community.body)).toBe(3);
  });

  it('answers from its cache until a household changes, then with the change', async () => {
    const supervisor = await t.as('hrb_supervisor');
    const before = await supervisor.get(`/api/stats/regions/${CITY}/density`);
    expect((await supervisor.get(`/api/stats/regions/${CITY}/density`)).body).toEqual(before.body);
    const demand = await t
      .db('households')
      .where('waiting_status', 'waiting')
      .whereNotNull('geom')
      .orderBy('id')
      .first('id');
    await t.db('households').where('id', demand!.id).update({ waiting_status: 'allocated' });
    try {
      // The change reaches the server as a NOTIFY after the commit: give it a moment, as a next request would.
      let after = before;
      for (let i = 0; i < 50 && total(after.body) === total(before.body); i++) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        after = await supervisor.get(`/api/stats/regions/${CITY}/density`);
      }
      expect(total(after.body)).toBe(total(before.body) - 1);
    } finally {
      await t.db('households').where('id', demand!.id).update({ waiting_status: 'waiting' });
    }
  });
});

describe('access and input', () => {
  it('answers 404 for a region outside a district leader’s scope, 200 inside', async () => {
    const nangang = await t.as('nangang_leader');
    for (const path of ['summary', 'children', 'trends', 'density']) {
      expect((await nangang.get(`/api/stats/regions/${DAOLI}/${path}`)).status).toBe(404);
      expect((await nangang.get(`/api/stats/regions/${CITY}/${path}`)).status).toBe(404);
      expect((await nangang.get(`/api/stats/regions/${NANGANG}/${path}`)).status).toBe(200);
    }
  });

  it('answers 403 to a caseworker and 401 without a session', async () => {
    const caseworker = await t.as('hrb_caseworker');
    const res = await caseworker.get(`/api/stats/regions/${CITY}/summary`);
    expect(res.status).toBe(403);
    expect((await t.client().get(`/api/stats/regions/${CITY}/summary`)).status).toBe(401);
  });

  it('answers 400 naming the field for a bad code or month count', async () => {
    const bad = await leader.get('/api/stats/regions/23x/summary');
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path)).toEqual(['params.code']);
    for (const months of ['0', '61', 'abc']) {
      const res = await leader.get(`/api/stats/regions/${CITY}/trends?months=${months}`);
      expect(res.status).toBe(400);
      expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual(['query.months']);
    }
    expect((await leader.get('/api/stats/regions/239999000000/summary')).status).toBe(404);
  });
});
