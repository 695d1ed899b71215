/**
 * What every map-bearing list shares: the query parameters (bbox, paging, region, text, GeoJSON output), the
 * spatial filters (bounding box, inside a polygon, within a radius of a point) and the two answer shapes — a
 * page `{items,total,page,page_size}` or a GeoJSON FeatureCollection. Entity stores add their own columns and
 * filters; the SQL for the geometry lives here once.
 */
import type { Knex } from 'knex';
import { z } from 'zod';
import type { Db, Tx } from '../db/knex.ts';
import { regionPrefix } from '../access/scope.ts';
import { pageQuery, regionCode } from '../shared/validators.ts';
import { GEOMETRY_FROM_GEOJSON, geoJsonText, type AreaGeometry } from '../shared/geometry.ts';
import { containsPattern } from '../shared/like.ts';

export type Bbox = [minLng: number, minLat: number, maxLng: number, maxLat: number];

/** `bbox=minLng,minLat,maxLng,maxLat` in degrees (WGS84/CGCS2000), as in OGC API Features. */
export const bboxParam = z
  .string()
  .trim()
  .transform((value, ctx): Bbox => {
    const parts = value.split(',').map((part) => Number(part.trim()));
    const [minLng, minLat, maxLng, maxLat] = parts as Bbox;
    const valid =
      parts.length === 4 &&
      parts.every(Number.isFinite) &&
      minLng >= -180 &&
      maxLng <= 180 &&
      minLat >= -90 &&
      maxLat <= 90 &&
      minLng < maxLng &&
      minLat < maxLat;
    if (!valid) ctx.addIssue({ code: 'custom', message: 'bbox 须为 最小经度,最小纬度,最大经度,最大纬度' });
    return [minLng, minLat, maxLng, maxLat];
  })
  .describe('范围过滤：最小经度,最小纬度,最大经度,最大纬度（WGS84/CGCS2000）');

/** The query parameters every feature list takes; entities add status, category and parent filters. */
export const featureListQuery = {
  q: z.string().trim().min(1).max(50).optional().describe('按编号、名称检索'),
  region: regionCode.optional().describe('行政区划代码：只列出该区划及其下级的记录'),
  bbox: bboxParam.optional(),
  format: z
    .enum(['json', 'geojson'])
    .default('json')
    .describe('json：分页对象；geojson：GeoJSON FeatureCollection（application/geo+json）'),
  ...pageQuery,
};

export interface SpatialFilter {
  region?: string;
  bbox?: Bbox;
  /** Features intersecting (or lying within) a polygon. */
  within?: { geometry: AreaGeometry; relation: 'intersects' | 'within' };
  /** Features within `radius_m` metres of a point, nearest first, with `distance_m`. */
  near?: { lng: number; lat: number; radius_m: number };
  page: number;
  page_size: number;
}

const POINT = 'ST_SetSRID(ST_MakePoint(?, ?), 4490)';

/** The stored geometry as a GeoJSON object, 7 decimals (~1 cm), without the 3857 copy. */
export const geometryJson = (conn: Db | Tx, column: string) =>
  conn.raw(`ST_AsGeoJSON(??, 7)::json AS geometry`, [column]);

/** Adds the filters of `filter` on `column` (a geometry column in EPSG:4490) and `regionColumn`. */
export function applySpatialFilter<T extends Knex.QueryBuilder>(
  conn: Db | Tx,
  query: T,
  filter: Omit<SpatialFilter, 'page' | 'page_size'>,
  column: string,
  regionColumn: string,
): T {
  if (filter.region) void query.where(regionColumn, 'like', `${regionPrefix(filter.region)}%`);
  if (filter.bbox)
    void query.whereRaw(`ST_Intersects(??, ST_MakeEnvelope(?, ?, ?, ?, 4490))`, [column, ...filter.bbox]);
  if (filter.within) {
    const predicate = filter.within.relation === 'within' ? 'ST_CoveredBy' : 'ST_Intersects';
    void query.whereRaw(`${predicate}(??, ${GEOMETRY_FROM_GEOJSON})`, [
      column,
      geoJsonText(filter.within.geometry),
    ]);
  }
  if (filter.near) {
    const { lng, lat, radius_m } = filter.near;
    // The bounding-box test uses the GiST index; ST_DWithin on geography then measures on the ellipsoid.
    void query
      .whereRaw(`?? && ST_SetSRID(ST_Buffer(${POINT}::geography, ?)::geometry, 4490)`, [
        column,
        lng,
        lat,
        radius_m,
      ])
      .whereRaw(`ST_DWithin(??::geography, ${POINT}::geography, ?)`, [column, lng, lat, radius_m])
      .select(
        conn.raw(`round(ST_Distance(??::geography, ${POINT}::geography)::numeric, 1)::float8 AS distance_m`, [
          column,
          lng,
          lat,
        ]),
      )
      .orderBy('distance_m');
  }
  return query;
}

/** Text search: any of `columns` contains `text` (case-insensitive). */
export function whereText<T extends Knex.QueryBuilder>(
  query: T,
  text: string | undefined,
  columns: string[],
): T {
  if (!text) return query;
  const like = containsPattern(text);
  return query.where((q) => {
    for (const column of columns) void q.orWhereILike(column, like);
  }) as T;
}

/** One page of a filtered query and the total it came from. */
export async function pageOf<Row>(
  query: Knex.QueryBuilder,
  filter: Pick<SpatialFilter, 'page' | 'page_size'>,
  order: string[],
): Promise<{ rows: Row[]; total: number }> {
  const [{ total } = { total: 0 }] = await query
    .clone()
    .clearSelect()
    .clearOrder()
    .count<{ total: string | number }[]>({ total: '*' });
  for (const column of order) void query.orderBy(column);
  const rows = (await query.limit(filter.page_size).offset((filter.page - 1) * filter.page_size)) as Row[];
  return { rows, total: Number(total) };
}

export interface Page {
  items: Record<string, unknown>[];
  total: number;
  page: number;
  page_size: number;
}

/**
 * A page as a GeoJSON FeatureCollection: each item's `geometry` becomes the feature's, the rest its properties.
 * `numberMatched`/`numberReturned` are the OGC API Features names for the total and the page's count.
 */
export function featureCollection(page: Page): Record<string, unknown> {
  return {
    type: 'FeatureCollection',
    features: page.items.map(({ geometry, ...properties }) => ({
      type: 'Feature',
      id: properties.id,
      geometry: geometry ?? null,
      properties,
    })),
    numberMatched: page.total,
    numberReturned: page.items.length,
    page: page.page,
    page_size: page.page_size,
  };
}

/** Documents a page of items in OpenAPI. */
export const pageOfSchema = (item: z.ZodType) =>
  z.object({
    items: z.array(item),
    total: z.number().int(),
    page: z.number().int(),
    page_size: z.number().int(),
  });
