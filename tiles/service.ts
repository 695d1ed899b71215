/** Renders one tile of one layer: the layer's SQL in PostGIS, gzipped once, with an ETag of its bytes. */
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { Db } from '../server/db/knex.ts';
import type { TileCoord } from './coords.ts';
import type { TileLayer } from './layers.ts';

export interface RenderedTile {
  /** gzip-compressed MVT bytes. */
  gzipped: Buffer;
  raw: Buffer;
  etag: string;
}

/** The tile, or undefined when it has no features (the route answers 204). */
export async function renderTile(
  db: Db,
  layer: TileLayer,
  tile: TileCoord,
): Promise<RenderedTile | undefined> {
  const { rows } = await db.raw<{ rows: { mvt: Buffer | null }[] }>(layer.sql, { ...tile });
  const raw = rows[0]?.mvt;
  if (!raw || raw.length === 0) return undefined;
  const gzipped = gzipSync(raw);
  return { raw, gzipped, etag: `"${createHash('sha1').update(raw).digest('base64url')}"` };
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
