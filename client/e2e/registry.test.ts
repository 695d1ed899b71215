/**
 * The registry book, supplier approvals and document templates in a real browser: a district supervisor (no
 * personal data) sees the registry with its filters and export links; a fund officer records a supplier unit's
 * application against the enabled rules and approves an amount (more than requested is refused at the field);
 * an approver edits a document template (an unknown placeholder is refused at the body), saves a new version,
 * sees it in the history and previews the PDF.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { HARBIN_RULES } from '../../server/rules/fixtures/harbin.ts';
import { KIND_ORDER } from '../../server/rules/kinds.ts';
import { StaffApi } from './api.ts';
import { useBrowser } from './browser.ts';

const b = useBrowser('registry');

beforeAll(async () => {
  // The city's rules, enabled: supplier applications are checked against their support modes.
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
}, 120_000);

describe('registry, suppliers and document templates', () => {
  it('lists the registry book with filters and exports it', async () => {
    const page = await b.open('/registry?year=2026');
    await b.login(page, 'daoli_supervisor');
    await page.waitForURL(/\/registry/);
    await page.getByTestId('RegistryPage').waitFor();
    expect(await page.getByLabel('登记年度').inputValue()).toBe('2026');
    await expect
      .poll(() => page.locator('table.data tbody').textContent(), { timeout: 10_000 })
      .toMatch(/没有符合条件的登记记录|SQ/);
    const href = await page.getByRole('link', { name: 'CSV' }).getAttribute('href');
    expect(href).toBe('/api/registry/export?format=csv&year=2026');
    const json = await page.request.get(`${b.url}/api/registry/export?format=json&year=2026`);
    expect(json.status()).toBe(200);
    expect((await json.json()) as { exchange: string }).toMatchObject({
      exchange: expect.stringContaining('A.3.16'),
    });
    await b.screenshot(page, '01-registry');
  }, 60_000);

  it('records a supplier unit application and approves an amount, refusing more than requested', async () => {
    const page = await b.open('/suppliers');
    await b.login(page, 'daoli_fund_officer');
    await page.waitForURL(/\/suppliers/);
    await page.getByRole('button', { name: '+ 登记供给单位申请' }).click();
    const form = page.getByTestId('supplier-form');
    await form.waitFor();
    await form.getByLabel('单位编号（统一社会信用代码）').fill('91230102MA1B2C3D4E');
    await form.getByLabel('单位名称').fill('哈尔滨道里置业有限公司');
    // The project list loads the region's projects; the first one is taken.
    const project = form.locator('#sf-project');
    await expect.poll(() => project.locator('option').count(), { timeout: 10_000 }).toBeGreaterThan(1);
    await project.selectOption({ index: 1 });
    const mode = form.getByLabel('支持方式');
    await expect
      .poll(() => mode.locator('option[value="SP-PEIJIAN-LAND"]').count(), { timeout: 15_000 })
      .toBe(1);
    await mode.selectOption('SP-PEIJIAN-LAND');
    await form.getByLabel('申请额度（元）').fill('500000.00');
    await form.getByLabel(/标准额度/).fill('600000');
    await b.screenshot(page, '02-supplier-form');
    await form.getByRole('button', { name: '保存' }).click();
    const table = page.getByTestId('suppliers-table');
    await expect.poll(() => table.textContent(), { timeout: 10_000 }).toContain('哈尔滨道里置业有限公司');
    expect(await table.textContent()).toContain('待审核');

    await table.getByRole('button', { name: '核定额度' }).first().click();
    const approve = page.getByTestId('approve-form');
    await approve.getByLabel('核定额度（元）').fill('600000');
    await approve.getByRole('button', { name: '核定额度' }).click();
    const error = approve.getByTestId('amount-error');
    await error.waitFor();
    expect(await error.textContent()).toContain('不得超过申请额度');
    await b.screenshot(page, '03-approve-too-much');
    await approve.getByLabel('核定额度（元）').fill('450000');
    await approve.getByRole('button', { name: '核定额度' }).click();
    await expect.poll(() => table.textContent(), { timeout: 10_000 }).toContain('已核定');
    expect(await table.textContent()).toContain('450,000.00');
    // The support mode by its name in the rules in force.
    await expect.poll(() => table.textContent(), { timeout: 10_000 }).toContain('土地配给');
    await b.screenshot(page, '04-approved');

    // Individual suppliers (A.3.18) are the other tab, kept in the URL.
    await page.getByRole('tab', { name: '供给个人' }).click();
    await expect.poll(() => page.url()).toContain('kind=persons');
    await expect.poll(() => table.textContent(), { timeout: 10_000 }).toContain('暂无申请');
    expect(await table.locator('th').allTextContents()).toContain('证件号码');
  }, 90_000);

  it('edits a document template as a new version, refusing an unknown placeholder', async () => {
    const page = await b.open('/documents?template=registration_denied');
    await b.login(page, 'hrb_approver');
    await page.waitForURL(/\/documents/);
    const body = page.getByLabel('正文');
    await expect.poll(() => body.inputValue(), { timeout: 10_000 }).toContain('{{reason}}');
    await body.fill(`${await body.inputValue()}\n\n联系人：{{no_such_field}}`);
    await page.getByRole('button', { name: '保存为新版本' }).click();
    const error = page.getByTestId('body-error');
    await error.waitFor();
    expect(await error.textContent()).toContain('{{no_such_field}}');
    await b.screenshot(page, '05-template-unknown-placeholder');

    await body.fill((await body.inputValue()).replace('{{no_such_field}}', '{{document_no}}'));
    await page.getByLabel('修改说明').fill('增加联系人');
    await page.getByRole('button', { name: '保存为新版本' }).click();
    const history = page.getByTestId('template-history');
    await expect.poll(() => history.textContent(), { timeout: 10_000 }).toContain('增加联系人');
    expect(await history.locator('tbody tr').first().textContent()).toContain('v2');
    const preview = await page.getByTestId('template-preview').getAttribute('href');
    const pdf = await page.request.get(`${b.url}${preview}`);
    expect(pdf.status()).toBe(200);
    expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
    await b.screenshot(page, '06-template-saved');

    // In English too (the template's own text stays Chinese: it is what gets printed).
    await page.getByRole('button', { name: /English/ }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Document templates');
    expect(await page.getByRole('button', { name: 'Save as a new version' }).count()).toBe(1);
    await b.screenshot(page, '07-template-english');
    expect(b.problems).toEqual([]);
  }, 60_000);
});
