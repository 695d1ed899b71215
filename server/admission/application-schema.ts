/**
 * The application wizard's schemas: the household (A.3.8) with its housing (A.3.9), members (A.3.10) and assets
 * (A.3.11), and the case as answered. API names are the column names of migration 20261127160100.
 */
import { z } from 'zod';
import { phone, pageQuery, regionCode } from '../shared/validators.ts';
import { codeField, count, day, optionalText, squareMetres, text, yuan } from '../shared/fields.ts';
import { numberFieldsOf } from '../shared/rows.ts';
import { createHouseholdBody, household } from './schema.ts';

const flag = (label: string) => z.boolean().describe(label).optional();
const requiredCode = (label: string, dictionary: string) =>
  z.string().trim().min(1).max(20).describe(`${label}（代码表 ${dictionary}）`);
const address = (label: string, max = 100) => optionalText(`房屋地址-${label}`, max);

/** A.3.9 申请家庭住房信息: the homes the family lives in or holds. */
export const housingFields = {
  address_district: address('县（市）-区'),
  address_street: address('街道'),
  address_community: address('社区'),
  address_road: address('路（街、里、巷、小区）'),
  address_house_no: address('号', 20),
  address_building: address('座（栋）', 20),
  address_room: address('室', 20),
  occupancy: codeField('房屋住用状况', 'housing_occupancy'),
  title_cert_no: optionalText('产权证编号', 50),
  owner_name: optionalText('产权人姓名', 50),
  owner_id_number: optionalText('产权人身份证', 50),
  owner_is_member: z.boolean().describe('产权人是否家庭成员').nullish(),
  owner_unit: optionalText('产权单位'),
  owner_unit_org_code: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^([0-9A-Z]{8}-?[0-9X]|[0-9A-Z]{18})$/, '组织机构代码为 9 位（GB 11714）或统一社会信用代码 18 位')
    .describe('产权单位组织机构代码')
    .nullish(),
  house_nature: codeField('房屋性质', 'house_nature'),
  house_type: codeField('房屋类型', 'housing_type'),
  self_contained: z.boolean().describe('成套情况：true 成套、false 非成套').nullish(),
  repair_state: codeField('房屋完好程度', 'housing_condition'),
  structure: codeField('房屋结构', 'building_structure'),
  layout: codeField('房屋户型', 'layout'),
  facilities: optionalText('房屋配套设施'),
  property_management: codeField('小区物业管理模式', 'property_management'),
  floor_area: squareMetres('建筑面积（计入家庭总建筑面积）'),
  built_year: z.number().int().min(1800).max(2100).describe('建成年份').nullish(),
  rent: yuan('租金（每月）'),
  ownership_share_class: codeField('住房产权比例分类', 'ownership_share_class'),
  property_right_nature: codeField('产权性质', 'property_right_nature'),
  ownership_ratio: z.number().min(0).max(100).describe('产权比例（%）').nullish(),
  house_value: yuan('房屋价值'),
  property_company: optionalText('物业单位'),
  address_category: codeField('家庭成员房屋地址类别', 'member_address_category'),
  disposal_intention: codeField('房屋配给后原住房处置意向', 'original_housing_disposal'),
};

/** A.3.10 申请家庭成员信息; the applicant is a member too, with relation 01 本人. */
export const memberFields = {
  relation: requiredCode('与户主关系（与申请人关系；申请人本人为 01）', 'relationship'),
  name: text('家庭成员姓名', 50),
  id_type: codeField('身份证件类别（缺省 111 居民身份证）', 'id_type'),
  id_number: text('身份证件号码（居民身份证按 GB 11643 校验）', 50),
  hukou_type: codeField('户口性质', 'hukou_type'),
  hukou_years: z.number().nonnegative().max(120).describe('户口年限（年，一位小数）').nullish(),
  is_resident: flag('是否常住'),
  sex: codeField('性别（居民身份证号码所示；缺省由号码得出）', 'gender'),
  born_on: day('出生日期（须与居民身份证号码一致；缺省由号码得出）'),
  ethnicity: codeField('民族', 'ethnicity'),
  phone: phone.describe('联系电话').nullish(),
  employment: codeField('就业情况', 'employment_status'),
  employer: optionalText('工作单位'),
  employer_nature: codeField('单位性质', 'employer_nature'),
  occupation: optionalText('职业性质', 100),
  education: codeField('文化程度', 'education'),
  marital_status: codeField('婚姻状况', 'marital_status'),
  annual_income: yuan('年收入（计入家庭年总收入）').optional(),
  special_group: codeField('特殊人员代码', 'special_group'),
  disability_category: codeField('残疾类别（与残疾等级同时填写）', 'disability_category'),
  disability_grade: z.number().int().min(1).max(4).describe('残疾等级（1–4，一级最重）').nullish(),
  honor_level: codeField('荣誉称号级别', 'honor_level'),
  honor_category: optionalText('荣誉称号类别', 100),
  medal_category: optionalText('荣誉奖章类别', 100),
  is_recruited_talent: flag('是否引进人才'),
  is_migrant_worker: flag('是否外来务工人员'),
  has_housing_fund: flag('是否享受住房公积金'),
  had_welfare_housing: flag('是否享受过福利房'),
  has_housing_subsidy: flag('是否享受住房补贴'),
  lives_together: flag('是否共同居住'),
  income_source: optionalText('收入来源', 100),
  has_criminal_record: flag('是否有犯罪记录'),
  pension_insurance_no: optionalText('养老保险号', 50),
  medical_insurance_no: optionalText('医疗保险号', 50),
  unemployment_insurance_no: optionalText('失业保险号', 50),
  maternity_insurance_no: optionalText('生育保险号', 50),
  injury_insurance_no: optionalText('工伤保险号', 50),
  social_insurance_no: optionalText('五保合一号', 50),
  housing_fund_account: optionalText('公积金账号', 50),
  wubao_cert_no: optionalText('五保证编号', 50),
  hardship_cert_no: optionalText('职工特困证号码', 50),
};

/** A.3.11 申请家庭资产信息. */
export const assetFields = {
  owner_name: text('所有人姓名', 50),
  category: requiredCode('资产类别', 'asset_category'),
  quantity: z.number().nonnegative().max(1e9).describe('数量').optional(),
  total_value: yuan('总价值（计入家庭资产总值）'),
};

export const housingInput = z.object(housingFields);
export const memberInput = z.object(memberFields);
export const assetInput = z.object(assetFields);
export type HousingInput = z.infer<typeof housingInput>;
export type MemberInput = z.infer<typeof memberInput>;
export type AssetInput = z.infer<typeof assetInput>;

/**
 * Figures the wizard computes from the members, assets and housing (6.2.1: 人均收入、人均面积 are derived, so
 * they cannot disagree with the records they come from); sending one is refused at its field.
 */
export const COMPUTED_FIELDS = {
  total_income: '家庭年总收入由家庭成员年收入合计得出，不可填写',
  per_capita_income: '家庭人均年收入由家庭年总收入除以家庭人口数得出，不可填写',
  total_floor_area: '家庭总建筑面积由住房信息的建筑面积合计得出，不可填写',
  per_capita_floor_area: '家庭人均建筑面积由家庭总建筑面积除以家庭人口数得出，不可填写',
  hukou_years: '户口年限由申请人（与户主关系 01 本人）的成员信息得出，不可在家庭上填写',
  disability_category: '残疾类别由家庭成员中残疾最重者得出，不可在家庭上填写',
  disability_grade: '残疾等级由家庭成员中残疾最重者得出，不可在家庭上填写',
} as const;
type ComputedField = keyof typeof COMPUTED_FIELDS;

const refused = (message: string) =>
  z
    .unknown()
    .optional()
    .refine((value) => value === undefined, message)
    .describe(`不可填写：${message}`);
const refusedFields = Object.fromEntries(
  Object.entries(COMPUTED_FIELDS).map(([key, message]) => [key, refused(message)]),
) as Record<ComputedField, ReturnType<typeof refused>>;

const householdShape = createHouseholdBody.omit({
  per_capita_income: true,
  total_income: true,
  per_capita_floor_area: true,
  total_floor_area: true,
  hukou_years: true,
  disability_category: true,
  disability_grade: true,
  waiting_status: true,
}).shape;

/** The household part of the wizard: A.3.8 minus the computed figures; the number and year may be left out. */
const applicationHousehold = {
  ...householdShape,
  application_no: text('申请编号（缺省自动编号）', 50).optional(),
  registration_year: householdShape.registration_year.optional().describe('准入登记年度（缺省为当年）'),
  ...refusedFields,
};

const lists = {
  housing: z.array(housingInput).max(20).describe('申请家庭住房信息（A.3.9）'),
  members: z.array(memberInput).min(1).max(30).describe('申请家庭成员信息（A.3.10），含申请人本人'),
  assets: z.array(assetInput).max(100).describe('申请家庭资产信息（A.3.11）'),
};

export const createApplicationBody = z.object({
  ...applicationHousehold,
  housing: lists.housing.default([]),
  members: lists.members,
  assets: lists.assets.default([]),
});
export type ApplicationInput = z.infer<typeof createApplicationBody>;

/** A PATCH: household fields change one by one; a list given replaces that list (its records are re-verified). */
export const updateApplicationBody = z
  .object({
    ...Object.fromEntries(
      Object.entries(applicationHousehold).map(([key, schema]) => [key, (schema as z.ZodType).optional()]),
    ),
    housing: lists.housing.optional(),
    members: lists.members.optional(),
    assets: lists.assets.optional(),
  })
  .refine((value) => Object.values(value).some((v) => v !== undefined), '至少修改一项');
export type ApplicationChanges = Partial<Omit<ApplicationInput, 'housing' | 'members' | 'assets'>> & {
  housing?: HousingInput[];
  members?: MemberInput[];
  assets?: AssetInput[];
};

export const STAGES = [
  'accept',
  'verify',
  'notice',
  'notice_period',
  'first_review',
  'second_review',
  'registered',
  'denied',
] as const;

export const listApplicationsQuery = z.object({
  stage: z
    .enum(STAGES)
    .optional()
    .describe('办理阶段：流程当前节点（registered 已登记、denied 不予登记为已结束的申请）'),
  region: regionCode.optional().describe('行政区划代码：该区划及其下级'),
  year: z.coerce.number().int().min(1990).max(2100).optional().describe('准入登记年度'),
  q: z
    .string()
    .trim()
    .min(1)
    .max(50)
    .optional()
    .describe('申请编号；有个人信息权限时也按申请人姓名前缀、证件号码'),
  format: z
    .enum(['json', 'geojson'])
    .default('json')
    .describe('json：分页对象；geojson：按办理阶段着色的申请地图（FeatureCollection，姓名脱敏）'),
  ...pageQuery,
});
export type ListApplicationsQuery = z.infer<typeof listApplicationsQuery>;

const record = {
  id: z.number().int(),
  household_id: z.number().int(),
  application_no: z.string(),
  registration_year: z.number().int(),
  region_code: z.string(),
  handling_stage: z.string().nullable().describe('办理阶段'),
  reviewer: z.string().nullable().describe('审核人'),
  reviewed_at: z.string().nullable().describe('审核时间'),
  review_status: z.enum(['pending', 'passed', 'failed']).describe('审核状态'),
  created_at: z.string(),
  created_by: z.string(),
  updated_at: z.string(),
  updated_by: z.string(),
};
export const housingItem = housingInput.extend(record);
export const memberItem = memberInput.extend({
  ...record,
  born_on: z.string().nullable(),
  personal_data_masked: z.boolean(),
});
export const assetItem = assetInput.extend(record);

export const HOUSING_NUMBERS = numberFieldsOf({ ...housingFields, registration_year: z.number() });
export const MEMBER_NUMBERS = numberFieldsOf({ ...memberFields, registration_year: z.number() });
export const ASSET_NUMBERS = numberFieldsOf({ ...assetFields, registration_year: z.number() });

export const finding = z.object({
  kind: z
    .enum(['error', 'duplicate', 'warning'])
    .describe('error 须更正、duplicate 与在办申请重复（全省）、warning 提示核查（如享受过福利房）'),
  path: z.string().describe('字段路径，如 body.members.1.id_number'),
  message: z.string(),
});
export type Finding = z.infer<typeof finding>;

export const archiveItem = z.object({
  id: z.number().int().describe('档案编号'),
  household_id: z.number().int(),
  application_no: z.string().describe('申请编号'),
  archive_type: z.string().describe('档案类型（代码表 archive_type）'),
  handling_stage: z.string().nullable().describe('办理阶段'),
  name: z.string().describe('档案名称'),
  content_sha256: z.string().describe('档案内容的 SHA-256'),
  media_type: z.enum(['application/pdf', 'image/jpeg', 'image/png']),
  size_bytes: z.number().int(),
  registered_at: z.string().describe('登记时间'),
  created_by: z.string(),
  url: z.string().describe('查看地址（GET，浏览器内显示）'),
});

export const totals = z.object({
  household_size: z.number().int().describe('家庭人口数（= 成员数）'),
  total_income: z.string().describe('家庭年总收入（元）'),
  per_capita_income: z.string().describe('家庭人均年收入（元）'),
  total_floor_area: z.number().describe('家庭总建筑面积（平方米）'),
  per_capita_floor_area: z.number().describe('家庭人均建筑面积（平方米）'),
  total_asset_value: z.string().describe('家庭资产总值（元）'),
});

export const applicationCase = z.object({
  household,
  housing: z.array(housingItem),
  members: z.array(memberItem),
  assets: z.array(assetItem),
  archive: z.array(archiveItem),
  totals,
  checks: z.array(finding),
  stage: z.string().nullable().describe('办理阶段：流程当前节点（未启动流程时为空）'),
  process: z
    .object({
      instance_id: z.number().int(),
      status: z.string(),
      outcome: z.string().nullable(),
      current_nodes: z.array(z.string()),
      verifiers: z.array(z.string()).describe('受理时指定的审核人（用户名）'),
      tasks: z.array(z.record(z.string(), z.unknown())),
    })
    .nullable()
    .describe('准入流程实例、当前节点与待办任务'),
  verification_reports: z.array(
    z.object({
      id: z.number().int(),
      verifier: z.string(),
      conclusion: z.enum(['pass', 'fail']),
      findings: z.string(),
      handling_stage: z.string().nullable(),
      concluded_at: z.string(),
    }),
  ),
});

export const applicationSummary = z.object({
  id: z.number().int(),
  application_no: z.string(),
  registration_year: z.number().int(),
  applicant_name: z.string().nullable().describe('申请人姓名（无个人信息权限时脱敏）'),
  household_size: z.number().int(),
  region_code: z.string(),
  region_name: z.string(),
  waiting_status: z.string(),
  stage: z.string().nullable().describe('办理阶段（流程当前节点）'),
  created_at: z.string(),
  geometry: z.unknown().describe('家庭位置（GeoJSON Point）'),
});

export const verificationBody = z.object({
  records: z
    .array(
      z.object({
        kind: z.enum(['housing', 'members', 'assets']).describe('记录种类'),
        id: z.number().int().positive().describe('记录编号'),
        status: z.enum(['passed', 'failed']).describe('审核状态'),
      }),
    )
    .max(200)
    .default([])
    .describe('逐条记录的审核状态'),
  conclusion: z.enum(['pass', 'fail']).describe('审核结论'),
  findings: text('审核意见', 4000),
});
export type VerificationInput = z.infer<typeof verificationBody>;

export const verifiersBody = z.object({
  usernames: z
    .array(z.string().trim().min(1).max(100))
    .min(1)
    .max(10)
    .describe('审核人用户名（每人一个会签任务；须有审核权限且辖区包含该申请家庭）'),
});

export const archiveQuery = z.object({
  type: requiredCode('档案类型（缺省 99 其他）', 'archive_type').default('99'),
  name: text('档案名称（文件名；缺省“未命名档案”）', 200).default('未命名档案'),
});

// Counted members etc. come back from pg as strings; `count` keeps household_size a number in summaries.
export const SUMMARY_NUMBERS = numberFieldsOf({
  id: z.number(),
  registration_year: z.number(),
  household_size: count('家庭人口数'),
});
