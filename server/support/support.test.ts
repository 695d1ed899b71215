/**
 * The support side through the API against a real database: ledgers that reconcile (期末 = 期初 + 增加 − 减少, the
 * next period's 期初 = the previous 期末, closed books), land supplies posting their land-out entry and returning
 * the parcel on deletion, plan totals from approved supplier applications, and bad input at its field paths.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestServer, type ApiClient } from '../test/harness.ts';
import { seedRules } from '../rules/seed.ts';
import { insertHousingSet, interiorOf, offset } from '../spatial/fixtures.ts';

const t = useTestServer();

let planner: ApiClient; // 南岗区规划员: support.manage
let officer: ApiClient; // 南岗区资金管理员: support.manage + suppliers.manage
const year = new Date().getFullYear() - 1; // a past year: its periods have ended and may be closed
const PROJECT = 'SP-PEIJIAN';
const count = async (table: string) => Number((await t.db(table).count({ n: '*' }).first())!.n);
const paths = (body: { errors?: { path: string }[] }) => (body.errors ?? []).map((e) => e.path);

const entry = (extra: Record<string, unknown>) => ({
  project_code: PROJECT,
  resource_type: 'funds',
  direction: 'in',
  batch_no: 'PC-001',
  handed_by: '市财政局',
  received_by: '市住房保障中心',
  ...extra,
});

beforeAll(async () => {
  await seedRules(t.db);
  planner = await t.as('nangang_planner');
  officer = await t.as('nangang_fund_officer');
});

describe('support ledgers (A.6.3, A.6.4)', () => {
  it('closes periods from their entries: closing = opening + in − out, opening = the previous closing', async () => {
    const posts = [
      entry({ amount: '1000.50', received_on: `${year}-08-03` }),
      entry({ resource_type: 'land', land_area: 5000, received_on: `${year}-08-20`, note: '收储土地' }),
      entry({ direction: 'out', amount: '200.25', received_on: `${year}-09-10` }),
      entry({ resource_type: 'land', direction: 'out', land_area: 1200.5, received_on: `${year}-09-11` }),
      entry({ amount: '300', received_on: `${year}-10-01` }),
    ];
    for (const body of posts) {
      const res = await officer.post('/api/support/entries', body);
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      expect(res.body).toMatchObject({ ledger_class: 'support', project_code: PROJECT, source: 'manual' });
      expect(res.body.entry_no).toMatch(new RegExp(`^ZMX-${year}-\\d{8}$`));
    }
    const close = (period: string, extra = {}) =>
      officer.post('/api/support/ledgers', { project_code: PROJECT, period_type: 'month', period, ...extra });

    const aug = await close(`${year}-08`);
    expect(aug.status, JSON.stringify(aug.body)).toBe(201);
    expect(aug.body).toMatchObject({
      opening_funds: '0.00',
      funds_in: '1000.50',
      funds_out: '0.00',
      closing_funds: '1000.50',
      opening_land: 0,
      land_in: 5000,
      closing_land: 5000,
      entry_count: 2,
      direction: 'in',
      region_code: '230103000000',
      period_start: `${year}-08-01`,
      period_end: `${year}-08-31`,
      dry_run: false,
    });

    // A gap in the chain is refused: September must be closed before October.
    expect((await close(`${year}-10`)).status).toBe(409);
    const sep = await close(`${year}-09`);
    expect(sep.status, JSON.stringify(sep.body)).toBe(201);
    expect(sep.body).toMatchObject({
      opening_funds: aug.body.closing_funds,
      funds_out: '200.25',
      closing_funds: '800.25',
      opening_land: aug.body.closing_land,
      land_out: 1200.5,
      closing_land: 3799.5,
      direction: 'out',
    });
    const oct = await close(`${year}-10`);
    expect(oct.body).toMatchObject({ opening_funds: '800.25', funds_in: '300.00', closing_funds: '1100.25' });

    // Closing again is a conflict; the ledger is what the database says.
    expect((await close(`${year}-09`)).status).toBe(409);
    const rows = await t.db('support_ledgers').where({ project_code: PROJECT }).orderBy('period_start');
    for (const row of rows)
      expect(Number(row.closing_funds)).toBeCloseTo(
        Number(row.opening_funds) + Number(row.funds_in) - Number(row.funds_out),
        2,
      );

    const rec = await officer.get(`/api/support/ledgers/${sep.body.id}/reconciliation`);
    expect(rec.status).toBe(200);
    expect(rec.body.balanced, JSON.stringify(rec.body.checks)).toBe(true);
    expect(rec.body.previous).toMatchObject({ period: `${year}-08`, closing_funds: '1000.50' });
    expect(rec.body.checks.length).toBeGreaterThanOrEqual(12);

    // A quarter closes over the same entries, independently of the months.
    const q3 = await close(`${year}Q3`, { period_type: 'quarter' });
    expect(q3.body).toMatchObject({ funds_in: '1000.50', funds_out: '200.25', closing_funds: '800.25' });
  });

  it('keeps closed books closed: no entry dated in them, no change to a ledger or an entry', async () => {
    const late = await officer.post(
      '/api/support/entries',
      entry({ amount: '5', received_on: `${year}-09-30` }),
    );
    expect(late.status).toBe(400);
    expect(paths(late.body)).toEqual(['body.received_on']);
    // The database refuses it too, whoever asks.
    await expect(
      t.db.raw(
        `SELECT support_ledger_post(p_region_code => '230103000000', p_project_code => ?,
        p_resource_type => 'funds', p_direction => 'in', p_received_on => ?::date, p_amount => 5)`,
        [PROJECT, `${year}-09-30`],
      ),
    ).rejects.toMatchObject({ code: 'HS409' });
    await expect(t.db('support_ledgers').update({ funds_in: 1 })).rejects.toMatchObject({ code: 'HS409' });
    await expect(t.db('support_ledger_entries').update({ amount: 1 })).rejects.toMatchObject({
      code: 'HS409',
    });
    await expect(t.db('support_ledger_entries').delete()).rejects.toMatchObject({ code: 'HS409' });
    // A ledger whose opening is not the previous closing cannot be written, even directly.
    await expect(
      t.db('support_ledgers').insert({
        ledger_no: 'ZTZ-FORGED',
        project_code: PROJECT,
        opening_funds: 1,
        period_type: 'month',
        period: `${year}-11`,
        period_start: `${year}-11-01`,
        period_end: `${year}-11-30`,
        region_code: '230103000000',
      }),
    ).rejects.toMatchObject({ code: 'HS409' });
  });

  it('previews the current period without writing, and refuses to close a period that has not ended', async () => {
    const now = new Date();
    const month = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}`;
    const before = await count('support_ledgers');
    const body = { project_code: PROJECT, period_type: 'month', period: month };
    const preview = await officer.post('/api/support/ledgers', { ...body, dry_run: true });
    expect(preview.status, JSON.stringify(preview.body)).toBe(201);
    expect(preview.body).toMatchObject({ id: null, dry_run: true, opening_funds: '1100.25' });
    const refused = await officer.post('/api/support/ledgers', body);
    expect(refused.status).toBe(400);
    expect(paths(refused.body)).toEqual(['body.period']);
    expect(await count('support_ledgers')).toBe(before);
  });

  it('names each bad field and writes nothing', async () => {
    const before = await count('support_ledger_entries');
    const cases: [Record<string, unknown>, string[]][] = [
      [entry({ received_on: `${year + 1}-11-02` }), ['body.amount']],
      [entry({ amount: '-3', received_on: `${year + 1}-11-02` }), ['body.amount']],
      [entry({ amount: '3', land_area: 5, received_on: `${year + 1}-11-02` }), ['body.land_area']],
      [entry({ resource_type: 'land', land_area: 0, received_on: `${year + 1}-11-02` }), ['body.land_area']],
      [entry({ amount: '3', received_on: '2026-02-30' }), ['body.received_on']],
      [entry({ amount: '3', received_on: `${year + 1}-11-02`, project_code: 'NOPE' }), ['body.project_code']],
      [entry({ amount: '3', received_on: `${year + 1}-11-02`, region_code: '230102' }), ['body.region_code']],
    ];
    for (const [body, expected] of cases) {
      const res = await officer.post('/api/support/entries', body);
      expect(res.status, JSON.stringify(res.body)).toBe(400);
      expect(paths(res.body)).toEqual(expected);
    }
    const badPeriod = await officer.post('/api/support/ledgers', {
      project_code: PROJECT,
      period_type: 'quarter',
      period: `${year}-10`,
    });
    expect(paths(badPeriod.body)).toEqual(['body.period']);
    expect(await count('support_ledger_entries')).toBe(before);
  });
});

describe('land supply records (A.7.8)', () => {
  let parcel: number;
  let project: number;

  beforeAll(async () => {
    const at = offset(await interiorOf(t.db, '230103'), 0, 0);
    const set = await insertHousingSet(t.db, '230103', at, 'support-land');
    parcel = set.parcel;
    project = set.project;
    await t.db('projects').where({ id: project }).update({ developer: '哈尔滨南岗置业有限公司' });
  });

  const supply = (extra: Record<string, unknown> = {}) => ({
    parcel_id: parcel,
    project_id: project,
    project_code: PROJECT,
    approval_doc_name: '国有建设用地使用权出让合同',
    approval_doc_no: '哈国土出〔2026〕18号',
    approved_on: '2026-05-06',
    acquisition_method: '出让',
    land_value: '12500000.00',
    use_years: 70,
    supplied_on: `${year + 1}-11-02`,
    ...extra,
  });

  it('supplies a parcel: area from the parcel, the parcel marked supplied, a land-out entry in the same write', async () => {
    const area = Number(
      (await t.db('land_parcels').where({ id: parcel }).first('geom_area_m2')).geom_area_m2,
    );
    const res = await planner.post('/api/land-supplies', supply());
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({
      parcel_id: parcel,
      parcel_no: 'P-support-land',
      project_no: 'X-support-land',
      acquisition_method: '出让',
      land_value: '12500000.00',
      use_years: 70,
      received_by: '哈尔滨南岗置业有限公司',
      region_code: expect.stringMatching(/^230103/),
    });
    expect(res.body.land_area).toBeCloseTo(area, 1);
    expect(res.body.record_no).toMatch(/^TDGY\d{10}$/);
    expect(res.body.geometry.type).toBe('MultiPolygon');
    const posted = await t.db('support_ledger_entries').where({ id: res.body.ledger_entry_id }).first();
    expect(posted).toMatchObject({
      resource_type: 'land',
      direction: 'out',
      project_code: PROJECT,
      source: 'land_supply',
      source_id: res.body.id,
      batch_no: res.body.record_no,
    });
    expect(Number(posted.land_area)).toBeCloseTo(area, 1);
    expect((await t.db('land_parcels').where({ id: parcel }).first('status')).status).toBe('supplied');

    const again = await planner.post('/api/land-supplies', supply());
    expect(again.status).toBe(400);
    expect(paths(again.body)).toEqual(['body.parcel_id']);

    const geo = await planner.get('/api/land-supplies?format=geojson');
    expect(geo.headers.get('content-type')).toMatch(/geo\+json/);
    const feature = geo.body.features.find((f: { id: number }) => f.id === res.body.id);
    expect(feature.geometry.type).toBe('MultiPolygon');
    expect(feature.properties.record_no).toBe(res.body.record_no);
  });

  it('corrects the area by reversing and re-posting, and deletion returns the land and the parcel', async () => {
    const [{ id }] = await t.db('land_supplies').where({ parcel_id: parcel }).select('id');
    const net = async () =>
      Number(
        (
          await t
            .db('support_ledger_entries')
            .where({ source_id: id })
            .whereIn('source', ['land_supply', 'land_supply_changed', 'land_supply_cancelled'])
            .first(t.db.raw(`sum(CASE direction WHEN 'in' THEN land_area ELSE -land_area END) AS net`))
        ).net,
      );
    const res = await planner.patch(`/api/land-supplies/${id}`, { land_area: 30000 });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.land_area).toBe(30000);
    expect(await net()).toBeCloseTo(-30000, 2);
    expect((await planner.patch(`/api/land-supplies/${id}`, { land_area: 0 })).status).toBe(400);

    const removed = await planner.delete(`/api/land-supplies/${id}`);
    expect(removed.status, JSON.stringify(removed.body)).toBe(204);
    expect(await net()).toBeCloseTo(0, 2);
    expect((await t.db('land_parcels').where({ id: parcel }).first('status')).status).toBe('reserved');
  });

  it('refuses bad input at its fields and another district’s parcel', async () => {
    const daoli = await t.db('land_parcels').where('region_code', 'like', '230102%').first('id');
    const before = await count('land_supplies');
    const cases: [Record<string, unknown>, string[]][] = [
      [supply({ land_area: 0 }), ['body.land_area']],
      [supply({ land_area: -5 }), ['body.land_area']],
      [supply({ acquisition_method: '抢占' }), ['body.acquisition_method']],
      [supply({ use_years: 80 }), ['body.use_years']],
      [supply({ approved_on: 'yesterday' }), ['body.approved_on']],
      [supply({ parcel_id: daoli.id }), ['body.parcel_id']],
      [supply({ project_code: 'NOPE' }), ['body.project_code']],
      [supply({ supplied_on: `${year}-09-01` }), ['body.supplied_on']],
    ];
    for (const [body, expected] of cases) {
      const res = await planner.post('/api/land-supplies', body);
      expect(res.status, JSON.stringify(res.body)).toBe(400);
      expect(paths(res.body)).toEqual(expected);
    }
    expect(await count('land_supplies')).toBe(before);
  });
});

describe('support plans (A.6.7, A.6.8)', () => {
  const approvals: number[] = [];
  let pending: number;

  beforeAll(async () => {
    const site = await t.db('projects').where('region_code', 'like', '230103%').orderBy('id').first('id');
    const unit = (n: number, requested: string) =>
      officer.post('/api/suppliers/unit-approvals', {
        unit_no: `91230103MA1B2C3D${n}X`,
        unit_name: `南岗供给单位${n}`,
        project_id: site.id,
        support_mode_code: 'SP-PEIJIAN-LAND',
        requested_amount: requested,
      });
    for (const [n, amount] of [
      [1, '500000.00'],
      [2, '300000.00'],
    ] as const) {
      const created = await unit(n, amount);
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      await officer.post(`/api/suppliers/unit-approvals/${created.body.id}/approve`, {
        approved_amount: amount,
      });
      approvals.push(created.body.id);
    }
    pending = (await unit(3, '100000.00')).body.id;
  });

  it('computes 本期支持对象数量, 土地分配总面积 and 补贴总金额 from its objects, and publishes once', async () => {
    const created = await planner.post('/api/support/plans', {
      name: `${year + 1}年配建项目土地配给方案`,
      mode_code: 'SP-PEIJIAN-LAND',
      period_type: 'year',
      period: String(year + 1),
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({
      project_code: 'SP-PEIJIAN',
      object_type: '房地产开发企业',
      status: 'draft',
      total_objects: 0,
    });
    const plan = created.body.id;
    const cands = await planner.get(`/api/support/plans/${plan}/candidates`);
    expect(cands.body.items.map((c: { approval_id: number }) => c.approval_id).sort()).toEqual(
      approvals.sort(),
    );

    const refused = await planner.post(`/api/support/plans/${plan}/objects`, {
      objects: [
        { kind: 'unit', approval_id: approvals[0], land_area: 1000 },
        { kind: 'unit', approval_id: pending },
        { kind: 'unit', approval_id: approvals[1], subsidy_amount: '300000.01' },
      ],
    });
    expect(refused.status).toBe(400);
    expect(paths(refused.body)).toEqual(['body.objects.1.approval_id', 'body.objects.2.subsidy_amount']);

    const added = await planner.post(`/api/support/plans/${plan}/objects`, {
      objects: [
        { kind: 'unit', approval_id: approvals[0], land_area: 1000 },
        { kind: 'unit', approval_id: approvals[1], subsidy_amount: '250000', land_area: 2500.5 },
      ],
    });
    expect(added.status, JSON.stringify(added.body)).toBe(200);
    expect(added.body).toMatchObject({
      total_objects: 2,
      total_land_area: 3500.5,
      total_subsidy: '750000.00',
    });

    // The same approval cannot be promised by a second plan.
    const other = await planner.post('/api/support/plans', {
      name: '重复方案',
      mode_code: 'SP-PEIJIAN-LAND',
      period_type: 'batch',
      period: `${year + 1}-第2批`,
    });
    const twice = await planner.post(`/api/support/plans/${other.body.id}/objects`, {
      objects: [{ kind: 'unit', approval_id: approvals[0] }],
    });
    expect(paths(twice.body)).toEqual(['body.objects.0.approval_id']);

    const [first, second] = added.body.objects as { id: number; subsidy_amount: string }[];
    const withdrawn = await planner.patch(`/api/support/plan-objects/${second!.id}`, { status: 'withdrawn' });
    expect(withdrawn.body.status).toBe('withdrawn');
    expect((await planner.get(`/api/support/plans/${plan}`)).body).toMatchObject({
      total_objects: 1,
      total_land_area: 1000,
      total_subsidy: '500000.00',
    });

    expect(
      (await planner.patch(`/api/support/plan-objects/${first!.id}`, { status: 'allocated' })).status,
    ).toBe(409);
    const published = await planner.post(`/api/support/plans/${plan}/publish`);
    expect(published.status, JSON.stringify(published.body)).toBe(200);
    expect(published.body).toMatchObject({ status: 'published', published_by: 'nangang_planner' });
    expect((await planner.post(`/api/support/plans/${plan}/publish`)).status).toBe(409);
    expect((await planner.patch(`/api/support/plans/${plan}`, { name: '改名' })).status).toBe(409);

    // Allocation (10.2.2 item 1) records 分配时间 and posts the subsidy as funds out of the support ledger.
    const allocated = await planner.patch(`/api/support/plan-objects/${first!.id}`, { status: 'allocated' });
    expect(allocated.status, JSON.stringify(allocated.body)).toBe(200);
    expect(allocated.body.allocated_at).toMatch(/^\d{4}-\d{2}-\d{2}/);
    const out = await t
      .db('support_ledger_entries')
      .where({ source: 'plan_allocation', source_id: first!.id })
      .first();
    expect(out).toMatchObject({
      resource_type: 'funds',
      direction: 'out',
      amount: '500000.00',
      project_code: PROJECT,
    });
    expect(
      (await planner.patch(`/api/support/plan-objects/${first!.id}`, { status: 'allocated' })).status,
    ).toBe(409);
  });

  it('refuses a mode outside the rules and another district at their fields', async () => {
    const before = await count('support_plans');
    const body = { name: '方案', mode_code: 'SP-PEIJIAN-LAND', period_type: 'year', period: '2026' };
    const badMode = await planner.post('/api/support/plans', { ...body, mode_code: 'NOPE' });
    expect(paths(badMode.body)).toEqual(['body.mode_code']);
    const badType = await planner.post('/api/support/plans', { ...body, period_type: 'decade' });
    expect(paths(badType.body)).toEqual(['body.period_type']);
    const elsewhere = await planner.post('/api/support/plans', { ...body, region_code: '230102' });
    expect(paths(elsewhere.body)).toEqual(['body.region_code']);
    expect(await count('support_plans')).toBe(before);
  });
});
