/**
 * Online unit selection in a real browser (CJJ/T 196 10.2.1, A.7.2 网上选房): over a published units plan of
 * 道里区 with an allocation order (test fixtures), a caseworker creates a session from the sessions page (the plan
 * preselected by `?plan=`), reads the selection codes off the printable sheet, opens the room and starts it. In a
 * second tab an applicant signs in on the public page with 申请编号 + 选房码, is told it is their turn and picks
 * a unit from the floor table; the caseworker's room shows it taken without a reload (SSE), the turn moved on. The
 * caseworker picks by proxy for the next household with a reason; a proxy pick for a turn that moved on meanwhile
 * is refused with a clear message and a refreshed view. Before sign-in the public page is a big screen without
 * personal data; the map colours the taken units; a reviewer approves one selection and rejects another, whose
 * unit is free again on the applicant's page, live.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertOrder, insertPublishedPlan, type PublishedPlan } from '../../server/allocation/fixtures.ts';
import { createDb, type Db } from '../../server/db/knex.ts';
import { StaffApi } from './api.ts';
import { useBrowser } from './browser.ts';

const b = useBrowser('selection');
const PHONE = { width: 390, height: 844 };

let db: Db;
let plan: PublishedPlan;
// One session runs through the tests below, in order (as it would in a day's selection).
let staff: Page;
let phone: Page;
let sessionId = 0;
let codes: Code[] = [];
let chosen = '';
let proxied = '';

beforeAll(async () => {
  db = createDb(b.databaseUrl);
  plan = await insertPublishedPlan(db, '230102', { households: 5, units: 8, tag: 'SELUI' });
  await insertOrder(db, plan.plan);
});

afterAll(async () => {
  await db?.destroy();
});

interface Code {
  order: number;
  application: string;
  name: string;
  code: string;
}

/** The codes sheet's rows, as printed. */
async function readCodes(page: Page): Promise<Code[]> {
  return page.locator('[data-testid="selection-codes"] tbody tr').evaluateAll((rows) =>
    rows.map((row) => {
      const cells = Array.from(row.querySelectorAll('td'), (td) => td.textContent?.trim() ?? '');
      return { order: Number(cells[0]), application: cells[1]!, name: cells[2]!, code: cells[3]! };
    }),
  );
}

const room = (page: Page, unitNo: string) =>
  page.locator(`[data-testid="selection-floor-table"] [data-unit-no="${unitNo}"]`);
const freeRooms = (page: Page) =>
  page.locator('[data-testid="selection-floor-table"] [data-state="available"]');

const turn = () => staff.getByTestId('current-turn');
const atTurn = () => turn().locator('[data-order]').getAttribute('data-order');
const SLOW = 120_000;

describe('online unit selection in the browser', () => {
  it('creates a session from the plan and shows its selection codes once', { timeout: SLOW }, async () => {
    // The caseworker creates the session from the plan's link and gets the codes once.
    staff = await b.open(`/selection?plan=${plan.plan}`);
    await b.login(staff, 'daoli_caseworker');
    await staff.waitForURL(/\/selection\?plan=/);
    const dialog = staff.getByTestId('create-session');
    await expect.poll(() => dialog.locator('#s-plan').inputValue()).toBe(String(plan.plan));
    expect(await dialog.locator('#s-title').inputValue()).toContain(`测试方案SELUI`);
    await dialog.locator('#s-turn').fill('5');
    await dialog.getByRole('button', { name: '创建并发放选房码' }).click();
    // 5 s is under the 10 s minimum: refused at its field, nothing created.
    await expect.poll(() => dialog.locator('.field-error').first().textContent()).toMatch(/10/);
    await dialog.locator('#s-turn').fill('600');
    await dialog.getByRole('button', { name: '创建并发放选房码' }).click();
    const sheet = staff.getByTestId('selection-codes');
    await sheet.waitFor();
    codes = await readCodes(staff);
    expect(codes.map((c) => c.order)).toEqual([1, 2, 3, 4, 5]);
    expect(codes.every((c) => /^\d{8}$/.test(c.code))).toBe(true);
    await b.screenshot(staff, '01-codes');
    expect(await staff.getByRole('button', { name: '已打印，关闭' }).isDisabled()).toBe(true);
    await staff.getByRole('checkbox').check();
    await staff.getByRole('button', { name: '已打印，关闭' }).click();
    const row = staff.locator('[data-testid="sessions"] tbody tr').first();
    await expect.poll(() => row.textContent()).toContain('待开始');
    sessionId = Number(await row.getAttribute('data-session'));
  });

  it(
    'opens the room; the applicant at turn picks on the phone and the room shows it live',
    { timeout: SLOW },
    async () => {
      const row = staff.locator(`[data-testid="sessions"] tr[data-session="${sessionId}"]`);
      // The room: live, scheduled; the caseworker opens it and household No. 1 has the turn.
      await row.getByRole('link', { name: '进入选房大厅' }).click();
      await staff.waitForURL(new RegExp(`/selection/${sessionId}$`));
      await expect.poll(() => staff.getByTestId('live-status').getAttribute('data-status')).toBe('live');
      await expect.poll(() => freeRooms(staff).count()).toBe(8);
      await staff.locator('[data-action="open"]').click();
      await expect.poll(() => staff.getByTestId('session-status').textContent()).toBe('进行中');
      await expect.poll(atTurn).toBe('1');
      // A caseworker with personal_data.read sees the full name at turn.
      expect(await turn().textContent()).toContain(codes[0]!.name);

      // The applicant's phone: the public screen first (no personal data), then sign-in.
      phone = await b.context.newPage();
      await phone.setViewportSize(PHONE);
      // One event stream for the whole visit: nothing on the page makes it reconnect.
      const streams: string[] = [];
      phone.on('request', (request) => {
        if (request.url().includes('/events')) streams.push(request.url());
      });
      await phone.goto(`${b.url}/select/${sessionId}`);
      const now = phone.getByTestId('public-now');
      await expect.poll(() => now.textContent()).toContain('第 1 号');
      expect(await now.textContent()).not.toContain(codes[0]!.name);
      expect(await phone.locator('body').textContent()).not.toContain(codes[0]!.application);
      await b.screenshot(phone, '02-public-screen');
      await phone.locator('#a-application').fill(codes[0]!.application);
      await phone.locator('#a-code').fill(codes[0]!.code === '00000000' ? '11111111' : '00000000');
      await phone.getByRole('button', { name: '登录选房' }).click();
      await phone.getByTestId('applicant-login').getByRole('alert').waitFor();
      await phone.locator('#a-code').fill(codes[0]!.code);
      await phone.getByRole('button', { name: '登录选房' }).click();
      const me = phone.getByTestId('applicant-me');
      await expect.poll(() => me.textContent()).toContain('轮到您选房了');
      await b.screenshot(phone, '03-your-turn');

      // The applicant picks the first free room; the caseworker's room shows it taken without a reload.
      chosen = (await freeRooms(phone).first().getAttribute('data-unit-no'))!;
      await freeRooms(phone).first().click();
      await phone.getByTestId('confirm-pick').getByRole('button', { name: '确认选择' }).click();
      await expect.poll(() => phone.getByTestId('applicant-result').textContent()).toContain(chosen);
      await b.screenshot(phone, '04-picked');
      await expect.poll(() => room(staff, chosen).getAttribute('data-state')).toBe('taken');
      await expect.poll(atTurn).toBe('2');
      await expect.poll(() => staff.getByTestId('activity').textContent()).toContain(`选定 ${chosen}`);
      await expect.poll(() => freeRooms(staff).count()).toBe(7);
      expect(streams).toEqual([`${b.url}/api/portal/selection/${sessionId}/events`]);
    },
  );

  it(
    'picks by proxy with a reason, and refuses one for a turn that moved on',
    { timeout: SLOW },
    async () => {
      // 代选 for No. 2: click 代选, a free room, give the reason, confirm.
      await staff.locator('[data-action="proxy"]').click();
      proxied = (await freeRooms(staff).first().getAttribute('data-unit-no'))!;
      await freeRooms(staff).first().click();
      const proxy = staff.getByTestId('proxy-pick');
      await proxy.getByRole('button', { name: '确认代选' }).click();
      await expect.poll(() => proxy.locator('.field-error').textContent()).toContain('代选原因');
      await proxy.locator('#proxy-reason').fill('申请人年迈，委托经办人代为选房');
      await proxy.getByRole('button', { name: '确认代选' }).click();
      await expect.poll(() => room(staff, proxied).getAttribute('data-state')).toBe('taken');
      await expect.poll(atTurn).toBe('3');
      // The applicant's page follows live: both rooms taken there too.
      await expect.poll(() => room(phone, proxied).getAttribute('data-state')).toBe('taken');
      await expect.poll(() => freeRooms(phone).count()).toBe(6);
      await expect.poll(() => staff.getByTestId('selections').textContent()).toContain('委托经办人代为选房');

      // A proxy pick for No. 3 while another caseworker skips No. 3: refused in words, the view refreshed.
      const api = await StaffApi.login(b.url, 'daoli_caseworker');
      await staff.locator('[data-action="proxy"]').click();
      const stale = (await freeRooms(staff).first().getAttribute('data-unit-no'))!;
      await freeRooms(staff).first().click();
      await proxy.locator('#proxy-reason').fill('现场代选');
      const state = await api.get<{ current: { turn_id: number } }>(`/api/selection/sessions/${sessionId}`);
      const skipped = await api.post(`/api/selection/sessions/${sessionId}/skip`, {
        turn_id: state.body.current.turn_id,
      });
      expect(skipped.status, JSON.stringify(skipped.body)).toBe(200);
      await proxy.getByRole('button', { name: '确认代选' }).click();
      await expect.poll(() => staff.getByTestId('conflict').textContent()).toContain('轮次已变化');
      await expect.poll(atTurn).toBe('4');
      await expect.poll(() => staff.getByTestId('activity').textContent()).toContain('被工作人员跳过');
      expect(await room(staff, stale).getAttribute('data-state')).toBe('available');
      await b.screenshot(staff, '05-room');

      // The map colours the session's units: two taken.
      await b.mapReady(staff);
      await expect
        .poll(() =>
          staff.evaluate(
            () =>
              window.__hssMap
                ?.querySourceFeatures('selection-units')
                .filter((f) => f.properties.state === 'taken').length ?? 0,
          ),
        )
        .toBe(2);
    },
  );

  it(
    'issues a lost code again; the old one fails, the new one signs in, and the household gives up',
    { timeout: SLOW },
    async () => {
      const last = codes.find((c) => c.order === 5)!;
      const queue = staff.getByTestId('queue');
      await queue.locator('li', { hasText: last.name }).getByRole('button', { name: '补发选房码' }).click();
      const sheet = staff.getByTestId('selection-codes');
      await sheet.waitFor();
      const [again] = await readCodes(staff);
      expect(again!.application).toBe(last.application);
      expect(again!.code).not.toBe(last.code);
      await staff.getByRole('checkbox').check();
      await staff.getByRole('button', { name: '已打印，关闭' }).click();

      // On the phone: the first applicant signs out; No. 5 tries the old code, then the new one.
      await phone.getByRole('button', { name: '退出' }).click();
      await phone.locator('#a-application').fill(last.application);
      await phone.locator('#a-code').fill(last.code);
      await phone.getByRole('button', { name: '登录选房' }).click();
      await phone.getByTestId('applicant-login').getByRole('alert').waitFor();
      await phone.locator('#a-code').fill(again!.code);
      await phone.getByRole('button', { name: '登录选房' }).click();
      const me = phone.getByTestId('applicant-me');
      await expect
        .poll(() => phone.getByTestId('applicant-place').textContent())
        .toMatch(/第 5 号，前面还有 0 户/);
      // Nothing of the previous applicant's visit stays on the shared device.
      expect(await phone.locator('body').textContent()).not.toContain('选房成功');
      await b.screenshot(phone, '05-waiting');
      await me.getByRole('button', { name: '放弃本场选房' }).click();
      await phone.getByTestId('confirm-forfeit').click();
      await expect.poll(() => me.textContent()).toContain('您已放弃本场选房');
      // The room's queue loses the household, live.
      await expect.poll(() => queue.textContent()).not.toContain(last.name);
    },
  );

  it(
    'reviews: one selection approved, one rejected and its unit free again, live',
    { timeout: SLOW },
    async () => {
      // The reviewer approves the applicant's pick and rejects the proxy pick: its room is free again, live.
      await b.context.clearCookies({ name: 'hss_sid' });
      await staff.goto(`${b.url}/selection/${sessionId}`);
      await b.login(staff, 'daoli_reviewer');
      const selections = staff.getByTestId('selections');
      await selections.waitFor();
      await selections
        .locator(`tr[data-unit-no="${chosen}"]`)
        .getByRole('button', { name: '通过', exact: true })
        .click();
      await expect
        .poll(() => selections.locator(`tr[data-unit-no="${chosen}"]`).textContent())
        .toContain('已审核');
      await selections
        .locator(`tr[data-unit-no="${proxied}"]`)
        .getByRole('button', { name: '不通过' })
        .click();
      const reject = staff.getByTestId('reject-selection');
      await reject.locator('#reject-comment').fill('代选委托书未提交');
      await reject.getByRole('button', { name: '撤销选房' }).click();
      await expect
        .poll(() => selections.locator(`tr[data-unit-no="${proxied}"]`).textContent())
        .toContain('已撤销');
      await expect.poll(() => room(phone, proxied).getAttribute('data-state')).toBe('available');
      await expect.poll(() => room(staff, proxied).getAttribute('data-state')).toBe('available');
      await b.screenshot(staff, '06-reviewed');

      expect(b.problems).toEqual([]);
    },
  );
});
