/**
 * Review and registration through the API and the workflow engine: the plan computed at 初审 from the seeded
 * Harbin rules (the same figures as the rules engine's own evaluation), modified at 复审 with its history, the
 * hooks holding the reviews to the plan, and an approved process end writing the registry book, the waiting
 * status and the approval notice. The process here is the admission process cut down to its two reviews (same
 * process key and node keys), so the test does not depend on verification and public notice.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestServer, type ApiClient } from '../test/harness.ts';
import { residentIdCheckChar } from '../shared/validators.ts';
import { communityIn } from '../spatial/fixtures.ts';
import { seedRules } from '../rules/seed.ts';
import { conformanceReport, loadAppendixA } from '../../db/conformance.ts';
import * as engine from '../workflow/engine.ts';
import { asTx, cityApprover, nangangCaseworker, nangangReviewer } from '../workflow/fixtures.ts';
import { AppError } from '../http/errors.ts';
import { REVIEW_ONLY_ADMISSION } from './fixtures.ts';

const t = useTestServer();

let reviewer: ApiClient;
let approver: ApiClient;
let versionId: number;
let community: Awaited<ReturnType<typeof communityIn>>;
let serial = 0;

const residentId = (first17: string) => `${first17}${residentIdCheckChar(first17)}`;

/** A household of three in 南岗区, eligible for 公租房, 廉租房, 经适房, 限价房 and 租赁补贴 under the Harbin rules. */
async function household(extra: Record<string, unknown> = {}): Promise<number> {
  serial += 1;
  const caseworker = await t.as('nangang_caseworker');
  const res = await caseworker.post('/api/households', {
    application_no: `REG-2026-${String(serial).padStart(4, '0')}`,
    registration_year: 2026,
    applicant_name: '赵德明',
    id_number: residentId(`23010319800301${String(200 + serial)}`),
    phone: '13800001111',
    household_size: 3,
    per_capita_income: '9000.00',
    total_income: '27000.00',
    per_capita_floor_area: 10,
    total_floor_area: 30,
    is_minimum_living: true,
    minimum_living_cert_no: 'DB-0001',
    hukou_district: community.district,
    hukou_street: community.street,
    hukou_community: community.name,
    hukou_road: '学府路',
    hukou_house_no: `${serial}号`,
    hukou_room: '101',
    ...extra,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id as number;
}

const start = (householdId: number) =>
  asTx(t.db, 'nangang_caseworker', (trx) =>
    engine.startProcess(trx, nangangCaseworker, {
      processKey: 'admission',
      businessType: 'household',
      businessId: householdId,
      regionCode: '230103000000',
      name: `准入登记 ${householdId}`,
    }),
  );

/** Claims and completes the open task of the household's process as `who`. */
async function decide(householdId: number, who: engine.WorkflowActor, decision: string, comment?: string) {
  return asTx(t.db, who.username, async (trx) => {
    const instance = (await engine.instanceOf(trx, 'household', householdId))!;
    const task = (await engine.tasksOf(trx, instance.id)).find((x) => x.status === 'open')!;
    await engine.claimTask(trx, who, task.id);
    return engine.completeTask(trx, who, task.id, { decision, comment });
  });
}

async function refusal(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (err) {
    if (err instanceof AppError) return { status: err.status, detail: err.detail };
    throw err;
  }
  throw new Error('expected the engine to refuse');
}

const put = (client: ApiClient, id: number, body: unknown) =>
  client.request('PUT', `/api/applications/${id}/plan`, body);

beforeAll(async () => {
  versionId =
    (await seedRules(t.db)) ?? (await t.db('rule_versions').where({ template_code: 'HRB-ZFBZ' }).first()).id;
  await engine.ensureDefinition(t.db, REVIEW_ONLY_ADMISSION);
  community = await communityIn(t.db, '230103');
  reviewer = await t.as('nangang_reviewer');
  approver = await t.as('hrb_approver');
});

describe('the plan at first review', () => {
  it('is computed from the enabled city rules with the figures the rules engine gives the same household', async () => {
    const id = await household();
    expect((await reviewer.post(`/api/applications/${id}/plan`, {})).status).toBe(409);
    await start(id);
    const res = await reviewer.post(`/api/applications/${id}/plan`, {});
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const rules = await reviewer.post(`/api/rules/versions/${versionId}/evaluate`, { household_id: id });
    expect(rules.status).toBe(200);
    expect(res.body).toMatchObject({
      plan_no: `FA-REG-2026-${String(serial).padStart(4, '0')}`,
      handling_stage: 'first_review',
      review_status: 'proposed',
      reviewer: 'nangang_reviewer',
      rule_version_id: versionId,
      eligible_modes: rules.body.eligible_modes,
      // 公共租赁住房 comes first among the eligible modes; three people: the 60 m² tier.
      project_code: 'GZ',
      mode_code: 'GZ-PZ',
      mode_type: '20',
      standard_amount: null,
      proposed_area: 60,
      proposed_layout: '02',
      revision: 1,
    });
    expect([...rules.body.eligible_modes].sort()).toEqual(['GZ-PZ', 'JS-PS', 'LZ-PZ', 'XJ-PS', 'ZB-BT']);
    expect([...res.body.condition_codes].sort()).toEqual(['GZ-PZ-AREA', 'GZ-PZ-INCOME', 'GZ-PZ-Q-SUPPORT']);
    expect(res.body.evaluation.modes).toEqual(rules.body.modes);
    const gz = rules.body.modes.find((m: { mode_code: string }) => m.mode_code === 'GZ-PZ');
    expect(gz.standards[0].value).toBe(res.body.proposed_area);

    // The mode asked for: 租赁补贴, (13 − 10) m² × 3 persons × 10 元 = 90 元/月.
    const subsidy = await reviewer.post(`/api/applications/${id}/plan`, { mode_code: 'ZB-BT' });
    const zb = rules.body.modes.find((m: { mode_code: string }) => m.mode_code === 'ZB-BT');
    expect(subsidy.body).toMatchObject({
      mode_code: 'ZB-BT',
      standard_amount: '90.00',
      standard_unit: '元/月',
      proposed_subsidy: '90.00',
      proposed_area: null,
      proposed_layout: null,
      revision: 2,
    });
    expect(Number(subsidy.body.standard_amount)).toBe(zb.standards[0].value);
    expect(subsidy.body.revisions.map((r: { action: string }) => r.action)).toEqual([
      'computed',
      'recomputed',
    ]);

    const notEligible = await reviewer.post(`/api/applications/${id}/plan`, { mode_code: 'PG-AZ' });
    expect(notEligible.status).toBe(400);
    expect(notEligible.body.errors[0]).toMatchObject({
      path: 'body.mode_code',
      message: expect.stringContaining(`（符合条件的：${rules.body.eligible_modes.join('、')}）`),
    });
    // Modifying belongs to the second review.
    expect((await put(reviewer, id, { proposed_area: 50, reason: '早了' })).status).toBe(409);
  });

  it('is required before the first review passes, and must propose an eligible mode', async () => {
    const id = await household();
    await start(id);
    expect(await refusal(decide(id, nangangReviewer, 'approve'))).toEqual({
      status: 409,
      detail: expect.stringContaining('初审通过前须先计算拟保障实施方案'),
    });
    // The task is still open: nothing of the refused completion was kept.
    const instance = (await engine.instanceOf(t.db, 'household', id))!;
    expect((await engine.tasksOf(t.db, instance.id)).map((x) => [x.node_key, x.status])).toEqual([
      ['first_review', 'open'],
    ]);

    const rich = await household({
      per_capita_income: '90000.00',
      total_income: '270000.00',
      is_minimum_living: false,
      minimum_living_cert_no: null,
    });
    await start(rich);
    const plan = await reviewer.post(`/api/applications/${rich}/plan`, {});
    expect(plan.body).toMatchObject({ eligible_modes: [], mode_code: null, standard_amount: null });
    expect((await refusal(decide(rich, nangangReviewer, 'approve'))).detail).toContain('不符合任何保障方式');
    // A denial needs no plan; the process ends denied with the reviewer's reason in the notice.
    await decide(rich, nangangReviewer, 'deny', '家庭人均年收入超过保障标准');
    const notice = await t
      .db('generated_documents')
      .where({ business_type: 'household', business_id: rich, kind: 'registration_denied' })
      .first();
    expect(notice?.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(await t.db('registry_book').where({ household_id: rich }).first()).toBeUndefined();
    expect((await reviewer.get(`/api/applications/${rich}/plan`)).body).toMatchObject({
      handling_stage: 'denied',
      review_status: 'denied',
    });
  });
});

describe('second review and registration', () => {
  it('keeps who changed what, holds `modify` to a modified plan, and registers the household', async () => {
    const id = await household();
    await start(id);
    await reviewer.post(`/api/applications/${id}/plan`, {});
    await decide(id, nangangReviewer, 'approve');
    expect((await approver.get(`/api/applications/${id}/plan`)).body).toMatchObject({
      handling_stage: 'second_review',
      review_status: 'first_approved',
    });
    expect((await refusal(decide(id, cityApprover, 'modify'))).detail).toContain('须先在复审中修改');

    const tooMuch = await put(approver, id, {
      mode_code: 'ZB-BT',
      proposed_subsidy: '90.01',
      reason: '核减',
    });
    expect(tooMuch.status).toBe(400);
    expect(tooMuch.body.errors).toEqual([
      { path: 'body.proposed_subsidy', message: '拟补贴额度不得超过标准额度 90.00 元' },
    ]);
    const noReason = await put(approver, id, { proposed_area: 50 });
    expect(noReason.body.errors.map((e: { path: string }) => e.path)).toEqual(['body.reason']);

    const modified = await put(approver, id, {
      mode_code: 'ZB-BT',
      proposed_subsidy: '80',
      reason: '申请人自愿选择租赁补贴，按实际租住面积核减',
    });
    expect(modified.status, JSON.stringify(modified.body)).toBe(200);
    expect(modified.body).toMatchObject({
      mode_code: 'ZB-BT',
      standard_amount: '90.00',
      proposed_subsidy: '80.00',
      handling_stage: 'second_review',
      review_status: 'modified',
      reviewer: 'hrb_approver',
      revision: 2,
    });
    const last = modified.body.revisions.at(-1);
    expect(last).toMatchObject({
      revision: 2,
      action: 'modified',
      stage: 'second_review',
      reason: '申请人自愿选择租赁补贴，按实际租住面积核减',
      changed_by: 'hrb_approver',
      before: { mode_code: 'GZ-PZ', proposed_area: 60, proposed_subsidy: null },
      after: { mode_code: 'ZB-BT', proposed_area: null, proposed_subsidy: '80.00' },
    });
    expect(Date.now() - Date.parse(last.changed_at)).toBeLessThan(60_000);

    await decide(id, cityApprover, 'modify', '改为租赁补贴');
    const stored = await t.db('households').where({ id }).first();
    expect(stored.waiting_status).toBe('waiting');
    const entry = await t.db('registry_book').where({ household_id: id }).first();
    expect(entry).toMatchObject({
      application_no: stored.application_no,
      applicant_name: '赵德明',
      id_number: stored.id_number,
      household_size: 3,
      per_capita_income: '9000.00',
      is_minimum_living: true,
      income_level: '2',
      applied_project: 'ZB',
      applied_mode: '12',
      security_status: 'waiting',
      region_code: community.code,
      last_review_year: new Date().getFullYear(),
    });
    expect(await t.db('admission_plans').where({ household_id: id }).first('handling_stage')).toEqual({
      handling_stage: 'registered',
    });
    const notice = await t
      .db('generated_documents')
      .where({ business_type: 'household', business_id: id, kind: 'registration_approved' })
      .first();
    expect(notice?.sha256).toMatch(/^[0-9a-f]{64}$/);
    // The plan can no longer be changed once registered.
    expect((await put(approver, id, { proposed_subsidy: '70', reason: '再改' })).status).toBe(409);
  });
});

describe('the registry book', () => {
  let registered: number;

  beforeAll(async () => {
    registered = await household({ applicant_name: '钱小红' });
    // What the wizard records beside the household: the applicant (a veteran, 特殊人员代码 06) and two assets.
    const owner = await t
      .db('households')
      .where({ id: registered })
      .first('id as household_id', 'application_no', 'registration_year', 'region_code', 'id_number');
    const { id_number, ...keys } = owner;
    await t
      .db('household_members')
      .insert({ ...keys, relation: '01', name: '钱小红', id_number, special_group: '06' });
    await t.db('household_assets').insert([
      { ...keys, owner_name: '钱小红', category: '01', total_value: '30000.00' },
      { ...keys, owner_name: '钱小红', category: '02', total_value: '15000.50' },
    ]);
    await start(registered);
    await reviewer.post(`/api/applications/${registered}/plan`, {});
    await decide(registered, nangangReviewer, 'approve');
    await decide(registered, cityApprover, 'approve');
  });

  it('lists entries in scope, masked without personal_data.read, filtered by year, region and status', async () => {
    const list = await (await t.as('nangang_caseworker')).get('/api/registry?year=2026&status=waiting');
    expect(list.status).toBe(200);
    const mine = list.body.items.find((e: { household_id: number }) => e.household_id === registered);
    expect(mine).toMatchObject({
      applicant_name: '钱小红',
      per_capita_income: '9000.00',
      personal_data_masked: false,
    });

    const supervisor = await (await t.as('nangang_supervisor')).get('/api/registry');
    const masked = supervisor.body.items.find((e: { household_id: number }) => e.household_id === registered);
    expect(masked).toMatchObject({
      applicant_name: '钱**',
      id_number: `${mine.id_number.slice(0, 4)}**********${mine.id_number.slice(-4)}`,
      phone: '138****1111',
      per_capita_income: null,
      total_assets: null,
      hukou_room: null,
      personal_data_masked: true,
    });

    const daoli = await (await t.as('daoli_caseworker')).get('/api/registry');
    expect(daoli.body.items.map((e: { household_id: number }) => e.household_id)).not.toContain(registered);
    const outside = await (await t.as('nangang_caseworker')).get('/api/registry?region=230102');
    expect([outside.status, outside.body.total]).toEqual([200, 0]);
    expect((await (await t.as('nangang_caseworker')).get('/api/registry?year=2025')).body.total).toBe(0);
    expect((await (await t.as('nangang_planner')).get('/api/registry')).status).toBe(403);
  });

  it('exports the A.3.16 exchange record with every field of the standard, as JSON and as CSV with a BOM', async () => {
    const caseworker = await t.as('nangang_caseworker');
    const fields = loadAppendixA().find((c) => c.clause === 'A.3.16')!.fields;
    expect(fields).toHaveLength(34);
    const json = await caseworker.get('/api/registry/export?format=json');
    expect(json.status).toBe(200);
    const record = json.body.records.find((r: Record<string, unknown>) => r['申请人姓名'] === '钱小红');
    for (const field of fields) expect(Object.keys(record), field).toContain(field);
    expect(record).toMatchObject({
      家庭人口数: 3,
      保障状态: 'waiting',
      申请保障方式: '20',
      申请保障项目类别: 'GZ',
    });

    const csv = await caseworker.request('GET', '/api/registry/export?format=csv', undefined, {
      binary: true,
    });
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const bytes = csv.body as Buffer;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [header, ...rows] = bytes.toString('utf8').slice(1).trimEnd().split('\r\n');
    expect(header!.split(',')).toEqual([...fields, '行政区划代码']);
    expect(rows.some((row) => row.includes('钱小红'))).toBe(true);

    const masked = await (await t.as('nangang_supervisor')).get('/api/registry/export');
    expect(masked.body.records.map((r: Record<string, unknown>) => r['申请人姓名'])).toContain('钱**');
  });

  it('shows the plan without the evaluation (the household’s incomes) to a reader without personal_data.read', async () => {
    const supervisor = await (await t.as('nangang_supervisor')).get(`/api/applications/${registered}/plan`);
    expect(supervisor.status).toBe(200);
    expect(supervisor.body).toMatchObject({ mode_code: 'GZ-PZ', proposed_area: 60, evaluation: null });
    const caseworker = await (await t.as('nangang_caseworker')).get(`/api/applications/${registered}/plan`);
    expect(caseworker.body.evaluation.values.per_capita_income).toBe(9000);
  });

  it('finds no plan of another district (404)', async () => {
    const daoli = await t.as('daoli_reviewer');
    expect((await daoli.get(`/api/applications/${registered}/plan`)).status).toBe(404);
    expect((await daoli.post(`/api/applications/${registered}/plan`, {})).status).toBe(404);
  });
});

describe('Appendix A conformance', () => {
  it('implements every field of A.3.14, A.3.16, A.3.17 and A.3.18', async () => {
    const report = await conformanceReport(t.db);
    const of = (clause: string) => report.find((c) => c.clause === clause)!;
    expect(
      ['A.3.14', 'A.3.16', 'A.3.17', 'A.3.18'].map((clause) => [
        clause,
        of(clause).tables,
        of(clause).missing,
      ]),
    ).toEqual([
      ['A.3.14', ['admission_plans'], []],
      ['A.3.16', ['registry_book'], []],
      ['A.3.17', ['supplier_unit_approvals'], []],
      ['A.3.18', ['supplier_person_approvals'], []],
    ]);
    expect(of('A.3.16').implemented).toHaveLength(34);
  });
});
