/**
 * Subsidies (A.7.5–A.7.7) against the real server and database: a month's dues generated twice (and twice at
 * once) exist once; payments once per due, a shortfall only with its reason, posted to the ledger; batch pay;
 * vouchers as real PDFs that mark the dues printed; fund plans of approved suppliers feed the dues; names masked
 * without personal_data.read.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestServer, type ApiClient } from '../test/harness.ts';
import { insertPublishedPlan } from '../allocation/fixtures.ts';
import { pdfText } from '../documents/fixtures.ts';

const t = useTestServer();
const DISTRICT = '230103';
let caseworker: ApiClient;
let officer: ApiClient;

const count = async (where: Record<string, unknown>) =>
  Number((await t.db('subsidy_dues').where(where).count({ n: '*' }).first())!.n);

beforeAll(async () => {
  caseworker = await t.as('nangang_caseworker');
  officer = await t.as('nangang_fund_officer');
  const plan = await insertPublishedPlan(t.db, DISTRICT, { households: 3, kind: 'subsidy', tag: 'SB1' });
  const rows = await t
    .db('allocation_plan_households')
    .where({ plan_id: plan.plan })
    .orderBy('id')
    .select('id');
  for (const ph of rows) {
    const res = await caseworker.post('/api/contracts', {
      contract_type: 'subsidy',
      plan_household_id: ph.id,
      subsidy_method: 'bank',
      starts_on: '2026-01-01',
      term_months: 36,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    await caseworker.post(`/api/contracts/${res.body.id}/sign`, {});
    await caseworker.post(`/api/contracts/${res.body.id}/effective`, {});
  }
});

describe('monthly dues', () => {
  it('generates a month once: running it again creates nothing', async () => {
    const first = await officer.post('/api/subsidies/dues/generate', { year: 2026, month: 6 });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body).toMatchObject({ created: 3, total: 3 });
    const again = await officer.post('/api/subsidies/dues/generate', { year: 2026, month: 6 });
    expect(again.body).toMatchObject({ created: 0, total: 3 });
    const due = await t.db('subsidy_dues').where({ subsidy_year: 2026, subsidy_month: 6 }).first();
    expect(due).toMatchObject({
      object_type: 'household',
      amount: '600.00',
      standard_amount: '600.00',
      is_printed: false,
    });
    expect(due.due_no).toBe(`YF202606-${due.object_no}-P`);
  });

  it('two generations of the same month at once create each due once', async () => {
    const body = { year: 2026, month: 7 };
    const [a, b] = await Promise.all([
      officer.post('/api/subsidies/dues/generate', body),
      officer.post('/api/subsidies/dues/generate', body),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(a.body.created + b.body.created).toBe(3);
    expect(await count({ subsidy_year: 2026, subsidy_month: 7 })).toBe(3);
  });

  it('is not due outside the contract term, and refuses a bad month at its field', async () => {
    expect((await officer.post('/api/subsidies/dues/generate', { year: 2025, month: 12 })).body.created).toBe(
      0,
    );
    const bad = await officer.post('/api/subsidies/dues/generate', { year: 2026, month: 13 });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('body.month');
  });

  it('masks household names for readers without personal_data.read', async () => {
    const masked = (await officer.get('/api/subsidies/dues?year=2026&month=6')).body.items[0];
    expect(masked.object_name).toMatch(/^.\*+$/);
    const plain = (await caseworker.get('/api/subsidies/dues?year=2026&month=6')).body.items[0];
    expect(plain.object_name).toMatch(/^轮候户/);
  });
});

describe('payments', () => {
  let dueIds: number[];
  beforeAll(async () => {
    dueIds = (
      await t.db('subsidy_dues').where({ subsidy_year: 2026, subsidy_month: 6 }).orderBy('id').select('id')
    ).map((r) => Number(r.id));
  });

  it('a shortfall needs its reason and cannot exceed the due', async () => {
    const noReason = await officer.post(`/api/subsidies/dues/${dueIds[0]}/pay`, {
      method: 'bank',
      shortfall: '100',
    });
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors[0].path).toBe('body.shortfall_reason');
    const tooMuch = await officer.post(`/api/subsidies/dues/${dueIds[0]}/pay`, {
      method: 'bank',
      shortfall: '700',
      shortfall_reason: '超额',
    });
    expect(tooMuch.status).toBe(400);
    expect(tooMuch.body.errors[0].path).toBe('body.shortfall');
    expect(await t.db('subsidy_payments').where({ due_id: dueIds[0] }).first()).toBeUndefined();
  });

  it('pays short with a reason, once, and posts funds out to the ledger', async () => {
    const res = await officer.post(`/api/subsidies/dues/${dueIds[0]}/pay`, {
      method: 'cash',
      shortfall: '100.50',
      shortfall_reason: '当月入住不足整月',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({
      status: 'short',
      shortfall: '100.50',
      paid_amount: '499.50',
      method: 'cash',
    });
    expect(res.body.payment_no).toMatch(/^SF\d{6}\d{8}$/);
    const twice = await officer.post(`/api/subsidies/dues/${dueIds[0]}/pay`, { method: 'bank' });
    expect(twice.status).toBe(409);
    const entry = await t
      .db('security_ledger_entries')
      .where({ source: 'subsidy_payment', source_id: res.body.id })
      .first();
    expect(entry).toMatchObject({ resource_type: 'funds', direction: 'out', amount: '499.50' });
    // The database refuses a shortfall without its reason, whatever the application does.
    await expect(
      t.db('subsidy_payments').insert({
        due_id: dueIds[1],
        due_no: 'x',
        due_amount: '600.00',
        status: 'short',
        shortfall: 1,
        method: 'bank',
        region_code: res.body.region_code,
      }),
    ).rejects.toMatchObject({ constraint: 'subsidy_payments_reason' });
  });

  it('pays the rest of a month in one batch, and never twice', async () => {
    const batch = await officer.post('/api/subsidies/payments/batch', {
      year: 2026,
      month: 6,
      method: 'bank',
    });
    expect(batch.body).toEqual({ paid: 2, amount: '1200.00' });
    const again = await officer.post('/api/subsidies/payments/batch', {
      year: 2026,
      month: 6,
      method: 'bank',
    });
    expect(again.body).toEqual({ paid: 0, amount: '0.00' });
    const list = await officer.get('/api/subsidies/payments?year=2026&month=6');
    expect(list.body.total).toBe(3);
    expect((await officer.get('/api/subsidies/dues?year=2026&month=6&paid=false')).body.total).toBe(0);
  });
});

describe('vouchers', () => {
  it('prints a month as a real PDF and marks its dues printed', async () => {
    const res = await officer.request(
      'POST',
      '/api/subsidies/dues/vouchers',
      { year: 2026, month: 6 },
      { binary: true },
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const text = await pdfText(res.body as Buffer);
    expect(text).toContain('住房保障补贴发放单据');
    expect(text).toContain('2026年6月');
    expect(await count({ subsidy_year: 2026, subsidy_month: 6, is_printed: false })).toBe(0);
    const one = await t.db('subsidy_dues').where({ subsidy_year: 2026, subsidy_month: 7 }).first('id');
    const single = await officer.request('POST', `/api/subsidies/dues/${one.id}/voucher`, undefined, {
      binary: true,
    });
    expect(single.status).toBe(200);
    expect((await t.db('subsidy_dues').where({ id: one.id }).first()).is_printed).toBe(true);
    const none = await officer.post('/api/subsidies/dues/vouchers', { year: 2020, month: 1 });
    expect(none.status).toBe(409);
  });
});

describe('fund disbursement plans', () => {
  it('feed the dues of their periods with instalments that add up to the total', async () => {
    const approval = await t
      .db('supplier_unit_approvals')
      .where('region_code', 'like', `${DISTRICT}%`)
      .first('id');
    const id =
      approval?.id ??
      (
        await t.db.raw(
          `INSERT INTO supplier_unit_approvals (unit_no, unit_name, project_id, project_no, project_name,
             support_project_code, support_mode_code, rule_version_id, requested_amount, region_code)
           SELECT 'U-' || p.project_no, '测试供给单位', p.id, p.project_no, p.proposed_name, 'SP', 'SP-MODE',
                  (SELECT min(id) FROM rule_versions), 2000, p.region_code
             FROM projects p WHERE p.region_code LIKE '${DISTRICT}%' ORDER BY p.id LIMIT 1 RETURNING id`,
        )
      ).rows[0].id;
    const body = {
      supplier_kind: 'unit',
      approval_id: id,
      total_amount: '1000.00',
      period_type: 'quarter',
      cycles: 3,
      starts_on: '2026-01-15',
    };
    const pending = await officer.post('/api/subsidies/fund-plans', body);
    expect(pending.status).toBe(409);
    await t.db('supplier_unit_approvals').where({ id }).update({
      status: 'approved',
      approved_amount: 1500,
      reviewed_at: t.db.fn.now(),
      reviewing_unit: '南岗区',
    });
    const over = await officer.post('/api/subsidies/fund-plans', { ...body, total_amount: '2000' });
    expect(over.body.errors[0].path).toBe('body.total_amount');
    const created = await officer.post('/api/subsidies/fund-plans', body);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.plan_no).toMatch(/^BF\d{10}$/);

    const amounts: string[] = [];
    for (const month of [1, 2, 4, 7, 10]) {
      await officer.post('/api/subsidies/dues/generate', { year: 2026, month });
      const due = await t
        .db('subsidy_dues')
        .where({ fund_plan_id: created.body.id, subsidy_month: month })
        .first();
      if (due) amounts.push(due.amount);
    }
    expect(amounts).toEqual(['333.33', '333.33', '333.34']);
    const locked = await officer.patch(`/api/subsidies/fund-plans/${created.body.id}`, { cycles: 5 });
    expect(locked.status).toBe(409);
    const cancelled = await officer.patch(`/api/subsidies/fund-plans/${created.body.id}`, {
      status: 'cancelled',
    });
    expect(cancelled.body.status).toBe('cancelled');
    expect((await officer.delete(`/api/subsidies/fund-plans/${created.body.id}`)).status).toBe(409);
  });
});
