/**
 * zod schemas of subsidy dues (A.7.5 补贴应发), payments (A.7.6 补贴实发) and fund disbursement plans (A.7.7
 * 支持对象资金拨付配置计划). Money is a decimal string in yuan, never a float.
 */
import { z } from 'zod';
import { moneyYuan, pageQuery, regionCode } from '../shared/validators.ts';
import { text } from '../shared/fields.ts';
import { PAYMENT_METHODS } from '../contracts/schema.ts';

export const PERIOD_TYPES = ['month', 'quarter', 'half_year', 'year'] as const;
export const OBJECT_TYPES = ['household', 'supplier'] as const;

const yuan = (label: string) =>
  moneyYuan.refine((v) => !v.startsWith('-'), '金额不能为负数').describe(`${label}（元）`);
const year = z.coerce.number().int().min(2000).max(2100).describe('补贴年度');
const month = z.coerce.number().int().min(1).max(12).describe('补贴月份');
const region = regionCode.optional().describe('行政区划代码（本辖区内；缺省为本人所在地区）');
const instant = (label: string) => z.iso.datetime({ offset: true }).describe(`${label}（ISO 8601）`);

export const generateBody = z.object({ year, month, region_code: region });
export type GenerateInput = z.infer<typeof generateBody>;

export const listDuesQuery = z.object({
  year: year.optional(),
  month: month.optional(),
  object_type: z.enum(OBJECT_TYPES).optional().describe('对象类型'),
  paid: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => (v === undefined ? undefined : v === 'true'))
    .describe('是否已实发'),
  region: regionCode.optional().describe('行政区划（本辖区内）'),
  q: z.string().trim().min(1).max(50).optional().describe('应发编号或对象编号'),
  ...pageQuery,
});
export type ListDuesQuery = z.infer<typeof listDuesQuery>;

export const payBody = z
  .object({
    method: z.enum(PAYMENT_METHODS).describe('实发方式'),
    shortfall: yuan('不足金额（缺省 0 即足额）').default('0'),
    shortfall_reason: text('不足额原因（有不足金额时必填）', 500).optional(),
    paid_at: instant('实发时间（缺省现在）').optional(),
  })
  .refine((b) => Number(b.shortfall) === 0 || !!b.shortfall_reason, {
    message: '有不足金额时须填写不足额原因',
    path: ['shortfall_reason'],
  });
export type PayInput = z.infer<typeof payBody>;

export const batchPayBody = z.object({
  year,
  month,
  method: z.enum(PAYMENT_METHODS).describe('实发方式'),
  object_type: z.enum(OBJECT_TYPES).optional().describe('只发放此类对象'),
  region_code: region,
});
export type BatchPayInput = z.infer<typeof batchPayBody>;

export const vouchersBody = z.object({
  year,
  month,
  object_type: z.enum(OBJECT_TYPES).optional(),
  region_code: region,
  limit: z.number().int().min(1).max(2000).default(500).describe('一次打印的应发笔数（按应发编号）'),
});
export type VouchersInput = z.infer<typeof vouchersBody>;

export const listPaymentsQuery = z.object({
  year: year.optional(),
  month: month.optional(),
  status: z.enum(['paid', 'short']).optional().describe('发放状态'),
  region: regionCode.optional(),
  ...pageQuery,
});
export type ListPaymentsQuery = z.infer<typeof listPaymentsQuery>;

const planFields = {
  total_amount: yuan('拨付总金额').refine((v) => Number(v) > 0, '拨付总金额须大于 0'),
  period_type: z.enum(PERIOD_TYPES).describe('期别类型'),
  cycles: z.number().int().min(1).max(600).describe('计划发放周期（期数）'),
  starts_on: z.iso.date().describe('开始发放时间（YYYY-MM-DD）'),
  note: text('说明', 500).nullish(),
};

export const createFundPlanBody = z.object({
  supplier_kind: z.enum(['unit', 'person']).describe('支持对象类别：unit 供给单位、person 供给个人'),
  approval_id: z.number().int().positive().describe('已核定的供给单位或个人登记审批（A.3.17/A.3.18）'),
  ...planFields,
  region_code: region,
});
export type CreateFundPlanInput = z.infer<typeof createFundPlanBody>;

export const updateFundPlanBody = z
  .object({ ...planFields, status: z.enum(['active', 'cancelled']).describe('计划状态') })
  .partial()
  .refine((v) => Object.values(v).some((x) => x !== undefined), '至少修改一项');
export type UpdateFundPlanInput = z.infer<typeof updateFundPlanBody>;

export const listFundPlansQuery = z.object({
  status: z.enum(['active', 'cancelled']).optional(),
  region: regionCode.optional(),
  ...pageQuery,
});

const money = z.string().describe('金额（元）');
const bookkeeping = {
  region_code: z.string(),
  created_at: z.string(),
  created_by: z.string(),
  updated_at: z.string(),
  updated_by: z.string(),
};

export const payment = z.object({
  id: z.number().int(),
  payment_no: z.string().describe('实发编号'),
  due_id: z.number().int(),
  due_no: z.string().describe('应发编号'),
  due_amount: money.describe('应发金额'),
  status: z.enum(['paid', 'short']).describe('发放状态'),
  shortfall: money.describe('不足金额'),
  shortfall_reason: z.string().nullable().describe('不足额原因'),
  paid_amount: money.describe('实发金额'),
  paid_at: z.string().describe('实发时间'),
  method: z.enum(PAYMENT_METHODS).describe('实发方式'),
  ...bookkeeping,
});

export const due = z.object({
  id: z.number().int(),
  due_no: z.string().describe('应发编号'),
  object_type: z.enum(OBJECT_TYPES).describe('对象类型'),
  object_no: z.string().describe('对象编号'),
  object_name: z.string().describe('对象名称（无个人信息权限时家庭姓名脱敏）'),
  item_no: z.string().describe('补贴项目编号'),
  subsidy_type: z.string().describe('补贴类型'),
  standard_amount: money.describe('原标准金额'),
  amount: money.describe('补贴金额'),
  subsidy_year: z.number().int(),
  subsidy_month: z.number().int(),
  due_on: z.string().describe('应发时间'),
  is_printed: z.boolean().describe('是否已打印单据'),
  printed_at: z.string().nullable(),
  household_id: z.number().int().nullable(),
  contract_id: z.number().int().nullable(),
  fund_plan_id: z.number().int().nullable(),
  payment: payment.nullable().describe('实发记录'),
  ...bookkeeping,
});

export const fundPlan = z.object({
  id: z.number().int(),
  plan_no: z.string().describe('支持对象拨付计划编号'),
  supplier_kind: z.enum(['unit', 'person']),
  unit_approval_id: z.number().int().nullable(),
  person_approval_id: z.number().int().nullable(),
  object_no: z.string().describe('支持对象编号'),
  object_name: z.string(),
  support_project_code: z.string(),
  total_amount: money.describe('拨付总金额'),
  period_type: z.enum(PERIOD_TYPES).describe('期别类型'),
  cycles: z.number().int().describe('计划发放周期'),
  starts_on: z.string().describe('开始发放时间'),
  status: z.enum(['active', 'cancelled']),
  note: z.string().nullable(),
  ...bookkeeping,
});

export const generateResponse = z.object({
  year: z.number().int(),
  month: z.number().int(),
  created: z.number().int().describe('本次新生成的应发笔数（重复生成同一月为 0）'),
  total: z.number().int().describe('该月本辖区应发总笔数'),
});

export const batchPayResponse = z.object({
  paid: z.number().int().describe('本次实发笔数'),
  amount: money.describe('本次实发合计'),
});
