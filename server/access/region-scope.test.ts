/**
 * The generic leak test: every registered route, called by a user of another district holding every role,
 * must not reveal or touch a record of 道里区. A new route that this test cannot classify fails it.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestServer, type ApiClient } from '../test/harness.ts';
import { routes } from '../routes.ts';
import { ROLES } from './permissions.ts';
import { hashPassword } from '../auth/password.ts';
import { DEMO_PASSWORD } from '../../seeds/index.ts';
import { insertHousingSet, interiorOf, offset, squareAround, type Position } from '../spatial/fixtures.ts';
import { insertRuleSet } from '../rules/seed.ts';
import { insertNoticeRecords } from '../notices/fixtures.ts';
import { minimalRuleSet, validRuleBodies } from '../rules/fixtures/minimal.ts';
import { insertWorkflowSet } from '../workflow/fixtures.ts';
import { insertRegistrationRecords, validRegistrationBodies } from '../registration/fixtures.ts';
import { residentId } from '../admission/application-fixtures.ts';
import { scopeFixture as allocationFixture } from '../allocation/scope-fixtures.ts';
import { scopeFixture as lotteryFixture } from '../lottery/scope-fixtures.ts';
import { scopeFixture as selectionFixture } from '../selection/scope-fixtures.ts';
import { scopeFixture as contractsFixture } from '../contracts/scope-fixtures.ts';
import { scopeFixture as subsidiesFixture } from '../subsidies/scope-fixtures.ts';
import { scopeFixture as supportFixture } from '../support/scope-fixtures.ts';
import { scopeFixture as flowsFixture } from '../flows/scope-fixtures.ts';

/** The subsystems that describe their own scope records and bodies (server/test/scope-fixture.ts). */
const FIXTURES = [
  allocationFixture,
  lotteryFixture,
  selectionFixture,
  contractsFixture,
  subsidiesFixture,
  supportFixture,
  flowsFixture,
];

const t = useTestServer();

const OTHER_DISTRICT = '230102'; // 道里区: owns the records under attack
const MY_DISTRICT = '230103'; // 南岗区: the caller's org unit

/** Public routes serve reference data to anyone; adding one is a decision, so it must be listed here. */
const PUBLIC_ROUTES = new Set([
  'health.live',
  'health.ready',
  'auth.login',
  'regions.list',
  'regions.boundaries',
  'regions.get',
  'dictionaries.list',
  'dictionaries.get',
  // The public portal: public fields of every region, never personal data (server/portal/portal.test.ts).
  'portal.projects',
  'portal.project',
  'portal.demand',
  'portal.notices',
  'portal.notice_document',
  ...FIXTURES.flatMap((f) => f.publicRoutes ?? []),
]);

/** Routes about the caller's own session, or system-wide reference data behind a login: no region's records. */
const SELF_ROUTES = new Set([
  'auth.me',
  'auth.logout',
  'auth.change_password',
  'roles.list',
  'rules.factors',
  // Document templates are one set for the whole system (no region), edited by documents.manage.
  'documents.templates.get',
  'documents.templates.update',
  'documents.templates.versions',
  'documents.templates.preview',
  // Process definitions are system-wide data (no region); instances, tasks and counts are scoped.
  'workflow.templates.list',
  'workflow.templates.get',
  'workflow.templates.diagram',
  'workflow.templates.export',
  'workflow.templates.import',
  'workflow.templates.activate',
  ...FIXTURES.flatMap((f) => f.selfRoutes ?? []),
]);

/**
 * Lists that also show records of the regions above the caller: housing security rules are set by the city
 * (CJJ/T 196 4.1.2) and read by its districts. Records of other districts still must not appear.
 */
const ANCESTORS_READABLE = new Set(['rules.versions.list', 'rules.exchange']);

/** A point deep inside the other district and its records, known once the database is up. */
let otherPlace: Position = [0, 0];
let other: Awaited<ReturnType<typeof insertHousingSet>>;

/**
 * A valid body for each write route, so a 404 is the scope speaking, not validation. Bodies that need a place
 * are functions, read when the test runs.
 */
const VALID_BODIES: Record<string, unknown> = {
  'users.create': {
    username: 'intruder01',
    display_name: '越权创建',
    region_code: `${OTHER_DISTRICT}000000`,
    roles: ['caseworker'],
    password: 'Valid#Pass2026x',
  },
  'users.update': { display_name: '越权修改' },
  'users.reset_password': { password: 'Valid#Pass2026x' },
  'users.unlock': undefined,
  'parcels.create': () => ({
    parcel_no: 'INTRUDER-1',
    parcel_name: '越权地块',
    region_code: OTHER_DISTRICT,
    geometry: squareAround(otherPlace, 100),
  }),
  'parcels.import': () => intrudingFeatures({ parcel_no: 'INTRUDER-I', parcel_name: '越权导入' }),
  'parcels.update': { parcel_name: '越权修改' },
  'parcels.remove': undefined,
  'parcels.split': () => ({
    line: { type: 'LineString', coordinates: [offset(otherPlace, -500, 0), offset(otherPlace, 500, 0)] },
  }),
  'parcels.merge': { ids: [1] },
  'projects.create': () => ({
    project_no: 'INTRUDER-X',
    proposed_name: '越权项目',
    region_code: OTHER_DISTRICT,
    geometry: squareAround(otherPlace, 100),
  }),
  'projects.import': () => intrudingFeatures({ project_no: 'INTRUDER-IX', proposed_name: '越权导入' }),
  'projects.update': { proposed_name: '越权修改' },
  'projects.remove': undefined,
  'buildings.create': () => ({
    project_id: other.project,
    building_no: 'INTRUDER-B',
    name: '越权楼',
    region_code: OTHER_DISTRICT,
    geometry: squareAround(otherPlace, 20),
  }),
  'buildings.update': { name: '越权修改' },
  'buildings.remove': undefined,
  'units.create': () => ({
    building_id: other.building,
    unit_no: 'INTRUDER-U',
    floor_from: 1,
    floor_to: 1,
    room_no: '102',
    region_code: OTHER_DISTRICT,
  }),
  'units.update': { room_no: '999' },
  'units.remove': undefined,
  'households.create': {
    application_no: 'INTRUDER-H',
    registration_year: 2026,
    applicant_name: '越权家庭',
    id_type: '414',
    id_number: 'E99999999',
    household_size: 1,
    region_code: OTHER_DISTRICT,
  },
  'households.update': { applicant_name: '越权修改' },
  'households.remove': undefined,
  'rules.versions.create': {
    template_code: 'INTRUDER-R',
    template_name: '越权规则',
    region_code: OTHER_DISTRICT,
    effective_from: '2026-01-01',
  },
  ...validRuleBodies(),
  'workflow.tasks.claim': {},
  'workflow.tasks.complete': { decision: 'ok' },
  'workflow.tasks.delegate': { to: 'nangang_all_roles' },
  'workflow.tasks.return': { comment: '越权退回' },
  'workflow.tasks.withdraw': {},
  'workflow.tasks.add_signer': { username: 'nangang_all_roles' },
  ...validRegistrationBodies(OTHER_DISTRICT),
  'notices.batches.create': {
    title: '越权公示',
    region_code: OTHER_DISTRICT,
    starts_on: '2030-01-01',
    ends_on: '2030-01-14',
    channels: ['announcement'],
    places: ['社区公示栏'],
    contact: '电话',
  },
  'notices.batches.update': { title: '越权修改' },
  'notices.batches.remove': undefined,
  'notices.batches.applications': { household_ids: [1] },
  'notices.batches.publish': undefined,
  'notices.batches.close': undefined,
  'notices.reports.create': { household_id: 1, content: '越权举报', channel: 'phone' },
  'notices.reports.update': { content: '越权修改' },
  'notices.reports.remove': undefined,
  'notices.reports.files': { files: [] },
  'notices.reports.investigate': {
    investigator: '越权',
    investigation_method: '越权',
    investigation_result: '越权',
    substantiated: true,
  },
  'applications.create': () => intrudingApplication(),
  'applications.update': { phone: '13900000000' },
  'applications.verification': { conclusion: 'pass', findings: '越权审核' },
  'applications.verifiers': { usernames: ['nangang_reviewer'] },
  // Upload routes get their body raw, with the route's first media type.
  'applications.archive.upload': Buffer.from('%PDF-1.4 越权上传'),
  ...Object.assign({}, ...FIXTURES.map((f) => f.validBodies(OTHER_DISTRICT))),
};

/** A one-person application placed in the other district by its region code. */
function intrudingApplication() {
  const id_number = residentId(OTHER_DISTRICT, '19900101', 777);
  return {
    applicant_name: '越权申请',
    id_number,
    household_size: 1,
    region_code: OTHER_DISTRICT,
    members: [{ relation: '01', name: '越权申请', id_number }],
  };
}

const LAYERS = ['parcels', 'projects', 'buildings', 'units', 'households'];

/** Lists that need parameters: each is asked from inside the other district, far enough to reach both. */
const LIST_QUERIES: Record<string, () => string[]> = {
  'spatial.nearby': () =>
    LAYERS.map((layer) => `?layer=${layer}&lng=${otherPlace[0]}&lat=${otherPlace[1]}&radius_m=50000`),
  // Words matching the records of both districts: application numbers, buildings, projects, room numbers.
  'search.query': () => ['?q=H-&limit=50', '?q=%E5%8F%B7%E6%A5%BC&limit=50', '?q=101&limit=50'],
  ...Object.assign({}, ...FIXTURES.map((f) => f.listQueries ?? {})),
};

/** POST routes that only read (spatial queries): asked about an area covering both districts. */
const READ_ONLY_POSTS: Record<string, () => unknown[]> = {
  'spatial.within': () =>
    LAYERS.map((layer) => ({
      layer,
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [125.9, 45.3],
            [127.3, 45.3],
            [127.3, 46.2],
            [125.9, 46.2],
            [125.9, 45.3],
          ],
        ],
      },
      page_size: 500,
    })),
};

/** An import of two features in the other district: one saying so, one leaving the region to the geometry. */
function intrudingFeatures(properties: Record<string, unknown>) {
  const feature = (extra: Record<string, unknown>, dx: number) => ({
    type: 'Feature',
    properties: { ...properties, ...extra },
    geometry: squareAround([otherPlace[0] + dx, otherPlace[1]], 50),
  });
  return {
    type: 'FeatureCollection',
    features: [feature({ region_code: OTHER_DISTRICT }, 0), feature({}, 0.002)],
  };
}

const bodyFor = (routeId: string): unknown => {
  const body = VALID_BODIES[routeId];
  return typeof body === 'function' ? (body as () => unknown)() : body;
};

/** Every region_code value anywhere in a JSON document. */
function regionCodesIn(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v) => regionCodesIn(v, found));
  else if (value && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) {
      if (key === 'region_code' && typeof v === 'string') found.push(v);
      else regionCodesIn(v, found);
    }
  }
  return found;
}

let client: ApiClient;

beforeAll(async () => {
  const [user] = await t
    .db('staff_users')
    .insert({
      username: 'nangang_all_roles',
      display_name: '南岗区全角色测试员',
      region_code: `${MY_DISTRICT}000000`,
      password_hash: await hashPassword(DEMO_PASSWORD),
    })
    .returning('id');
  await t.db('staff_user_roles').insert(ROLES.map((role_code) => ({ user_id: user.id, role_code })));
  client = await t.as('nangang_all_roles');
  // Business records to attack in the other district and to be listed in the caller's own.
  otherPlace = await interiorOf(t.db, OTHER_DISTRICT);
  other = await insertHousingSet(t.db, OTHER_DISTRICT, otherPlace, 'daoli');
  const mine = await insertHousingSet(t.db, MY_DISTRICT, await interiorOf(t.db, MY_DISTRICT), 'nangang');
  // A notice batch with a report on each side: to attack, and to be listed.
  await insertNoticeRecords(t.db, other.household, 'daoli');
  await insertNoticeRecords(t.db, mine.household, 'nangang');
  // An electronic archive file of the other district's household (its bytes are never reached).
  const owner = await t
    .db('households')
    .where({ id: other.household })
    .first('application_no', 'registration_year', 'region_code');
  await t.db('archive_files').insert({
    household_id: other.household,
    ...owner,
    archive_type: '01',
    name: 'daoli.pdf',
    content_sha256: '0'.repeat(64),
    media_type: 'application/pdf',
    size_bytes: 1,
  });
  // Rules: a draft with one item of every kind in the other district; an enabled set in the caller's.
  const thisYear = `${new Date().getFullYear()}-01-01`;
  await t.db.transaction(async (trx) => {
    await insertRuleSet(trx, minimalRuleSet('DAOLI', OTHER_DISTRICT, thisYear));
    await insertRuleSet(trx, minimalRuleSet('DAOLI-ON', OTHER_DISTRICT, thisYear), { enable: true });
    await insertRuleSet(trx, minimalRuleSet('NANGANG', MY_DISTRICT, thisYear), { enable: true });
  });
  // A registry entry and supplier applications on each side (server/registration/fixtures.ts).
  for (const district of [OTHER_DISTRICT, MY_DISTRICT]) await insertRegistrationRecords(t.db, district);
  // Workflow: an instance with a completed and an open, overdue task on each side (server/workflow/fixtures.ts).
  for (const district of [OTHER_DISTRICT, MY_DISTRICT]) await insertWorkflowSet(t.db, district);
  // Allocation and deployment (issue 7): each subsystem's own records on each side.
  for (const fixture of FIXTURES)
    for (const district of [OTHER_DISTRICT, MY_DISTRICT]) await fixture.insert(t.db, district);
});

/** The other district's record a `:id` (or `:code`) route is pointed at, and its key to compare before/after. */
async function target(table: string): Promise<{ key: Record<string, unknown>; param: string }> {
  if (table === 'regions') return { key: { code: `${OTHER_DISTRICT}000000` }, param: OTHER_DISTRICT };
  const row = await t.db(table).where('region_code', 'like', `${OTHER_DISTRICT}%`).first('id');
  if (!row) throw new Error(`no ${table} row in ${OTHER_DISTRICT} to attack: seed one`);
  return { key: { id: row.id }, param: String(row.id) };
}

/** The answer holds region codes of the caller's district only, and some when it is a list of records. */
function expectOnlyMine(body: any, mustShowOwn: boolean, ancestorsToo = false): void {
  const codes = regionCodesIn(body);
  const above = (code: string) => ancestorsToo && MY_DISTRICT.startsWith(code.replace(/0+$/, ''));
  expect(codes.filter((code) => !code.startsWith(MY_DISTRICT) && !above(code))).toEqual([]);
  if (mustShowOwn && ('items' in body || 'features' in body)) {
    expect(codes.length, 'the list should show the caller its own records').toBeGreaterThan(0);
  }
}

describe('region scope over every registered route', () => {
  it('knows every route', () => {
    const unclassified = routes.filter(
      (r) => !PUBLIC_ROUTES.has(r.id) && !SELF_ROUTES.has(r.id) && r.access === 'public',
    );
    expect(unclassified.map((r) => r.id)).toEqual([]);
    for (const r of routes.filter((r) => PUBLIC_ROUTES.has(r.id))) expect(r.access).toBe('public');
  });

  for (const route of routes.filter((r) => !PUBLIC_ROUTES.has(r.id) && !SELF_ROUTES.has(r.id))) {
    const hasIdParam = /:\w+/.test(route.path);

    if (route.method === 'get' && !hasIdParam) {
      it(`${route.id}: lists nothing outside the caller's district, even when asked for it`, async () => {
        for (const base of LIST_QUERIES[route.id]?.() ?? ['']) {
          for (const query of [base, `${base}${base ? '&' : '?'}region=${OTHER_DISTRICT}`]) {
            const res = await client.get(`${route.path}${query}`);
            expect(res.status, JSON.stringify(res.body)).toBe(200);
            expectOnlyMine(res.body, query === base, ANCESTORS_READABLE.has(route.id));
          }
        }
      });
      continue;
    }

    if (route.id in READ_ONLY_POSTS) {
      it(`${route.id}: finds nothing outside the caller's district and writes nothing`, async () => {
        const logBefore = await t.db('operation_log').count({ n: '*' }).first();
        for (const body of READ_ONLY_POSTS[route.id]!()) {
          const res = await client.request(route.method.toUpperCase(), route.path, body);
          expect(res.status, JSON.stringify(res.body)).toBe(200);
          expectOnlyMine(res.body, true);
        }
        expect(await t.db('operation_log').count({ n: '*' }).first()).toEqual(logBefore);
      });
      continue;
    }

    if (hasIdParam) {
      it(`${route.id}: answers 404 for another district's record and leaves it unchanged`, async () => {
        expect(route.scopedEntity, `${route.id} must declare scopedEntity`).toMatch(/^[a-z_]+$/);
        const { key, param } = await target(route.scopedEntity!);
        const before = await t.db(route.scopedEntity!).where(key).first();
        const path = route.path.replace(/:\w+/, param);
        if (route.method !== 'get')
          expect(route.id in VALID_BODIES, `add a valid body for ${route.id}`).toBe(true);
        const body = bodyFor(route.id);
        const res = Buffer.isBuffer(body)
          ? await client.request('POST', path, undefined, {
              raw: body,
              headers: { 'content-type': route.upload!.types[0]! },
            })
          : await client.request(route.method.toUpperCase(), path, body);
        expect(res.status, JSON.stringify(res.body)).toBe(404);
        expect(JSON.stringify(res.body)).not.toContain(String(before.username ?? before.name ?? '\u0000'));
        expect(await t.db(route.scopedEntity!).where(key).first()).toEqual(before);
      });
      continue;
    }

    if (route.upload) {
      it(`${route.id}: imports nothing into another district, named or found by the geometry`, async () => {
        expect(route.id in VALID_BODIES, `add a valid body for ${route.id}`).toBe(true);
        const logBefore = await t.db('operation_log').count({ n: '*' }).first();
        const res = await client.request('POST', `${route.path}?partial=true`, bodyFor(route.id));
        expect(res.status, JSON.stringify(res.body)).toBe(200);
        expect(res.body.created).toEqual([]);
        const paths = res.body.rejected.map((r: { errors: { path: string }[] }) =>
          r.errors.map((e) => e.path),
        );
        expect(paths).toEqual([['properties.region_code'], ['properties.行政区划代码']]);
        expect(await t.db('operation_log').count({ n: '*' }).first()).toEqual(logBefore);
      });
      continue;
    }

    it(`${route.id}: cannot create a record in another district`, async () => {
      expect(route.id in VALID_BODIES, `add a valid body for ${route.id}`).toBe(true);
      const logBefore = await t.db('operation_log').count({ n: '*' }).first();
      const res = await client.request(route.method.toUpperCase(), route.path, bodyFor(route.id));
      expect(res.status).toBe(400);
      expect(res.body.errors.map((e: { path: string }) => e.path)).toContain('body.region_code');
      expect(await t.db('operation_log').count({ n: '*' }).first()).toEqual(logBefore);
    });
  }
});
