/**
 * Public notices (公示) in a real browser. An application of 道里区 is entered and driven through the workflow API
 * to the 公示 step (accept → verify); then a caseworker creates a batch in the UI, adds the application, publishes
 * it after the confirmation, opens the masked PDF, records a report (a time outside the period is refused at its
 * field first) and investigates it. The public portal, without login, lists the batch with the masked name and
 * never the full name or ID number; the process monitor shows the admission diagram with the count at 公示期.
 */
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { applicationBody, person } from '../../server/admission/application-fixtures.ts';
import { StaffApi } from './api.ts';
import { useBrowser } from './browser.ts';

const b = useBrowser('notices');

const DISTRICT = '230102000000'; // 道里区
const APPLICANT = person('欧阳公示', '19810415', true, '230102');
const MASKED = '欧*示';
let householdId = 0;
let applicationNo = '';

interface Region {
  code: string;
  name: string;
}

/** The first community of 道里区 with its street and district names, through the regions API. */
async function community(api: StaffApi) {
  const children = async (parent: string) =>
    (await api.get<{ items: Region[] }>(`/api/regions?parent=${parent}`)).body.items;
  const [street] = await children(DISTRICT);
  const [first] = await children(street!.code);
  return {
    code: first!.code,
    name: first!.name,
    street: street!.name,
    district: '道里区',
    at: [0, 0] as [number, number],
  };
}

/** Claims and completes the application's open task at `node` as `user`, through the inbox API. */
async function complete(user: string, node: string, decision: string): Promise<void> {
  const api = await StaffApi.login(b.url, user);
  const inbox = await api.get<{ items: { id: number; process: { business_id: number } }[] }>(
    `/api/workflow/tasks?view=all&node=${node}&q=${encodeURIComponent(applicationNo)}`,
  );
  expect(inbox.status, JSON.stringify(inbox.body)).toBe(200);
  const task = inbox.body.items.find((item) => item.process.business_id === householdId);
  expect(task, `${node} task of ${applicationNo} in ${user}'s inbox`).toBeDefined();
  const claimed = await api.post(`/api/workflow/tasks/${task!.id}/claim`, {});
  expect(claimed.status, JSON.stringify(claimed.body)).toBe(200);
  const done = await api.post(`/api/workflow/tasks/${task!.id}/complete`, { decision, comment: '材料齐全' });
  expect(done.status, JSON.stringify(done.body)).toBe(200);
}

/** A `datetime-local` value `days` from now in Beijing time (the browser's zone in these tests). */
function beijingInput(days: number): string {
  return new Date(Date.now() + 8 * 3600_000 + days * 86400_000).toISOString().slice(0, 16);
}

async function dialog(page: Page) {
  const modal = page.getByRole('dialog');
  await modal.waitFor();
  return modal;
}

beforeAll(async () => {
  // An application of 道里区, driven to the 公示 step through the API: accepted, verified (pass).
  const caseworker = await StaffApi.login(b.url, 'daoli_caseworker');
  const created = await caseworker.post<{ household: { id: number; application_no: string } }>(
    '/api/applications',
    applicationBody(await community(caseworker), { applicant: APPLICANT }),
  );
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  householdId = created.body.household.id;
  applicationNo = created.body.household.application_no;

  // A scan in the application's archive, to be named as a report's material later.
  const scan = await caseworker.upload(
    `/api/applications/${householdId}/archive?type=99&name=${encodeURIComponent('举报信扫描件')}`,
    new TextEncoder().encode('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n'),
    'application/pdf',
  );
  expect(scan.status, JSON.stringify(scan.body)).toBe(201);

  await complete('daoli_caseworker', 'accept', 'submit');
  const reviewer = await StaffApi.login(b.url, 'daoli_reviewer');
  const verified = await reviewer.post(`/api/applications/${householdId}/verification`, {
    conclusion: 'pass',
    findings: '收入、住房、资产核实无误',
  });
  expect(verified.status, JSON.stringify(verified.body)).toBe(201);
  await complete('daoli_reviewer', 'verify', 'pass');
  const stage = await caseworker.get<{ stage: string }>(`/api/applications/${householdId}`);
  expect(stage.body.stage).toBe('notice');
}, 180_000);

describe('public notices', () => {
  it('creates a batch, adds the application at the notice stage, publishes it and records a report', async () => {
    const page = await b.open('/notices');
    await b.login(page, 'daoli_caseworker');
    await page.waitForURL(/\/notices/);
    await page.getByTestId('NoticesPage').waitFor();

    // A new batch: the form's defaults are today + 9 days, announcement and internet.
    await page.getByRole('button', { name: '+ 新建公示批次' }).click();
    let modal = await dialog(page);
    await modal.getByLabel('公示标题').fill('2026年道里区第一批住房保障申请审核结果公示');
    await modal.getByLabel('公示地点').fill('道里区新阳路街道社区公示栏\n道里区人民政府网站');
    await modal.getByLabel('异议受理方式').fill('电话 0451-84600000，道里区住房保障中心');
    await modal.getByRole('button', { name: '保存' }).click();
    await page.getByTestId('batch-detail').waitFor();
    expect(await page.getByTestId('batch-status').textContent()).toBe('草稿');

    // Add the application waiting at the notice step.
    await page.getByRole('button', { name: '+ 加入申请' }).click();
    modal = await dialog(page);
    await modal.getByLabel(applicationNo).check();
    await b.screenshot(page, '01-add-applications');
    await modal.getByRole('button', { name: '加入所选（1）' }).click();
    const entries = page.getByTestId('batch-entries');
    await expect.poll(() => entries.textContent(), { timeout: 10_000 }).toContain(applicationNo);
    // Staff with personal_data.read see the full name on the management page.
    expect(await entries.textContent()).toContain(APPLICANT.name);

    // Publish after the confirmation.
    await page.getByRole('button', { name: '发布公示' }).click();
    modal = await dialog(page);
    expect(await modal.textContent()).toContain('1 户申请进入公示期');
    await b.screenshot(page, '02-confirm-publish');
    await modal.getByRole('button', { name: '确认发布' }).click();
    await expect
      .poll(() => page.getByTestId('batch-status').textContent(), { timeout: 20_000 })
      .toBe('公示中');

    // The generated PDF is there, a PDF.
    const pdfHref = await page.getByTestId('batch-pdf').getAttribute('href');
    const pdf = await page.request.get(`${b.url}${pdfHref}`);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toContain('application/pdf');
    expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');

    // A report dated before the period is refused at its field; one now is recorded.
    await page.getByRole('button', { name: '+ 登记举报' }).click();
    modal = await dialog(page);
    await modal.getByLabel('被举报申请').selectOption(String(householdId));
    await modal.getByLabel('举报时间').fill(beijingInput(-3));
    await modal.getByLabel('举报方式').selectOption('phone');
    await modal.getByLabel('举报内容').fill('反映该户在本市另有住房一套，请核查。');
    await modal.getByRole('button', { name: '保存' }).click();
    const timeError = modal.getByTestId('reported-at-error');
    await timeError.waitFor();
    expect(await timeError.textContent()).toContain('公示期');
    await b.screenshot(page, '03-report-outside-period');
    await modal.getByLabel('举报时间').fill(beijingInput(0));
    await modal.getByRole('button', { name: '保存' }).click();
    const reports = page.getByTestId('reports-panel');
    await expect
      .poll(() => reports.textContent(), { timeout: 10_000 })
      .toContain('反映该户在本市另有住房一套');
    expect(await reports.textContent()).toContain('待查证');

    // An open report can be corrected (content, channel, reporter; not whom or when).
    await reports.getByRole('button', { name: '编辑' }).click();
    modal = await dialog(page);
    expect(await modal.getByLabel('被举报申请').isDisabled()).toBe(true);
    await modal.getByLabel('举报内容').fill('反映该户在本市另有住房一套（道里区某小区），请核查。');
    await modal.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => reports.textContent(), { timeout: 10_000 }).toContain('道里区某小区');

    // The reporter's letter, scanned into the application's archive, is named as the report's material.
    await reports.getByRole('button', { name: '材料' }).click();
    modal = await dialog(page);
    await modal.getByLabel('举报信扫描件 用作').selectOption('report');
    await modal.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => reports.textContent(), { timeout: 10_000 }).toContain('举报信扫描件');
    expect(await reports.getByRole('link', { name: '举报信扫描件' }).getAttribute('href')).toMatch(
      /^\/api\/archive\/\d+$/,
    );

    // Investigate: unfounded.
    await reports.getByRole('button', { name: '查证' }).click();
    modal = await dialog(page);
    await modal.getByLabel('查证方式').fill('不动产登记信息比对');
    await modal.getByLabel('查证结果').fill('经查询不动产登记信息，该户名下无其他住房。');
    await modal.getByLabel('举报不属实').check();
    await modal.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => reports.textContent(), { timeout: 10_000 }).toContain('不属实');
    await b.screenshot(page, '04-published-with-report');
  }, 120_000);

  it('shows the published batch on the public portal with the masked name only (desktop and phone)', async () => {
    for (const [name, viewport] of [
      ['05-portal-desktop', undefined],
      ['06-portal-phone', { width: 390, height: 844 }],
    ] as const) {
      const page = await b.open('/portal', viewport ? { viewport } : {});
      const list = page.getByTestId('portal-notices');
      await list.waitFor({ timeout: 30_000 });
      const notice = list.locator('li.notice').first();
      // The applicant list is open when there is one notice; opened by hand otherwise.
      const details = notice.locator('details');
      if (!(await details.evaluate((el: HTMLDetailsElement) => el.open)))
        await details.locator('summary').click();
      await expect.poll(() => notice.textContent(), { timeout: 10_000 }).toContain(MASKED);
      await notice.scrollIntoViewIfNeeded();
      await b.screenshot(page, name);
      const html = await page.content();
      expect(html).toContain(applicationNo);
      expect(html).not.toContain(APPLICANT.name);
      expect(html).not.toContain(APPLICANT.id_number);
      // The public API answer itself carries neither.
      const api = await page.request.get(`${b.url}/api/portal/notices`);
      const text = await api.text();
      expect(text).toContain(MASKED);
      expect(text).not.toContain(APPLICANT.name);
      expect(text).not.toContain(APPLICANT.id_number);
      const pdf = await page.request.get(
        `${b.url}${await notice.getByRole('link', { name: /公示文件/ }).getAttribute('href')}`,
      );
      expect(pdf.status()).toBe(200);
      await page.close();
    }
  }, 90_000);

  it('shows the admission diagram with the count at the notice period on the monitoring page', async () => {
    const page = await b.open('/workflow');
    await b.login(page, 'daoli_supervisor');
    await page.waitForURL(/\/workflow/);
    const panel = page.getByTestId('diagram-panel');
    await panel.waitFor({ timeout: 30_000 });
    // The image loaded (naturalWidth > 0) and the node table counts the application at 公示期.
    await expect
      .poll(() => page.getByTestId('diagram').evaluate((img: HTMLImageElement) => img.naturalWidth), {
        timeout: 15_000,
      })
      .toBeGreaterThan(0);
    await expect
      .poll(() => panel.locator('td[data-node="notice_period"]').textContent(), { timeout: 10_000 })
      .toBe('1');
    const src = await page.getByTestId('diagram').getAttribute('src');
    const svg = await (await page.request.get(`${b.url}${src}`)).text();
    expect(svg).toContain('<svg');
    expect(svg).toContain('公示期');
    await b.screenshot(page, '07-monitor-diagram');

    await page.getByRole('tab', { name: '统计' }).click();
    await page.getByTestId('stats-table').waitFor();
    await expect
      .poll(() => page.getByTestId('stats-table').textContent(), { timeout: 10_000 })
      .toContain('公示');
    await b.screenshot(page, '08-monitor-stats');

    // Nothing is past its time limit yet: the overdue list says so.
    await page.getByRole('tab', { name: '超时清单' }).click();
    await expect
      .poll(() => page.getByTestId('overdue-panel').textContent(), { timeout: 10_000 })
      .toContain('没有超时的任务');
    expect(b.problems).toEqual([]);
  }, 90_000);
  it('exports a definition, refuses a broken one at its path and imports and activates a new version', async () => {
    const page = await b.open('/workflow');
    await b.login(page, 'hrb_admin');
    await page.waitForURL(/\/workflow/);
    await page.getByTestId('diagram-panel').waitFor({ timeout: 30_000 });
    const href = await page.getByRole('link', { name: '导出定义（JSON）' }).getAttribute('href');
    const exported = (await (await page.request.get(`${b.url}${href}`)).json()) as {
      key: string;
      description?: string;
      transitions: { from: string; to: string }[];
    };
    expect(exported.key).toBe('admission');

    const upload = async (definition: unknown) => {
      await page.getByRole('button', { name: '导入定义' }).click();
      const modal = await dialog(page);
      await modal.getByLabel('定义文件').setInputFiles({
        name: 'admission.json',
        mimeType: 'application/json',
        buffer: Buffer.from(JSON.stringify(definition)),
      });
      await modal.getByRole('button', { name: '导入', exact: true }).click();
      return modal;
    };

    // A transition to a node that does not exist is refused, and the fault is listed with its path.
    const broken = { ...exported, transitions: [...exported.transitions, { from: 'start', to: 'nowhere' }] };
    const modal = await upload(broken);
    const problems = modal.locator('ul.problems');
    await problems.waitFor();
    expect(await problems.textContent()).toContain(`transitions.${exported.transitions.length}`);
    await b.screenshot(page, '09-import-refused');
    await modal.getByRole('button', { name: '取消' }).click();

    await upload({ ...exported, description: `${exported.description ?? ''}（第二版）` });
    const versions = page.getByRole('navigation', { name: '流程模板' });
    await expect.poll(() => versions.textContent(), { timeout: 10_000 }).toContain('v2');
    expect(await page.getByRole('heading', { level: 2, name: /v2/ }).textContent()).toContain('未激活');
    await page.getByRole('button', { name: '激活此版本' }).click();
    await (await dialog(page)).getByRole('button', { name: '激活此版本' }).click();
    await expect
      .poll(() => page.getByRole('heading', { level: 2, name: /v2/ }).textContent(), { timeout: 10_000 })
      .toContain('已激活');
    await b.screenshot(page, '10-activated');
    expect(b.problems).toEqual([]);
  }, 90_000);
  it('lets a city user narrow the batch list to a district', async () => {
    const page = await b.open('/notices');
    await b.login(page, 'hrb_admin');
    await page.waitForURL(/\/notices/);
    const list = page.getByTestId('batch-list');
    await expect.poll(() => list.textContent(), { timeout: 10_000 }).toContain('GS-2026-230102');
    const region = page.getByLabel('地区');
    await expect.poll(() => region.locator('option').count(), { timeout: 10_000 }).toBeGreaterThan(2);
    await region.selectOption({ label: '南岗区' });
    await expect.poll(() => list.textContent(), { timeout: 10_000 }).toContain('暂无公示批次');
    expect(page.url()).toContain('region=230103');
    await region.selectOption({ label: '道里区' });
    await expect.poll(() => list.textContent(), { timeout: 10_000 }).toContain('GS-2026-230102');
    expect(b.problems).toEqual([]);
  }, 60_000);
});
