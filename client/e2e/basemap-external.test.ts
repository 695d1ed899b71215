/**
 * An external GCJ-02 basemap end to end in Chromium: a local tile server stands in for the provider (no network
 * in tests), the server is configured through the environment (BASEMAP=xyz, BASEMAP_CRS=gcj02), the style
 * carries the `gcj02://` source, the client's protocol fetches and warps the provider's tiles, the CSP admits
 * exactly that host, and the basemap switch brings the project's own basemap back.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { crc32, deflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useBrowser } from './browser.ts';

/** A 256 px PNG tile: pale beige with a dark 3 px frame, so the shift of the warp is visible. */
function tilePng(): Buffer {
  const size = 256;
  const rows = Buffer.alloc((size * 3 + 1) * size);
  for (let y = 0; y < size; y++) {
    const row = y * (size * 3 + 1);
    for (let x = 0; x < size; x++) {
      const edge = x < 3 || y < 3 || x >= size - 3 || y >= size - 3;
      rows.set(edge ? [90, 90, 110] : [236, 230, 214], row + 1 + x * 3);
    }
  }
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const PNG = tilePng();
const requested: string[] = [];
const referers = new Set<string>();
const provider: Server = createServer((req, res) => {
  requested.push(req.url ?? '');
  referers.add(req.headers.referer ?? '');
  res.writeHead(200, { 'content-type': 'image/png', 'access-control-allow-origin': '*' });
  res.end(PNG);
});
await new Promise<void>((resolve) => provider.listen(0, '127.0.0.1', resolve));
const origin = `http://127.0.0.1:${(provider.address() as AddressInfo).port}`;

// Read by loadConfig when the harness starts the server (beforeAll hooks run in order).
const saved = { ...process.env };
beforeAll(() => {
  Object.assign(process.env, {
    BASEMAP: 'xyz',
    BASEMAP_URL: `${origin}/gcj/{z}/{x}/{y}.png`,
    BASEMAP_CRS: 'gcj02',
    BASEMAP_ATTRIBUTION: '测试底图',
  });
});
const b = useBrowser('basemap-gcj02');
afterAll(async () => {
  for (const key of ['BASEMAP', 'BASEMAP_URL', 'BASEMAP_CRS', 'BASEMAP_ATTRIBUTION']) {
    if (saved[key] === undefined) delete process.env[key];
    else process.env[key] = saved[key];
  }
  await new Promise((resolve) => provider.close(resolve));
});

describe('external GCJ-02 basemap in the browser', () => {
  it(
    'warps the provider tiles under our layers and switches back to our own basemap',
    { timeout: 120_000 },
    async () => {
      const page = await b.open('/land');
      await b.login(page, 'hrb_planner');
      await b.mapReady(page);
      await page.evaluate(() => window.__hssMap!.jumpTo({ center: [126.615, 45.772], zoom: 14 }));
      await b.mapReady(page);

      const state = await page.evaluate(() => {
        const map = window.__hssMap!;
        const source = map.getStyle().sources['basemap-raster'] as { tiles?: string[] };
        const shown = (id: string) => map.getLayoutProperty(id, 'visibility') !== 'none';
        return { tiles: source.tiles ?? [], raster: shown('basemap-raster'), water: shown('water') };
      });
      expect(state.tiles[0]).toMatch(/^gcj02:\/\/\{z\}\/\{x\}\/\{y\}\?tiles=/);
      expect(state).toMatchObject({ raster: true, water: false });
      // 256 px raster tiles one zoom above the map's (MapLibre's tiles are 512 px): the provider was asked for z15.
      expect(requested.some((url) => url.startsWith('/gcj/15/'))).toBe(true);
      // The provider learns which site asks (天地图 keys are bound to it), never the page's path.
      expect([...referers]).toEqual([`${b.url}/`]);
      const switcher = page.getByRole('group', { name: '底图' });
      await expect.poll(() => switcher.isVisible()).toBe(true);
      await expect.poll(() => page.getByText('测试底图').count()).toBeGreaterThan(0);
      await b.screenshot(page, '01-gcj02-z14');

      await switcher.getByLabel('矢量底图').check();
      await b.mapReady(page);
      const after = await page.evaluate(() => {
        const map = window.__hssMap!;
        const shown = (id: string) => map.getLayoutProperty(id, 'visibility') !== 'none';
        return { raster: shown('basemap-raster'), water: shown('water'), roads: shown('roads') };
      });
      expect(after).toEqual({ raster: false, water: true, roads: true });
      await b.screenshot(page, '02-own-basemap');
      expect(b.problems).toEqual([]);
    },
  );
});
