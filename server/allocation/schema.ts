/**
 * zod schemas of allocation plans (CJJ/T 196 9.2.2; A.6.5 plans, A.6.6 their households, A.6.9 their resources):
 * what the routes accept and answer. Money is a decimal string in yuan, areas are numbers (m²).
 */
import { z } from 'zod';
import { pageQuery, regionCode } from '../shared/validators.ts';
import { optionalText, text } from '../shared/fields.ts';

export const PLAN_STATUSES = ['draft', 'published', 'closed', 'cancelled'] as const;
export const PERIOD_TYPES = ['month', 'quarter', 'half_year', 'year', 'batch'] as const;
export const RESOURCE_KINDS = ['units', 'subsidy'] as const;
export const TIE_POLICIES = ['include', 'exclude'] as const;

const id = z.number().int();
const ids = (label: string) => z.array(z.number().int().positive()).max(5000).describe(label);
const isoDate = (label: string) => z.iso.date().describe(`${label}（YYYY-MM-DD）`);
const money = z.string().nullable().describe('金额（元，两位小数的十进制字符串）');
const area = (label: string) => z.number().min(0).max(100_000).describe(`${label}（平方米）`);

const datesInOrder = (v: { starts_on?: string | null; ends_on?: string | null }) =>
  !v.starts_on || !v.ends_on || v.ends_on >= v.starts_on;

export const createPlanBody = z
  .object({
    region_code: regionCode.optional().describe('方案所属行政区划（缺省为本人所属地区；须在管辖范围内）'),
    mode_code: text('保障方式（保障方式编号，取自本地区或上级启用中的保障规则）', 50),
    name: text('方案名称', 200),
    period_type: z.enum(PERIOD_TYPES).describe('期别类型'),
    period: text('方案周期（如 2026-11、2026Q4、2026、2026-第3批）', 50),
    object_type: text('保障对象类型（如 低收入家庭）', 100),
    starts_on: isoDate('分配开始日期'),
    ends_on: isoDate('分配结束日期'),
    resource_kind: z.enum(RESOURCE_KINDS).describe('配置资源：units 实物（房屋）、subsidy 货币补贴'),
    project_id: z.number().int().positive().optional().describe('房源所在建设项目（实物配置时必填）'),
    household_count: z
      .number()
      .int()
      .min(0)
      .max(100_000)
      .default(0)
      .describe('取轮候队列前 N 户（符合该保障方式条件、未列入其他有效方案）'),
    tie_policy: z
      .enum(TIE_POLICIES)
      .default('include')
      .describe('第 N 名处同分并列时：include 整组列入（可多于 N 户）、exclude 整组不列入（少于 N 户）'),
    unit_count: z.number().int().min(1).max(100_000).optional().describe('最多取多少套房源（缺省全部）'),
    layouts: z.array(z.string().trim().min(1).max(20)).max(20).optional().describe('户型（代码表 layout）'),
    min_area: area('最小建筑面积').optional(),
    max_area: area('最大建筑面积').optional(),
    description: optionalText('说明', 2000),
  })
  .refine(datesInOrder, { message: '分配结束日期不能早于开始日期', path: ['ends_on'] })
  .refine((v) => v.resource_kind !== 'units' || v.project_id !== undefined, {
    message: '实物配置方案须指定房源所在建设项目',
    path: ['project_id'],
  })
  .refine((v) => v.min_area === undefined || v.max_area === undefined || v.max_area >= v.min_area, {
    message: '最大建筑面积不能小于最小建筑面积',
    path: ['max_area'],
  });
export type CreatePlanInput = z.infer<typeof createPlanBody>;

export const updatePlanBody = z
  .object({
    name: text('方案名称', 200).optional(),
    object_type: text('保障对象类型', 100).optional(),
    starts_on: isoDate('分配开始日期').optional(),
    ends_on: isoDate('分配结束日期').optional(),
    description: optionalText('说明', 2000),
    add_households: ids('列入的家庭（households.id）').optional(),
    remove_households: ids('撤出的家庭（households.id）').optional(),
    add_units: ids('加入的房屋（housing_units.id）').optional(),
    remove_units: ids('移出的房屋（housing_units.id）').optional(),
  })
  .refine(datesInOrder, { message: '分配结束日期不能早于开始日期', path: ['ends_on'] })
  .refine((v) => Object.values(v).some((x) => x !== undefined), {
    message: '至少修改一项',
    path: ['name'],
  });
export type UpdatePlanInput = z.infer<typeof updatePlanBody>;

export const cancelPlanBody = z.object({ reason: text('撤销原因', 500) });

export const planListQuery = z.object({
  status: z.enum(PLAN_STATUSES).optional(),
  mode: z.string().trim().min(1).max(50).optional().describe('保障方式编号'),
  period: z.string().trim().min(1).max(50).optional(),
  resource_kind: z.enum(RESOURCE_KINDS).optional(),
  region: regionCode.optional().describe('行政区划（其下各级）'),
  q: z.string().trim().min(1).max(100).optional().describe('方案编号或名称'),
  ...pageQuery,
});
export type PlanListQuery = z.infer<typeof planListQuery>;

export const detailListQuery = z.object({
  status: z.string().trim().min(1).max(20).optional(),
  ...pageQuery,
});
export type DetailListQuery = z.infer<typeof detailListQuery>;

// ---- responses ----

const plan = z.object({
  id,
  plan_no: z.string().describe('方案编号'),
  mode_code: z.string().describe('保障方式'),
  mode_name: z.string().nullable(),
  mode_type: z.string().nullable(),
  project_code: z.string().describe('保障项目编号'),
  name: z.string(),
  period_type: z.enum(PERIOD_TYPES),
  period: z.string(),
  object_type: z.string(),
  total_households: z.number().describe('本期保障总户数'),
  total_units: z.number().describe('本期住房分配总套数'),
  total_area: z.number().describe('本期住房分配总面积'),
  total_subsidy: money.describe('本期补贴总金额（元/月）'),
  resource_kind: z.enum(RESOURCE_KINDS),
  rule_version_id: id,
  project_id: id.nullable(),
  project_name: z.string().nullable(),
  starts_on: z.string(),
  ends_on: z.string(),
  status: z.enum(PLAN_STATUSES),
  published_at: z.string().nullable(),
  published_by: z.string().nullable(),
  description: z.string().nullable(),
  region_code: z.string(),
  region_name: z.string(),
  created_at: z.string(),
  created_by: z.string(),
  updated_at: z.string(),
  updated_by: z.string(),
});
export const planItem = plan;

const counts = z.record(z.string(), z.number());
export const planDetail = plan.extend({
  household_statuses: counts.describe('家庭按配置状态计数'),
  resource_statuses: counts.describe('资源按配置状态计数'),
  tied_households: z.number().describe('与他户同分（排序得分相同）的家庭数：其先后由摇号决定'),
  warnings: z.array(z.string()).describe('制定时的提示（如同分整组列入使户数多于 N）'),
});

export const planHousehold = z.object({
  id,
  household_id: id,
  application_no: z.string(),
  applicant_name: z.string().nullable().describe('申请人姓名（无个人信息权限时脱敏）'),
  household_size: z.number(),
  region_code: z.string(),
  region_name: z.string(),
  status: z.string().describe('配置状态：planned 已列入、allocated 已分配、forfeited 放弃、withdrawn 撤出'),
  allocated_at: z.string().nullable(),
  waiting_rank: z.number().nullable().describe('列入时的轮候排名'),
  score: z.number().nullable().describe('轮候排序得分'),
  subsidy_amount: money.describe('拟补贴金额（元/月）'),
});

export const planResource = z.object({
  id,
  resource_no: z.string(),
  resource_type: z.string().describe('unit 房屋、subsidy 补贴资金'),
  status: z.string().describe('配置状态：available 待分配、allocated 已分配、withdrawn 撤出'),
  allocated_on: z.string().nullable(),
  unit_id: id.nullable(),
  building_name: z.string().nullable(),
  floor_from: z.number().nullable(),
  room_no: z.string().nullable(),
  layout: z.string().nullable(),
  floor_area: z.number().nullable(),
  amount: money,
  region_code: z.string(),
});

export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), total: z.number(), page: z.number(), page_size: z.number() });
