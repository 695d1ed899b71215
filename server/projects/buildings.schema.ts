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
} from '../shared/fields.ts';
import { featureListQuery } from '../spatial/features.ts';
import { numberFieldsOf } from '../shared/rows.ts';
import { handoverFields } from './schema.ts';

const category = z
  .enum(['residential', 'facility', 'commercial'])
  .describe('单体工程类别：residential 住宅、facility 配套公建、commercial 商业');
export const BUILD_STATUSES = ['planned', 'started', 'suspended', 'completed'] as const;
const buildStatus = z
  .enum(BUILD_STATUSES)
  .describe('建设状态：planned 未开工、started 在建、suspended 停工、completed 竣工');
const floors = (label: string) => count(label, 200);

/** A.5.2 单体工程信息, except the project (set on creation only). */
const fields = {
  building_no: text('单体工程编号', 50),
  category: category.optional(),
  name: text('单体工程名称'),
  street: optionalText('路街巷'),
  compound_no: optionalText('小区/院门牌号', 50),
  building_number: optionalText('楼号', 20),
  block_number: optionalText('幢号', 20),
  floor_area: squareMetres('建筑面积'),
  structure: codeField('建筑结构', 'building_structure'),
  total_floors: floors('总层数'),
  floors_above: floors('地上层数'),
  floors_below: floors('地下层数'),
  area_above: squareMetres('地上面积'),
  area_below: squareMetres('地下面积'),
  shared_land_area: squareMetres('共有土地使用权面积'),
  residential_units: count('住宅套数'),
  residential_area: squareMetres('住宅面积'),
  build_status: buildStatus.optional(),
  started_on: day('开工日期'),
  completed_on: day('竣工日期'),
  ...handoverFields,
  region_code: regionCode.describe('行政区划代码（缺省取所属项目的区划）').optional(),
  geometry: areaGeometry
    .describe('建筑基底：GeoJSON Polygon 或 MultiPolygon，须位于项目用地范围内')
    .nullish(),
};

export const BUILDING_COLUMNS = ['project_id', ...Object.keys(fields).filter((key) => key !== 'geometry')];
export const BUILDING_NUMBERS = numberFieldsOf(fields);

export const createBuildingBody = z.object({
  project_id: z.number().int().positive().describe('所属项目（项目 id）'),
  ...fields,
});
export type BuildingInput = z.infer<typeof createBuildingBody>;

export const updateBuildingBody = patchOf(fields);
export type BuildingChanges = z.infer<typeof updateBuildingBody>;

export const listBuildingsQuery = z.object({
  ...featureListQuery,
  project_id: z.coerce.number().int().positive().optional().describe('所属项目 id'),
  status: buildStatus.optional(),
  category: category.optional(),
});
export type ListBuildingsQuery = z.infer<typeof listBuildingsQuery>;

export const building = createBuildingBody.extend({
  ...bookkeeping,
  project_no: z.string().describe('所属项目编号'),
  footprint_area_m2: z.number().nullable().describe('建筑基底面积（椭球面积，平方米）'),
  geometry: z.unknown().describe('建筑基底（GeoJSON MultiPolygon）'),
});
