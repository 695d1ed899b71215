import { z } from 'zod';
import { regionCode } from '../shared/validators.ts';
import { areaGeometry, lineStringGeometry } from '../shared/geometry.ts';
import { bookkeeping, codeField, day, optionalText, patchOf, squareMetres, text } from '../shared/fields.ts';
import { featureListQuery, pageOfSchema } from '../spatial/features.ts';
import { numberFieldsOf } from '../shared/rows.ts';

export const PARCEL_STATUSES = ['reserved', 'supplied', 'retired'] as const;
export type ParcelStatus = (typeof PARCEL_STATUSES)[number];

const status = z
  .enum(PARCEL_STATUSES)
  .describe('储备状态：reserved 储备中（参与重叠校验）、supplied 已供应、retired 已注销');

/** A.5.11 土地储备交换信息. */
const fields = {
  parcel_no: text('地块编号', 50),
  parcel_name: text('宗地名称'),
  location: optionalText('宗地位置'),
  land_area: squareMetres('土地面积'),
  construction_land_area: squareMetres('建设用地面积'),
  levied_land_area: squareMetres('代征地面积'),
  planned_floor_area: squareMetres('规划建筑面积'),
  planned_use: codeField('规划用途', 'land_use'),
  development_level: codeField('开发程度', 'development_level'),
  reserved_on: day('储备时间'),
  region_code: regionCode.describe('行政区划代码（须在本人管辖范围内）'),
  status: status.optional(),
  geometry: areaGeometry.describe(
    '宗地范围：GeoJSON Polygon 或 MultiPolygon，WGS84（EPSG:4326）或 CGCS2000（EPSG:4490）经纬度',
  ),
};

/** Table columns of the fields (the geometry is written separately). */
export const PARCEL_COLUMNS = Object.keys(fields).filter((key) => key !== 'geometry');
export const PARCEL_NUMBERS = numberFieldsOf(fields);

export const createParcelBody = z.object(fields);
export type ParcelInput = z.infer<typeof createParcelBody>;

export const updateParcelBody = patchOf(fields);
export type ParcelChanges = z.infer<typeof updateParcelBody>;

export const listParcelsQuery = z.object({
  ...featureListQuery,
  status: status.optional(),
  category: z.string().trim().max(20).optional().describe('规划用途代码'),
});
export type ListParcelsQuery = z.infer<typeof listParcelsQuery>;

export const parcel = createParcelBody.extend({
  ...bookkeeping,
  status,
  area_m2: z.number().nullable().describe('宗地图形面积（椭球面积，平方米）'),
  area_mu: z.number().nullable().describe('宗地图形面积（亩，1 亩 = 666.6667 平方米）'),
  geometry: z.unknown().describe('宗地范围（GeoJSON MultiPolygon）'),
  predecessor_ids: z.array(z.number().int()).optional().describe('由哪些地块分割或合并而来（详情中给出）'),
  successor_ids: z.array(z.number().int()).optional().describe('分割或合并后的新地块（详情中给出）'),
});

/** A page of parcels plus the area of all the parcels the filters match (not only this page's). */
export const parcelPage = pageOfSchema(parcel).extend({
  area_total: z
    .object({
      m2: z.number().describe('合计面积（椭球面积，平方米）'),
      mu: z.number().describe('合计面积（亩）'),
    })
    .describe('符合过滤条件的全部地块（不限本页）的宗地图形面积合计'),
});

/** A line drawn across a parcel (EPSG:4326/4490 degrees); it must cross the parcel from outside to outside. */
export const splitParcelBody = z.object({
  line: lineStringGeometry.describe('分割线：GeoJSON LineString，须完整穿过地块（起止点在地块之外）'),
});
export type SplitParcelInput = z.infer<typeof splitParcelBody>;

export const mergeParcelsBody = z.object({
  ids: z
    .array(z.number().int().positive())
    .min(1)
    .max(50)
    .refine((ids) => new Set(ids).size === ids.length, '地块不能重复')
    .describe('与本地块合并的其他地块 ID（须相邻，合并后为一个连续多边形）'),
  parcel_no: text('地块编号', 50).optional().describe('合并后地块的编号；缺省为本地块编号加“-H”'),
  parcel_name: text('宗地名称').optional().describe('合并后地块的名称；缺省沿用本地块名称'),
});
export type MergeParcelsInput = z.infer<typeof mergeParcelsBody>;

/** What a split or merge did: the parcels retired and the ones created, presented. */
export const lineageResult = z.object({
  operation: z.enum(['split', 'merge']),
  retired: z.array(parcel),
  created: z.array(parcel),
});
