/**
 * The review end of admission in a real browser: an application set up through the API up to its public notice
 * (accepted, verified, published), the notice period's timer brought forward in the test's database (the only
 * shortcut: a notice period lasts days), then through the pages — the district reviewer computes the plan from
 * the city's enabled rules and approves the first review on the case page; the city approver modifies the plan
 * with a reason (a change to nothing is refused at its field) and completes the second review as 修改方案; the
 * case is registered, its 准予登记通知书 listed in 文书 and the diagram shows the path taken.
 */
import pg from 'pg';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { HARBIN_RULES } from '../../server/rules/fixtures/harbin.ts';
import { KIND_ORDER } from '../../server/rules/kinds.ts';
import { clusterUrl } from '../../server/test/databases.ts';
import { checkChar } from '../src/lib/applications/idNumber.ts';
import { useBrowser } from './browser.ts';

const b = useBrowser('admreview');
const idNumber = (birth: string, order: string) =>
  `230102${birth}${order}${checkChar(`230102${birth}${order}`)}`;

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

async function as(user: string, path = '/applications'): Promise<Page> {
  const page = await b.open(path);
  await b.login(page, user);
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
  return page;
}

async function task(page: Page, no: string, node: string): Promise<number> {
  const r = await api<{ items: { id: number; node_key: string }[] }>(
    page,
    'GET',
    `/api/workflow/tasks?view=all&q=${no}`,
  );
  return r.items.find((t) => t.node_key === node)!.id;
}

describe('admission review in the browser', () => {
  it(
    'computes, approves, modifies and confirms the plan through the review tasks, then shows the notice',
    { timeout: 180_000 },
    async () => {
      const approver = await as('hrb_approver');
      const { id: versionId } = await api<{ id: number }>(
        approver,
        'POST',
        '/api/rules/versions',
        HARBIN_RULES.version,
      );
      for (const kind of KIND_ORDER)
        for (const item of (HARBIN_RULES.items as Record<string, unknown[]>)[kind] ?? [])
          await api(approver, 'POST', `/api/rules/versions/${versionId}/${kind}`, item);
      await api(approver, 'POST', `/api/rules/versions/${versionId}/enable`, {});
      await approver.close();

      const cw = await as('daoli_caseworker');
      const regions = await cw.evaluate(async () => {
        const list = async (p: string) =>
          (
            (await (await fetch(`/api/regions?parent=${p}`)).json()) as {
              items: { code: string; name: string }[];
            }
          ).items;
        const s = (await list('230102000000'))[0]!;
        return { street: s.name, community: (await list(s.code))[0]!.name };
      });
      const applicant = idNumber('19700505', '315');
      const created = await api<{ household: { id: number; application_no: string } }>(
        cw,
        'POST',
        '/api/applications',
        {
          applicant_name: '孙立新',
          id_number: applicant,
          household_size: 2,
          hukou_district: '道里区',
          hukou_street: regions.street,
          hukou_community: regions.community,
          housing: [{ occupancy: '03', floor_area: 18 }],
          members: [
            {
              relation: '01',
              name: '孙立新',
              id_number: applicant,
              annual_income: '12000.00',
              hukou_years: 20,
            },
            {
              relation: '10',
              name: '周丽',
              id_number: idNumber('19720808', '426'),
              annual_income: '8000.00',
            },
          ],
          assets: [],
        },
      );
      const id = created.household.id;
      const no = created.household.application_no;
      let t = await task(cw, no, 'accept');
      await api(cw, 'POST', `/api/workflow/tasks/${t}/claim`, {});
      await api(cw, 'POST', `/api/workflow/tasks/${t}/complete`, { decision: 'submit' });
      await cw.close();

      const rv = await as('daoli_reviewer');
      await api(rv, 'POST', `/api/applications/${id}/verification`, {
        records: [],
        conclusion: 'pass',
        findings: '属实',
      });
      t = await task(rv, no, 'verify');
      await api(rv, 'POST', `/api/workflow/tasks/${t}/claim`, {});
      await api(rv, 'POST', `/api/workflow/tasks/${t}/complete`, { decision: 'pass' });
      await rv.close();

      const cw2 = await as('daoli_caseworker');
      const day = (o: number) =>
        new Date(Date.now() + o * 86_400_000).toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
      const batch = await api<{ id: number }>(cw2, 'POST', '/api/notices/batches', {
        title: '公示',
        starts_on: day(0),
        ends_on: day(7),
        channels: ['internet'],
        places: ['中心'],
        contact: '电话',
      });
      await api(cw2, 'PUT', `/api/notices/batches/${batch.id}/applications`, { household_ids: [id] });
      await api(cw2, 'POST', `/api/notices/batches/${batch.id}/publish`);
      await cw2.close();

      // Fast-forward the notice period's timer in the test's database.
      const admin = new pg.Client({ connectionString: clusterUrl() });
      await admin.connect();
      const dbs = await admin.query<{ datname: string }>(
        "SELECT datname FROM pg_database WHERE datname LIKE 'hss_e2e_admreview_%'",
      );
      await admin.end();
      const db = new pg.Client({ connectionString: clusterUrl(dbs.rows[0]!.datname) });
      await db.connect();
      await db.query("UPDATE wf_jobs SET run_at = now() WHERE kind = 'timer' AND done_at IS NULL");
      await db.query('NOTIFY wf_jobs'); // wakes the job worker at once (it polls every second anyway)
      await db.end();

      const page = await as('daoli_reviewer', `/applications/${id}?tab=plan`);
      await expect
        .poll(() => page.getByTestId('case-stage').textContent(), { timeout: 30_000, interval: 1000 })
        .toContain('初审');
      await page.reload();
      await page.getByRole('button', { name: '按保障规则计算方案' }).click();
      await expect.poll(() => page.getByTestId('plan').count()).toBe(1);
      // The rules engine's answer: an eligible mode of the city's rules, its area and layout.
      expect(await page.getByTestId('plan').textContent()).toMatch(/拟住房保障方式.*（GZ-PZ）/);
      await b.screenshot(page, '01-plan-computed');
      const side = page.locator('aside');
      await side.getByRole('button', { name: '认领任务' }).click();
      await side.locator('[data-action="complete"]').click();
      await side.getByLabel('同意', { exact: true }).check();
      await side.getByTestId('task-submit').click();
      await expect.poll(() => page.getByTestId('case-stage').textContent()).toContain('复审');

      const ap = await as('hrb_approver', `/applications/${id}?tab=plan`);
      await expect.poll(() => ap.getByTestId('plan').count()).toBe(1);
      await ap.getByRole('button', { name: '修改方案' }).click();
      await ap.locator('#plan-reason').fill('家庭人口多，适当增加面积');
      await ap.getByRole('button', { name: '保存' }).click();
      // Nothing changed: refused at the first field of the plan.
      await expect
        .poll(() => ap.locator('.modify .field-error').first().textContent())
        .toContain('至少修改一项');
      await ap.locator('#plan-area').fill('45');
      await ap.getByRole('button', { name: '保存' }).click();
      await expect.poll(() => ap.getByText('复审修改').count()).toBeGreaterThan(0);
      expect(await ap.locator('[data-name="proposed_area"]').textContent()).toBe('45 m²');
      await b.screenshot(ap, '02-plan-modified');
      const side2 = ap.locator('aside');
      await side2.getByRole('button', { name: '认领任务' }).click();
      await side2.locator('[data-action="complete"]').click();
      await side2.getByLabel('修改方案', { exact: true }).check();
      await b.screenshot(ap, '03-second-review');
      await side2.getByTestId('task-submit').click();
      await expect
        .poll(() => ap.getByTestId('case-stage').textContent(), { timeout: 15_000 })
        .toContain('已登记');
      await ap.getByRole('tab', { name: '文书' }).click();
      await expect.poll(() => ap.getByTestId('registration-notice').count()).toBe(1);
      const href = (await ap.getByTestId('registration-notice').getAttribute('href'))!;
      expect(await ap.evaluate(async (url) => (await fetch(url)).headers.get('content-type'), href)).toBe(
        'application/pdf',
      );
      await b.screenshot(ap, '04-documents');
      await ap.getByRole('tab', { name: '流程' }).click();
      await b.screenshot(ap, '05-process');
      expect(b.problems).toEqual([]);
    },
  );
});
