/**
 * Demand on the map. Households are personal data: only staff who may read household records, in their region,
 * see points (from z15); everyone else — and everyone below z15 — sees counts on a grid read from the
 * `household_cells` aggregate, and anonymous or record-less viewers never see a cell under k households.
 */
import { HALF, mvt, prefixOf, TILE_UNIT, type TileLayer, type TileRequest } from '../layer.ts';

const DETAIL_FROM_ZOOM = 15;
/** Cells are kept for z6-z14 (migration 20261127130200), 32 × 32 per tile. */
const FINEST_CELL_ZOOM = 14;
const CELLS_PER_TILE = 32;

const mayReadRecords = (request: TileRequest) => request.scope?.permissions.has('households.read') ?? false;
const showsPoints = (request: TileRequest) => request.tile.z >= DETAIL_FROM_ZOOM && mayReadRecords(request);

/** The aggregate level and the cell index ranges covering a tile. */
export function cellWindow({ z, x, y }: TileRequest['tile']) {
  const level = Math.min(z, FINEST_CELL_ZOOM);
  const shrink = 2 ** (z - level);
  const range = (i: number) => [
    Math.floor((i * CELLS_PER_TILE) / shrink),
    Math.floor(((i + 1) * CELLS_PER_TILE - 1) / shrink),
  ];
  const [cx0, cx1] = range(x);
  const [cy0, cy1] = range(y);
  return { level, cx0: cx0!, cx1: cx1!, cy0: cy0!, cy1: cy1!, cell: (2 * HALF) / 2 ** (level + 5) };
}

const POINTS = mvt(
  'households',
  `SELECT h.id, h.waiting_status, h.household_size, 1 AS households,
         ST_AsMVTGeom(h.geom_3857, env.tile, 4096, 16, true) AS geom
    FROM households h, env
   WHERE h.geom_3857 && env.search AND h.waiting_status <> 'withdrawn' AND h.region_code LIKE :prefix || '%'`,
);

const CELLS = mvt(
  'households',
  `SELECT (c.cx::bigint << 20) | c.cy AS id, c.n AS households, :level AS cell_zoom,
         ST_AsMVTGeom(ST_SetSRID(ST_MakePoint((c.cx + 0.5) * :cell - ${HALF}, ${HALF} - (c.cy + 0.5) * :cell), 3857),
                      env.tile, 4096, 0, true) AS geom
    FROM (SELECT cx, cy, sum(n)::int AS n FROM household_cells
           WHERE z = :level AND cx BETWEEN :cx0 AND :cx1 AND cy BETWEEN :cy0 AND :cy1
             AND street_code LIKE :prefix || '%'
           GROUP BY cx, cy HAVING sum(n) >= :k) c, env`,
);

export const households: TileLayer = {
  name: 'households',
  description:
    '轮候需求：有权查看家庭记录的经办人员在 z15 起看到本辖区家庭点位，其余一律为格网户数（匿名时少于 k 户的格不显示）',
  minzoom: 6,
  maxzoom: 18,
  access: 'public',
  scoped: true,
  fields: { households: 'Number', cell_zoom: 'Number', waiting_status: 'String', household_size: 'Number' },
  sql: (request) => (showsPoints(request) ? POINTS : CELLS),
  bindings: (request) =>
    showsPoints(request) ? {} : { ...cellWindow(request.tile), k: mayReadRecords(request) ? 1 : request.k },
  variant: (request) =>
    `r${prefixOf(households, request) || '*'}|${showsPoints(request) ? 'points' : mayReadRecords(request) ? 'cells' : 'k'}`,
};

export const supplyDemand: TileLayer = {
  name: 'supply_demand',
  description: '区县供需：轮候家庭数（需求）与已交付待配给房屋套数（供给）',
  minzoom: 6,
  maxzoom: 14,
  access: 'public',
  scoped: true,
  fields: {
    code: 'String',
    name: 'String',
    waiting: 'Number',
    available: 'Number',
    units: 'Number',
    demand_per_unit: 'Number',
  },
  sql: () =>
    mvt(
      'supply_demand',
      `SELECT r.code::bigint AS id, r.code, r.name,
         CASE WHEN coalesce(d.n, 0) >= :k THEN d.n END AS waiting,
         coalesce(s.available, 0) AS available, coalesce(s.total, 0) AS units,
         CASE WHEN coalesce(d.n, 0) >= :k AND s.available > 0 THEN round(d.n::numeric / s.available, 2)::float8 END
           AS demand_per_unit,
         ST_AsMVTGeom(ST_SimplifyPreserveTopology(r.boundary_3857, ${TILE_UNIT}), env.tile, 4096, 64, true) AS geom
    FROM regions r CROSS JOIN env
    LEFT JOIN (SELECT left(street_code, 6) AS code, sum(n)::int AS n FROM household_cells WHERE z = 6 GROUP BY 1) d
      ON d.code = left(r.code, 6)
    LEFT JOIN (SELECT district_code AS code, sum(n) FILTER (WHERE delivery_status = 'delivered')::int AS available,
                      sum(n)::int AS total
                 FROM project_unit_counts GROUP BY 1) s
      ON s.code = left(r.code, 6)
   WHERE r.level = 3 AND r.boundary_3857 && env.search AND r.code LIKE :prefix || '%'`,
    ),
  bindings: (request) => ({ k: mayReadRecords(request) ? 1 : request.k }),
  variant: (request) =>
    `r${prefixOf(supplyDemand, request) || '*'}|${mayReadRecords(request) ? 'records' : 'k'}`,
};
