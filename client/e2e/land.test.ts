/**
 * The planners' land reserve editor in a real browser against the real server: draw a parcel by clicking on the
 * map, fill in its A.5.11 form, save it and find it in the `parcels` tiles; a bow-tie is flagged before saving and
 * never reaches the database.
 */
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useBrowser } from './browser.ts';

const b = useBrowser('land');

/** Parcels the API lists (all statuses). */
async function parcelTotal(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const res = await fetch('/api/land-parcels?page_size=1');
    return ((await res.json()) as { total: number }).total;
  });
}

/** A spot in the city centre with no parcel within ~300 m, and the map centred on it at zoom 17. */
async function emptySpot(page: Page): Promise<[number, number]> {
  const spot = await page.evaluate(async () => {
    for (let i = 0; i < 40; i++) {
      const lng = 126.62 + (i % 8) * 0.006;
      const lat = 45.74 + Math.floor(i / 8) * 0.005;
      const bbox = [lng - 0.004, lat - 0.003, lng + 0.004, lat + 0.003].join(',');
      const res = await fetch(`/api/land-parcels?bbox=${bbox}&page_size=1`);
      if (((await res.json()) as { total: number }).total === 0) return [lng, lat] as [number, number];
    }
    throw new Error('no empty spot');
  });
  await page.evaluate((centre) => window.__hssMap!.jumpTo({ center: centre, zoom: 17 }), spot);
  await b.mapReady(page);
  return spot;
}

/** Clicks the map at offsets (pixels) from its centre, one vertex at a time. */
async function clickVertices(page: Page, offsets: [number, number][]): Promise<void> {
  const box = (await page.getByTestId('land-map').boundingBox())!;
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  for (const [dx, dy] of offsets) {
    await page.mouse.move(cx + dx, cy + dy, { steps: 3 });
    await page.mouse.click(cx + dx, cy + dy);
    await page.waitForTimeout(250);
  }
}

describe('land reserve editor', () => {
  it('draws a parcel, fills its form, saves it and sees it in the parcels tiles', async () => {
    const page = await b.open('/land');
    await b.login(page, 'hrb_planner');
    await page.getByTestId('LandPage').waitFor();
    await b.mapReady(page);
    await expect.poll(() => page.getByTestId('parcel-totals').textContent()).toMatch(/共 \d+ 块/);
    // The total is the area of every parcel the filter matches (the server's aggregate), not one page's sum.
    const all = await page.evaluate(async () => {
      const res = await fetch('/api/land-parcels?status=reserved&page_size=1');
      return ((await res.json()) as { area_total: { mu: number } }).area_total;
    });
    const shown = (await page.getByTestId('parcel-totals').textContent()) ?? '';
    expect(shown).toContain(
      `${all.mu.toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} 亩`,
    );
    await b.screenshot(page, '01-editor');

    await emptySpot(page);
    const before = await parcelTotal(page);
    await page.getByRole('button', { name: '绘制地块' }).click();
    await clickVertices(page, [
      [-120, -90],
      [120, -90],
      [120, 90],
      [-120, 90],
      [-120, -90],
    ]);
    await expect
      .poll(() => page.getByTestId('live-area').textContent())
      .toMatch(/面积 [\d,.]+ 平方米（[\d.]+ 亩）/);
    await b.screenshot(page, '02-drawn');

    await page.getByLabel('地块编号').fill('E2E-2026-001');
    await page.getByLabel('宗地名称', { exact: false }).first().fill('浏览器测试地块');
    await page.getByLabel('土地面积（平方米）').fill('abc');
    const region = page.getByLabel(/行政区划代码/);
    await expect.poll(() => region.inputValue()).toMatch(/^\d{6}$/);
    await page.getByRole('button', { name: '保存' }).click();
    // the server's field path lands at the field
    await expect.poll(() => page.locator('#pf-land_area-error').textContent()).toMatch(/期望 数字/);
    await b.screenshot(page, '03-field-error');
    await page.getByLabel('土地面积（平方米）').fill('5200');
    await page.getByRole('button', { name: '保存' }).click();
    await page.getByText('已保存地块 E2E-2026-001').waitFor();
    expect(await parcelTotal(page)).toBe(before + 1);

    await expect
      .poll(
        () =>
          page.evaluate(() =>
            window
              .__hssMap!.queryRenderedFeatures({ layers: ['land-use-fill'] })
              .map((f) => f.properties.parcel_no as string),
          ),
        { timeout: 20_000 },
      )
      .toContain('E2E-2026-001');
    await b.screenshot(page, '04-saved');
    const saved = await page.evaluate(async () => {
      const res = await fetch('/api/land-parcels?q=E2E-2026-001');
      return ((await res.json()) as { items: { land_area: number; region_code: string }[] }).items[0];
    });
    expect(saved).toMatchObject({ land_area: 5200, region_code: expect.stringMatching(/^2301/) });
  }, 120_000);

  it('flags a self-intersecting (bow-tie) parcel, disables saving, and saves nothing', async () => {
    const page = await b.open('/land');
    await b.login(page, 'hrb_planner');
    await page.getByTestId('LandPage').waitFor();
    await b.mapReady(page);
    const [lng, lat] = await emptySpot(page);
    await page.evaluate(([x, y]) => window.__hssMap!.jumpTo({ center: [x + 0.0005, y] }), [lng, lat] as [
      number,
      number,
    ]);
    const before = await parcelTotal(page);

    await page.getByRole('button', { name: '绘制地块' }).click();
    await clickVertices(page, [
      [-100, -80],
      [100, 80],
      [100, -80],
      [-100, 80],
      [-100, -80],
    ]);
    await page.getByTestId('draw-fault').first().waitFor();
    expect(await page.getByTestId('draw-fault').first().textContent()).toContain('边界自相交');
    await page.getByLabel('地块编号').fill('E2E-BOWTIE');
    await page.getByLabel('宗地名称', { exact: false }).first().fill('自相交地块');
    const save = page.getByRole('button', { name: '保存' });
    expect(await save.isDisabled()).toBe(true);
    expect(await page.getByTestId('save-blocked').textContent()).toContain('边界自相交');
    // the fault is marked on the map
    expect(
      await page.evaluate(() => window.__hssMap!.querySourceFeatures('land-faults').length),
    ).toBeGreaterThan(0);
    await b.screenshot(page, '05-bowtie');
    expect(await parcelTotal(page)).toBe(before);
    expect(b.problems).toEqual([]);
  }, 120_000);

  it('previews a zipped Gauss-Kruger Shapefile on the map from the dry run, in degrees', async () => {
    const page = await b.open('/land');
    await b.login(page, 'nangang_planner');
    await page.getByTestId('LandPage').waitFor();
    await b.mapReady(page);
    const zip = fileURLToPath(
      new URL('../../server/exchange/fixtures/nangang-gk-cm126.zip', import.meta.url),
    );
    await page.getByLabel('导入文件').setInputFiles(zip);
    await page.getByTestId('import-report').waitFor();
    // The map flew to the preview (the file is in metres; the server reprojected it) and draws both parcels.
    await expect
      .poll(() => page.evaluate(() => window.__hssMap!.querySourceFeatures('land-import').length), {
        timeout: 10_000,
      })
      .toBeGreaterThan(0);
    const centre = await page.evaluate(() => window.__hssMap!.getCenter().toArray());
    expect(centre[0]).toBeGreaterThan(126);
    expect(centre[0]).toBeLessThan(127.5);
    expect(centre[1]).toBeGreaterThan(45);
    expect(centre[1]).toBeLessThan(46.5);
    await b.screenshot(page, '06-shapefile-preview');
    expect(b.problems).toEqual([]);
  }, 120_000);
});
