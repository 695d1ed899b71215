/**
 * Resource allocation in a real browser (CJJ/T 196 ch. 9, A.7.1): with the city's rules in force, a 南岗区 planner
 * sees the supply−demand monitoring (figures, a choropleth of the streets with its legend, the tables) and drills
 * into a street; drafts a units plan from the ranked waiting list (a missing end date refused at its field),
 * sees its households with masked names and its units, and publishes it; the district approver freezes the
 * roster and commits (roster hash, seed commitment, the public page's link), has non-digits refused at the
 * field, draws with the representatives' digits and sees the allocation order by group; the public page shows
 * the same draw without a session.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { HARBIN_RULES } from '../../server/rules/fixtures/harbin.ts';
import { KIND_ORDER } from '../../server/rules/kinds.ts';
import { StaffApi } from './api.ts';
import { useBrowser } from './browser.ts';

const b = useBrowser('allocation');
const NANGANG = '230103000000';

/** The project of 南岗区 with the most delivered units (the plan's resources come from it). */
let projectId = 0;

beforeAll(async () => {
  const approver = await StaffApi.login(b.url, 'hrb_approver');
  const version = await approver.post<{ id: number }>('/api/rules/versions', HARBIN_RULES.version);
  expect(version.status, JSON.stringify(version.body)).toBe(201);
  const items = HARBIN_RULES.items as Record<string, unknown[]>;
  for (const kind of KIND_ORDER) {
    for (const item of items[kind] ?? []) {
      const res = await approver.post(`/api/rules/versions/${version.body.id}/${kind}`, item);
      expect(res.status, `${kind}: ${JSON.stringify(res.body)}`).toBe(201);
    }
  }
  const enabled = await approver.post(`/api/rules/versions/${version.body.id}/enable`, {});
  expect(enabled.status, JSON.stringify(enabled.body)).toBe(200);

  const planner = await StaffApi.login(b.url, 'nangang_planner');
  const units = await planner.get<{ items: { building_id: number }[] }>(
    `/api/units?status=delivered&region=${NANGANG}&page_size=200`,
  );
  expect(units.status, JSON.stringify(units.body)).toBe(200);
  const byBuilding = new Map<number, number>();
  for (const u of units.body.items) byBuilding.set(u.building_id, (byBuilding.get(u.building_id) ?? 0) + 1);
  const [building] = [...byBuilding.entries()].sort((x, y) => y[1] - x[1])[0] ?? [];
  expect(building, 'a building with delivered units in 南岗区').toBeDefined();
  const found = await planner.get<{ project_id: number }>(`/api/buildings/${building}`);
  expect(found.status, JSON.stringify(found.body)).toBe(200);
  projectId = found.body.project_id;
}, 120_000);

const figure = (page: Page, key: string) => page.locator(`[data-figure="${key}"] .value`);
/** A plan figure's number (without its unit). */
const figurePlan = async (page: Page, key: string) =>
  ((await figure(page, key).textContent()) ?? '').replace(/[^\d]/g, '');

let planUrl = '';

describe('resource allocation', () => {
  it('monitors supply and demand on a choropleth and drills into a street', async () => {
    const page = await b.open('/allocation');
    await b.login(page, 'nangang_planner');
    await page.waitForURL(/\/allocation/);
    await page.getByTestId('MonitoringPage').waitFor();
    await expect.poll(() => figure(page, 'waiting').textContent(), { timeout: 30_000 }).toMatch(/\d/);
    await b.mapReady(page);
    // The streets of 南岗区 are drawn, coloured by their balance.
    await expect
      .poll(
        () =>
          page.evaluate(
            () => window.__hssMap!.queryRenderedFeatures({ layers: ['alloc-regions-fill'] }).length,
          ),
        { timeout: 30_000 },
      )
      .toBeGreaterThan(0);
    expect(await page.getByTestId('balance-legend').textContent()).toContain('严重短缺');
    const children = page.getByTestId('monitoring-children');
    await expect.poll(() => children.locator('tbody tr').count()).toBeGreaterThan(1);
    await b.screenshot(page, '01-monitoring');
    // Demand by mode with the rules' standards, and the district × mode table once each street has answered.
    const modes = page.getByTestId('monitoring-modes');
    await expect.poll(() => modes.textContent(), { timeout: 15_000 }).toContain('公共租赁住房实物配租');
    const matrix = page.getByTestId('monitoring-by-mode');
    await expect
      .poll(() => matrix.locator('tbody tr button').count(), { timeout: 30_000 })
      .toBeGreaterThan(1);
    await matrix.scrollIntoViewIfNeeded();
    await b.screenshot(page, '01b-monitoring-tables');

    // Drill into the first street: the breadcrumb and the URL follow.
    const street = children.locator('tbody tr').first().getByRole('button');
    const name = (await street.textContent())!.trim();
    await street.click();
    await expect.poll(() => page.getByTestId('breadcrumb').textContent()).toContain(name);
    expect(page.url()).toMatch(/region=\d{12}/);

    // The custom view filters by mode.
    await page.getByRole('tab', { name: '自定义监测' }).click();
    await page.getByLabel('保障方式').selectOption('GZ-PZ');
    await page.getByRole('button', { name: '查询' }).click();
    await expect.poll(() => page.url()).toContain('mode=GZ-PZ');
    await b.screenshot(page, '02-monitoring-custom');

    // In English too.
    await page.getByRole('button', { name: /English/ }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Supply and demand monitoring');
    expect(await page.getByTestId('balance-legend').textContent()).toContain('Severe shortage');
    await page.getByRole('button', { name: /中文/ }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('资源供求监测');
  }, 120_000);

  it('drafts a units plan from the waiting list and publishes it', async () => {
    const page = await b.open('/allocation/plans');
    await b.login(page, 'nangang_planner');
    await page.waitForURL(/\/allocation\/plans/);
    await page.getByRole('button', { name: '+ 制定配置方案' }).click();
    const form = page.getByTestId('plan-form');
    await form.waitFor();
    const mode = form.getByLabel('保障方式');
    await expect.poll(() => mode.locator('option[value="GZ-PZ"]').count(), { timeout: 15_000 }).toBe(1);
    await mode.selectOption('GZ-PZ');
    await form.getByLabel('方案名称').fill('南岗区公租房第一批配租');
    await form.getByLabel('保障户数（取轮候前 N 户）').fill('12');
    const project = form.locator('#pf-project');
    await expect
      .poll(() => project.locator(`option[value="${projectId}"]`).count(), { timeout: 10_000 })
      .toBe(1);
    await project.selectOption(String(projectId));
    await form.getByLabel('房源套数上限').fill('12');
    // No end date: refused at its field.
    await form.getByRole('button', { name: '生成方案草稿' }).click();
    await form.getByTestId('ends-error').waitFor();
    await b.screenshot(page, '03-plan-form-error');
    await form.getByLabel('分配结束日期').fill('2027-06-30');
    await form.getByRole('button', { name: '生成方案草稿' }).click();

    await page.waitForURL(/\/allocation\/plans\/\d+/, { timeout: 30_000 });
    planUrl = new URL(page.url()).pathname;
    await expect.poll(() => page.getByTestId('plan-status').textContent()).toBe('草稿');
    const households = page.getByTestId('plan-households');
    await expect
      .poll(() => households.locator('tbody td.mono').count(), { timeout: 15_000 })
      .toBeGreaterThan(0);
    // The planner may not read personal data: the names are masked.
    expect(await households.locator('tbody tr').first().textContent()).toContain('*');
    await page.getByRole('tab', { name: /配置资源/ }).click();
    await expect
      .poll(() => page.getByTestId('plan-resources').locator('tbody td.mono').count(), { timeout: 15_000 })
      .toBeGreaterThan(0);
    await b.screenshot(page, '04-plan-draft');

    // While a draft, a household can be taken out: the totals follow.
    await page.getByRole('tab', { name: /保障对象/ }).click();
    const before = Number(await figurePlan(page, 'households'));
    await households.getByRole('button', { name: '撤出' }).first().click();
    await expect.poll(() => figurePlan(page, 'households'), { timeout: 10_000 }).toBe(String(before - 1));

    await page.getByTestId('plan-publish').click();
    await page.getByTestId('plan-action-form').getByRole('button', { name: '发布方案' }).click();
    await expect
      .poll(() => page.getByTestId('plan-status').textContent(), { timeout: 15_000 })
      .toBe('已发布');
    expect(await page.getByTestId('selection-link').getAttribute('href')).toMatch(/^\/selection\?plan=\d+$/);
    // Back on the list, the plan is there with its status and totals.
    await page.getByRole('link', { name: '资源配置方案' }).first().click();
    const table = page.getByTestId('plans-table');
    await expect.poll(() => table.textContent(), { timeout: 10_000 }).toContain('南岗区公租房第一批配租');
    expect(await table.textContent()).toContain('已发布');
    await b.screenshot(page, '05-plans');
  }, 120_000);

  it('commits and draws the lottery, and shows the order by group', async () => {
    expect(planUrl, 'the plan of the previous test').not.toBe('');
    const page = await b.open(`${planUrl}?tab=lottery`);
    await b.login(page, 'nangang_approver');
    await page.waitForURL(/tab=lottery/);
    const commit = page.getByTestId('commit-form');
    await commit.waitFor({ timeout: 15_000 });
    // One cohort: the whole roster is ordered by lot.
    await commit.getByLabel('分组方式').selectOption('single');
    await commit.getByRole('button', { name: '冻结名单并公布承诺' }).click();
    const hash = page.getByTestId('roster-hash');
    await expect
      .poll(() => hash.textContent(), { timeout: 15_000 })
      .toMatch(/^[0-9a-f]{8}( [0-9a-f]{8}){7}$/);
    expect(await page.getByTestId('seed-commitment').textContent()).toMatch(/^[0-9a-f]{8}/);
    const publicHref = await page.getByTestId('public-link').getAttribute('href');
    expect(publicHref).toMatch(/^\/portal\/lottery\/YH-/);
    await b.screenshot(page, '06-lottery-committed');

    const drawForm = page.getByTestId('draw-form');
    await drawForm.getByLabel('申请人代表 1 录入的数字').fill('12a');
    await drawForm.getByLabel('申请人代表 2 录入的数字').fill('908172');
    await drawForm.getByLabel('公证员 录入的数字').fill('5531');
    await drawForm.getByRole('button', { name: '摇号', exact: true }).click();
    await page.getByTestId('digits-error-0').waitFor();
    await drawForm.getByLabel('申请人代表 1 录入的数字').fill('120447');
    await drawForm.getByRole('button', { name: '摇号', exact: true }).click();

    const order = page.getByTestId('plan-order');
    await expect.poll(() => order.locator('tbody td.mono').count(), { timeout: 20_000 }).toBeGreaterThan(0);
    expect(await page.getByTestId('draw-seed').textContent()).toMatch(/^[0-9a-f]{8}/);
    const first = await order.locator('tbody tr:not(.group)').first().locator('td').first().textContent();
    expect(first?.trim()).toBe('1');
    expect(await order.locator('tr.group').count()).toBeGreaterThan(0);
    await b.screenshot(page, '07-lottery-drawn');

    // The public page of the draw, without a session.
    const open = await b.open(publicHref!);
    await expect
      .poll(() => open.locator('body').textContent(), { timeout: 15_000 })
      .toContain(publicHref!.split('/').pop()!);
    await b.screenshot(open, '08-lottery-public');
    expect(b.problems).toEqual([]);
  }, 120_000);

  it('posts funds into the ledger, closes a period, reconciles and refuses a post into the closed period', async () => {
    const now = new Date();
    const last = new Date(now.getFullYear(), now.getMonth() - 1, 15);
    const lastMonth = `${last.getFullYear()}-${String(last.getMonth() + 1).padStart(2, '0')}`;
    const page = await b.open('/ledgers');
    await b.login(page, 'nangang_planner');
    await page.waitForURL(/\/ledgers/);
    await expect
      .poll(() => page.getByTestId('reconcile-status').textContent(), { timeout: 15_000 })
      .toContain('台账与明细一致');

    // A budget allocation received last month; a non-number amount is refused at its field first.
    await page.getByRole('button', { name: '登记资金收支' }).click();
    const fund = page.getByTestId('fund-form');
    await fund.getByLabel('金额（元）').fill('五十万');
    await fund.getByLabel('接收日期').fill(`${lastMonth}-15`);
    await fund.getByLabel('交接批次编号').fill('哈财综〔2026〕18号');
    await fund.getByLabel('移交人').fill('市财政局');
    await fund.getByRole('button', { name: '保存' }).click();
    await fund.getByTestId('amount-error').waitFor();
    await fund.getByLabel('金额（元）').fill('500000');
    await fund.getByRole('button', { name: '保存' }).click();
    await fund.waitFor({ state: 'detached', timeout: 10_000 });

    await page.getByRole('tab', { name: '收支明细（A.6.2）' }).click();
    const entries = page.getByTestId('ledger-entries');
    await expect.poll(() => entries.textContent(), { timeout: 10_000 }).toContain('哈财综〔2026〕18号');
    expect(await entries.textContent()).toContain('500,000.00');
    await b.screenshot(page, '09-ledger-entries');

    // Close last month: its row carries the receipt, and the books reconcile.
    await page.getByRole('button', { name: '结账' }).click();
    const close = page.getByTestId('close-form');
    expect(await close.getByLabel('统计周期').inputValue()).toBe(lastMonth);
    await close.getByRole('button', { name: '结账' }).click();
    await close.waitFor({ state: 'detached', timeout: 10_000 });
    await page.getByRole('tab', { name: /台账（A.6.1）/ }).click();
    const ledger = page.getByTestId('ledger-table');
    await expect.poll(() => ledger.textContent(), { timeout: 10_000 }).toContain(lastMonth);
    expect(await ledger.textContent()).toContain('500,000.00');
    await expect
      .poll(() => page.getByTestId('reconcile').textContent(), { timeout: 10_000 })
      .toMatch(/已核对 [1-9]\d* 行台账/);
    expect(await page.getByTestId('reconcile-status').textContent()).toContain('台账与明细一致');
    await b.screenshot(page, '10-ledger-closed');

    // Nothing can be posted into the closed month any more.
    await page.getByRole('button', { name: '登记资金收支' }).click();
    await fund.getByLabel('金额（元）').fill('1000');
    await fund.getByLabel('接收日期').fill(`${lastMonth}-20`);
    await fund.getByLabel('交接批次编号').fill('补记');
    await fund.getByLabel('移交人').fill('市财政局');
    await fund.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => fund.getByRole('alert').textContent(), { timeout: 10_000 }).toContain('已结账');
    await b.screenshot(page, '11-ledger-closed-refused');
    expect(b.problems).toEqual([]);
  }, 120_000);
});
