/**
 * The rules editor in a real browser as the city's approver: the demo rules are loaded through the API and
 * enabled, then copied into a draft; a bound of a quantitative condition is edited in the tree editor (an empty
 * range is refused at the field first), the diff shows the change, a hypothetical household is tested with its
 * explanation, the what-if paints the district choropleth (fitted to its districts, over the basemap only) with
 * the same numbers as its table, and the waiting list ranks the households under the draft's ordering rules.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { HARBIN_RULES } from '../../server/rules/fixtures/harbin.ts';
import { KIND_ORDER } from '../../server/rules/kinds.ts';
import { useBrowser } from './browser.ts';

const b = useBrowser('rules');

/** Loads the demo rules through the API as the signed-in user and enables them; returns the version id. */
async function loadDemoRules(page: Page): Promise<number> {
  return page.evaluate(
    async ({ rules, kinds }) => {
      const me = (await (await fetch('/api/auth/me')).json()) as { csrf_token: string };
      const send = async (method: string, path: string, body?: unknown) => {
        const res = await fetch(path, {
          method,
          headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrf_token },
          body: JSON.stringify(body ?? {}),
        });
        if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
        return (await res.json()) as { id: number };
      };
      const { id } = await send('POST', '/api/rules/versions', rules.version);
      for (const kind of kinds) {
        for (const item of (rules.items as Record<string, unknown[]>)[kind] ?? [])
          await send('POST', `/api/rules/versions/${id}/${kind}`, item);
      }
      await send('POST', `/api/rules/versions/${id}/enable`);
      return id;
    },
    { rules: HARBIN_RULES, kinds: KIND_ORDER },
  );
}

describe('rules editor', () => {
  it('copies the enabled rules into a draft, edits a bound in the tree, diffs, tests a household and maps the what-if', async () => {
    const page = await b.open('/rules');
    await b.login(page, 'hrb_approver');
    await page.waitForURL(/\/rules/);
    const enabledId = await loadDemoRules(page);
    await page.goto(`${b.url}/rules?version=${enabledId}`);

    // The enabled version is frozen: no editing tools, a lock notice.
    await expect
      .poll(() => page.locator('#version-title').textContent(), { timeout: 30_000 })
      .toContain('v1');
    await expect.poll(() => page.getByText('已启用或停用的版本不可修改').count()).toBe(1);
    expect(await page.getByRole('button', { name: '编辑 GZ-PZ-INCOME' }).count()).toBe(0);
    await b.screenshot(page, '01-enabled');

    // Copy into a draft (with a confirmation).
    await page.getByRole('button', { name: '复制为新草稿' }).click();
    await page.getByRole('dialog').getByRole('button', { name: '确定' }).click();
    await expect
      .poll(() => page.locator('#version-title').textContent(), { timeout: 15_000 })
      .toContain('v2');
    await expect.poll(() => page.locator('#version-title').textContent()).toContain('草稿');

    // Edit the income bound of 公共租赁住房: an empty range is refused at the field, then the bound is saved.
    const tree = page.locator('[data-mode="GZ-PZ"]');
    await tree.getByRole('button', { name: '编辑 GZ-PZ-INCOME' }).click();
    const form = tree.locator('form.item-form');
    await form.getByLabel('与起始值逻辑关系').selectOption('>=');
    await form.getByLabel('条件起始值').fill('50000');
    await form.getByLabel('条件终止值').fill('36000');
    await form.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => form.locator('.field-error').first().textContent()).toContain('范围为空');
    await b.screenshot(page, '02-field-error');
    await form.getByLabel('与起始值逻辑关系').selectOption('');
    await form.getByLabel('条件起始值').fill('');
    await form.getByRole('button', { name: '保存' }).click();
    await expect
      .poll(() => page.locator('[data-code="GZ-PZ-INCOME"] [data-testid="interval"]').textContent())
      .toBe('(-∞, 36000)');
    await b.screenshot(page, '03-tree');
    // Removing asks first, in the page's own dialog; cancelling keeps the condition.
    await tree.getByRole('button', { name: '删除 GZ-PZ-INCOME' }).click();
    const dialog = page.getByRole('dialog');
    await expect.poll(() => dialog.textContent()).toContain('家庭人均年收入低于 30,000 元');
    await dialog.getByRole('button', { name: '取消' }).click();
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
    expect(await page.locator('[data-code="GZ-PZ-INCOME"]').count()).toBe(1);

    // The diff against the enabled version names the condition and both bounds.
    await page.getByRole('tab', { name: '版本差异' }).click();
    const diff = page.locator('.changed', { hasText: 'GZ-PZ-INCOME' });
    await expect.poll(() => diff.count(), { timeout: 15_000 }).toBe(1);
    expect(await diff.textContent()).toContain('30000');
    expect(await diff.textContent()).toContain('36000');
    await b.screenshot(page, '04-diff');

    // Test a hypothetical household: per mode eligible or not, with the explanation tree and the standard.
    await page.getByRole('tab', { name: '测试家庭' }).click();
    await page.getByLabel('假设家庭（逐项填写因素值）').check();
    await page.getByLabel('家庭人均年收入（元）').fill('32000');
    await page.getByLabel('是否为最低生活保障家庭').selectOption('false');
    // 残疾等级 offers its code list's labels; 是否有残疾家庭成员 follows from it, as for a stored household.
    const grade = page.getByLabel('家庭成员最重残疾等级');
    await expect
      .poll(() => grade.locator('option').allTextContents(), { timeout: 15_000 })
      .toEqual(['无残疾成员', '一级', '二级', '三级', '四级']);
    const derived = page.locator('output#factor-has_disabled_member');
    expect((await derived.textContent())?.trim()).toBe('否');
    await grade.selectOption({ label: '二级' });
    await expect.poll(async () => (await derived.textContent())?.trim()).toBe('是');
    await page.getByRole('button', { name: '判断', exact: true }).click();
    const gz = page.locator('article[data-mode="GZ-PZ"]');
    await expect.poll(() => gz.locator('.tag').textContent(), { timeout: 15_000 }).toBe('符合');
    expect(await gz.textContent()).toContain('(-∞, 36000)');
    expect(await gz.textContent()).toContain('32,000');
    const lz = page.locator('article[data-mode="LZ-PZ"]');
    expect(await lz.locator('.tag').textContent()).toBe('不符合');
    await b.screenshot(page, '05-test-household');

    // What-if: the draft (36,000) against the enabled rules (30,000): households only become eligible.
    await page.getByRole('tab', { name: '假设分析' }).click();
    await b.mapReady(page);
    await page.getByRole('button', { name: '运行假设分析' }).click();
    const rows = page.locator('[data-testid="whatif-table"] tbody tr[data-region]');
    await expect.poll(() => rows.count(), { timeout: 60_000 }).toBeGreaterThan(0);
    const table = await rows.evaluateAll((trs) =>
      trs.map((tr) => ({
        region: tr.getAttribute('data-region'),
        up: Number((tr.querySelectorAll('td')[3]?.textContent ?? '').replace(/[^\d]/g, '')),
      })),
    );
    expect(table.some((r) => r.up > 0)).toBe(true);
    await b.mapReady(page);
    const painted = await page.waitForFunction(
      () => {
        const map = window.__hssMap;
        if (!map?.getLayer('whatif-fill')) return null;
        const features = map.queryRenderedFeatures({ layers: ['whatif-fill'] });
        if (!features.length) return null;
        return features.map((f) => ({
          region: f.properties.region_code as string,
          up: f.properties.became_eligible as number,
        }));
      },
      null,
      { timeout: 30_000 },
    );
    const features = (await painted.jsonValue())!;
    for (const f of features) {
      const row = table.find((r) => r.region === f.region);
      expect(row?.up, f.region).toBe(f.up);
    }
    // The view is fitted to the districts of the answer: every row of the table is on the map.
    await expect
      .poll(async () => {
        await b.mapReady(page);
        return page.evaluate(() => {
          const map = window.__hssMap!;
          const seen = map.queryRenderedFeatures({ layers: ['whatif-fill'] });
          return new Set(seen.map((f) => f.properties.region_code as string)).size;
        });
      })
      .toBe(table.length);
    // Only the basemap and the region outlines stay under the choropleth: no business layer shows.
    const shown = await page.evaluate(() => {
      const map = window.__hssMap!;
      return map
        .getStyle()
        .layers.filter((layer) => {
          const group = (layer.metadata as Record<string, unknown> | undefined)?.['hss:group'];
          return typeof group === 'string' && !['basemap', 'regions'].includes(group);
        })
        .filter((layer) => map.getLayoutProperty(layer.id, 'visibility') !== 'none')
        .map((layer) => layer.id);
    });
    expect(shown).toEqual([]);
    // Signs: no “−0”/“+0”, a true minus sign for decreases.
    const cells = await page
      .locator('[data-testid="whatif-table"] td.num')
      .evaluateAll((tds) => tds.map((td) => td.textContent?.trim() ?? ''));
    expect(cells.length).toBeGreaterThan(0);
    for (const cell of cells) expect(cell).toMatch(/^([+−][1-9][\d,]*|[1-9][\d,]*|0)$/);
    await page.locator('#whatif-title').evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await b.screenshot(page, '06-what-if');

    // The waiting list under the draft's ordering rules: ranks, scores, ties flagged for the lottery.
    await page.getByRole('tab', { name: '轮候排名' }).click();
    const ranked = page.locator('[data-testid="ranking-table"] tbody tr[data-household]');
    await expect.poll(() => ranked.count(), { timeout: 30_000 }).toBe(20);
    expect(await ranked.first().locator('td').first().textContent()).toBe('1');
    await b.screenshot(page, '07-ranking');
    expect(b.problems).toEqual([]);
  });
});
