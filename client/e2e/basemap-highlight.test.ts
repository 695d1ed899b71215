/**
 * The staff basemap's region highlight in Chromium: `regions-fill` draws nothing at rest (no transparent
 * full-screen fill of every region on each frame) and lights exactly the regions a page names through its
 * filter, as `highlightRegions` (client/src/lib/map/baseMap.ts) sets it. Runs on the land page (hrb_planner).
 */
import { describe, expect, it } from 'vitest';
import { useBrowser } from './browser.ts';

const b = useBrowser('basemap-highlight');
const DAOLI = 230102000000;

describe('region highlight', () => {
  it('draws no region fill at rest and only the named region when lit', { timeout: 120_000 }, async () => {
    const page = await b.open('/land');
    await b.login(page, 'hrb_planner');
    await b.mapReady(page);
    await page.evaluate(() => window.__hssMap!.jumpTo({ center: [126.63, 45.75], zoom: 11 }));
    await b.mapReady(page);
    const filled = () =>
      page.evaluate(() => [
        ...new Set(
          window.__hssMap!.queryRenderedFeatures({ layers: ['regions-fill'] }).map((f) => Number(f.id)),
        ),
      ]);
    expect(await filled()).toEqual([]);
    // What highlightRegions(map, ['230102000000']) does.
    await page.evaluate(
      (id) => window.__hssMap!.setFilter('regions-fill', ['in', ['id'], ['literal', [id]]]),
      DAOLI,
    );
    await b.mapReady(page);
    expect(await filled()).toEqual([DAOLI]);
    await b.screenshot(page, '01-daoli-lit');
    expect(b.problems).toEqual([]);
  });
});
