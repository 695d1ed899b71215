/**
 * Contracts and subsidies in a real browser (CJJ/T 196 10.2.1, A.7.3–A.7.6). Over test fixtures of 道里区 (a
 * published units plan with a reviewed selection, a published subsidy plan): a caseworker draws up a rental
 * contract from the selection on 合同管理, sees its PDF drawn by pdf.js, signs it and makes it effective, and files
 * the signed scan in its electronic archive; a supervisor without personal_data.read sees the list masked and no
 * PDF. A fund officer generates the month's subsidy dues twice (the second run creates nothing), pays one short —
 * refused without a reason, then with it — and prints the month's vouchers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertPublishedPlan, type PublishedPlan } from '../../server/allocation/fixtures.ts';
import { createDb, type Db } from '../../server/db/knex.ts';
import { StaffApi } from './api.ts';
import { useBrowser } from './browser.ts';

const b = useBrowser('contracts');
const DISTRICT = '230102';
const SLOW = 120_000;

let db: Db;
let units: PublishedPlan;
let selectionId = 0;
let contractId = 0;
let subsidyHouseholds = 0;

/** A reviewed, active selection of the plan's i-th household for its i-th unit (as selection review leaves it). */
async function reviewedSelection(plan: PublishedPlan, i: number): Promise<number> {
  const household = plan.households[i]!;
  const h = await db('households')
    .where({ id: household.id })
    .first<{ application_no: string; registration_year: number; region_code: string }>(
      'application_no',
      'registration_year',
      'region_code',
    );
  const unit = plan.units.units[i]!;
  const [row] = await db('unit_selections')
    .insert({
      household_id: household.id,
      application_no: h.application_no,
      registration_year: h.registration_year,
      region_code: h.region_code,
      unit_id: unit.id,
      unit_no: unit.unit_no,
      plan_id: plan.plan,
      is_reviewed: true,
      reviewed_at: db.fn.now(),
      reviewed_by: 'fixture',
    })
    .returning<{ id: number }[]>('id');
  await db('housing_units').where({ id: unit.id }).update({ delivery_status: 'allocated' });
  return Number(row!.id);
}

/** Effective subsidy agreements for every household of a published subsidy plan, through the API. */
async function effectiveSubsidies(plan: PublishedPlan): Promise<number> {
  const api = await StaffApi.login(b.url, 'daoli_caseworker');
  const rows = await db('allocation_plan_households')
    .where({ plan_id: plan.plan })
    .select<{ id: number }[]>('id');
  for (const row of rows) {
    const created = await api.post<{ id: number }>('/api/contracts', {
      contract_type: 'subsidy',
      plan_household_id: Number(row.id),
      subsidy_method: 'bank',
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect((await api.post(`/api/contracts/${created.body.id}/sign`, {})).status).toBe(200);
    expect((await api.post(`/api/contracts/${created.body.id}/effective`, {})).status).toBe(200);
  }
  return rows.length;
}

beforeAll(async () => {
  db = createDb(b.databaseUrl);
  units = await insertPublishedPlan(db, DISTRICT, { households: 2, units: 2, tag: 'CUI' });
  selectionId = await reviewedSelection(units, 0);
  const subsidy = await insertPublishedPlan(db, DISTRICT, { households: 3, kind: 'subsidy', tag: 'CUS' });
  subsidyHouseholds = await effectiveSubsidies(subsidy);
}, SLOW);

afterAll(async () => {
  await db?.destroy();
});

/** Today in Beijing as YYYY-MM-DD (the browser runs in Asia/Shanghai). */
const beijingToday = () =>
  new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date());
const thisMonth = () => beijingToday().slice(0, 7);

describe('contracts and subsidies in the browser', () => {
  it(
    'draws up a rental contract from a reviewed selection and takes it to effective',
    { timeout: SLOW },
    async () => {
      const page = await b.open('/contracts');
      await b.login(page, 'daoli_caseworker');
      await page.getByTestId('ContractsPage').waitFor();
      await page.getByRole('button', { name: '+ 新建合同' }).click();
      const form = page.getByTestId('contract-form');
      const selection = form.locator('#cf-selection');
      await expect.poll(() => selection.locator(`option[value="${selectionId}"]`).count()).toBe(1);
      await selection.selectOption(String(selectionId));
      await form.locator('#cf-type').selectOption('rental');
      await form.getByLabel('到期自动续签').check();
      await b.screenshot(page, '01-new-contract');
      await form.getByRole('button', { name: '生成合同' }).click();

      await page.waitForURL(/\/contracts\/\d+$/);
      contractId = Number(/\/contracts\/(\d+)/.exec(page.url())![1]);
      await expect.poll(() => page.getByTestId('contract-status').textContent()).toContain('草拟');
      expect(await page.getByTestId('contract-no').textContent()).toMatch(/^HT/);
      const facts = page.getByTestId('contract-facts');
      // The term starts today on the user's calendar (not UTC's day).
      expect(await page.getByTestId('contract-term').textContent()).toContain(`${beijingToday()} 至`);
      expect(await facts.textContent()).toContain(units.units.units[0]!.unit_no);
      expect(await facts.textContent()).toContain(units.households[0]!.application_no);
      // The contract text, drawn by pdf.js in the page (the API may not be framed).
      await page.locator('[data-testid="contract-pdf"] canvas[data-drawn="1"]').waitFor({ timeout: 30_000 });
      await b.screenshot(page, '02-draft-pdf');

      // A move the state does not allow is not offered; the allowed ones are.
      const actions = page.locator('aside');
      expect(await actions.getByRole('button', { name: '生效' }).count()).toBe(0);
      await actions.getByRole('button', { name: '签约' }).click();
      const dialog = page.getByTestId('contract-action-form');
      await dialog.getByRole('button', { name: '签约' }).click();
      await expect.poll(() => page.getByTestId('contract-status').textContent()).toContain('已签约');
      await actions.getByRole('button', { name: '生效' }).click();
      await page.getByTestId('contract-action-form').getByRole('button', { name: '生效' }).click();
      await expect.poll(() => page.getByTestId('contract-status').textContent()).toContain('已生效');
      expect(await actions.getByRole('button', { name: '续签' }).count()).toBe(1);
      await page.locator('[data-testid="contract-pdf"] canvas[data-drawn="1"]').waitFor({ timeout: 30_000 });
      // The effective contract made the unit occupied (the server's side effect, seen in the database).
      const unit = await db('housing_units')
        .where({ id: units.units.units[0]!.id })
        .first<{ delivery_status: string }>();
      expect(unit.delivery_status).toBe('occupied');
      await b.screenshot(page, '03-effective');

      // A terminate without its reason cannot be sent; Cancel leaves the contract as it is.
      await actions.getByRole('button', { name: '终止合同' }).click();
      const terminate = page.getByTestId('contract-action-form');
      expect(await terminate.getByRole('button', { name: '终止合同' }).isDisabled()).toBe(true);
      await terminate.getByRole('button', { name: '取消' }).click();

      // The signed scan goes to the electronic archive (A.7.4) and opens in the viewer.
      await page.getByRole('tab', { name: /电子档案/ }).click();
      const pdf = await page.request.get(`${b.url}/api/contracts/${contractId}/pdf`);
      expect(pdf.status()).toBe(200);
      await page.locator('#ca-description').fill('双方签字盖章的合同扫描件');
      await page.locator('#ca-file').setInputFiles({
        name: '签约扫描件.pdf',
        mimeType: 'application/pdf',
        buffer: await pdf.body(),
      });
      await page.getByRole('button', { name: '上传', exact: true }).click();
      const archive = page.getByTestId('contract-archive');
      await expect.poll(() => archive.textContent(), { timeout: 10_000 }).toContain('签约扫描件.pdf');
      expect(await archive.textContent()).toMatch(/HTDA\d{4}/);
      await page
        .locator('[data-testid="archive-viewer"] canvas[data-drawn="1"]')
        .waitFor({ timeout: 30_000 });
      await b.screenshot(page, '04-archive');

      await page.getByRole('tab', { name: '历史记录' }).click();
      const history = page.getByTestId('contract-history');
      for (const event of ['草拟合同', '签署', '生效', '上传档案'])
        expect(await history.textContent()).toContain(event);
      expect(b.problems).toEqual([]);
    },
  );

  it(
    'says so when someone else moved the contract first (409) and shows it as it now is',
    { timeout: SLOW },
    async () => {
      const api = await StaffApi.login(b.url, 'daoli_caseworker');
      const sale = await api.post<{ id: number }>('/api/contracts', {
        contract_type: 'sale',
        selection_id: await reviewedSelection(units, 1),
        price: '300000.00',
      });
      expect(sale.status, JSON.stringify(sale.body)).toBe(201);
      const page = await b.open(`/contracts/${sale.body.id}`);
      await b.login(page, 'daoli_caseworker');
      const status = page.getByTestId('contract-status');
      await expect.poll(() => status.textContent()).toContain('草拟');
      // Meanwhile a colleague signs it.
      expect((await api.post(`/api/contracts/${sale.body.id}/sign`, {})).status).toBe(200);
      const actions = page.locator('aside');
      await actions.getByRole('button', { name: '签约' }).click();
      await page.getByTestId('contract-action-form').getByRole('button', { name: '签约' }).click();
      const conflict = page.getByTestId('contract-conflict');
      await conflict.waitFor();
      expect(await conflict.textContent()).toContain('合同状态已被他人改变');
      await expect.poll(() => status.textContent()).toContain('已签约');
      expect(await page.getByTestId('contract-action-form').count()).toBe(0);
      // A sale has no term: once effective it can be terminated but never renewed.
      await actions.getByRole('button', { name: '生效' }).click();
      await page.getByTestId('contract-action-form').getByRole('button', { name: '生效' }).click();
      await expect.poll(() => status.textContent()).toContain('已生效');
      expect(await actions.getByRole('button', { name: '续签' }).count()).toBe(0);
      expect(await actions.getByRole('button', { name: '终止合同' }).count()).toBe(1);
      await b.screenshot(page, '05-conflict-then-effective-sale');
    },
  );

  it(
    'masks the signatory for a reader without personal data and withholds the PDF',
    { timeout: SLOW },
    async () => {
      expect(contractId).toBeGreaterThan(0);
      const page = await b.open('/contracts?type=rental');
      await b.login(page, 'daoli_supervisor');
      await page.getByTestId('ContractsPage').waitFor();
      await page.getByTestId('contracts-masked').waitFor();
      expect(await page.getByRole('button', { name: '+ 新建合同' }).count()).toBe(0);
      const table = page.getByTestId('contracts-table');
      await expect.poll(() => table.textContent()).toContain(units.households[0]!.application_no);
      // The type filter from the URL: the rental only, not the sale.
      expect(await table.locator('tbody tr[data-contract]').count()).toBe(1);
      expect(await table.textContent()).not.toContain('轮候户1');
      await b.screenshot(page, '06-masked-list');
      await table.getByRole('link').first().click();
      await page.getByTestId('contract-pdf-masked').waitFor();
      expect(await page.locator('aside').textContent()).toContain('您只有查看权限');
    },
  );

  it(
    'generates a month of dues once, pays one short with its reason and prints vouchers',
    { timeout: SLOW },
    async () => {
      const month = thisMonth();
      const page = await b.open(`/subsidies?month=${month}`);
      await b.login(page, 'daoli_fund_officer');
      await page.getByTestId('SubsidiesPage').waitFor();
      expect(await page.locator('#subsidies-month').inputValue()).toBe(month);

      await page.getByRole('button', { name: '生成本月应发' }).click();
      const generated = page.getByTestId('dues-generated');
      await expect.poll(() => generated.getAttribute('data-created')).toBe(String(subsidyHouseholds));
      const dues = page.getByTestId('dues-table');
      await expect.poll(() => dues.locator('tbody tr[data-due]').count()).toBe(subsidyHouseholds);
      // Generating the same month again creates nothing (A.7.5 idempotent).
      await page.getByRole('button', { name: '生成本月应发' }).click();
      await expect.poll(() => generated.getAttribute('data-created')).toBe('0');
      expect(await generated.textContent()).toContain('新生成 0 笔');
      await expect.poll(() => dues.locator('tbody tr[data-due]').count()).toBe(subsidyHouseholds);
      await b.screenshot(page, '07-dues-generated-twice');

      // A short payment needs its reason.
      const first = dues.locator('tbody tr[data-due]').first();
      const dueNo = await first.getAttribute('data-due');
      await first.getByRole('button', { name: '发放' }).click();
      const pay = page.getByTestId('pay-form');
      await pay.getByLabel('不足额发放').check();
      await pay.getByLabel('不足金额（元）').fill('100');
      expect(await pay.getByTestId('pay-paid-amount').textContent()).toBe('500.00');
      await pay.getByRole('button', { name: '确认发放' }).click();
      expect(await pay.getByTestId('reason-error').textContent()).toContain('必须填写不足额原因');
      await b.screenshot(page, '08-shortfall-needs-reason');
      await pay.getByLabel(/不足额原因/).fill('当月财政资金未足额到位');
      await pay.getByLabel('实发方式').selectOption('cash');
      await pay.getByRole('button', { name: '确认发放' }).click();
      const row = dues.locator(`tr[data-due="${dueNo}"]`);
      await expect.poll(() => row.getByTestId('due-status').textContent()).toContain('不足额发放');

      // The payment with its shortfall and reason (A.7.6).
      await page.getByRole('tab', { name: '实发' }).click();
      const payments = page.getByTestId('payments-table');
      await expect.poll(() => payments.textContent()).toContain('当月财政资金未足额到位');
      expect(await payments.textContent()).toContain('100.00');
      expect(await payments.textContent()).toContain('现金');
      await b.screenshot(page, '09-payments');

      // The month's vouchers: a PDF drawn in the page; the dues are then marked printed.
      await page.getByRole('tab', { name: '应发' }).click();
      await page.getByRole('button', { name: '打印本月发放单据' }).click();
      await page.locator('[data-testid="voucher-pdf"] canvas[data-drawn="1"]').waitFor({ timeout: 30_000 });
      await expect
        .poll(() => dues.getByTestId('due-printed').allTextContents())
        .toEqual(Array(subsidyHouseholds).fill('是'));
      await b.screenshot(page, '10-vouchers');

      // The fund disbursement plans (A.7.7) are the third tab: none yet in this district.
      await page.getByRole('tab', { name: '资金拨付计划' }).click();
      await expect
        .poll(() => page.getByTestId('fund-plans-table').textContent())
        .toContain('尚无资金拨付计划');
      expect(await page.getByRole('button', { name: '+ 新建拨付计划' }).count()).toBe(1);
      expect(b.problems).toEqual([]);
    },
  );
});
