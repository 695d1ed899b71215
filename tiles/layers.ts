/**
 * Vector tile layers, each one SQL statement in the canonical shape (Martin's): filter with the GiST-indexed
 * 3857 column against the tile envelope plus a margin, clip and quantise with ST_AsMVTGeom, encode with
 * ST_AsMVT, feature ids set so the client can use feature-state. Named bindings :z :x :y.
 */
import type { Access } from '../server/http/route.ts';

export interface TileLayer {
  name: string;
  description: string;
  minzoom: number;
  maxzoom: number;
  /** Who may fetch it: `public` layers carry no personal data. */
  access: Access;
  /** Attribute names and types, for TileJSON's vector_layers. */
  fields: Record<string, string>;
  sql: string;
}

const ENVELOPE = `WITH env AS (
  SELECT ST_TileEnvelope(:z, :x, :y) AS tile, ST_TileEnvelope(:z, :x, :y, margin => 64.0 / 4096) AS search
)`;

// One tile unit (1/4096 of the tile) in metres: simplifying to it before ST_AsMVTGeom loses nothing visible and
// keeps low-zoom polygons cheap.
const TILE_UNIT = `(40075016.68 / (2 ^ :z) / 4096)`;

// Which administrative levels show at a zoom: districts always, streets from z10, communities from z13.
const MAX_LEVEL = `CASE WHEN :z < 10 THEN 3 WHEN :z < 13 THEN 4 ELSE 5 END`;

export const LAYERS: TileLayer[] = [
  {
    name: 'regions',
    description: '行政区划边界（区县、街道、社区，随缩放级别细化）',
    minzoom: 6,
    maxzoom: 16,
    access: 'public',
    fields: { code: 'String', name: 'String', level: 'Number' },
    sql: `${ENVELOPE}
SELECT ST_AsMVT(t, 'regions', 4096, 'geom', 'id') AS mvt FROM (
  SELECT r.code::bigint AS id, r.code, r.name, r.level,
         ST_AsMVTGeom(ST_SimplifyPreserveTopology(r.boundary_3857, ${TILE_UNIT}), env.tile, 4096, 64, true) AS geom
    FROM regions r, env
   WHERE r.boundary_3857 && env.search AND r.level BETWEEN 3 AND ${MAX_LEVEL}
) t WHERE t.geom IS NOT NULL`,
  },
  {
    name: 'region_labels',
    description: '行政区划名称标注点',
    minzoom: 6,
    maxzoom: 16,
    access: 'public',
    fields: { code: 'String', name: 'String', level: 'Number' },
    sql: `${ENVELOPE}
SELECT ST_AsMVT(t, 'region_labels', 4096, 'geom', 'id') AS mvt FROM (
  SELECT r.code::bigint AS id, r.code, r.name, r.level,
         ST_AsMVTGeom(r.label_point_3857, env.tile, 4096, 0, true) AS geom
    FROM regions r, env
   WHERE r.label_point_3857 && env.tile AND r.level BETWEEN 3 AND ${MAX_LEVEL}
) t WHERE t.geom IS NOT NULL`,
  },
  {
    name: 'roads',
    description: '道路（演示城市底图）：快速路与主干路始终显示，次干路 z12 起，支路 z14 起',
    minzoom: 8,
    maxzoom: 16,
    access: 'public',
    fields: { name: 'String', road_class: 'String' },
    sql: `${ENVELOPE}
SELECT ST_AsMVT(t, 'roads', 4096, 'geom', 'id') AS mvt FROM (
  SELECT r.id, r.name, r.road_class,
         ST_AsMVTGeom(ST_Simplify(r.geom_3857, ${TILE_UNIT}), env.tile, 4096, 64, true) AS geom
    FROM roads r, env
   WHERE r.geom_3857 && env.search
     AND (r.road_class IN ('expressway', 'arterial')
          OR (r.road_class = 'secondary' AND :z >= 12)
          OR :z >= 14)
) t WHERE t.geom IS NOT NULL`,
  },
];

export const layerNamed = (name: string) => LAYERS.find((layer) => layer.name === name);
