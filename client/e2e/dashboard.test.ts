/**
 * The leaders' dashboard in a real browser as hrb_leader: the district choropleth is rendered, the KPI figures
 * are shown, clicking a district on the map drills into it (KPIs, breadcrumb and URL follow), and the export
 * downloads a PNG of the view.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useBrowser } from './browser.ts';

const b = useBrowser('dashboard');

const FILL_LAYER = 'dash-children-fill';

interface Rendered {
  code: string;
  name: string;
  x: number;
  y: number;
}

/** Districts the map has drawn, each with a screen point inside it (its label point, projected). */
async function renderedRegions(page: Page): Promise<Rendered[]> {
  return page.evaluate((layer) => {
    const map = window.__hssMap!;
    const features = map.queryRenderedFeatures({ layers: [layer] });
    const seen = new Map<string, Rendered>();
    for (const f of features) {
      const props = f.properties as { code: string; name: string; label: string | number[] | null };
      if (seen.has(props.code)) continue;
      const label = typeof props.label === 'string' ? (JSON.parse(props.label) as number[]) : props.label;
      if (!label) continue;
      const point = map.project([label[0]!, label[1]!]);
      seen.set(props.code, { code: props.code, name: props.name, x: point.x, y: point.y });
    }
    return [...seen.values()];
  }, FILL_LAYER);
}

const kpi = (page: Page, name: string) => page.locator(`[data-kpi="${name}"] .value`);

describe('leaders’ dashboard', () => {
  it('shows the city’s figures and choropleth, drills into a district by a click, exports a PNG', async () => {
    const page = await b.open('/dashboard');
    page.on('console', (m) => {
      if (m.type() === 'error')
        console.log('browser:', JSON.stringify(m.text()), JSON.stringify(m.location()));
    });
    await b.login(page, 'hrb_leader');
    await page.waitForURL(/\/dashboard/);
    await expect.poll(() => page.locator('h1').textContent(), { timeout: 30_000 }).toContain('哈尔滨市');
    await b.mapReady(page);

    // KPI figures: numbers, the same as the API's.
    const api = await page.evaluate(async () => {
      const res = await fetch('/api/stats/regions/230100000000/summary');
      return (await res.json()) as { households: { waiting: number }; supply: number };
    });
    await expect
      .poll(() => kpi(page, 'waiting').textContent())
      .toContain(api.households.waiting.toLocaleString('zh-CN'));
    expect(api.households.waiting).toBeGreaterThan(0);
    await expect
      .poll(async () => (await kpi(page, 'supply').textContent())?.replace(/\D/g, ''))
      .toBe(String(api.supply));

    // The choropleth: every district of the city drawn.
    await expect.poll(async () => (await renderedRegions(page)).length, { timeout: 30_000 }).toBe(9);
    await expect(page.getByTestId('children-table').locator('tbody tr').count()).resolves.toBe(9);
    // The demand hexagons: deck.gl's layer drawn inside MapLibre (interleaved), from the k-anonymous grid.
    await expect
      .poll(
        () =>
          page.evaluate(() =>
            Boolean(window.__hssMap!.getLayer('deck-layer-group-before:dash-children-line')),
          ),
        {
          timeout: 30_000,
        },
      )
      .toBe(true);
    await b.mapReady(page);
    await b.screenshot(page, '01-city');

    // Drill down: click inside 道里区 on the map.
    const found = (await renderedRegions(page)).find((r) => r.name === '道里区');
    expect(found, '道里区 is drawn on the map').toBeDefined();
    const daoli = found!;
    const box = (await page.getByTestId('dashboard-map').boundingBox())!;
    await page.mouse.move(box.x + daoli.x, box.y + daoli.y);
    await expect.poll(() => page.locator('.dash-popup').textContent()).toMatch(/道里区.*需求（户）/);
    await page.mouse.click(box.x + daoli.x, box.y + daoli.y);
    await expect.poll(() => page.locator('h1').textContent(), { timeout: 30_000 }).toContain('道里区');
    expect(page.url()).toContain('region=230102000000');
    await expect(page.getByTestId('breadcrumb').textContent()).resolves.toMatch(/哈尔滨市.*道里区/);
    const district = await page.evaluate(async () => {
      const res = await fetch('/api/stats/regions/230102000000/summary');
      return (await res.json()) as { households: { waiting: number } };
    });
    await expect
      .poll(() => kpi(page, 'waiting').textContent())
      .toContain(district.households.waiting.toLocaleString('zh-CN'));
    expect(district.households.waiting).toBeLessThan(api.households.waiting);
    await b.mapReady(page);
    await expect
      .poll(async () => (await renderedRegions(page)).length, { timeout: 30_000 })
      .toBeGreaterThan(1);
    await page.waitForTimeout(1500);
    await b.screenshot(page, '02-district');

    // Export: a PNG download of the view.
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 30_000 }),
      page.getByRole('button', { name: '导出图片' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/道里区.*\.png$/);
    const file = await download.path();
    const bytes = readFileSync(file);
    expect(bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(bytes.length).toBeGreaterThan(50_000);
    const copy = `${file}.png`;
    await download.saveAs(copy);
    const { copyFileSync } = await import('node:fs');
    copyFileSync(copy, new URL('../../test-artifacts/dashboard-03-export.png', import.meta.url));

    // The table is the keyboard way down: back to the city by the breadcrumb, then a row's button.
    await page.getByTestId('breadcrumb').getByRole('button', { name: '哈尔滨市' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toContain('哈尔滨市');
    await page.getByRole('button', { name: '下钻到 南岗区' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('h1').textContent()).toContain('南岗区');
    expect(b.problems).toEqual([]);
  }, 180_000);

  it('stacks the cards on a narrow screen', async () => {
    const page = await b.open('/dashboard', { viewport: { width: 420, height: 900 } });
    await b.login(page, 'nangang_leader');
    await expect.poll(() => page.locator('h1').textContent(), { timeout: 30_000 }).toContain('南岗区');
    const boxes = await page
      .locator('[data-kpi]')
      .evaluateAll((cards) => cards.map((c) => c.getBoundingClientRect().left));
    expect(new Set(boxes.map(Math.round)).size).toBe(1);
    await b.mapReady(page);
    await b.screenshot(page, '04-narrow');
  }, 120_000);
});
