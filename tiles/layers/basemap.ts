/** The demo city's basemap: administrative regions, their labels, roads, water and green areas. Reference data, public. */
import { mvt, scopeVariant, TILE_UNIT, type TileLayer } from '../layer.ts';

// Which administrative levels show at a zoom: districts always, streets from z10, communities from z13.
const MAX_LEVEL = `CASE WHEN :z < 10 THEN 3 WHEN :z < 13 THEN 4 ELSE 5 END`;

/**
 * A public layer of regions at the levels the zoom shows: `column` is the indexed 3857 column, `drawn` the
 * geometry expression encoded with its MVT `buffer`.
 */
function regionLayer(
  name: string,
  description: string,
  column: string,
  drawn: string,
  buffer: number,
): TileLayer {
  return {
    name,
    description,
    minzoom: 6,
    maxzoom: 16,
    access: 'public',
    scoped: false,
    fields: { code: 'String', name: 'String', level: 'Number' },
    variant: scopeVariant,
    sql: () =>
      mvt(
        name,
        `SELECT r.code::bigint AS id, r.code, r.name, r.level,
         ST_AsMVTGeom(${drawn}, env.tile, 4096, ${buffer}, true) AS geom
    FROM regions r, env
   WHERE r.${column} && env.search
     AND r.level BETWEEN 3 AND ${MAX_LEVEL}`,
      ),
  };
}

export const regions = regionLayer(
  'regions',
  '行政区划边界（区县、街道、社区，随缩放级别细化）',
  'boundary_3857',
  `ST_SimplifyPreserveTopology(r.boundary_3857, ${TILE_UNIT})`,
  64,
);

export const regionLabels = regionLayer(
  'region_labels',
  '行政区划名称标注点',
  'label_point_3857',
  'r.label_point_3857',
  0,
);

export const roads: TileLayer = {
  name: 'roads',
  description: '道路（演示城市底图）：快速路与主干路始终显示，次干路 z12 起，支路 z14 起',
  minzoom: 8,
  maxzoom: 16,
  access: 'public',
  scoped: false,
  fields: { name: 'String', road_class: 'String' },
  variant: scopeVariant,
  sql: () =>
    mvt(
      'roads',
      `SELECT r.id, r.name, r.road_class,
         ST_AsMVTGeom(ST_Simplify(r.geom_3857, ${TILE_UNIT}), env.tile, 4096, 64, true) AS geom
    FROM roads r, env
   WHERE r.geom_3857 && env.search
     AND (r.road_class IN ('expressway', 'arterial')
          OR (r.road_class = 'secondary' AND :z >= 12)
          OR :z >= 14)`,
    ),
};

export const basemapAreas: TileLayer = {
  name: 'basemap_areas',
  description: '水系与绿地（江河湖泊、公园、风景区；演示城市底图）',
  minzoom: 6,
  maxzoom: 16,
  access: 'public',
  scoped: false,
  fields: { name: 'String', kind: 'String' },
  variant: scopeVariant,
  // Areas smaller than about 4 × 4 tile units would be specks at this zoom: left out.
  sql: () =>
    mvt(
      'basemap_areas',
      `SELECT a.id, a.name, a.kind,
         ST_AsMVTGeom(ST_SimplifyPreserveTopology(a.geom_3857, ${TILE_UNIT}), env.tile, 4096, 64, true) AS geom
    FROM basemap_areas a, env
   WHERE a.geom_3857 && env.search
     AND ST_Area(a.geom_3857) > 16 * ${TILE_UNIT} * ${TILE_UNIT}`,
    ),
};
