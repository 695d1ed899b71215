/** Housing resources on the map: land reserve parcels, projects (with unit counts by status), buildings, units. */
import { mvt, scopeVariant, TILE_UNIT, type TileLayer } from '../layer.ts';

const SCOPE = `LIKE :prefix || '%'`;

export const parcels: TileLayer = {
  name: 'parcels',
  description: '土地储备地块（按规划用途与储备状态）',
  minzoom: 8,
  maxzoom: 18,
  access: 'land.read',
  scoped: true,
  fields: {
    parcel_no: 'String',
    parcel_name: 'String',
    planned_use: 'String',
    status: 'String',
    area_m2: 'Number',
    area_mu: 'Number',
  },
  variant: scopeVariant,
  sql: () =>
    mvt(
      'parcels',
      `SELECT p.id, p.parcel_no, p.parcel_name, p.planned_use, p.status, p.geom_area_m2::float8 AS area_m2,
         round(p.geom_area_m2 / 666.6667, 2)::float8 AS area_mu,
         ST_AsMVTGeom(ST_SimplifyPreserveTopology(p.geom_3857, ${TILE_UNIT}), env.tile, 4096, 64, true) AS geom
    FROM land_parcels p, env
   WHERE p.geom_3857 && env.search AND p.status <> 'retired' AND p.region_code ${SCOPE}`,
    ),
};

export const projects: TileLayer = {
  name: 'projects',
  description: '保障性住房项目（按项目状态；含各交付状态房屋套数）；z12 以下为点',
  minzoom: 8,
  maxzoom: 18,
  access: 'public',
  scoped: true,
  fields: {
    project_no: 'String',
    name: 'String',
    category: 'String',
    status: 'String',
    units_undelivered: 'Number',
    units_delivered: 'Number',
    units_allocated: 'Number',
    units_occupied: 'Number',
    price_min: 'Number',
    price_max: 'Number',
  },
  variant: scopeVariant,
  sql: () =>
    mvt(
      'projects',
      `SELECT p.id, p.project_no, coalesce(p.approved_name, p.proposed_name) AS name, p.project_category AS category,
         p.status, coalesce(u.undelivered, 0) AS units_undelivered, coalesce(u.delivered, 0) AS units_delivered,
         coalesce(u.allocated, 0) AS units_allocated, coalesce(u.occupied, 0) AS units_occupied,
         p.price_min::float8 AS price_min, p.price_max::float8 AS price_max,
         ST_AsMVTGeom(CASE WHEN :z < 12 THEN ST_PointOnSurface(p.geom_3857)
                           ELSE ST_SimplifyPreserveTopology(p.geom_3857, ${TILE_UNIT}) END,
                      env.tile, 4096, 64, true) AS geom
    FROM projects p CROSS JOIN env
    LEFT JOIN LATERAL (
      SELECT sum(c.n) FILTER (WHERE c.delivery_status = 'undelivered') AS undelivered,
             sum(c.n) FILTER (WHERE c.delivery_status = 'delivered') AS delivered,
             sum(c.n) FILTER (WHERE c.delivery_status = 'allocated') AS allocated,
             sum(c.n) FILTER (WHERE c.delivery_status = 'occupied') AS occupied
        FROM project_unit_counts c WHERE c.project_id = p.id
    ) u ON true
   WHERE p.geom_3857 && env.search AND p.status <> 'retired' AND p.region_code ${SCOPE}`,
    ),
};

export const buildings: TileLayer = {
  name: 'buildings',
  description: '单体工程基底（z13 起）',
  minzoom: 13,
  maxzoom: 18,
  access: 'public',
  scoped: true,
  fields: {
    building_no: 'String',
    name: 'String',
    category: 'String',
    total_floors: 'Number',
    build_status: 'String',
    residential_units: 'Number',
    project_id: 'Number',
  },
  variant: scopeVariant,
  sql: () =>
    mvt(
      'buildings',
      `SELECT b.id, b.building_no, b.name, b.category, b.total_floors, b.build_status, b.residential_units, b.project_id,
         ST_AsMVTGeom(b.geom_3857, env.tile, 4096, 64, true) AS geom
    FROM buildings b, env
   WHERE b.geom_3857 && env.search AND b.region_code ${SCOPE}`,
    ),
};

export const units: TileLayer = {
  name: 'units',
  description: '房屋（按交付状态：未交付、已交付、已配给、已入住；z15 起）',
  minzoom: 15,
  maxzoom: 18,
  access: 'projects.read',
  scoped: true,
  fields: {
    unit_no: 'String',
    building_id: 'Number',
    entrance: 'String',
    room_no: 'String',
    floor_from: 'Number',
    delivery_status: 'String',
    floor_area: 'Number',
    layout: 'String',
  },
  variant: scopeVariant,
  sql: () =>
    mvt(
      'units',
      `SELECT u.id, u.unit_no, u.building_id, u.entrance, u.room_no, u.floor_from, u.delivery_status,
         u.floor_area::float8 AS floor_area, u.layout,
         ST_AsMVTGeom(u.geom_3857, env.tile, 4096, 16, true) AS geom
    FROM housing_units u, env
   WHERE u.geom_3857 && env.search AND u.region_code ${SCOPE}`,
    ),
};
