import { beforeAll, describe, expect, it } from 'vitest';
import { useTestServer, type ApiClient } from '../test/harness.ts';

const t = useTestServer();

interface Hit {
  kind: string;
  id: number;
  title: string;
  subtitle: string;
  details: { address: string | null; household_size: number | null; building_name: string | null };
  region_code: string;
  matched: string;
  center: [number, number] | null;
  bbox: number[] | null;
  personal_data_masked: boolean;
}

const NANGANG = '230103';
const DAOLI = '230102';

let caseworker: ApiClient; // city, personal data
let supervisor: ApiClient; // city, households masked
let nangang: ApiClient; // district caseworker
let planner: ApiClient; // no households at all

interface Household {
  id: number;
  application_no: string;
  applicant_name: string;
  id_number: string;
  hukou_road: string;
  hukou_house_no: string;
  region_code: string;
}

/** A seeded household of a district, with the fields the tests type into the box. */
async function householdIn(district: string): Promise<Household> {
  return firstRow<Household>(
    `SELECT id, application_no, applicant_name, id_number, hukou_road, hukou_house_no, region_code
       FROM households WHERE region_code LIKE ? AND geom IS NOT NULL AND hukou_house_no IS NOT NULL
      ORDER BY id LIMIT 1`,
    [`${district}%`],
  );
}

async function firstRow<T>(sql: string, bindings: string[]): Promise<T> {
  const { rows } = await t.db.raw<{ rows: T[] }>(sql, bindings);
  if (!rows[0]) throw new Error(`no row for ${sql}`);
  return rows[0];
}

const search = async (client: ApiClient, query: Record<string, string | number>) => {
  const params = new URLSearchParams(Object.entries(query).map(([k, v]): [string, string] => [k, String(v)]));
  const res = await client.get(`/api/search?${params.toString()}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as { items: Hit[]; skipped: string[] };
};
const ids = (hits: Hit[], kind: string) => hits.filter((h) => h.kind === kind).map((h) => h.id);

beforeAll(async () => {
  [caseworker, supervisor, nangang, planner] = await Promise.all([
    t.as('hrb_caseworker'),
    t.as('hrb_supervisor'),
    t.as('nangang_caseworker'),
    t.as('hrb_planner'),
  ]);
});

describe('search: households', () => {
  it('finds a household by its application number, first, with its place and full name', async () => {
    const h = await householdIn(NANGANG);
    const { items } = await search(caseworker, { q: h.application_no });
    expect(items[0]).toMatchObject({
      kind: 'household',
      id: h.id,
      matched: 'application_no',
      region_code: h.region_code,
      personal_data_masked: false,
    });
    expect(items[0]!.title).toContain(h.applicant_name);
    expect(items[0]!.center).toHaveLength(2);
    expect(items[0]!.details.household_size).toBeGreaterThan(0);
    expect(items[0]!.details.address).toContain(h.hukou_house_no);
    // the serial alone (any part of the number) finds it too
    expect(
      ids((await search(caseworker, { q: h.application_no.slice(-6), limit: 50 })).items, 'household'),
    ).toContain(h.id);
  });

  it('finds by ID number (whole or its last digits), name and address for readers of personal data', async () => {
    const h = await householdIn(NANGANG);
    expect((await search(caseworker, { q: h.id_number })).items[0]).toMatchObject({
      id: h.id,
      matched: 'id_number',
    });
    expect(
      ids((await search(caseworker, { q: h.id_number.slice(-8), limit: 50 })).items, 'household'),
    ).toContain(h.id);
    expect(
      ids(
        (await search(caseworker, { q: h.applicant_name, limit: 50, region: h.region_code })).items,
        'household',
      ),
    ).toContain(h.id);
    const door = await search(caseworker, {
      q: `${h.hukou_road} ${h.hukou_house_no}`,
      limit: 50,
      region: h.region_code,
    });
    expect(ids(door.items, 'household')).toContain(h.id);
  });

  it('masks names for a supervisor and searches only what the masked record shows', async () => {
    const h = await householdIn(NANGANG);
    const hit = (await search(supervisor, { q: h.application_no })).items[0]!;
    expect(hit).toMatchObject({ kind: 'household', id: h.id, personal_data_masked: true });
    expect(hit.title).not.toContain(h.applicant_name);
    expect(hit.title).toContain(`${[...h.applicant_name][0]}*`);
    expect(hit.subtitle).not.toContain(h.hukou_house_no);
    // the structured parts the client localises withhold the door number just the same
    expect(hit.details.address ?? '').not.toContain(h.hukou_house_no);
    expect(JSON.stringify(hit.details)).not.toContain(h.applicant_name);
    // a masked reader cannot confirm who applied, or who lives at a door number
    for (const q of [
      h.id_number,
      h.id_number.slice(-6),
      h.applicant_name,
      `${h.hukou_road} ${h.hukou_house_no}`,
    ])
      expect(ids((await search(supervisor, { q, limit: 50 })).items, 'household'), q).not.toContain(h.id);
    // the road (shown in the masked record) is searchable
    const road = await search(supervisor, {
      q: h.hukou_road,
      limit: 50,
      region: h.region_code,
      kinds: 'household',
    });
    expect(road.items.length).toBeGreaterThan(0);
    expect(road.items.every((item) => item.personal_data_masked && item.matched === 'address')).toBe(true);
  });

  it('leaves households out for roles without households.read and says so', async () => {
    const h = await householdIn(NANGANG);
    const body = await search(planner, { q: h.application_no });
    expect(ids(body.items, 'household')).toEqual([]);
    expect(body.skipped).toEqual(['household']);
  });

  it('finds nothing of another district', async () => {
    const daoli = await householdIn(DAOLI);
    const mine = await householdIn(NANGANG);
    expect((await search(nangang, { q: daoli.application_no })).items).toEqual([]);
    expect((await search(nangang, { q: daoli.id_number })).items).toEqual([]);
    expect((await search(nangang, { q: mine.application_no })).items[0]).toMatchObject({ id: mine.id });
    const all = await search(nangang, { q: 'HRB20', limit: 50 });
    expect(all.items.length).toBeGreaterThan(0);
    expect(all.items.every((item) => item.region_code.startsWith(NANGANG))).toBe(true);
    // asking for another district's region narrows, never widens
    expect((await search(nangang, { q: 'HRB20', region: DAOLI })).items).toEqual([]);
  });
});

describe('search: units, buildings, projects', () => {
  it('finds a unit by its number and by room, with its building and project', async () => {
    const unit = await firstRow<{ id: number; unit_no: string; room_no: string; building_name: string }>(
      `SELECT u.id, u.unit_no, u.room_no, b.name AS building_name FROM housing_units u
         JOIN buildings b ON b.id = u.building_id WHERE u.region_code LIKE ? ORDER BY u.id LIMIT 1`,
      [`${NANGANG}%`],
    );
    const { items } = await search(nangang, { q: unit.unit_no });
    expect(items[0]).toMatchObject({ kind: 'unit', id: unit.id, title: unit.unit_no, matched: 'unit_no' });
    expect(items[0]!.subtitle).toContain(unit.building_name);
    // the subtitle's parts, structured, for the client to word in the user's language
    expect(items[0]!.details).toMatchObject({
      building_name: unit.building_name,
      room_no: unit.room_no,
      household_size: null,
    });
    expect(items[0]!.center).toHaveLength(2);
    const rooms = await search(nangang, { q: unit.room_no, kinds: 'unit', limit: 50 });
    expect(rooms.items.length).toBeGreaterThan(0);
    expect(rooms.items.every((item) => item.kind === 'unit' && item.title.endsWith(unit.room_no))).toBe(true);
  });

  it('finds buildings and projects by name parts, with their extent', async () => {
    const project = await firstRow<{ id: number; proposed_name: string }>(
      'SELECT id, proposed_name FROM projects WHERE region_code LIKE ? ORDER BY id LIMIT 1',
      [`${NANGANG}%`],
    );
    const words = project.proposed_name.replace(/^哈尔滨市/, '');
    const { items } = await search(planner, { q: words, kinds: 'project,building', limit: 50 });
    const hit = items.find((item) => item.kind === 'project' && item.id === project.id);
    expect(hit).toMatchObject({ title: project.proposed_name });
    expect(hit!.bbox).toHaveLength(4);
    expect(items.some((item) => item.kind === 'building')).toBe(true);
  });
});

describe('search: bad input', () => {
  it('answers 400 with the field paths and 401 without a session', async () => {
    const cases: [string, string][] = [
      ['', 'query.q'],
      ['q=a', 'query.q'],
      [`q=${'x'.repeat(51)}`, 'query.q'],
      ['q=abc&limit=0', 'query.limit'],
      ['q=abc&limit=many', 'query.limit'],
      ['q=abc&kinds=people', 'query.kinds'],
      ['q=abc&region=99', 'query.region'],
    ];
    for (const [query, path] of cases) {
      const res = await caseworker.get(`/api/search?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
    }
    expect((await t.client().get('/api/search?q=HRB')).status).toBe(401);
  });
});
