import { z } from 'zod';
import { regionCode } from '../shared/validators.ts';
import { areaGeometry } from '../shared/geometry.ts';
import {
  bookkeeping,
  codeField,
  count,
  day,
  optionalText,
  patchOf,
  squareMetres,
  text,
  yuan,
} from '../shared/fields.ts';
import { featureListQuery } from '../spatial/features.ts';
import { numberFieldsOf } from '../shared/rows.ts';

export const PROJECT_STATUSES = [
  'planned',
  'under_construction',
  'completed',
  'delivered',
  'retired',
] as const;

const status = z
  .enum(PROJECT_STATUSES)
  .describe(
    '项目状态：planned 计划、under_construction 在建、completed 竣工、delivered 已交付、retired 已撤销',
  );

/** Handover (移交) fields, shared by projects, buildings and units. */
export const handoverFields = {
  handover_batch_no: optionalText('移交批次编号', 50),
  handed_over: z.boolean().describe('是否已移交').optional(),
  handed_over_at: z.iso.datetime({ offset: true }).describe('移交时间').nullish(),
  handed_over_by: optionalText('移交人', 50),
};

/** The stored fields of A.5.1 项目交换信息; the derived totals are the view `project_exchange`. */
const fields = {
  project_no: text('项目编号', 50),
  proposed_name: text('项目提出名称'),
  approved_name: optionalText('项目立项名称'),
  region_code: regionCode.describe('行政区划代码（须在本人管辖范围内）'),
  project_category: codeField('项目类别', 'project_category'),
  construction_mode: codeField('建设方式', 'construction_mode'),
  planning_location: optionalText('规划区位'),
  shanty_owner_type: optionalText('棚户区区片原归属单位类别', 50),
  shanty_owner_name: optionalText('棚户区区片原归属单位名称'),
  developer: optionalText('开发建设单位'),
  address: optionalText('项目地址'),
  boundaries: optionalText('四至范围', 500),
  site_area: squareMetres('占地面积'),
  planned_start_on: day('计划开工时间'),
  planned_completion_on: day('计划竣工时间'),
  actual_start_on: day('实际开工时间'),
  actual_completion_on: day('实际竣工时间'),
  ...handoverFields,
  year: z.number().int().min(1949).max(2100).describe('年度').nullish(),
  plan_start_on: day('规划起始时间'),
  plan_end_on: day('规划终止时间'),
  plan_year_type: optionalText('规划计划年度类别', 50),
  plan_no: optionalText('规划编号', 50),
  planned_floor_area: squareMetres('规划建设房屋建筑面积'),
  planned_residential_area: squareMetres('规划建设住宅建筑面积'),
  planned_residential_units: count('规划建设住宅套数'),
  planned_housing_type: codeField('规划建设房屋类型', 'security_mode'),
  total_investment: yuan('建设总投资'),
  residential_investment: yuan('住宅总投资'),
  fund_source_type: optionalText('资金来源渠道类别', 50),
  investment_type: optionalText('投资构成类别', 50),
  income_level_type: codeField('收入层次类别', 'income_level'),
  security_mode_type: codeField('保障方式类别', 'security_mode'),
  compensation_type: optionalText('安置补偿方式类别', 50),
  land_acquisition_method: optionalText('土地取得方式', 50),
  status: status.optional(),
  price_min: yuan('租金或售价下限'),
  price_max: yuan('租金或售价上限'),
  geometry: areaGeometry
    .describe('项目用地范围：GeoJSON Polygon 或 MultiPolygon，WGS84 或 CGCS2000 经纬度')
    .nullish(),
};

export const PROJECT_COLUMNS = Object.keys(fields).filter((key) => key !== 'geometry');
export const PROJECT_NUMBERS = numberFieldsOf(fields);

export const createProjectBody = z.object(fields);
export type ProjectInput = z.infer<typeof createProjectBody>;

export const updateProjectBody = patchOf(fields);
export type ProjectChanges = z.infer<typeof updateProjectBody>;

export const listProjectsQuery = z.object({
  ...featureListQuery,
  status: status.optional(),
  category: z.string().trim().max(20).optional().describe('项目类别代码'),
});
export type ListProjectsQuery = z.infer<typeof listProjectsQuery>;

export const project = createProjectBody.extend({
  ...bookkeeping,
  status,
  area_m2: z.number().nullable().describe('项目用地图形面积（椭球面积，平方米）'),
  area_mu: z.number().nullable().describe('项目用地图形面积（亩）'),
  geometry: z.unknown().describe('项目用地范围（GeoJSON MultiPolygon）'),
});

/** A.5.1 as exchanged: every field of the view `project_exchange` (stored, counted and summed). */
export const projectExchange = z
  .record(z.string(), z.unknown())
  .describe('A.5.1 项目交换信息：项目基础字段及由单体工程、投资、拆迁安置、供地明细派生的统计字段');
