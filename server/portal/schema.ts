/**
 * What the public portal may say, field by field. These schemas are the whole contract: the presenter parses
 * every answer through them (zod drops unknown keys), so a column added to a query later cannot reach the
 * public by accident. No household data, no staff data, nothing under the k-anonymity threshold.
 */
import { z } from 'zod';

/** Housing types the portal shows (代码表 project_category). */
export const CATEGORIES = ['01', '02', '03', '04', '05'] as const;
export type Category = (typeof CATEGORIES)[number];

/** Project statuses open to the public (retired projects are not shown). */
export const PUBLIC_STATUSES = ['planned', 'under_construction', 'completed', 'delivered'] as const;

const category = z
  .enum(CATEGORIES)
  .describe(
    '住房类型：01 公共租赁住房、02 廉租住房、03 经济适用住房、04 限价商品住房、05 棚户区改造安置住房',
  );
const status = z
  .enum(PUBLIC_STATUSES)
  .describe('项目状态：planned 计划、under_construction 在建、completed 竣工、delivered 已交付');
const money = z.string().regex(/^\d+(\.\d{1,2})?$/);

/** How prices are quoted: rent per m² and month (rental types) or a sale price per m². */
export const PRICE_UNITS = ['yuan_per_m2_month', 'yuan_per_m2'] as const;

export const price = z
  .object({
    min: money.nullable().describe('下限（元）'),
    max: money.nullable().describe('上限（元）'),
    unit: z
      .enum(PRICE_UNITS)
      .describe('yuan_per_m2_month 元/平方米·月（租金）；yuan_per_m2 元/平方米（售价）'),
  })
  .describe('租金或售价区间（项目公布的标准）');

export const availability = z.object({
  available: z.number().int().describe('可供房源：已交付、未配给的套数'),
  total: z.number().int().describe('房屋总套数'),
});

const district = z.object({ code: z.string().describe('区县行政区划代码（12 位）'), name: z.string() });

const point = z.object({
  type: z.literal('Point'),
  coordinates: z.array(z.number()).length(2).describe('经度、纬度（CGCS2000 ≈ WGS84）'),
});

export const projectProperties = z.object({
  id: z.number().int(),
  project_no: z.string().describe('项目编号'),
  name: z.string().describe('项目名称（立项名称，未立项时为提出名称）'),
  address: z.string().nullable(),
  district,
  category,
  status,
  ...availability.shape,
  price,
  completion_on: z.iso.date().nullable().describe('竣工日期：实际竣工，未竣工时为计划竣工'),
});
export type ProjectProperties = z.infer<typeof projectProperties>;

export const projectFeature = z.object({
  type: z.literal('Feature'),
  id: z.number().int(),
  geometry: point.describe('项目位置（用地范围内一点）'),
  properties: projectProperties,
});

export const projectCollection = z
  .object({ type: z.literal('FeatureCollection'), features: z.array(projectFeature) })
  .describe('向公众开放的保障性住房项目（GeoJSON 点）');

export const unitType = z.object({
  layout: z.string().describe('户型代码（代码表 layout）'),
  layout_zh: z.string(),
  layout_en: z.string(),
  count: z.number().int().describe('套数'),
  available: z.number().int().describe('可供套数（已交付未配给）'),
  area_min: z.number().describe('建筑面积下限（平方米）'),
  area_max: z.number().describe('建筑面积上限（平方米）'),
  rent_min: money.nullable().describe('月租金下限（元/套·月；租赁型住房）'),
  rent_max: money.nullable().describe('月租金上限（元/套·月）'),
});

const polygonal = z.object({
  type: z.enum(['Polygon', 'MultiPolygon']),
  coordinates: z.array(z.unknown()),
});

export const buildingFeature = z.object({
  type: z.literal('Feature'),
  id: z.number().int(),
  geometry: polygonal,
  properties: z.object({
    name: z.string().describe('单体工程名称（如 3 号楼）'),
    total_floors: z.number().int().nullable(),
    residential_units: z.number().int().nullable(),
  }),
});

export const guide = z
  .object({
    flow: z.enum(['rental', 'purchase', 'resettlement']).describe('办理方式：租赁、购买、征收安置'),
    eligibility: z.array(z.string()).describe('申请条件摘要'),
    documents: z.array(z.string()).describe('申请材料'),
    steps: z.array(z.object({ title: z.string(), text: z.string() })).describe('办理步骤'),
    where: z.string().describe('受理地点'),
    hotline: z.string().describe('咨询电话（政务服务热线）'),
  })
  .describe('申请指南（中文；英文由客户端提供）');

export const projectDetail = projectProperties.extend({
  developer: z.string().nullable().describe('开发建设单位 / 运营管理单位'),
  planned_completion_on: z.iso.date().nullable(),
  actual_completion_on: z.iso.date().nullable(),
  delivered_on: z.iso.date().nullable().describe('交付（移交）日期'),
  site_area_m2: z.number().nullable().describe('占地面积（平方米）'),
  planned_units: z.number().int().nullable().describe('规划建设住宅套数'),
  building_count: z.number().int(),
  location: point,
  site: polygonal.nullable().describe('项目用地范围'),
  buildings: z.object({ type: z.literal('FeatureCollection'), features: z.array(buildingFeature) }),
  unit_types: z.array(unitType),
  guide,
});
export type ProjectDetail = z.infer<typeof projectDetail>;

export const districtDemand = z.object({
  code: z.string(),
  name: z.string(),
  waiting: z.number().int().nullable().describe('轮候家庭数（已申请与轮候中）；少于 k 户时不公布（null）'),
  suppressed: z.boolean().describe('户数少于 k，不公布'),
  available: z.number().int().describe('可供房源套数（已交付未配给）'),
  projects: z.number().int().describe('公开项目数'),
  label: z.array(z.number()).length(2).nullable().describe('标注点（经度、纬度）'),
});

export const demandResponse = z.object({
  k: z.number().int().describe('k-匿名阈值：少于 k 户的区县不公布户数'),
  districts: z.array(districtDemand),
  total_waiting: z.number().int().describe('公布的各区县轮候家庭数之和（不含未公布的）'),
});
export type DemandResponse = z.infer<typeof demandResponse>;
