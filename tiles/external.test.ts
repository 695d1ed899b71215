/** A configured external raster basemap: its sources in the style, under our layers, and its hosts in the CSP. */
import { describe, expect, it } from 'vitest';
import { useTestServer } from '../server/test/harness.ts';
import { contentSecurityPolicy } from '../server/http/middleware.ts';
import { expandHosts, externalBasemap } from './external.ts';

const t = useTestServer({ basemap: { provider: 'tianditu', tiandituKey: 'test-key', crs: 'wgs84' } });

interface Style {
  sources: Record<string, { type: string; tiles?: string[] }>;
  layers: { id: string; type: string; layout?: { visibility?: string }; metadata?: Record<string, string> }[];
  metadata: Record<string, unknown>;
}

describe('external basemap (天地图)', () => {
  it('puts the vector map under our layers and its annotation under our labels, hiding our own basemap', async () => {
    const style = (await (await fetch(`${t.url}/tiles/style.json`)).json()) as Style;
    const raster = style.sources['basemap-raster']!;
    expect(raster.type).toBe('raster');
    expect(raster.tiles).toHaveLength(8);
    expect(raster.tiles![0]).toBe(
      'https://t0.tianditu.gov.cn/vec_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=vec&STYLE=default' +
        '&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=test-key',
    );
    expect(style.sources['basemap-labels']!.tiles![7]).toContain('https://t7.tianditu.gov.cn/cva_w/wmts?');
    const ids = style.layers.map((l) => l.id);
    expect(ids.indexOf('basemap-raster')).toBe(1); // right above the background
    expect(ids.indexOf('basemap-labels')).toBeGreaterThan(ids.indexOf('projects-point'));
    expect(ids.indexOf('basemap-labels')).toBeLessThan(ids.indexOf('region-labels'));
    const layer = (id: string) => style.layers.find((l) => l.id === id)!;
    expect(layer('water').layout?.visibility).toBe('none');
    expect(layer('roads').layout?.visibility).toBe('none');
    expect(layer('regions-line').layout?.visibility).toBeUndefined();
    expect(style.metadata['hss:basemap']).toBe('tianditu');
    expect(style.metadata['hss:basemaps']).toHaveLength(2);
  });

  it('admits exactly the eight 天地图 hosts for images and fetches', async () => {
    const csp = (await fetch(`${t.url}/healthz`)).headers.get('content-security-policy')!;
    const hosts = Array.from({ length: 8 }, (_, i) => `https://t${i}.tianditu.gov.cn`).join(' ');
    expect(csp).toContain(`img-src 'self' data: blob: ${hosts};`);
    expect(csp).toContain(`connect-src 'self' ${hosts};`);
    expect(csp).toContain("script-src 'self';");
  });
});

describe('external basemap configuration', () => {
  it('expands {a-c} and {1-4} host ranges, and only those', () => {
    expect(expandHosts('https://{a-c}.tile.example.org/{z}/{x}/{y}.png')).toEqual([
      'https://a.tile.example.org/{z}/{x}/{y}.png',
      'https://b.tile.example.org/{z}/{x}/{y}.png',
      'https://c.tile.example.org/{z}/{x}/{y}.png',
    ]);
    expect(expandHosts('https://tiles.example.org/{z}/{x}/{y}.png')).toHaveLength(1);
  });

  it('sends GCJ-02 tiles through the client warp protocol and still admits their hosts', () => {
    const basemap = externalBasemap({
      provider: 'xyz',
      url: 'https://webrd0{1-4}.is.autonavi.com/appmaptile?style=8&x={x}&y={y}&z={z}',
      crs: 'gcj02',
    })!;
    expect(basemap.crs).toBe('gcj02');
    expect(basemap.origins).toEqual([1, 2, 3, 4].map((i) => `https://webrd0${i}.is.autonavi.com`));
    const [tiles] = basemap.sources.map((s) => s.tiles);
    expect(tiles).toHaveLength(1);
    expect(tiles![0]).toMatch(/^gcj02:\/\/\{z\}\/\{x\}\/\{y\}\?tiles=/);
    const templates = JSON.parse(decodeURIComponent(tiles![0]!.split('?tiles=')[1]!)) as string[];
    expect(templates).toHaveLength(4);
    expect(templates[0]).toContain('{x}');
    expect(contentSecurityPolicy(basemap.origins)).toContain('https://webrd04.is.autonavi.com;');
  });

  it('has no external basemap by default, and OSM by its public tile server', () => {
    expect(externalBasemap({ provider: 'none', crs: 'wgs84' })).toBeUndefined();
    expect(externalBasemap({ provider: 'osm', crs: 'wgs84' })!.origins).toEqual([
      'https://tile.openstreetmap.org',
    ]);
  });
});
