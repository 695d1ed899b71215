import { z } from 'zod';
import { regionCode } from '../shared/validators.ts';
import { pointGeometry } from '../shared/geometry.ts';
import {
  bookkeeping,
  codeField,
  count,
  optionalText,
  patchOf,
  squareMetres,
  text,
  yuan,
} from '../shared/fields.ts';
import { featureListQuery } from '../spatial/features.ts';
import { numberFieldsOf } from '../shared/rows.ts';
import { handoverFields } from './schema.ts';

export const DELIVERY_STATUSES = ['undelivered', 'delivered', 'allocated', 'occupied'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export const deliveryStatus = z
  .enum(DELIVERY_STATUSES)
  .describe('交付状态（图 3）：undelivered 未交付、delivered 已交付、allocated 已配给、occupied 已入住');

const floor = (label: string) =>
  z
    .number()
    .int()
    .min(-20)
    .max(200)
    .refine((n) => n !== 0, '楼层没有第 0 层')
    .describe(label);

/** A.5.3 住房信息, except the building (set on creation only). */
const fields = {
  unit_no: text('房屋编号', 50),
  source: codeField('房屋来源', 'unit_source'),
  initial_nature: codeField('初始房屋性质', 'house_nature'),
  planned_category: codeField('规划建设房屋分类', 'security_mode'),
  floor_from: floor('所在起始层（地下层为负数）'),
  floor_to: floor('所在终止层'),
  nominal_floor: optionalText('名义楼层', 20),
  entrance: optionalText('单元', 20),
  room_no: text('房号', 20),
  floor_area: squareMetres('建筑面积'),
  inner_area: squareMetres('套内建筑面积'),
  shared_area: squareMetres('共用分摊面积'),
  balcony_area: squareMetres('阳台面积'),
  orientation: codeField('朝向', 'orientation'),
  rooms: count('间数', 50),
  layout: codeField('户型', 'layout'),
  shared_facilities: optionalText('共有或共用设施及部位', 500),
  storey_height: z.number().positive().max(99).describe('层高（米）').nullish(),
  decoration: codeField('建成时装修程度', 'decoration'),
  registered: z.boolean().describe('是否已登记').optional(),
  ...handoverFields,
  delivery_status: deliveryStatus.optional(),
  rent_monthly: yuan('月租金'),
  region_code: regionCode.describe('行政区划代码（缺省取单体工程的区划）').optional(),
  geometry: pointGeometry.describe('房屋位置（GeoJSON Point；缺省取建筑基底内一点）').nullish(),
};

export const UNIT_COLUMNS = [
  'building_id',
  'project_id',
  ...Object.keys(fields).filter((key) => key !== 'geometry'),
];
export const UNIT_NUMBERS = numberFieldsOf(fields);

export const createUnitBody = z
  .object({ building_id: z.number().int().positive().describe('所属单体工程（id）'), ...fields })
  .refine((u) => u.floor_to >= u.floor_from, { path: ['floor_to'], message: '终止层不能低于起始层' });
export type UnitInput = z.infer<typeof createUnitBody>;

export const updateUnitBody = patchOf(fields);
export type UnitChanges = z.infer<typeof updateUnitBody>;

export const listUnitsQuery = z.object({
  ...featureListQuery,
  project_id: z.coerce.number().int().positive().optional().describe('所属项目 id'),
  building_id: z.coerce.number().int().positive().optional().describe('所属单体工程 id'),
  status: deliveryStatus.optional(),
  category: z.string().trim().max(20).optional().describe('规划建设房屋分类代码'),
});
export type ListUnitsQuery = z.infer<typeof listUnitsQuery>;

export const unit = z.object({ building_id: z.number().int(), ...fields }).extend({
  ...bookkeeping,
  project_id: z.number().int(),
  building_no: z.string().describe('单体工程编号'),
  distance_m: z.number().optional().describe('与查询点的距离（米，仅按距离查询时）'),
  geometry: z.unknown().describe('房屋位置（GeoJSON Point）'),
});
