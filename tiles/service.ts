/** Renders tiles through the cache: the layer's SQL in PostGIS on a miss, gzipped once, with an ETag of its bytes. */
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { Db } from '../server/db/knex.ts';
import type { CacheEntry, TileCache } from './cache.ts';
import { prefixOf, type TileLayer, type TileRequest } from './layer.ts';

/** Runs the layer's SQL: the raw MVT bytes, empty when no feature falls in the tile. */
export async function queryTile(db: Db, layer: TileLayer, request: TileRequest): Promise<Buffer> {
  const bindings = { ...request.tile, prefix: prefixOf(layer, request), ...layer.bindings?.(request) };
  const { rows } = await db.raw<{ rows: { mvt: Buffer | null }[] }>(layer.sql(request), bindings);
  return rows[0]?.mvt ?? Buffer.alloc(0);
}

export async function renderTile(
  db: Db,
  cache: TileCache,
  layer: TileLayer,
  request: TileRequest,
): Promise<CacheEntry> {
  const key = { layer: layer.name, variant: layer.variant(request), ...request.tile };
  const cached = cache.get(key);
  if (cached) return cached;
  const generation = cache.generation(layer.name);
  const raw = await queryTile(db, layer, request);
  const entry: CacheEntry =
    raw.length === 0
      ? 'empty'
      : { raw, gzipped: gzipSync(raw), etag: `"${createHash('sha1').update(raw).digest('base64url')}"` };
  cache.set(key, entry, generation);
  return entry;
}

/** The bounds of all regions, [west, south, east, north] in degrees, for TileJSON. */
export async function dataBounds(db: Db): Promise<[number, number, number, number] | undefined> {
  const { rows } = await db.raw<{ rows: { w: number | null; s: number; e: number; n: number }[] }>(
    `SELECT ST_XMin(b) AS w, ST_YMin(b) AS s, ST_XMax(b) AS e, ST_YMax(b) AS n
       FROM (SELECT ST_Extent(boundary)::geometry AS b FROM regions WHERE level >= 2) x`,
  );
  const row = rows[0];
  return row && row.w !== null ? [row.w, row.s, row.e, row.n] : undefined;
}
