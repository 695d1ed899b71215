import { beforeAll, describe, expect, it } from 'vitest';
import { useTestServer, type ApiClient } from '../test/harness.ts';
import { residentIdCheckChar } from '../shared/validators.ts';
import { clearHousingData, communityIn, interiorOf, type Position } from '../spatial/fixtures.ts';

const t = useTestServer();

const residentId = (first17: string) => `${first17}${residentIdCheckChar(first17)}`;
const wrongCheckDigit = (id: string) => `${id.slice(0, 17)}${id.endsWith('0') ? '1' : '0'}`;

let caseworker: ApiClient;
let community: Awaited<ReturnType<typeof communityIn>>;
let serial = 0;

const householdBody = (extra: Record<string, unknown> = {}) => {
  serial += 1;
  return {
    application_no: `SQ-2026-${String(serial).padStart(4, '0')}`,
    registration_year: 2026,
    applicant_name: '王小明',
    id_number: residentId(`23010319850612${String(100 + serial)}`),
    phone: '13945678901',
    household_size: 3,
    per_capita_income: '18000.00',
    total_income: '54000.00',
    hukou_district: community.district,
    hukou_street: community.street,
    hukou_community: community.name,
    hukou_road: '测试路',
    hukou_house_no: `${serial}号`,
    hukou_room: '301',
    ...extra,
  };
};

const count = async (table: string) => Number((await t.db(table).count({ n: '*' }).first())!.n);

async function insideCommunity(householdId: number, code: string): Promise<boolean> {
  const { rows } = await t.db.raw(
    'SELECT ST_Covers(r.boundary, h.geom) AS inside FROM households h, regions r WHERE h.id = ? AND r.code = ?',
    [householdId, code],
  );
  return rows[0].inside as boolean;
}

beforeAll(async () => {
  await clearHousingData(t.db);
  caseworker = await t.as('nangang_caseworker');
  community = await communityIn(t.db, '230103');
});

describe('households', () => {
  it('registers a household located from its 户籍 names inside the named community', async () => {
    const res = await caseworker.post('/api/households', householdBody());
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({
      region_code: community.code,
      geocode_quality: 'community',
      id_type: '111',
      waiting_status: 'applied',
      applicant_name: '王小明',
      per_capita_income: '18000.00',
      personal_data_masked: false,
      geometry: { type: 'Point' },
    });
    expect(await insideCommunity(res.body.id, community.code)).toBe(true);
    // the same address lands on the same spot
    const again = await caseworker.post('/api/households', {
      ...householdBody(),
      hukou_house_no: res.body.hukou_house_no,
    });
    expect(again.body.geometry).toEqual(res.body.geometry);
  });

  it('refuses a wrong resident ID check digit at body.id_number and writes nothing', async () => {
    const body = householdBody();
    const wrong = wrongCheckDigit(body.id_number);
    const [households, log] = [await count('households'), await count('operation_log')];
    const res = await caseworker.post('/api/households', { ...body, id_number: wrong });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ path: 'body.id_number', message: '公民身份号码校验码错误' }]);
    expect([await count('households'), await count('operation_log')]).toEqual([households, log]);
  });

  it('checks ID numbers only for resident ID cards, upper-cases x, and checks coded fields and phones', async () => {
    const passport = await caseworker.post(
      '/api/households',
      householdBody({ id_type: '414', id_number: 'E12345678' }),
    );
    expect(passport.status).toBe(201);
    const x = residentId('23010319900101005');
    if (x.endsWith('X')) {
      const lower = await caseworker.post('/api/households', householdBody({ id_number: x.toLowerCase() }));
      expect(lower.body.id_number).toBe(x);
    }
    const badType = await caseworker.post('/api/households', householdBody({ id_type: '999' }));
    expect(badType.body.errors[0].path).toBe('body.id_type');
    const badPhone = await caseworker.post('/api/households', householdBody({ phone: '12345' }));
    expect(badPhone.body.errors[0].path).toBe('body.phone');
    const agent = await caseworker.post(
      '/api/households',
      householdBody({
        agent_id_type: '111',
        agent_id_number: wrongCheckDigit(residentId('23010319850612123')),
      }),
    );
    expect(agent.status).toBe(400);
    expect(agent.body.errors[0].path).toBe('body.agent_id_number');
  });

  it('masks personal data for a supervisor and hides households from planners and leaders', async () => {
    const created = await caseworker.post(
      '/api/households',
      householdBody({ agent_name: '李四', agent_phone: '13811112222' }),
    );
    const supervisor = await t.as('nangang_supervisor');
    const seen = await supervisor.get(`/api/households/${created.body.id}`);
    expect(seen.status).toBe(200);
    expect(seen.body).toMatchObject({
      applicant_name: '王**',
      id_number: `${created.body.id_number.slice(0, 4)}**********${created.body.id_number.slice(-4)}`,
      phone: '139****8901',
      agent_name: '李*',
      agent_phone: '138****2222',
      per_capita_income: null,
      total_income: null,
      hukou_room: null,
      personal_data_masked: true,
    });
    const listed = await supervisor.get(`/api/households?q=${created.body.application_no}&format=geojson`);
    expect(listed.body.features[0].properties.applicant_name).toBe('王**');
    // a masked reader cannot confirm who applied by searching for a name or an ID number
    expect((await supervisor.get(`/api/households?q=${encodeURIComponent('王小明')}`)).body.total).toBe(0);
    expect((await supervisor.get(`/api/households?q=${created.body.id_number}`)).body.total).toBe(0);
    expect((await caseworker.get(`/api/households?q=${created.body.id_number}`)).body.total).toBe(1);

    expect((await (await t.as('nangang_planner')).get('/api/households')).status).toBe(403);
    expect((await (await t.as('hrb_leader')).get(`/api/households/${created.body.id}`)).status).toBe(403);
  });

  it('takes a manual point inside the caller’s district and refuses one outside', async () => {
    const at: Position = await interiorOf(t.db, community.code);
    const manual = await caseworker.post(
      '/api/households',
      householdBody({ geometry: { type: 'Point', coordinates: at } }),
    );
    expect(manual.status).toBe(201);
    expect(manual.body).toMatchObject({ geocode_quality: 'manual', region_code: community.code });
    const daoli = await interiorOf(t.db, '230102');
    const outside = await caseworker.post(
      '/api/households',
      householdBody({ geometry: { type: 'Point', coordinates: daoli } }),
    );
    expect(outside.status).toBe(400);
    expect(outside.body.errors[0]).toMatchObject({
      path: 'body.geometry',
      message: expect.stringContaining('道里区'),
    });
    const foreign = await caseworker.post('/api/households', householdBody({ region_code: '230102' }));
    expect(foreign.body.errors[0].path).toBe('body.region_code');
  });

  it('relocates on an address change and withdraws, but not once housed', async () => {
    const created = await caseworker.post('/api/households', householdBody());
    const { rows } = await t.db.raw(
      `SELECT c.code, c.name FROM regions c WHERE c.level = 5 AND c.parent_code = (
         SELECT parent_code FROM regions WHERE code = ?) AND c.code <> ? ORDER BY code LIMIT 1`,
      [community.code, community.code],
    );
    const moved = await caseworker.patch(`/api/households/${created.body.id}`, {
      hukou_community: rows[0].name,
    });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(moved.body.region_code).toBe(rows[0].code);
    expect(await insideCommunity(created.body.id, rows[0].code)).toBe(true);

    const withdrawn = await caseworker.delete(`/api/households/${created.body.id}`);
    expect(withdrawn.body.waiting_status).toBe('withdrawn');

    const housed = await caseworker.post('/api/households', householdBody({ waiting_status: 'allocated' }));
    expect((await caseworker.delete(`/api/households/${housed.body.id}`)).status).toBe(409);
  });

  it('names the address field it cannot place', async () => {
    const res = await caseworker.post('/api/households', householdBody({ hukou_community: '不存在社区' }));
    expect(res.status).toBe(400);
    expect(res.body.errors[0].path).toBe('body.hukou_community');
  });

  it('takes 户口年限, 残疾类别 and 残疾等级, shows them, and masks the disability without personal_data.read', async () => {
    const created = await caseworker.post(
      '/api/households',
      householdBody({ hukou_years: 3.5, disability_category: '4', disability_grade: 2 }),
    );
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ hukou_years: 3.5, disability_category: '4', disability_grade: 2 });
    const stored = await t.db('households').where({ id: created.body.id }).first();
    expect([Number(stored.hukou_years), stored.disability_category, stored.disability_grade]).toEqual([
      3.5,
      '4',
      2,
    ]);

    const patched = await caseworker.patch(`/api/households/${created.body.id}`, {
      hukou_years: 12,
      disability_category: '7',
    });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    expect(patched.body).toMatchObject({ hukou_years: 12, disability_category: '7', disability_grade: 2 });
    const cleared = await caseworker.patch(`/api/households/${created.body.id}`, {
      disability_category: null,
      disability_grade: null,
    });
    expect(cleared.body).toMatchObject({ disability_category: null, disability_grade: null });
    await caseworker.patch(`/api/households/${created.body.id}`, {
      disability_category: '1',
      disability_grade: 1,
    });

    // Health data goes the way of incomes for a reader without personal_data.read; 户口年限 stays.
    const seen = await (await t.as('nangang_supervisor')).get(`/api/households/${created.body.id}`);
    expect(seen.body).toMatchObject({
      hukou_years: 12,
      disability_category: null,
      disability_grade: null,
      personal_data_masked: true,
    });
  });

  it('refuses bad 户口年限 and disability values at their fields and writes nothing', async () => {
    const [households, log] = [await count('households'), await count('operation_log')];
    const cases: [Record<string, unknown>, string][] = [
      [{ hukou_years: -1 }, 'body.hukou_years'],
      [{ hukou_years: 3.55 }, 'body.hukou_years'],
      [{ hukou_years: 200 }, 'body.hukou_years'],
      [{ disability_category: '8', disability_grade: 1 }, 'body.disability_category'],
      [{ disability_category: '1', disability_grade: 5 }, 'body.disability_grade'],
      [{ disability_category: '1', disability_grade: 1.5 }, 'body.disability_grade'],
      [{ disability_category: '2' }, 'body.disability_grade'],
      [{ disability_grade: 3 }, 'body.disability_category'],
      [{ disability_category: '0', disability_grade: 0 }, 'body.disability_category,body.disability_grade'],
    ];
    for (const [extra, path] of cases) {
      const res = await caseworker.post('/api/households', householdBody(extra));
      expect(res.status, JSON.stringify(extra)).toBe(400);
      expect(
        res.body.errors.map((e: { path: string }) => e.path),
        JSON.stringify(extra),
      ).toEqual(path.split(','));
    }
    expect([await count('households'), await count('operation_log')]).toEqual([households, log]);

    // Both are checked against their code lists (GB/T 26341-2010), as every other coded field is.
    const unknown = await caseworker.post(
      '/api/households',
      householdBody({ disability_category: '8', disability_grade: 5 }),
    );
    expect(unknown.body.errors).toEqual([
      { path: 'body.disability_category', message: '代码 8 不在代码表 disability_category 中' },
      { path: 'body.disability_grade', message: '代码 5 不在代码表 disability_grade 中' },
    ]);

    // A PATCH is checked against the record as it will be: clearing only the grade leaves a category alone.
    const created = await caseworker.post(
      '/api/households',
      householdBody({ disability_category: '4', disability_grade: 2 }),
    );
    const half = await caseworker.patch(`/api/households/${created.body.id}`, { disability_grade: null });
    expect(half.status).toBe(400);
    expect(half.body.errors).toEqual([
      { path: 'body.disability_grade', message: '已填写残疾类别，须同时填写残疾等级' },
    ]);
    expect((await t.db('households').where({ id: created.body.id }).first()).disability_grade).toBe(2);
  });
});
