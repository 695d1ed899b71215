/**
 * The public portal over HTTP with no session: public fields only (exact key sets), no household data anywhere,
 * k-anonymous district demand, 404/400 for unknown or bad ids, cache headers.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestServer, type ApiClient } from '../test/harness.ts';

// k high enough that the seed's smaller districts fall under it.
const K = 350;
const t = useTestServer({ tiles: { cacheMb: 0, kAnonymity: K } });

let anonymous: ApiClient;
let people: { applicant_name: string; id_number: string; phone: string | null }[];

const PROJECT_KEYS = [
  'address',
  'available',
  'category',
  'completion_on',
  'district',
  'id',
  'name',
  'price',
  'project_no',
  'status',
  'total',
];
const DETAIL_KEYS = [
  ...PROJECT_KEYS,
  'actual_completion_on',
  'building_count',
  'buildings',
  'delivered_on',
  'developer',
  'guide',
  'location',
  'planned_completion_on',
  'planned_units',
  'site',
  'site_area_m2',
  'unit_types',
].sort();

const keys = (value: object) => Object.keys(value).sort();

/** No applicant's name, ID number or phone, and nothing shaped like an ID number or a mobile number. */
function expectNoPersonalData(text: string): void {
  expect(text).not.toMatch(/(?<!\d)\d{17}[\dXx](?!\d)/);
  expect(text).not.toMatch(/(?<!\d)1[3-9]\d{9}(?!\d)/);
  for (const person of people) {
    expect(text).not.toContain(person.id_number);
    expect(text).not.toContain(person.applicant_name);
    if (person.phone) expect(text).not.toContain(person.phone);
  }
}

beforeAll(async () => {
  anonymous = t.client();
  people = await t.db('households').select('applicant_name', 'id_number', 'phone').limit(300);
  // Names of three characters or more: a two-character name could be a word of an address by chance.
  people = people.filter((p) => p.applicant_name.length >= 3);
  expect(people.length).toBeGreaterThan(50);
});

describe('public projects', () => {
  it('lists public projects to anyone, with public fields only and public cache headers', async () => {
    const res = await anonymous.get('/api/portal/projects');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toMatch(/^public, max-age=\d+/);
    expect(res.headers.get('set-cookie')).toBeNull();
    expect(res.body.type).toBe('FeatureCollection');
    const open = await t.db('projects').whereNot({ status: 'retired' }).count<{ n: string }[]>({ n: '*' });
    expect(res.body.features).toHaveLength(Number(open[0]!.n));
    for (const feature of res.body.features) {
      expect(keys(feature)).toEqual(['geometry', 'id', 'properties', 'type']);
      expect(keys(feature.properties)).toEqual(PROJECT_KEYS);
      expect(keys(feature.properties.district)).toEqual(['code', 'name']);
      expect(keys(feature.properties.price)).toEqual(['max', 'min', 'unit']);
      expect(feature.geometry.type).toBe('Point');
      expect(feature.properties.available).toBeLessThanOrEqual(feature.properties.total);
    }
    expectNoPersonalData(JSON.stringify(res.body));
  });

  it('counts available units as delivered and unallocated', async () => {
    const res = await anonymous.get('/api/portal/projects');
    const [row] = await t
      .db('housing_units')
      .select('project_id')
      .count<{ project_id: string; n: string }[]>({ n: '*' })
      .where({ delivery_status: 'delivered' })
      .groupBy('project_id')
      .orderBy('project_id')
      .limit(1);
    const feature = res.body.features.find((f: { id: number }) => f.id === Number(row!.project_id));
    expect(feature.properties.available).toBe(Number(row!.n));
  });

  it('does not show retired projects', async () => {
    const { id, status } = await t.db('projects').first('id', 'status').orderBy('id');
    await t.db('projects').where({ id }).update({ status: 'retired' });
    try {
      // Its detail was not asked for before, so no cached answer hides the change.
      const res = await anonymous.get(`/api/portal/projects/${id}`);
      expect(res.status).toBe(404);
    } finally {
      await t.db('projects').where({ id }).update({ status });
    }
  });
});

describe('a public project', () => {
  it('answers the public detail with unit types, footprints and the guide, and no personal data', async () => {
    const { project_id } = await t
      .db('housing_units')
      .first('project_id')
      .whereNotNull('rent_monthly')
      .orderBy('project_id');
    const res = await anonymous.get(`/api/portal/projects/${project_id}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.headers.get('cache-control')).toMatch(/^public/);
    expect(keys(res.body)).toEqual(DETAIL_KEYS);
    expect(res.body.price.unit).toBe('yuan_per_m2_month');
    expect(res.body.buildings.features.length).toBe(res.body.building_count);
    for (const b of res.body.buildings.features) {
      expect(keys(b.properties)).toEqual(['name', 'residential_units', 'total_floors']);
    }
    expect(res.body.unit_types.length).toBeGreaterThan(0);
    for (const u of res.body.unit_types) {
      expect(keys(u)).toEqual([
        'area_max',
        'area_min',
        'available',
        'count',
        'layout',
        'layout_en',
        'layout_zh',
        'rent_max',
        'rent_min',
      ]);
      expect(u.area_min).toBeLessThanOrEqual(u.area_max);
      expect(u.rent_min).toMatch(/^\d+\.\d\d$/);
    }
    const units = await t.db('housing_units').where({ project_id }).count<{ n: string }[]>({ n: '*' });
    expect(res.body.unit_types.reduce((s: number, u: { count: number }) => s + u.count, 0)).toBe(
      Number(units[0]!.n),
    );
    expect(keys(res.body.guide)).toEqual(['documents', 'eligibility', 'flow', 'hotline', 'steps', 'where']);
    expect(res.body.guide.flow).toBe('rental');
    expect(res.body.guide.steps.length).toBeGreaterThanOrEqual(4);
    expectNoPersonalData(JSON.stringify(res.body));
  });

  it('gives the purchase guide and a price per m² for housing for sale', async () => {
    const { id } = await t
      .db('projects')
      .first('id')
      .where({ project_category: '04' })
      .whereNot({ status: 'retired' });
    const res = await anonymous.get(`/api/portal/projects/${id}`);
    expect(res.status).toBe(200);
    expect(res.body.price.unit).toBe('yuan_per_m2');
    expect(res.body.guide.flow).toBe('purchase');
  });

  it('answers 404 for an unknown project and 400 for a bad id', async () => {
    const missing = await anonymous.get('/api/portal/projects/987654');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toMatch(/problem\+json/);
    expect(missing.body.code).toBe('not_found');
    const bad = await anonymous.get('/api/portal/projects/abc');
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('params.id');
    expect((await anonymous.get('/api/portal/projects/-3')).status).toBe(400);
  });
});

describe('district demand', () => {
  it('publishes waiting households per district, blanking those under k', async () => {
    const res = await anonymous.get('/api/portal/demand');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toMatch(/^public/);
    expect(keys(res.body)).toEqual(['districts', 'k', 'total_waiting']);
    expect(res.body.k).toBe(K);
    const rows = await t
      .db('households')
      .select(t.db.raw('left(region_code, 6) AS code'))
      .count<{ code: string; n: string }[]>({ n: '*' })
      .whereIn('waiting_status', ['applied', 'waiting'])
      .groupBy(1);
    const truth = new Map(rows.map((r) => [`${r.code}000000`, Number(r.n)]));
    let suppressed = 0;
    for (const d of res.body.districts) {
      expect(keys(d)).toEqual(['available', 'code', 'label', 'name', 'projects', 'suppressed', 'waiting']);
      const n = truth.get(d.code) ?? 0;
      if (n < K) {
        suppressed += 1;
        expect(d.waiting).toBeNull();
        expect(d.suppressed).toBe(true);
      } else {
        expect(d.waiting).toBe(n);
        expect(d.suppressed).toBe(false);
      }
    }
    expect(suppressed).toBeGreaterThan(0);
    expect(suppressed).toBeLessThan(res.body.districts.length);
    // The total is of published counts only: it cannot be used to recover a blanked one.
    const published = res.body.districts.reduce(
      (s: number, d: { waiting: number | null }) => s + (d.waiting ?? 0),
      0,
    );
    expect(res.body.total_waiting).toBe(published);
    expectNoPersonalData(JSON.stringify(res.body));
  });

  it('answers the same to a signed-in member of staff (the portal never shows more)', async () => {
    const staff = await t.as('hrb_admin');
    const res = await staff.get('/api/portal/demand');
    expect(res.status).toBe(200);
    expect(res.body.districts.some((d: { suppressed: boolean }) => d.suppressed)).toBe(true);
  });
});
