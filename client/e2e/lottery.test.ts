/**
 * The public lottery page in a real browser, without login. A published plan of 道里区 (test fixture) is committed
 * by daoli_approver through the API: the page shows the record with the secret withheld, checks the roster in the
 * browser and lets an applicant find their code (nothing sent). After the draw, through the API, the page shows
 * the revealed secret and every check passing, and the applicant's position equals the order written to
 * allocation_orders. The application number never leaves the browser.
 */
import pg from 'pg';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { insertPublishedPlan, type PublishedPlan } from '../../server/allocation/fixtures.ts';
import { createDb, type Db } from '../../server/db/knex.ts';
import { clusterUrl } from '../../server/test/databases.ts';
import { StaffApi } from './api.ts';
import { useBrowser } from './browser.ts';

const b = useBrowser('lottery');

let db: Db;
let plan: PublishedPlan;
let draw: { id: number; draw_no: string };
let approver: StaffApi;

/** The database the harness cloned for this file (named after the prefix). */
async function testDatabase(): Promise<Db> {
  const admin = new pg.Client({ connectionString: clusterUrl() });
  await admin.connect();
  const found = await admin.query<{ datname: string }>(
    "SELECT datname FROM pg_database WHERE datname LIKE 'hss_e2e_lottery_%' ORDER BY oid DESC LIMIT 1",
  );
  await admin.end();
  return createDb(clusterUrl(found.rows[0]!.datname), { max: 2 });
}

/** Everything the page sent to the server, to prove the application number stays on the device. */
function recordRequests(page: Page): string[] {
  const sent: string[] = [];
  page.on('request', (request) => sent.push(`${request.url()} ${request.postData() ?? ''}`));
  return sent;
}

async function findMine(page: Page, applicationNo: string) {
  await page.getByLabel('申请编号').fill(applicationNo);
  await page.getByRole('button', { name: '查询' }).click();
  return page.getByTestId('lottery-mine');
}

beforeAll(async () => {
  db = await testDatabase();
  plan = await insertPublishedPlan(db, '230102', { households: 30, tag: 'E2E' });
  approver = await StaffApi.login(b.url, 'daoli_approver');
  const created = await approver.post<{ id: number; draw_no: string }>('/api/lottery/draws', {
    plan_id: plan.plan,
    title: '道里区第一批公租房摇号',
    cohorts: 'ties',
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  draw = created.body;
  return () => db.destroy();
});

describe('public lottery page', () => {
  it('before the draw: the roster checks out, the secret is withheld, an applicant finds their code', async () => {
    const page = await b.open(`/portal/lottery/${draw.draw_no}`);
    const sent = recordRequests(page);
    await expect.poll(() => page.getByTestId('lottery-status').textContent()).toContain('已公布名单，待摇号');
    const verdict = page.getByTestId('lottery-verdict');
    await verdict.waitFor();
    expect(await verdict.textContent()).toContain('名单已核对');
    expect(await page.locator('[data-check="roster_hash"]').getAttribute('class')).toContain('ok');
    expect(await page.locator('[data-check="seed"]').textContent()).toContain('摇号后验证');
    expect(await page.getByTestId('lottery-secret').textContent()).toContain('摇号前不公开');
    const { server_secret } = await db('lottery_draws').where({ id: draw.id }).first('server_secret');
    expect(await page.content()).not.toContain(server_secret);

    const applicationNo = plan.households[0]!.application_no;
    const mine = await findMine(page, applicationNo.toLowerCase());
    const entry = await db('lottery_entries')
      .where({ draw_id: draw.id, application_no: applicationNo })
      .first('entry_code', 'cohort');
    expect(await mine.textContent()).toContain(entry.entry_code);
    expect(await mine.textContent()).toContain(entry.cohort);
    expect(await page.getByTestId('lottery-mine-position').textContent()).toContain('尚未摇号');
    expect(sent.filter((line) => line.toUpperCase().includes(applicationNo))).toEqual([]);
    await b.screenshot(page, '01-committed');
    expect(b.problems).toEqual([]);
  });

  it('after the draw: every check passes in the browser and the applicant sees their position', async () => {
    const drawn = await approver.post(`/api/lottery/draws/${draw.id}/draw`, {
      contributions: [
        { party: '申请人代表1', value: '5' },
        { party: '申请人代表2', value: '309' },
        { party: '公证员', value: '20261127' },
      ],
    });
    expect(drawn.status, JSON.stringify(drawn.body)).toBe(200);

    const page = await b.open(`/portal/lottery/${draw.draw_no}`, { viewport: { width: 390, height: 844 } });
    const sent = recordRequests(page);
    await expect.poll(() => page.getByTestId('lottery-status').textContent()).toContain('已摇号');
    const verdict = page.getByTestId('lottery-verdict');
    await verdict.waitFor();
    expect(await verdict.textContent()).toContain('全部核对通过');
    expect(await page.locator('[data-testid="lottery-checks"] li.ok').count()).toBe(8);
    const { server_secret } = await db('lottery_draws').where({ id: draw.id }).first('server_secret');
    expect(await page.getByTestId('lottery-secret').textContent()).toContain(server_secret);

    const household = plan.households[7]!;
    await findMine(page, household.application_no);
    const order = await db('allocation_orders')
      .where({ plan_id: plan.plan, household_id: household.id })
      .first('order_no');
    expect(await page.getByTestId('lottery-mine-position').textContent()).toContain(
      `第 ${order.order_no} 位`,
    );
    expect(sent.filter((line) => line.toUpperCase().includes(household.application_no))).toEqual([]);
    // The result table lists positions with codes only.
    const firstRow = page.getByTestId('lottery-lines').locator('tbody tr').first();
    expect(await firstRow.textContent()).toMatch(/^\s*1\s*[0-9A-Z]{5}-[0-9A-Z]{5}/);
    await b.screenshot(page, '02-drawn-mobile');
    expect(b.problems).toEqual([]);
  });

  it('says so when the draw does not exist', async () => {
    const page = await b.open('/portal/lottery/YH-2026-999999');
    await expect.poll(() => page.getByRole('alert').first().textContent()).toContain('摇号不存在');
  });
});
