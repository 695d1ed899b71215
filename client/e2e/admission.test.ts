/**
 * Admission in a real browser as 道里区's caseworker: an application is entered through the wizard (a mistyped ID
 * number is caught at its field in the browser, a field only the server refuses sends the wizard back to its step
 * and field, and both are fixed), the case opens, a PDF is uploaded (a text file behind a .pdf name is refused
 * with the server's reason) and shown inline, the accept task is claimed and completed from the inbox, the case's
 * timeline shows the events and its diagram highlights the current node, and the list's map shows the
 * application as a circle of its stage.
 */
import type { Page } from 'playwright-core';
import PDFDocument from 'pdfkit';
import { describe, expect, it } from 'vitest';
import { checkChar } from '../src/lib/applications/idNumber.ts';
import { useBrowser } from './browser.ts';

const b = useBrowser('admission');

/** A valid resident ID number of 道里区 born on `birth` (YYYYMMDD), order code `order` (3 digits). */
const idNumber = (birth: string, order: string) => {
  const first17 = `230102${birth}${order}`;
  return `${first17}${checkChar(first17)}`;
};

const APPLICANT_ID = idNumber('19850315', '731'); // odd order digit: a man
const SPOUSE_ID = idNumber('19870920', '846'); // even: a woman

/** A one-page scan stand-in (pdfkit, built-in font): the archive detects it by its `%PDF-` magic. */
function samplePdf(): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A6', margin: 24 });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.rect(18, 18, 262, 383).lineWidth(2).stroke('#17498a');
    doc.fontSize(18).fillColor('#0c2d57').text('Resident ID card', { align: 'center' });
    doc.moveDown().fontSize(11).fillColor('#333').text(`No. ${APPLICANT_ID}`, { align: 'center' });
    doc.moveDown().text('(test scan for the admission browser test)', { align: 'center' });
    doc.end();
  });
}

/** A street and one of its communities in 道里区, by name (the wizard's 户籍地址 is geocoded from names). */
async function daoliAddress(page: Page): Promise<{ street: string; community: string }> {
  return page.evaluate(async () => {
    const list = async (parent: string) =>
      (
        (await (await fetch(`/api/regions?parent=${parent}`)).json()) as {
          items: { code: string; name: string }[];
        }
      ).items;
    const street = (await list('230102000000'))[0]!;
    const community = (await list(street.code))[0]!;
    return { street: street.name, community: community.name };
  });
}

/** A JSON call in the page as its signed-in user (with the session's CSRF token). */
async function api<T>(page: Page, method: string, path: string, body?: unknown): Promise<T> {
  return page.evaluate<T, { method: string; path: string; body: unknown }>(
    async ({ method, path, body }) => {
      const me = (await (await fetch('/api/auth/me')).json()) as { csrf_token: string };
      const res = await fetch(path, {
        method,
        headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrf_token },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
      return (await res.json()) as T;
    },
    { method, path, body },
  );
}

async function fill(page: Page, id: string, value: string): Promise<void> {
  await page.locator(`#${id}`).fill(value);
}

describe('admission in the browser', () => {
  it('enters an application, uploads a PDF, claims and completes the task, and shows the timeline, diagram and map', async () => {
    const page = await b.open('/applications');
    await b.login(page, 'daoli_caseworker');
    await page.waitForURL(/\/applications$/);
    await page.getByTestId('new-application').click();
    await page.waitForURL(/\/applications\/new$/);
    const address = await daoliAddress(page);

    // Step 1 — 申请家庭基本信息: a mistyped check digit is caught in the browser, at its field.
    await fill(page, 'f-applicant_name', '王建国');
    await fill(page, 'f-id_number', `${APPLICANT_ID.slice(0, 17)}${APPLICANT_ID[17] === '0' ? '1' : '0'}`);
    await fill(page, 'f-phone', '13904510000');
    await fill(page, 'f-hukou_district', '道里区');
    await fill(page, 'f-hukou_street', address.street);
    await fill(page, 'f-hukou_community', address.community);
    await fill(page, 'f-hukou_road', '安静街');
    await fill(page, 'f-hukou_house_no', '18号');
    await page.getByTestId('wizard-next').click();
    await expect.poll(() => page.locator('#f-id_number-error').textContent()).toContain('校验码错误');
    expect(await page.locator('#f-id_number').getAttribute('aria-invalid')).toBe('true');
    await b.screenshot(page, '01-wizard-id-error');
    await fill(page, 'f-id_number', APPLICANT_ID);
    await page.getByTestId('wizard-next').click();

    // Step 2 — 住房: one rented home; an organisation code only the server checks is left wrong on purpose.
    await expect.poll(() => page.locator('#wizard-step-title').textContent()).toBe('住房情况');
    await page.locator('#f-housing-0-occupancy').selectOption('03');
    await fill(page, 'f-housing-0-floor_area', '38.5');
    await fill(page, 'f-housing-0-address_road', '安静街');
    await page
      .getByText(/更多信息/)
      .first()
      .click();
    await fill(page, 'f-housing-0-owner_unit_org_code', 'ABC');
    await page.getByTestId('wizard-next').click();

    // Step 3 — 家庭成员: the applicant comes from step 1 (birth date and sex read from the ID); add the spouse.
    await expect.poll(() => page.locator('#f-members-0-name').inputValue()).toBe('王建国');
    expect(await page.locator('#f-members-0-born_on').inputValue()).toBe('1985-03-15');
    await fill(page, 'f-members-0-annual_income', '36000');
    await page.getByRole('button', { name: '+ 添加家庭成员' }).click();
    await page.locator('#f-members-1-relation').selectOption('12');
    await fill(page, 'f-members-1-name', '李秀梅');
    await fill(page, 'f-members-1-id_number', SPOUSE_ID);
    await fill(page, 'f-members-1-annual_income', '18000.50');
    // Computed live, never typed: (36000 + 18000.50) / 2 and 38.5 / 2.
    await expect
      .poll(() => page.locator('[data-figure="per_capita_income"]').textContent())
      .toBe('27,000.25');
    expect(await page.locator('[data-figure="per_capita_floor_area"]').textContent()).toBe('19.25');
    expect(await page.locator('[data-figure="household_size"]').textContent()).toBe('2');
    await b.screenshot(page, '02-wizard-members');
    await page.getByTestId('wizard-next').click();

    // Step 4 — 资产, then 核对提交.
    await page.getByRole('button', { name: '+ 添加资产' }).click();
    await fill(page, 'f-assets-0-owner_name', '王建国');
    await page.locator('#f-assets-0-category').selectOption('03');
    await fill(page, 'f-assets-0-total_value', '20000');
    await page.getByTestId('wizard-next').click();
    await expect.poll(() => page.locator('#wizard-step-title').textContent()).toBe('核对提交');
    await page.getByTestId('wizard-submit').click();

    // The server refuses the organisation code: the wizard goes back to 住房 and shows it at the field.
    await expect.poll(() => page.locator('#wizard-step-title').textContent()).toBe('住房情况');
    const orgError = page.locator('#f-housing-0-owner_unit_org_code-error');
    await expect.poll(() => orgError.textContent()).toContain('组织机构代码');
    expect(
      await page.locator('#f-housing-0-owner_unit_org_code').evaluate((e) => e === document.activeElement),
    ).toBe(true);
    await b.screenshot(page, '03-wizard-server-error');
    await fill(page, 'f-housing-0-owner_unit_org_code', '');
    await page.locator('[data-step="review"]').click();
    await page.getByTestId('wizard-submit').click();

    // The case.
    await page.waitForURL(/\/applications\/\d+/);
    const caseUrl = new URL(page.url());
    const householdId = Number(caseUrl.pathname.split('/').pop());
    await expect.poll(() => page.getByTestId('case-application-no').textContent()).toMatch(/^SQ\d+/);
    const applicationNo = (await page.getByTestId('case-application-no').textContent())!;
    expect(await page.getByTestId('case-stage').textContent()).toContain('受理');
    expect(await page.locator('[data-name="per_capita_income"]').textContent()).toBe('27,000.25');
    await b.screenshot(page, '04-case');

    // Archive: a text file behind a .pdf name is refused with the server's reason; a real PDF is kept and shown.
    await page.getByRole('tab', { name: /电子档案/ }).click();
    await page.locator('#archive-type').selectOption('01');
    await page.locator('#archive-file').setInputFiles({
      name: '身份证.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('this is not a PDF at all'),
    });
    await page.getByRole('button', { name: '上传', exact: true }).click();
    await expect.poll(() => page.getByTestId('archive-file-error').textContent()).toMatch(/PDF|类型|格式/);
    await page
      .locator('#archive-file')
      .setInputFiles({ name: '身份证.pdf', mimeType: 'application/pdf', buffer: await samplePdf() });
    await page.getByRole('button', { name: '上传', exact: true }).click();
    await expect.poll(() => page.locator('[data-archive]').count()).toBe(1);
    const viewer = page.getByTestId('archive-viewer');
    await expect.poll(() => viewer.count()).toBe(1);
    // pdf.js draws the page in the case page (the API may not be framed).
    await expect
      .poll(() => page.getByTestId('pdf-canvas').getAttribute('data-drawn'), { timeout: 20_000 })
      .toBe('1');
    const src = (await viewer.getAttribute('data-src'))!;
    const served = await page.evaluate(async (url) => {
      const res = await fetch(url);
      return { status: res.status, type: res.headers.get('content-type') };
    }, src);
    expect(served).toEqual({ status: 200, type: 'application/pdf' });
    await b.screenshot(page, '05-archive');

    // The inbox: the accept task is offered to the district's caseworkers; claim it, then complete it.
    await page.goto(`${b.url}/inbox?tab=candidate&q=${encodeURIComponent(applicationNo)}`);
    const row = page.locator('tr[data-task-row]', { hasText: applicationNo });
    await expect.poll(() => row.count(), { timeout: 20_000 }).toBe(1);
    expect(await row.textContent()).toContain('受理');
    await b.screenshot(page, '06-inbox-candidate');
    await row.getByRole('button', { name: '认领' }).click();
    await expect.poll(() => page.locator('[data-action="complete"]').count()).toBe(1);
    await page.locator('[data-action="complete"]').click();
    await page.getByLabel('提交审核').check();
    await page.locator('textarea[id$="-comment"]').fill('材料齐全，提交审核');
    await b.screenshot(page, '07-inbox-complete');
    await page.getByTestId('task-submit').click();
    await expect.poll(() => page.locator('tr[data-task-row]', { hasText: applicationNo }).count()).toBe(0);

    // The case's process: the timeline has the events, the diagram highlights the verification node.
    await page.goto(`${b.url}/applications/${householdId}?tab=process`);
    const timeline = page.getByTestId('process-timeline');
    await expect.poll(() => timeline.locator('[data-event="completed"]').count()).toBeGreaterThan(0);
    expect(await timeline.locator('[data-event="claimed"]').count()).toBe(1);
    expect(await timeline.textContent()).toContain('材料齐全，提交审核');
    expect(await page.getByTestId('case-stage').textContent()).toContain('审核');
    const diagram = page.getByTestId('process-diagram');
    await expect
      .poll(() => diagram.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0))
      .toBe(true);
    const svg = await page.evaluate(
      async (url) => (await fetch(url)).text(),
      (await diagram.getAttribute('src'))!,
    );
    expect(svg).toMatch(/<g class="node current[^"]*" data-node="verify"/);
    expect(svg).toMatch(/<g class="node visited[^"]*" data-node="accept"/);
    await b.screenshot(page, '08-case-process');

    // 撤回: nobody has claimed the verification yet, so the caseworker takes the acceptance back from the case
    // page (it comes back assigned to them), then submits it again.
    const side = page.locator('aside');
    await side.locator('[data-action="withdraw"]').click();
    await side.locator('textarea[id$="-comment"]').fill('补充材料后重新提交');
    await side.getByTestId('task-submit').click();
    await expect.poll(() => page.getByTestId('case-stage').textContent()).toContain('受理');
    await expect.poll(() => timeline.locator('[data-event="withdrawn"]').count()).toBe(1);
    await side.locator('[data-action="complete"]').click();
    await side.getByLabel('提交审核').check();
    await side.getByTestId('task-submit').click();
    await expect.poll(() => page.getByTestId('case-stage').textContent()).toContain('审核');

    // The list's map shows the application as a circle of its stage.
    await page.goto(`${b.url}/applications?q=${encodeURIComponent(applicationNo)}`);
    await b.mapReady(page);
    await expect
      .poll(
        () =>
          page.evaluate(
            (no) =>
              window
                .__hssMap!.queryRenderedFeatures({ layers: ['applications-circles'] })
                .filter((f) => f.properties.application_no === no)
                .map((f) => f.properties.stage as string),
            applicationNo,
          ),
        { timeout: 20_000 },
      )
      .toEqual(['verify']);
    await b.screenshot(page, '09-list-map');

    // The same applicant again: the province-wide duplicate check refuses it (409) and the wizard shows the
    // other application at the applicant's ID number in the first step, where it is typed.
    await page.getByTestId('new-application').click();
    await fill(page, 'f-applicant_name', '王建国');
    await fill(page, 'f-id_number', APPLICANT_ID);
    await fill(page, 'f-hukou_district', '道里区');
    await page.getByTestId('wizard-next').click();
    await page.getByRole('button', { name: '删除第 1 条' }).click(); // no home
    await page.getByTestId('wizard-next').click();
    await fill(page, 'f-members-0-annual_income', '36000');
    await page.locator('[data-step="review"]').click();
    await page.getByTestId('wizard-submit').click();
    await expect.poll(() => page.locator('#wizard-step-title').textContent()).toBe('申请家庭基本信息');
    await expect.poll(() => page.locator('#f-id_number-error').textContent()).toContain(applicationNo);
    await b.screenshot(page, '10-wizard-duplicate');

    expect(b.problems).toEqual([]);
  });
  it('lets the district reviewer verify record by record, report and pass the countersign task on the case page', async () => {
    // Set up through the API as the caseworker: an application whose accept task is done.
    const setup = await b.open('/applications');
    await b.login(setup, 'daoli_caseworker');
    await setup.waitForURL(/\/applications$/);
    const address = await daoliAddress(setup);
    const applicant = idNumber('19760102', '513');
    const created = await api<{ household: { id: number; application_no: string } }>(
      setup,
      'POST',
      '/api/applications',
      {
        applicant_name: '赵志强',
        id_number: applicant,
        household_size: 1,
        hukou_district: '道里区',
        hukou_street: address.street,
        hukou_community: address.community,
        housing: [{ occupancy: '04', floor_area: 12 }],
        members: [
          {
            relation: '01',
            name: '赵志强',
            id_number: applicant,
            annual_income: '15000.00',
            had_welfare_housing: true,
          },
        ],
        assets: [{ owner_name: '赵志强', category: '02', quantity: 1, total_value: '30000.00' }],
      },
    );
    const id = created.household.id;
    const tasks = await api<{ items: { id: number; node_key: string }[] }>(
      setup,
      'GET',
      `/api/workflow/tasks?view=candidate&q=${created.household.application_no}`,
    );
    const accept = tasks.items.find((task) => task.node_key === 'accept')!;
    await api(setup, 'POST', `/api/workflow/tasks/${accept.id}/claim`, {});
    await api(setup, 'POST', `/api/workflow/tasks/${accept.id}/complete`, { decision: 'submit' });
    await setup.close();

    // The reviewer sees the check's warning (already had welfare housing) first, then verifies.
    const page0 = await b.open(`/applications/${id}?tab=checks`);
    await b.login(page0, 'daoli_reviewer');
    await expect.poll(() => page0.locator('[data-check="warning"]').count()).toBe(1);
    // Placed at its record and field in words: 家庭成员 1（赵志强）· 是否享受过福利房.
    expect(await page0.locator('[data-check="warning"]').textContent()).toMatch(
      /家庭成员 1（赵志强） · 是否享受过福利房.*福利房/,
    );
    await b.screenshot(page0, '11-case-checks');
    await page0.close();

    const page = await b.open(`/applications/${id}?tab=verification`);
    await b.login(page, 'daoli_reviewer');
    await page.waitForURL(new RegExp(`/applications/${id}`));
    await expect.poll(() => page.getByTestId('case-stage').textContent()).toContain('审核');
    const radios = page.locator('input[type="radio"][value="passed"]');
    await expect.poll(() => radios.count()).toBe(3); // one member, one home, one asset
    for (const radio of await radios.all()) await radio.check();
    await page.locator('input[name="verify-conclusion"][value="pass"]').check();
    await page.locator('#verify-findings').fill('户籍、收入、住房经入户核查属实。');
    await page.getByRole('button', { name: '保存审核结果' }).click();
    await expect.poll(() => page.locator('.report').count()).toBe(1);
    expect(await page.getByText('审核通过').count()).toBeGreaterThanOrEqual(3);

    // The countersign task in the side panel: claim, choose 通过 — but another window completes it first: the
    // server's 409 is shown with what to do, and a reload shows the case moved on.
    const side = page.locator('aside');
    await side.getByRole('button', { name: '认领任务' }).click();
    await side.locator('[data-action="complete"]').click();
    await side.getByLabel('通过', { exact: true }).check();
    await b.screenshot(page, '12-case-verification');
    const taskId = await side.locator('[data-task]').first().getAttribute('data-task');
    await api(page, 'POST', `/api/workflow/tasks/${taskId}/complete`, {
      decision: 'pass',
      comment: '另一窗口办结',
    });
    await side.getByTestId('task-submit').click();
    await expect.poll(() => side.getByRole('alert').count()).toBe(1);
    expect(await side.textContent()).toContain('任务状态已变化');
    await b.screenshot(page, '13-case-conflict');
    await side.getByRole('button', { name: '刷新' }).click();
    await expect.poll(() => page.getByTestId('case-stage').textContent()).toContain('公示');

    // The notice and plan tabs say where the case stands; nothing is offered out of turn.
    await page.getByRole('tab', { name: '公示' }).click();
    await expect.poll(() => page.getByText('此申请尚未列入公示。').count()).toBe(1);
    await page.getByRole('tab', { name: '拟保障方案' }).click();
    await expect.poll(() => page.getByText('尚未计算拟保障实施方案。').count()).toBe(1);
    // Not the reviewer's turn: no plan action is offered.
    expect(await page.getByRole('button', { name: '按保障规则计算方案' }).count()).toBe(0);
    await page.getByRole('tab', { name: '流程' }).click();
    const timeline = page.getByTestId('process-timeline');
    await expect.poll(() => timeline.locator('[data-event="completed"]').count()).toBe(2);
    await b.screenshot(page, '14-case-after-verify');

    // In English the same case reads in English (the standard's field names stay Chinese only in zh).
    await page.getByRole('button', { name: 'Switch to English' }).click();
    await expect.poll(() => page.getByRole('tab', { name: 'Process' }).count()).toBe(1);
    expect(await page.getByTestId('case-stage').textContent()).toContain('Public notice');
    await page.getByRole('tab', { name: /^Members/ }).click();
    await expect.poll(() => page.getByRole('columnheader', { name: 'Annual income (yuan)' }).count()).toBe(1);
    await b.screenshot(page, '15-case-english');

    // The caseworker publishes a notice batch with the application (through the API); its case shows the batch.
    const cw = await b.open(`/applications/${id}?tab=notice`);
    await b.login(cw, 'daoli_caseworker');
    await cw.waitForURL(new RegExp(`/applications/${id}`));
    const day = (offset: number) =>
      new Date(Date.now() + offset * 86_400_000).toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
    const batch = await api<{ id: number; notice_no: string }>(cw, 'POST', '/api/notices/batches', {
      title: '道里区保障对象准入公示',
      starts_on: day(0),
      ends_on: day(7),
      channels: ['announcement', 'internet'],
      places: ['道里区住房保障服务中心'],
      contact: '0451-84600000',
    });
    await api(cw, 'PUT', `/api/notices/batches/${batch.id}/applications`, { household_ids: [id] });
    await api(cw, 'POST', `/api/notices/batches/${batch.id}/publish`);
    await cw.reload();
    await expect.poll(() => cw.getByText(batch.notice_no).count()).toBe(1);
    expect(await cw.locator('.batch').textContent()).toContain('公示中');
    expect(await cw.getByTestId('case-stage').textContent()).toContain('公示期');
    expect(await cw.getByTestId('case-waiting').textContent()).toContain('公示期中');
    await b.screenshot(cw, '16-case-notice');
    expect(b.problems).toEqual([]);
  });
});
