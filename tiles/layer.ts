/**
 * What a tile layer is: one SQL statement in the canonical shape (Martin's) — filter with the GiST-indexed 3857
 * column against the tile envelope plus a margin, clip and quantise with ST_AsMVTGeom, encode with ST_AsMVT,
 * feature ids set so the client can use feature-state — plus who may see it and how its answer varies.
 */
import type { Access } from '../server/http/route.ts';
import type { Scope } from '../server/access/scope.ts';
import type { TileCoord } from './coords.ts';

export interface TileRequest {
  tile: TileCoord;
  /** The signed-in user's scope; undefined for anonymous (portal) requests. */
  scope: Scope | undefined;
  /** k of k-anonymity for aggregate cells shown to those who may not see records. */
  k: number;
}

export interface TileLayer {
  name: string;
  description: string;
  minzoom: number;
  maxzoom: number;
  /** Who may fetch it at all. Anonymous requests only ever get `public` layers. */
  access: Access;
  /** Staff sessions see only their region (anonymous requests to public layers see everything public). */
  scoped: boolean;
  /** Attribute names and types, for TileJSON's vector_layers. */
  fields: Record<string, string>;
  /** The SQL for a request, with named bindings (:z :x :y :prefix and those of `bindings`). */
  sql(request: TileRequest): string;
  /** Extra bindings beyond z/x/y/prefix. */
  bindings?(request: TileRequest): Record<string, number | string>;
  /** Distinguishes answers that differ for the same tile (scope, detail), for the cache key. */
  variant(request: TileRequest): string;
}

export const ENVELOPE = `WITH env AS (
  SELECT ST_TileEnvelope(:z, :x, :y) AS tile, ST_TileEnvelope(:z, :x, :y, margin => 64.0 / 4096) AS search
)`;

/** One tile unit (1/4096 of the tile) in metres: simplifying to it first loses nothing visible. */
export const TILE_UNIT = `(40075016.68 / (2 ^ :z) / 4096)`;

/** Half the Web Mercator extent in metres. */
export const HALF = 20037508.342789244;

/** The region prefix a request is limited to: none for anonymous requests or unscoped layers. */
export function prefixOf(layer: Pick<TileLayer, 'scoped'>, request: TileRequest): string {
  return layer.scoped && request.scope ? request.scope.regionPrefix : '';
}

/** Cache variant of a layer whose answer depends only on the scope. */
export function scopeVariant(this: Pick<TileLayer, 'scoped'>, request: TileRequest): string {
  return this.scoped && request.scope ? `r${request.scope.regionPrefix}` : 'all';
}

/** `SELECT ST_AsMVT(...) AS mvt FROM (<rows>) t` for a layer, where rows yield id, attributes and geom. */
export const mvt = (name: string, rows: string) =>
  `${ENVELOPE}\nSELECT ST_AsMVT(t, '${name}', 4096, 'geom', 'id') AS mvt FROM (\n${rows}\n) t WHERE t.geom IS NOT NULL`;
