/**
 * zod schemas of review plans (A.3.14), the registry book (A.3.16) and supplier approvals (A.3.17, A.3.18): what
 * the routes accept and what they answer. Money is a decimal string in yuan (shared `moneyYuan`), never a float.
 */
import { z } from 'zod';
import { moneyYuan, pageQuery, regionCode } from '../shared/validators.ts';
import { codeField, optionalText, squareMetres, text } from '../shared/fields.ts';

const id = z.number().int();
/** Money in yuan that cannot be negative (the columns' CHECKs say the same). */
const amount = (label: string) =>
  moneyYuan.refine((v) => !v.startsWith('-'), '金额不能为负数').describe(`${label}（元）`);
const optionalAmount = (label: string) => amount(label).nullish();
const nullableText = z.string().nullable();
const money = z.string().nullable().describe('金额（元，两位小数的十进制字符串）');

// ---- A.3.14 plans ----

export const PLAN_STATUSES = ['proposed', 'first_approved', 'modified', 'confirmed', 'denied'] as const;
export const PLAN_STAGES = ['first_review', 'second_review', 'registered', 'denied'] as const;

export const computePlanBody = z
  .object({
    mode_code: text(
      '拟住房保障方式（保障方式编号；须为符合条件的方式，缺省取规则中第一个符合条件的方式）',
      50,
    ).optional(),
  })
  .default({});
export type ComputePlanInput = z.infer<typeof computePlanBody>;

export const modifyPlanBody = z
  .object({
    mode_code: text(
      '拟住房保障方式（保障方式编号；改为另一符合条件的方式时，标准额度与面积随之重取）',
      50,
    ).optional(),
    proposed_subsidy: optionalAmount('拟补贴额度（不超过标准额度）'),
    proposed_area: squareMetres('拟配给房屋面积'),
    proposed_layout: codeField('拟配给房屋户型', 'layout'),
    reason: text('修改理由', 500),
  })
  .refine((v) => ['mode_code', 'proposed_subsidy', 'proposed_area', 'proposed_layout'].some((k) => k in v), {
    message: '至少修改一项方案内容',
    path: ['mode_code'],
  });
export type ModifyPlanInput = z.infer<typeof modifyPlanBody>;

const planContent = {
  project_code: nullableText.describe('拟保障项目类别（保障项目编号）'),
  project_name: nullableText,
  mode_code: nullableText.describe('拟住房保障方式（保障方式编号）'),
  mode_name: nullableText,
  mode_type: nullableText.describe('拟住房保障方式类别（代码表 security_mode）'),
  condition_codes: z.array(z.string()).describe('保障准入条件编号（已满足的条件）'),
  standard_amount: money.describe('标准额度（元）'),
  standard_unit: nullableText.describe('标准额度单位'),
  proposed_subsidy: money.describe('拟补贴额度（元）'),
  proposed_area: z.number().nullable().describe('拟配给房屋面积（平方米）'),
  proposed_layout: nullableText.describe('拟配给房屋户型（代码表 layout）'),
};

const revision = z.object({
  revision: id,
  action: z.enum(['computed', 'recomputed', 'modified']),
  stage: z.string(),
  reason: nullableText,
  before: z.record(z.string(), z.unknown()).nullable(),
  after: z.record(z.string(), z.unknown()),
  changed_by: z.string().describe('修改人'),
  changed_at: z.string().describe('修改时间'),
});

export const planResponse = z.object({
  id,
  plan_no: z.string().describe('方案编号'),
  application_no: z.string().describe('申请编号'),
  household_id: id,
  handling_stage: z.enum(PLAN_STAGES).describe('办理阶段'),
  review_status: z.enum(PLAN_STATUSES).describe('审核状态'),
  reviewer: nullableText.describe('审核人'),
  reviewed_at: nullableText.describe('审核时间'),
  ...planContent,
  eligible_modes: z.array(z.string()).describe('符合条件的保障方式编号'),
  rule_version_id: id.describe('所用保障规则版本'),
  evaluation: z
    .record(z.string(), z.unknown())
    .nullable()
    .describe('规则判断结果（与 /api/rules/versions/{id}/evaluate 相同的结构；无个人信息权限时不返回）'),
  computed_at: z.string(),
  revision: id.describe('方案修订号'),
  region_code: z.string(),
  revisions: z.array(revision).describe('修订记录（谁、何时、修改前后）'),
  created_at: z.string(),
  created_by: z.string(),
  updated_at: z.string(),
  updated_by: z.string(),
});

// ---- A.3.16 registry book ----

export const SECURITY_STATUSES = ['waiting', 'secured', 'exited'] as const;

export const registryQuery = z.object({
  year: z.coerce.number().int().min(1990).max(2100).optional().describe('准入登记年度'),
  region: regionCode.optional().describe('行政区划（本辖区内；辖区外的地区查无记录）'),
  status: z.enum(SECURITY_STATUSES).optional().describe('保障状态'),
  q: z.string().trim().min(1).max(50).optional().describe('申请编号'),
  ...pageQuery,
});
export type RegistryQuery = z.infer<typeof registryQuery>;

export const registryExportQuery = registryQuery
  .omit({ page: true, page_size: true })
  .extend({ format: z.enum(['json', 'csv']).default('json').describe('json 或带 BOM 的 UTF-8 CSV') });
export type RegistryExportQuery = z.infer<typeof registryExportQuery>;

const registryEntry = z
  .object({
    id,
    application_no: z.string(),
    household_id: id,
    survey_no: nullableText,
    applicant_name: z.string(),
    id_type: z.string(),
    id_number: z.string(),
    phone: nullableText,
    hukou_district: nullableText,
    hukou_street: nullableText,
    hukou_community: nullableText,
    hukou_road: nullableText,
    hukou_house_no: nullableText,
    hukou_building: nullableText,
    hukou_room: nullableText,
    household_size: id,
    per_capita_income: money,
    total_income: money,
    per_capita_assets: money,
    total_assets: money,
    per_capita_floor_area: z.number().nullable(),
    total_floor_area: z.number().nullable(),
    in_shanty_area: z.boolean(),
    is_minimum_living: z.boolean(),
    minimum_living_cert_no: nullableText,
    applied_at: z.string(),
    income_level: nullableText,
    special_group: nullableText,
    applied_project: nullableText,
    applied_project_name: nullableText,
    applied_mode: nullableText,
    registered_at: z.string(),
    implemented_at: nullableText,
    implemented_mode: nullableText,
    exited_at: nullableText,
    security_status: z.enum(SECURITY_STATUSES),
    last_review_year: z.number().nullable(),
    registration_year: id,
    plan_id: id.nullable(),
    region_code: z.string(),
    region_name: z.string(),
    personal_data_masked: z.boolean(),
  })
  .describe(
    'A.3.16 保障对象准入登记簿交换信息（无个人信息权限时姓名、证件号码、电话脱敏，收入、资产与门牌不返回）',
  );

export const registryListResponse = z.object({
  items: z.array(registryEntry),
  total: id,
  page: id,
  page_size: id,
});

export const registryExportResponse = z.object({
  exchange: z.string().describe('A.3.16 保障对象准入登记簿交换信息'),
  generated_at: z.string(),
  records: z.array(z.record(z.string(), z.unknown())).describe('每条记录以附录 A 的中文字段名为键'),
});

// ---- A.3.17 / A.3.18 supplier approvals ----

const support = {
  support_object_class: optionalText('申请支持对象类别（缺省取支持项目的支持对象类型）', 100),
  support_mode_code: text('申请支持方式（支持方式编号，A.1.9；支持项目由此带出）', 50),
  support_condition_code: optionalText('申请支持条件编号（A.1.10；须属于所选支持方式）', 50),
  standard_amount: optionalAmount('标准额度'),
  subsidy_due: optionalAmount('应补贴额度'),
  payable: optionalAmount('应缴纳额度'),
  deduction: optionalAmount('核减额度'),
  requested_amount: amount('申请额度'),
  applied_at: z.iso.datetime({ offset: true }).describe('申请时间（缺省为登记时）').optional(),
  region_code: regionCode.describe('行政区划代码（本辖区内；缺省取项目或本人所属地区）').optional(),
};

export const createUnitApprovalBody = z.object({
  unit_no: text('单位编号（统一社会信用代码或组织机构代码）', 50),
  unit_name: text('单位名称', 200),
  project_id: id.positive().describe('项目（由项目信息确定供给单位身份；须在本辖区内）'),
  ...support,
});
export type CreateUnitApprovalInput = z.infer<typeof createUnitApprovalBody>;

export const createPersonApprovalBody = z.object({
  applicant_name: text('申请人姓名', 50),
  applicant_id_type: codeField('申请人证件类别（缺省 111 居民身份证）', 'id_type'),
  applicant_id_number: text('申请人证件证号（居民身份证按 GB 11643 校验）', 50),
  project_id: id.positive().describe('项目（供给房源所在项目，可空；须在本辖区内）').optional(),
  ...support,
});
export type CreatePersonApprovalInput = z.infer<typeof createPersonApprovalBody>;

export const approveBody = z.object({
  approved_amount: amount('核定额度（不超过申请额度）'),
  comment: optionalText('审核意见', 500),
});
export type ApproveInput = z.infer<typeof approveBody>;

export const supplierListQuery = z.object({
  status: z.enum(['pending', 'approved']).optional().describe('审批状态'),
  region: regionCode.optional().describe('行政区划（本辖区内）'),
  q: z.string().trim().min(1).max(50).optional().describe('审批编号或名称'),
  ...pageQuery,
});
export type SupplierListQuery = z.infer<typeof supplierListQuery>;

const supportOut = {
  id,
  approval_no: z.string().describe('审批编号'),
  support_object_class: nullableText,
  support_project_code: z.string(),
  support_mode_code: z.string(),
  support_condition_code: nullableText,
  rule_version_id: id,
  standard_amount: money,
  subsidy_due: money,
  payable: money,
  deduction: money,
  requested_amount: z.string(),
  applied_at: z.string(),
  approved_amount: money,
  reviewed_at: nullableText,
  reviewing_unit: nullableText,
  reviewing_unit_code: nullableText,
  reviewed_by: nullableText,
  review_comment: nullableText,
  status: z.enum(['pending', 'approved']),
  region_code: z.string(),
  region_name: z.string(),
  created_at: z.string(),
  created_by: z.string(),
  updated_at: z.string(),
  updated_by: z.string(),
};

export const unitApproval = z.object({
  ...supportOut,
  unit_no: z.string(),
  unit_name: z.string(),
  project_id: id,
  project_no: z.string(),
  project_name: z.string(),
});

export const personApproval = z.object({
  ...supportOut,
  applicant_name: z.string(),
  applicant_id_type: z.string(),
  applicant_id_number: z.string(),
  project_id: id.nullable(),
  personal_data_masked: z.boolean(),
});

export const pageOfItems = (item: z.ZodType) =>
  z.object({ items: z.array(item), total: id, page: id, page_size: id });
