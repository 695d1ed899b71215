/**
 * Contract lifecycle (A.7.3, A.7.4) against the real server and database: drawn up from a reviewed selection or
 * a subsidy plan's household, signed, effective (registry secured, unit occupied), renewed, terminated; refused
 * moves answer 409 naming the state; the PDF is a real PDF with the Chinese title; auto-renewal is idempotent;
 * signatories are masked without personal_data.read; the signed scan goes to the content-addressed archive.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestServer, type ApiClient } from '../test/harness.ts';
import { insertPublishedPlan, type PublishedPlan } from '../allocation/fixtures.ts';
import { pdfText } from '../documents/fixtures.ts';

const t = useTestServer();
const DISTRICT = '230103';
let caseworker: ApiClient;
let officer: ApiClient;
let units: PublishedPlan;

/** An active selection of the plan's i-th household for its i-th unit, reviewed or not. */
async function insertSelection(plan: PublishedPlan, i: number, reviewed: boolean): Promise<number> {
  const h = await t
    .db('households')
    .where({ id: plan.households[i]!.id })
    .first('id', 'application_no', 'registration_year', 'region_code');
  const unit = plan.units.units[i]!;
  const [row] = await t
    .db('unit_selections')
    .insert({
      household_id: h.id,
      application_no: h.application_no,
      registration_year: h.registration_year,
      region_code: h.region_code,
      unit_id: unit.id,
      unit_no: unit.unit_no,
      plan_id: plan.plan,
      is_reviewed: reviewed,
      reviewed_at: reviewed ? t.db.fn.now() : null,
      reviewed_by: reviewed ? 'fixture' : null,
    })
    .returning('id');
  await t.db('housing_units').where({ id: unit.id }).update({ delivery_status: 'allocated' });
  return Number(row.id);
}

const isoDay = (d: Date) => d.toISOString().slice(0, 10);

beforeAll(async () => {
  caseworker = await t.as('nangang_caseworker');
  officer = await t.as('nangang_fund_officer');
  units = await insertPublishedPlan(t.db, DISTRICT, { households: 4, units: 4, tag: 'CT1' });
  await t
    .db('households')
    .where({ id: units.households[0]!.id })
    .update({ agent_name: '李代理', agent_id_number: '230103198001011234' });
  // A registry entry for the first household: made secured when its contract takes effect.
  const h = await t.db('households').where({ id: units.households[0]!.id }).first();
  await t.db('registry_book').insert({
    household_id: h.id,
    application_no: h.application_no,
    registration_year: h.registration_year,
    region_code: h.region_code,
    applicant_name: h.applicant_name,
    id_type: '111',
    id_number: h.id_number,
    household_size: h.household_size,
    in_shanty_area: false,
    is_minimum_living: false,
    applied_at: t.db.fn.now(),
  });
});

describe('rental contract lifecycle', () => {
  let id: number;
  let selection: number;

  it('is drawn up only from a reviewed, active selection, with the household as signatory', async () => {
    const unreviewed = await insertSelection(units, 1, false);
    const refused = await caseworker.post('/api/contracts', {
      contract_type: 'rental',
      selection_id: unreviewed,
    });
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toContain('尚未审核');

    selection = await insertSelection(units, 0, true);
    const res = await caseworker.post('/api/contracts', {
      contract_type: 'rental',
      selection_id: selection,
      starts_on: '2026-12-01',
      auto_renew: true,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    id = res.body.id;
    expect(res.body).toMatchObject({
      status: 'draft',
      contract_type: 'rental',
      unit_no: units.units.units[0]!.unit_no,
      rent_monthly: '400.00',
      term_months: 36,
      starts_on: '2026-12-01',
      ends_on: '2029-11-30',
      agent_name: '李代理',
      agent_id_number: '230103198001011234',
      personal_data_masked: false,
    });
    expect(res.body.contract_no).toMatch(/^HTZ\d{10}$/);
    expect(res.body.signatory_id_number).toMatch(/^\d{17}[\dX]$/);

    const again = await caseworker.post('/api/contracts', {
      contract_type: 'rental',
      selection_id: selection,
    });
    expect(again.status).toBe(409);
  });

  it('refuses moves out of order with 409 naming the current state', async () => {
    for (const action of ['effective', 'renew']) {
      const res = await caseworker.post(`/api/contracts/${id}/${action}`, {});
      expect(res.status).toBe(409);
      expect(res.body.detail).toContain('draft');
    }
    expect((await caseworker.post(`/api/contracts/${id}/terminate`, {})).body.errors[0].path).toBe(
      'body.reason',
    );
  });

  it('is signed, then effective: the household is secured and the unit occupied', async () => {
    const signed = await caseworker.post(`/api/contracts/${id}/sign`, {});
    expect(signed.status).toBe(200);
    expect(signed.body.status).toBe('signed');
    expect(signed.body.signed_at).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect((await caseworker.post(`/api/contracts/${id}/sign`, {})).status).toBe(409);

    const effective = await caseworker.post(`/api/contracts/${id}/effective`, {});
    expect(effective.status).toBe(200);
    expect(effective.body.status).toBe('effective');
    const registry = await t.db('registry_book').where({ household_id: units.households[0]!.id }).first();
    expect(registry).toMatchObject({ security_status: 'secured', implemented_mode: '20' });
    expect(registry.implemented_at).toBeInstanceOf(Date);
    const unit = await t.db('housing_units').where({ id: units.units.units[0]!.id }).first('delivery_status');
    expect(unit.delivery_status).toBe('occupied');
  });

  it('is printed as a real PDF with the Chinese title and number', async () => {
    const res = await caseworker.request('GET', `/api/contracts/${id}/pdf`, undefined, { binary: true });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const text = await pdfText(res.body as Buffer);
    expect(text).toContain('保障性住房租赁合同');
    const contract = (await caseworker.get(`/api/contracts/${id}`)).body;
    expect(text).toContain(contract.contract_no);
    expect(text).toContain('李代理');
  });

  it('is renewed by a new effective contract from the day after it ends; the old one is renewed', async () => {
    const res = await caseworker.post(`/api/contracts/${id}/renew`, { term_months: 24 });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({
      status: 'effective',
      renewal_of: id,
      starts_on: '2029-12-01',
      ends_on: '2031-11-30',
      term_months: 24,
    });
    const old = (await caseworker.get(`/api/contracts/${id}`)).body;
    expect(old).toMatchObject({ status: 'renewed', renewed_by: res.body.id });
    expect(old.expired_at).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect((await caseworker.post(`/api/contracts/${id}/renew`, {})).status).toBe(409);

    const ended = await caseworker.post(`/api/contracts/${res.body.id}/terminate`, {
      reason: '承租人主动退租',
    });
    expect(ended.body).toMatchObject({ status: 'terminated', termination_reason: '承租人主动退租' });
    expect(
      (await caseworker.post(`/api/contracts/${res.body.id}/terminate`, { reason: '再终止' })).status,
    ).toBe(409);
  });

  it('the database refuses a move out of a final state, whatever the application does', async () => {
    await expect(
      t.db('security_contracts').where({ id }).update({ status: 'effective' }),
    ).rejects.toMatchObject({
      code: 'HS409',
    });
  });

  it('a sale contract needs its price and has no auto-renewal', async () => {
    const selection2 = await insertSelection(units, 2, true);
    const noPrice = await caseworker.post('/api/contracts', {
      contract_type: 'sale',
      selection_id: selection2,
    });
    expect(noPrice.status).toBe(400);
    expect(noPrice.body.errors.map((e: { path: string }) => e.path)).toContain('body.price');
    const auto = await caseworker.post('/api/contracts', {
      contract_type: 'sale',
      selection_id: selection2,
      price: '300000',
      auto_renew: true,
    });
    expect(auto.body.errors[0].path).toBe('body.auto_renew');
    const sale = await caseworker.post('/api/contracts', {
      contract_type: 'sale',
      selection_id: selection2,
      price: '300000',
    });
    expect(sale.status).toBe(201);
    expect(sale.body).toMatchObject({ price: '300000.00', ends_on: null, term_months: null });
    expect(sale.body.contract_no).toMatch(/^HTS/);
  });
});

describe('subsidy contracts and auto-renewal', () => {
  it('renews effective auto-renew contracts ending soon, once', async () => {
    const plan = await insertPublishedPlan(t.db, DISTRICT, { households: 2, kind: 'subsidy', tag: 'CT2' });
    const [ph] = await t
      .db('allocation_plan_households')
      .where({ plan_id: plan.plan })
      .orderBy('id')
      .select('id');
    // Began a year ago less ten days: its 12-month term ends within the next 30 days.
    const start = new Date();
    start.setUTCFullYear(start.getUTCFullYear() - 1);
    start.setUTCDate(start.getUTCDate() + 10);
    const created = await caseworker.post('/api/contracts', {
      contract_type: 'subsidy',
      plan_household_id: ph.id,
      subsidy_method: 'bank',
      starts_on: isoDay(start),
      auto_renew: true,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({
      subsidy_amount: '600.00',
      standard_amount: '600.00',
      term_months: 12,
    });
    expect(created.body.contract_no).toMatch(/^HTB/);
    await caseworker.post(`/api/contracts/${created.body.id}/sign`, {});
    await caseworker.post(`/api/contracts/${created.body.id}/effective`, {});
    const planned = await t.db('allocation_plan_households').where({ id: ph.id }).first('status');
    expect(planned.status).toBe('allocated');

    const pdf = await caseworker.request('GET', `/api/contracts/${created.body.id}/pdf`, undefined, {
      binary: true,
    });
    expect(await pdfText(pdf.body as Buffer)).toContain('住房租赁补贴协议');

    const first = await caseworker.post('/api/contracts/auto-renew', { within_days: 30 });
    expect(first.status).toBe(200);
    const mine = first.body.renewed.filter((r: { from: number }) => r.from === created.body.id);
    expect(mine).toHaveLength(1);
    const second = await caseworker.post('/api/contracts/auto-renew', { within_days: 30 });
    expect(second.body.renewed).toEqual([]);
    const chain = await t
      .db('security_contracts')
      .where({ household_id: created.body.household_id })
      .orderBy('id');
    expect(chain.map((c) => c.status)).toEqual(['renewed', 'effective']);
  });

  it('refuses a household of a units plan for a subsidy contract, at the field', async () => {
    const [ph] = await t
      .db('allocation_plan_households')
      .where({ plan_id: units.plan })
      .orderBy('id')
      .select('id');
    const res = await caseworker.post('/api/contracts', {
      contract_type: 'subsidy',
      plan_household_id: ph.id,
      subsidy_method: 'bank',
    });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].path).toBe('body.plan_household_id');
  });
});

describe('masking and the archive', () => {
  it('masks signatories without personal_data.read and withholds the PDF', async () => {
    const list = await officer.get('/api/contracts?contract_type=rental');
    expect(list.status).toBe(200);
    const item = list.body.items[0];
    expect(item.personal_data_masked).toBe(true);
    expect(item.signatory_name).toMatch(/^.\*+$/);
    expect(item.signatory_id_number).toMatch(/^\d{4}\*+.{4}$/);
    expect(item.agent_id_number ?? '').not.toContain('198001');
    expect((await officer.get(`/api/contracts/${item.id}/pdf`)).status).toBe(403);
  });

  it('files a signed scan by its content type and lists it', async () => {
    const { items } = (await caseworker.get('/api/contracts?contract_type=rental')).body;
    const id = items[0].id;
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
    const up = await caseworker.request(
      'POST',
      `/api/contracts/${id}/archive?name=${encodeURIComponent('签字合同.pdf')}`,
      undefined,
      {
        raw: png,
        headers: { 'content-type': 'application/pdf' },
      },
    );
    expect(up.status, JSON.stringify(up.body)).toBe(201);
    expect(up.body).toMatchObject({ media_type: 'image/png', name: '签字合同.pdf', size_bytes: png.length });
    expect(up.body.archive_no).toMatch(/^HTDA\d{10}$/);
    const text = await caseworker.request('POST', `/api/contracts/${id}/archive`, undefined, {
      raw: Buffer.from('not a scan'),
      headers: { 'content-type': 'application/pdf' },
    });
    expect(text.status).toBe(415);
    const list = await caseworker.get(`/api/contracts/${id}/archive`);
    expect(list.body.items).toHaveLength(1);
    const file = await caseworker.request('GET', up.body.url, undefined, { binary: true });
    expect(file.headers.get('content-type')).toBe('image/png');
    expect(Buffer.compare(file.body as Buffer, png)).toBe(0);
  });
});
