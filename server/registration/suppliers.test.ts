/**
 * Supplier applications (A.3.17 units, A.3.18 individuals) through the API: support checked against the seeded
 * Harbin rules, the project fixing the supplier's identity and region, 核定额度 never above 申请额度 (the service
 * names the field, the database refuses it too), 审核单位 from the approver's org unit, masking and scope.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestServer, type ApiClient } from '../test/harness.ts';
import { residentIdCheckChar } from '../shared/validators.ts';
import { seedRules } from '../rules/seed.ts';

const t = useTestServer();

let officer: ApiClient; // 南岗区资金管理员: suppliers.manage, no personal_data.read
let nangangProject: { id: number; project_no: string; name: string; region_code: string };
let daoliProject: { id: number };

const UNITS = '/api/suppliers/unit-approvals';
const PERSONS = '/api/suppliers/person-approvals';
const residentId = (first17: string) => `${first17}${residentIdCheckChar(first17)}`;
const count = async (table: string) => Number((await t.db(table).count({ n: '*' }).first())!.n);

const unitBody = (extra: Record<string, unknown> = {}) => ({
  unit_no: '91230103MA1B2C3D4E',
  unit_name: '哈尔滨南岗置业有限公司',
  project_id: nangangProject.id,
  support_mode_code: 'SP-PEIJIAN-LAND',
  support_condition_code: 'SP-PEIJIAN-RATIO',
  standard_amount: '600000',
  subsidy_due: '550000.00',
  payable: '0',
  deduction: '50000.00',
  requested_amount: '500000.00',
  ...extra,
});

const personBody = (extra: Record<string, unknown> = {}) => ({
  applicant_name: '孙立新',
  applicant_id_number: residentId('23010319750505123'),
  support_mode_code: 'SP-FANGYUAN-SUB',
  support_condition_code: 'SP-FANGYUAN-TERM',
  requested_amount: '2400.00',
  ...extra,
});

beforeAll(async () => {
  await seedRules(t.db);
  officer = await t.as('nangang_fund_officer');
  const project = async (district: string) =>
    t
      .db('projects')
      .where('region_code', 'like', `${district}%`)
      .orderBy('id')
      .first('id', 'project_no', t.db.raw('coalesce(approved_name, proposed_name) AS name'), 'region_code');
  nangangProject = await project('230103');
  daoliProject = await project('230102');
});

describe('supplier unit approvals (A.3.17)', () => {
  it('registers an application with its project, support from the rules and the amounts as money strings', async () => {
    const res = await officer.post(UNITS, unitBody());
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({
      approval_no: expect.stringMatching(new RegExp(`^DW${new Date().getFullYear()}\\d{6}$`)),
      project_id: nangangProject.id,
      project_no: nangangProject.project_no,
      project_name: nangangProject.name,
      support_project_code: 'SP-PEIJIAN',
      support_object_class: '房地产开发企业',
      standard_amount: '600000.00',
      payable: '0.00',
      requested_amount: '500000.00',
      approved_amount: null,
      status: 'pending',
      region_code: nangangProject.region_code,
      created_by: 'nangang_fund_officer',
    });
    expect((await officer.get(`${UNITS}/${res.body.id}`)).body.unit_name).toBe('哈尔滨南岗置业有限公司');
  });

  it('refuses support outside the rules, a project or region outside the scope and negative money, at their fields', async () => {
    const before = [await count('supplier_unit_approvals'), await count('operation_log')];
    const cases: [Record<string, unknown>, string[]][] = [
      [{ support_mode_code: 'NO-SUCH' }, ['body.support_mode_code']],
      [{ support_condition_code: 'SP-FANGYUAN-TERM' }, ['body.support_condition_code']],
      [{ project_id: daoliProject.id }, ['body.project_id']],
      [{ region_code: '230102' }, ['body.region_code']],
      [{ requested_amount: '-1' }, ['body.requested_amount']],
      [{ requested_amount: '12.345' }, ['body.requested_amount']],
    ];
    for (const [extra, paths] of cases) {
      const res = await officer.post(UNITS, unitBody(extra));
      expect(res.status, JSON.stringify(extra)).toBe(400);
      expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual(paths);
    }
    const mode = await officer.post(UNITS, unitBody({ support_mode_code: 'NO-SUCH' }));
    expect(mode.body.errors[0].message).toMatch(/可选：.*SP-PEIJIAN-LAND/);
    expect(mode.body.errors[0].message).toContain('SP-FANGYUAN-SUB');
    expect([await count('supplier_unit_approvals'), await count('operation_log')]).toEqual(before);
  });

  it('approves at most the amount applied for, stamping time and the approver’s org unit, once', async () => {
    const created = (await officer.post(UNITS, unitBody())).body;
    const tooMuch = await officer.post(`${UNITS}/${created.id}/approve`, { approved_amount: '500000.01' });
    expect(tooMuch.status).toBe(400);
    expect(tooMuch.body.errors).toEqual([
      { path: 'body.approved_amount', message: '核定额度不得超过申请额度 500000.00 元' },
    ]);
    expect((await t.db('supplier_unit_approvals').where({ id: created.id }).first()).status).toBe('pending');

    const approved = await officer.post(`${UNITS}/${created.id}/approve`, {
      approved_amount: 450000,
      comment: '按配建面积核减',
    });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    expect(approved.body).toMatchObject({
      status: 'approved',
      approved_amount: '450000.00',
      reviewing_unit: '南岗区',
      reviewing_unit_code: '230103000000',
      reviewed_by: 'nangang_fund_officer',
      review_comment: '按配建面积核减',
    });
    expect(Date.now() - Date.parse(approved.body.reviewed_at)).toBeLessThan(60_000);
    expect((await officer.post(`${UNITS}/${created.id}/approve`, { approved_amount: '1' })).status).toBe(409);

    // The city approves a district's application: 审核单位 is the city.
    const other = (await officer.post(UNITS, unitBody())).body;
    const city = await (
      await t.as('hrb_approver')
    ).post(`${UNITS}/${other.id}/approve`, { approved_amount: '500000' });
    expect(city.body).toMatchObject({ reviewing_unit: '哈尔滨市', reviewing_unit_code: '230100000000' });

    // The database refuses it too, whoever writes.
    await expect(
      t.db('supplier_unit_approvals').where({ id: other.id }).update({ approved_amount: '500000.01' }),
    ).rejects.toThrow(/supplier_unit_approvals_approved_within_requested/);
  });

  it('is not found from another district, and lists only the caller’s', async () => {
    const created = (await officer.post(UNITS, unitBody())).body;
    const daoli = await t.as('daoli_fund_officer');
    expect((await daoli.get(`${UNITS}/${created.id}`)).status).toBe(404);
    expect((await daoli.post(`${UNITS}/${created.id}/approve`, { approved_amount: '1' })).status).toBe(404);
    expect((await daoli.get(UNITS)).body.total).toBe(0);
    const mine = await officer.get(`${UNITS}?status=pending&page_size=100`);
    expect(mine.body.items.map((i: { id: number }) => i.id)).toContain(created.id);
    expect(mine.body.items.every((i: { status: string }) => i.status === 'pending')).toBe(true);
    expect((await officer.get(`${UNITS}?region=230102`)).body.total).toBe(0);
    expect((await (await t.as('nangang_caseworker')).get(UNITS)).status).toBe(403);
  });
});

describe('supplier person approvals (A.3.18)', () => {
  it('checks the resident ID number and masks the person without personal_data.read', async () => {
    const id = residentId('23010319750505123');
    const wrong = `${id.slice(0, 17)}${id.endsWith('0') ? '1' : '0'}`;
    const bad = await officer.post(PERSONS, personBody({ applicant_id_number: wrong }));
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([
      { path: 'body.applicant_id_number', message: '公民身份号码校验码错误' },
    ]);
    // A passport is not checked as a resident ID.
    const passport = await officer.post(
      PERSONS,
      personBody({ applicant_id_type: '414', applicant_id_number: 'E12345678' }),
    );
    expect(passport.status, JSON.stringify(passport.body)).toBe(201);

    const created = await officer.post(PERSONS, personBody());
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({
      approval_no: expect.stringMatching(/^GR\d{10}$/),
      applicant_name: '孙**',
      applicant_id_number: `${id.slice(0, 4)}**********${id.slice(-4)}`,
      applicant_id_type: '111',
      support_project_code: 'SP-FANGYUAN',
      support_object_class: '个人或单位出租人',
      region_code: '230103000000',
      personal_data_masked: true,
    });
    const approver = await t.as('nangang_approver');
    const seen = await approver.get(`${PERSONS}/${created.body.id}`);
    expect(seen.body).toMatchObject({
      applicant_name: '孙立新',
      applicant_id_number: id,
      personal_data_masked: false,
    });
    // A name finds the person (here twice: the passport holder too) only for those who may see it.
    expect((await approver.get(`${PERSONS}?q=${encodeURIComponent('孙立新')}`)).body.total).toBe(2);
    expect((await officer.get(`${PERSONS}?q=${encodeURIComponent('孙立新')}`)).body.total).toBe(0);

    const approved = await approver.post(`${PERSONS}/${created.body.id}/approve`, {
      approved_amount: '2400',
    });
    expect(approved.body).toMatchObject({
      approved_amount: '2400.00',
      reviewing_unit: '南岗区',
      status: 'approved',
    });
    const over = (await officer.post(PERSONS, personBody({ requested_amount: '100' }))).body;
    const refused = await approver.post(`${PERSONS}/${over.id}/approve`, { approved_amount: '100.50' });
    expect(refused.body.errors[0].path).toBe('body.approved_amount');
  });
});
