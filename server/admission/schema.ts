import { z } from 'zod';
import { phone, regionCode } from '../shared/validators.ts';
import { pointGeometry } from '../shared/geometry.ts';
import { bookkeeping, codeField, optionalText, patchOf, squareMetres, text, yuan } from '../shared/fields.ts';
import { featureListQuery } from '../spatial/features.ts';
import { numberFieldsOf } from '../shared/rows.ts';

export const WAITING_STATUSES = ['applied', 'waiting', 'allocated', 'withdrawn'] as const;

const waitingStatus = z
  .enum(WAITING_STATUSES)
  .describe('轮候状态：applied 已申请、waiting 轮候中、allocated 已配置、withdrawn 已退出');
const flag = (label: string) => z.boolean().describe(label).optional();
const hukou = (label: string, max = 100) => optionalText(`户籍所在地-${label}`, max);

/** A.3.8 申请家庭基本信息. */
const fields = {
  application_no: text('申请编号', 50),
  registration_year: z.number().int().min(1990).max(2100).describe('准入登记年度'),
  applicant_name: text('申请人姓名', 50),
  id_type: codeField('证件类别', 'id_type'),
  id_number: text('证件号码（证件类别为 111 居民身份证时按 GB 11643 校验）', 50),
  phone: phone.describe('联系电话').nullish(),
  agent_name: optionalText('代理人姓名', 50),
  agent_id_type: codeField('代理人证件类别', 'id_type'),
  agent_id_number: optionalText('代理人证件号码', 50),
  agent_phone: phone.describe('代理人联系电话').nullish(),
  hukou_district: hukou('县（市）-区（名称）'),
  hukou_street: hukou('街道（名称）'),
  hukou_community: hukou('社区（名称）'),
  hukou_road: hukou('路（街、里、巷、小区）'),
  hukou_house_no: hukou('号', 20),
  hukou_building: hukou('座（栋）', 20),
  hukou_room: hukou('室', 20),
  household_size: z.number().int().min(1).max(30).describe('家庭人口数'),
  per_capita_income: yuan('家庭人均年收入'),
  total_income: yuan('家庭年总收入'),
  per_capita_floor_area: squareMetres('家庭人均建筑面积'),
  total_floor_area: squareMetres('家庭总建筑面积'),
  in_shanty_area: flag('是否居住在棚户区'),
  shanty_name: optionalText('棚户区名称'),
  shanty_type: optionalText('棚户区类型', 50),
  shanty_state_affiliation: optionalText('国有棚户区隶属关系', 100),
  is_low_income: flag('是否低收入家庭'),
  is_minimum_living: flag('是否为最低生活保障家庭'),
  minimum_living_cert_no: optionalText('最低生活保障证号', 50),
  had_housing_support: flag('是否享受过住房保障待遇'),
  housing_support_mode: codeField('享受住房保障待遇方式', 'security_mode'),
  // Rule factors (4.2.3 轮候排队, residence conditions) under their A.3.10 names, held on the household until
  // members are recorded: the applicant's 户口年限 and the most severe disability among the members.
  hukou_years: z
    .number()
    .nonnegative()
    .max(120)
    .refine((v) => Math.abs(v * 10 - Math.round(v * 10)) < 1e-6, '最多保留一位小数')
    .describe('户口年限（申请人本地户籍年限，年，最多一位小数）')
    .nullish(),
  disability_category: codeField(
    '残疾类别（家庭成员中残疾最重者，GB/T 26341-2010；与残疾等级同时填写，空为无残疾成员）',
    'disability_category',
  ),
  disability_grade: z
    .number()
    .int()
    .describe(
      '残疾等级（家庭成员中残疾最重者，GB/T 26341-2010 一级最重至四级，按代码值 1–4 存为数值；与残疾类别同时填写；代码表 disability_grade）',
    )
    .nullish(),
  waiting_status: waitingStatus.optional(),
  region_code: regionCode
    .describe('户籍所在行政区划代码（可代替区县、街道、社区名称；最终存为定位到的社区）')
    .optional(),
  geometry: pointGeometry
    .describe('手工指定的家庭位置（GeoJSON Point）；缺省时由户籍地址定位到社区内')
    .nullish(),
};

export const HOUSEHOLD_COLUMNS = [
  ...Object.keys(fields).filter((key) => key !== 'geometry'),
  'geocode_quality',
];
export const HOUSEHOLD_NUMBERS = numberFieldsOf(fields);

export const createHouseholdBody = z.object(fields);
export type HouseholdInput = z.infer<typeof createHouseholdBody>;

export const updateHouseholdBody = patchOf(fields);
export type HouseholdChanges = z.infer<typeof updateHouseholdBody>;

export const listHouseholdsQuery = z.object({
  ...featureListQuery,
  q: z
    .string()
    .trim()
    .min(1)
    .max(50)
    .optional()
    .describe('申请编号；有个人信息查看权限时也按姓名前缀、证件号码检索'),
  status: waitingStatus.optional(),
});
export type ListHouseholdsQuery = z.infer<typeof listHouseholdsQuery>;

export const household = createHouseholdBody.extend({
  ...bookkeeping,
  id_type: z.string(),
  geocode_quality: z
    .enum(['address', 'community', 'street', 'district', 'manual'])
    .nullable()
    .describe('定位精度：address 按道路门牌、community/street/district 落在该级区划内、manual 手工指定'),
  personal_data_masked: z.boolean().describe('个人信息是否已按权限脱敏'),
  distance_m: z.number().optional().describe('与查询点的距离（米，仅按距离查询时）'),
  geometry: z.unknown().describe('家庭位置（GeoJSON Point）'),
});
