/**
 * The basemap in Chromium: the style's labels render (Chinese region and road names with local fonts; Latin and
 * digits from the project's glyph PBFs), water and parks are drawn, glyph requests all succeed and nothing
 * trips the Content-Security-Policy. Runs on the land page (hrb_planner), which makes its map with
 * createBaseMap; the caseworker map page is being rebuilt on the same function.
 */
import { describe, expect, it } from 'vitest';
import { ARTIFACTS, useBrowser } from './browser.ts';

const b = useBrowser('basemap');

describe('basemap in the browser', () => {
  it(
    'renders region, road and water labels, and Latin text from our glyphs',
    { timeout: 120_000 },
    async () => {
      const page = await b.open('/land');
      const glyphs: { url: string; status: number }[] = [];
      page.on('response', (response) => {
        if (response.url().includes('/tiles/fonts/'))
          glyphs.push({ url: response.url(), status: response.status() });
      });
      await b.login(page, 'hrb_planner');
      await b.mapReady(page);

      // Into the old core by the Songhua: districts, streets, arterials, the river and its parks.
      await page.evaluate(() => window.__hssMap!.jumpTo({ center: [126.615, 45.772], zoom: 13.2 }));
      await b.mapReady(page);
      // A Latin/digit label beside Chinese in DejaVu Sans Bold, 300 px down the canvas (in view whatever the page's
      // layout below the fold).
      const closeup = await page.evaluate(() => {
        const map = window.__hssMap!;
        const at = map.unproject([map.getCanvas().clientWidth / 2, 300]);
        map.addSource('e2e-latin', {
          type: 'geojson',
          data: {
            type: 'Feature',
            properties: { text: 'Harbin 2026 · Songhua · 哈尔滨' },
            geometry: { type: 'Point', coordinates: [at.lng, at.lat] },
          },
        });
        map.addLayer({
          id: 'e2e-latin',
          type: 'symbol',
          source: 'e2e-latin',
          layout: {
            'text-field': ['get', 'text'],
            'text-font': ['DejaVu Sans Bold'],
            'text-size': 20,
            'text-allow-overlap': true,
          },
          paint: { 'text-color': '#b42318', 'text-halo-color': '#fff', 'text-halo-width': 2 },
        });
        const rect = map.getCanvas().getBoundingClientRect();
        return { x: rect.x + rect.width / 2 - 240, y: rect.y + 300 - 60, width: 480, height: 120 };
      });
      await b.mapReady(page);
      await page.waitForTimeout(300);

      const render = () =>
        page.evaluate(() => {
          const map = window.__hssMap!;
          const count = (layer: string) =>
            map.getLayer(layer) ? map.queryRenderedFeatures({ layers: [layer] }).length : -1;
          const names = map
            .queryRenderedFeatures({ layers: ['region-labels'] })
            .map((feature) => String(feature.properties.name));
          return {
            regionLabels: count('region-labels'),
            roadLabels: count('roads-label'),
            water: count('water'),
            green: count('green'),
            latin: count('e2e-latin'),
            names,
          };
        });
      // Symbols are placed over a few frames after the tiles load (slower on a busy machine).
      await expect
        .poll(
          async () => {
            const r = await render();
            return Math.min(r.regionLabels, r.roadLabels, r.water, r.green, r.latin) > 0;
          },
          { timeout: 20_000 },
        )
        .toBe(true);
      const rendered = await render();
      expect(rendered.regionLabels).toBeGreaterThan(0);
      expect(rendered.names.some((name) => /[\u4e00-\u9fff]/.test(name))).toBe(true);
      expect(rendered.roadLabels).toBeGreaterThan(0);
      expect(rendered.water).toBeGreaterThan(0);
      expect(rendered.green).toBeGreaterThan(0);
      expect(rendered.latin).toBe(1);
      expect(glyphs.length).toBeGreaterThan(0);
      expect(glyphs.every((glyph) => glyph.status === 200)).toBe(true);
      expect(glyphs.some((glyph) => /DejaVu%20Sans%20Bold\/0-255\.pbf$/.test(glyph.url))).toBe(true);
      await b.screenshot(page, '01-labels-z13');
      await page.screenshot({ path: `${ARTIFACTS}basemap-02-latin-closeup.png`, clip: closeup });

      await page.evaluate(() => window.__hssMap!.removeLayer('e2e-latin'));
      // Street level in the old core: casings, road names along the lines, community names.
      await page.evaluate(() => window.__hssMap!.jumpTo({ center: [126.625, 45.745], zoom: 15 }));
      await b.mapReady(page);
      await page.waitForTimeout(300);
      await b.screenshot(page, '03-streets-z15');
      await page.evaluate(() => window.__hssMap!.jumpTo({ center: [126.63, 45.75], zoom: 10 }));
      await b.mapReady(page);
      await page.waitForTimeout(300);
      await b.screenshot(page, '04-city-z10');
      expect(b.problems).toEqual([]);
    },
  );
});
