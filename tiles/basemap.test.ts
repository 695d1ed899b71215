/**
 * The project's own basemap: glyphs served for the style's labels, the style's labels and palette layers, and
 * the water/green tile layer with its invalidation.
 */
import { describe, expect, it } from 'vitest';
import { VectorTile } from '@mapbox/vector-tile';
import Pbf from 'pbf';
import { useTestServer } from '../server/test/harness.ts';

const t = useTestServer();

interface Glyph {
  id: number;
  bitmap?: Uint8Array;
  width: number;
  height: number;
  left: number;
  top: number;
  advance: number;
}

/** Decodes a glyph PBF the way MapLibre does (parse_glyph_pbf.ts): stacks → name, range, glyphs. */
function decodeGlyphs(bytes: Uint8Array): { name?: string; range?: string; glyphs: Glyph[] }[] {
  const stacks: { name?: string; range?: string; glyphs: Glyph[] }[] = [];
  new Pbf(bytes).readFields((tag, _, pbf) => {
    if (tag !== 1 || !pbf) return;
    const stack: { name?: string; range?: string; glyphs: Glyph[] } = { glyphs: [] };
    pbf.readMessage((field, s, p) => {
      if (field === 1) s.name = p.readString();
      else if (field === 2) s.range = p.readString();
      else if (field === 3) {
        const glyph = { id: 0, width: 0, height: 0, left: 0, top: 0, advance: 0 } as Glyph;
        p.readMessage((k, g, q) => {
          if (k === 1) g.id = q.readVarint();
          else if (k === 2) g.bitmap = q.readBytes();
          else if (k === 3) g.width = q.readVarint();
          else if (k === 4) g.height = q.readVarint();
          else if (k === 5) g.left = q.readSVarint();
          else if (k === 6) g.top = q.readSVarint();
          else if (k === 7) g.advance = q.readVarint();
        }, glyph);
        s.glyphs.push(glyph);
      }
    }, stack);
    stacks.push(stack);
  }, undefined);
  return stacks;
}

const glyphs = (path: string) => fetch(`${t.url}/tiles/fonts/${path}`);

function tileAt(lon: number, lat: number, z: number): string {
  const n = 2 ** z;
  const rad = (lat * Math.PI) / 180;
  const x = Math.floor(((lon + 180) / 360) * n);
  const y = Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n);
  return `${z}/${x}/${y}`;
}

describe('glyphs', () => {
  it('serves 0-255 of DejaVu Sans Book with SDF glyphs for A and 0, cacheable by anyone', async () => {
    const res = await glyphs('DejaVu%20Sans%20Book/0-255.pbf');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/x-protobuf');
    expect(res.headers.get('cache-control')).toMatch(/public, max-age=\d{6,}/);
    expect(res.headers.get('content-encoding')).toBe('gzip');
    const [stack] = decodeGlyphs(new Uint8Array(await res.arrayBuffer()));
    expect(stack).toMatchObject({ name: 'DejaVu Sans Book', range: '0-255' });
    for (const char of ['A', '0']) {
      const glyph = stack!.glyphs.find((g) => g.id === char.charCodeAt(0))!;
      expect(glyph.width).toBeGreaterThan(5);
      expect(glyph.height).toBeGreaterThan(10);
      expect(glyph.top).toBeLessThan(0); // from the line origin, 26 px above the baseline
      expect(glyph.top).toBeGreaterThan(-15);
      expect(glyph.advance).toBeGreaterThan(8);
      // 3 px buffer on each side; inside the outline the distance field is above the edge value (191).
      expect(glyph.bitmap!.length).toBe((glyph.width + 6) * (glyph.height + 6));
      expect(Math.max(...glyph.bitmap!)).toBeGreaterThan(191);
      expect(glyph.bitmap![0]).toBeLessThan(191);
    }
    const space = stack!.glyphs.find((g) => g.id === 32)!;
    expect(space).toMatchObject({ width: 0, height: 0 });
    expect(space.bitmap).toBeUndefined();
  });

  it('serves the bold face and the first member of a stack it has', async () => {
    const res = await glyphs('DejaVu%20Sans%20Bold,Arial%20Unicode%20MS%20Regular/256-511.pbf');
    expect(res.status).toBe(200);
    const [stack] = decodeGlyphs(new Uint8Array(await res.arrayBuffer()));
    expect(stack!.glyphs.some((g) => g.id === 0x101)).toBe(true); // ā, pinyin
  });

  it('answers a range it does not ship (CJK) with a valid empty PBF', async () => {
    const res = await glyphs('DejaVu%20Sans%20Book/19968-20223.pbf');
    expect(res.status).toBe(200);
    expect(decodeGlyphs(new Uint8Array(await res.arrayBuffer()))).toEqual([
      { name: 'DejaVu Sans Book', range: '19968-20223', glyphs: [] },
    ]);
  });

  it('refuses bad ranges and font names, and unknown fonts, without reaching the file system', async () => {
    for (const path of [
      'DejaVu%20Sans%20Book/0-256.pbf',
      'DejaVu%20Sans%20Book/1-256.pbf',
      'DejaVu%20Sans%20Book/0-255.json',
      'DejaVu%20Sans%20Book/65536-65791.pbf',
      '..%2F..%2Fpackage.json/0-255.pbf',
      '..%2Fglyphs%2Fdejavu-sans-book/0-255.pbf',
      'DejaVu%20Sans%20Book%2F..%2F..%2F..%2Fpackage.json/0-255.pbf',
      'DejaVu%20Sans%20Book/..%2F..%2Fpackage.json',
    ]) {
      const res = await glyphs(path);
      expect(res.status, path).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
    }
    expect((await glyphs('dejavu-sans-book/0-255.pbf')).status).toBe(404);
    expect((await glyphs('Open%20Sans%20Regular/0-255.pbf')).status).toBe(404);
  });
});

describe('style', () => {
  it('names the glyphs, labels regions, roads, water and projects, and draws water and green under everything', async () => {
    const style = (await (await fetch(`${t.url}/tiles/style.json`)).json()) as {
      glyphs: string;
      layers: {
        id: string;
        type: string;
        layout?: Record<string, unknown>;
        metadata?: Record<string, string>;
      }[];
      metadata: Record<string, unknown>;
      sources: Record<string, { type: string }>;
    };
    expect(style.glyphs).toBe(`${t.url}/tiles/fonts/{fontstack}/{range}.pbf`);
    const ids = style.layers.map((layer) => layer.id);
    for (const id of ['region-labels', 'roads-label', 'water-label', 'projects-label'])
      expect(style.layers.find((l) => l.id === id)?.type, id).toBe('symbol');
    for (const id of [
      'regions-fill',
      'regions-line',
      'roads',
      'projects-point',
      'projects-area',
      'buildings',
    ])
      expect(ids).toContain(id);
    // Anonymous: only public layers (households are public as k-anonymous cells), so no land parcels.
    expect(ids).not.toContain('parcels');
    const firstBusiness = ids.indexOf('projects-area');
    expect(ids.indexOf('water')).toBeLessThan(firstBusiness);
    expect(ids.indexOf('green')).toBeLessThan(ids.indexOf('roads'));
    expect(
      Math.max(...style.layers.filter((l) => l.type !== 'symbol').map((l) => ids.indexOf(l.id))),
    ).toBeLessThan(ids.indexOf('water-label'));
    expect(style.layers.every((l) => l.metadata?.['hss:group'])).toBe(true);
    expect(style.metadata['hss:basemap']).toBe('own');
    expect(Object.values(style.sources).every((s) => s.type === 'vector')).toBe(true);
    const fonts = style.layers.flatMap((l) => JSON.stringify(l.layout?.['text-font'] ?? []));
    expect(fonts.join()).toContain('DejaVu Sans Book');
  });

  it('keeps the default Content-Security-Policy to our own origin', async () => {
    const csp = (await fetch(`${t.url}/tiles/style.json`)).headers.get('content-security-policy')!;
    expect(csp).toContain("img-src 'self' data: blob:;");
    expect(csp).toContain("connect-src 'self';");
  });
});

describe('water and green areas', () => {
  it('tiles the Songhua and the parks by the centre, publicly, and shows an edit at once', async () => {
    const path = `${t.url}/tiles/basemap_areas/${tileAt(126.62, 45.8, 12)}.mvt`;
    const read = async () => {
      const res = await fetch(path);
      expect(res.status).toBe(200);
      const layer = new VectorTile(new Pbf(new Uint8Array(await res.arrayBuffer()))).layers.basemap_areas!;
      return Array.from({ length: layer.length }, (_, i) => layer.feature(i).properties);
    };
    const before = await read();
    expect(before).toContainEqual({ name: '松花江', kind: 'water' });
    expect(before.some((p) => p.kind === 'green')).toBe(true);

    await t.db.raw(`UPDATE basemap_areas SET name = '松花江（测试）' WHERE name = '松花江'`);
    await expect
      .poll(async () => (await read()).map((p) => p.name), { timeout: 2000 })
      .toContain('松花江（测试）');
  });
});
