/**
 * GeoJSON geometry at the edge: structure and coordinate ranges in zod, validity (self-intersection, ring
 * orientation problems…) in PostGIS with the reason and the location of the fault.
 */
import { z } from 'zod';
import type { Db, Tx } from '../db/knex.ts';
import { validationFailed } from '../http/errors.ts';

const position = z
  .tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)], { message: '坐标须为 [经度, 纬度]' })
  .rest(z.number());

const ring = z
  .array(position)
  .min(4, '多边形的环至少需要 4 个坐标点（首尾相同）')
  .refine((r) => r[0]![0] === r.at(-1)![0] && r[0]![1] === r.at(-1)![1], '多边形的环须闭合（首尾坐标相同）');

/**
 * A named CRS (GeoJSON 2008 style); only WGS84 and CGCS2000, which are the same datum within ~1 m, are taken.
 * The check sits on the whole member so a wrong SRID is reported at `….geometry.crs`.
 */
const crs = z
  .object({
    type: z.literal('name'),
    properties: z.object({ name: z.string() }),
  })
  .refine(
    (value) => /(EPSG:{1,2}(4326|4490)|CRS84)$/i.test(value.properties.name),
    '坐标参照系须为 WGS84（EPSG:4326）或 CGCS2000（EPSG:4490），其他坐标系请先转换',
  )
  .optional();

export const pointGeometry = z.object({ type: z.literal('Point'), coordinates: position, crs });
export const lineStringGeometry = z.object({
  type: z.literal('LineString'),
  coordinates: z.array(position).min(2, '线至少需要 2 个坐标点'),
  crs,
});
export const polygonGeometry = z.object({
  type: z.literal('Polygon'),
  coordinates: z.array(ring).min(1),
  crs,
});
export const multiPolygonGeometry = z.object({
  type: z.literal('MultiPolygon'),
  coordinates: z.array(z.array(ring).min(1)).min(1),
  crs,
});
/** Polygon or MultiPolygon: what parcels, sites, footprints and region boundaries accept. */
export const areaGeometry = z.discriminatedUnion('type', [polygonGeometry, multiPolygonGeometry]);
export type AreaGeometry = z.infer<typeof areaGeometry>;

/** The text PostGIS reads: without `crs`, since WGS84 and CGCS2000 input are both stored as EPSG:4490. */
export const geoJsonText = (geometry: object): string => JSON.stringify({ ...geometry, crs: undefined });

/** SQL for one `?` binding of `geoJsonText`: a 2D geometry in the storage SRID (EPSG:4490). */
export const GEOMETRY_FROM_GEOJSON = 'ST_Force2D(ST_SetSRID(ST_GeomFromGeoJSON(?), 4490))';

/**
 * Rejects a geometry PostGIS finds invalid, naming the field, the reason and where the fault is
 * (e.g. "Self-intersection [126.61 45.75]").
 */
export async function assertValidGeometry(conn: Db | Tx, geometry: object, path: string): Promise<void> {
  const { rows } = await conn.raw<{
    rows: { valid: boolean; reason: string | null; location: string | null }[];
  }>(
    `SELECT d.valid, d.reason, ST_AsText(d.location) AS location
       FROM ST_IsValidDetail(${GEOMETRY_FROM_GEOJSON}) d`,
    [geoJsonText(geometry)],
  );
  const detail = rows[0];
  if (detail && !detail.valid) {
    const where = detail.location ? `，位置 ${detail.location}` : '';
    throw validationFailed([{ path, message: `几何图形无效：${detail.reason ?? '未知原因'}${where}` }]);
  }
}
