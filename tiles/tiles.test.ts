import { describe, expect, it } from 'vitest';
import { VectorTile } from '@mapbox/vector-tile';
import Pbf from 'pbf';
import { useTestServer } from '../server/test/harness.ts';

const t = useTestServer();

/** The z/x/y of the tile holding a lon/lat. */
function tileAt(lon: number, lat: number, z: number): string {
  const n = 2 ** z;
  const rad = (lat * Math.PI) / 180;
  const x = Math.floor(((lon + 180) / 360) * n);
  const y = Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n);
  return `${z}/${x}/${y}`;
}

const HARBIN = [126.63, 45.75] as const;

async function fetchTile(path: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${t.url}/tiles/${path}`, { headers });
  return { res, bytes: new Uint8Array(await res.arrayBuffer()) };
}

describe('tiles', () => {
  it('serves district polygons with ids and attributes over Harbin, gzipped, with an ETag', async () => {
    const { res, bytes } = await fetchTile(`regions/${tileAt(...HARBIN, 9)}.mvt`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.mapbox-vector-tile');
    expect(res.headers.get('content-encoding')).toBe('gzip');
    const layer = new VectorTile(new Pbf(bytes)).layers.regions!;
    expect(layer.length).toBeGreaterThan(0);
    const features = Array.from({ length: layer.length }, (_, i) => layer.feature(i));
    expect(features.every((f) => f.properties.level === 3 && f.id === Number(f.properties.code))).toBe(true);
    expect(features.map((f) => f.properties.name)).toContain('南岗区');

    const again = await fetch(`${t.url}/tiles/regions/${tileAt(...HARBIN, 9)}.mvt`, {
      headers: { 'if-none-match': res.headers.get('etag')! },
    });
    expect(again.status).toBe(304);
  });

  it('shows streets from z10 and communities from z13', async () => {
    const levels = async (z: number) => {
      const { bytes } = await fetchTile(`regions/${tileAt(...HARBIN, z)}.mvt`);
      const layer = new VectorTile(new Pbf(bytes)).layers.regions!;
      return new Set(Array.from({ length: layer.length }, (_, i) => layer.feature(i).properties.level));
    };
    expect([...(await levels(10))].sort()).toEqual([3, 4]);
    expect(await levels(13)).toContain(5);
  });

  it('serves roads and labels of the demo basemap', async () => {
    const { bytes } = await fetchTile(`roads/${tileAt(...HARBIN, 12)}.mvt`);
    expect(new VectorTile(new Pbf(bytes)).layers.roads!.length).toBeGreaterThan(0);
    const labels = await fetchTile(`region_labels/${tileAt(...HARBIN, 9)}.mvt`);
    expect(new VectorTile(new Pbf(labels.bytes)).layers.region_labels!.length).toBeGreaterThan(0);
  });

  it('answers 204 for an empty tile, 404 for an unknown layer, 400 for impossible coordinates', async () => {
    expect((await fetchTile('regions/10/0/0.mvt')).res.status).toBe(204);
    const unknown = await fetch(`${t.url}/tiles/secrets/1/0/0.mvt`);
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { code: string }).code).toBe('unknown_layer');
    for (const path of [
      'regions/3/8/0.mvt',
      'regions/23/0/0.mvt',
      'regions/a/0/0.mvt',
      'regions/3/0/0.png',
    ]) {
      expect((await fetchTile(path)).res.status, path).toBe(400);
    }
  });

  it('describes each layer in TileJSON', async () => {
    const res = await fetch(`${t.url}/tiles/regions.json`);
    const json = (await res.json()) as {
      tilejson: string;
      tiles: string[];
      bounds: number[];
      vector_layers: { id: string }[];
    };
    expect(json.tilejson).toBe('3.0.0');
    expect(json.tiles[0]).toMatch(/\/tiles\/regions\/\{z\}\/\{x\}\/\{y\}\.mvt$/);
    expect(json.vector_layers[0]!.id).toBe('regions');
    expect(json.bounds[0]).toBeLessThan(HARBIN[0]);
    expect(json.bounds[2]).toBeGreaterThan(HARBIN[0]);
  });
});

describe('style.json', () => {
  it('lists only the layers the caller may fetch, all from this server', async () => {
    const anonymous = (await t.client().get('/tiles/style.json')).body;
    expect(anonymous.version).toBe(8);
    expect(Object.keys(anonymous.sources)).not.toContain('units');
    expect(Object.keys(anonymous.sources)).not.toContain('parcels');
    const planner = await t.as('hrb_planner');
    const style = (await planner.get('/tiles/style.json')).body;
    expect(Object.keys(style.sources)).toEqual(
      expect.arrayContaining(['parcels', 'units', 'projects', 'households']),
    );
    const urls = Object.values(style.sources as Record<string, { url: string }>).map((s) => s.url);
    expect(urls.every((url) => url.startsWith(t.url))).toBe(true);
    // Glyphs come from this server too; no sprite, nothing from elsewhere.
    expect(style.glyphs).toBe(`${t.url}/tiles/fonts/{fontstack}/{range}.pbf`);
    expect(JSON.stringify(style)).not.toMatch(/sprite|https?:\/\/(?!127\.0\.0\.1)/);
  });
});
