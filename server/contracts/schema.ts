/**
 * zod schemas of contracts (A.7.3 保障对象合同签约) and their electronic archive (A.7.4 配给合同电子档案). Money is
 * a decimal string in yuan (never a float); dates are YYYY-MM-DD in Beijing time.
 */
import { z } from 'zod';
import { moneyYuan, pageQuery, regionCode } from '../shared/validators.ts';
import { text } from '../shared/fields.ts';

export const CONTRACT_TYPES = ['rental', 'sale', 'subsidy'] as const;
export const CONTRACT_STATUSES = ['draft', 'signed', 'effective', 'renewed', 'terminated'] as const;
export const PAYMENT_METHODS = ['bank', 'cash', 'rent_offset'] as const;
export type ContractType = (typeof CONTRACT_TYPES)[number];
export type ContractStatus = (typeof CONTRACT_STATUSES)[number];

export const CONTRACT_TYPE_LABELS: Record<ContractType, string> = {
  rental: '配租',
  sale: '配售',
  subsidy: '补贴',
};
export const STATUS_LABELS: Record<ContractStatus, string> = {
  draft: '草拟',
  signed: '已签署',
  effective: '已生效',
  renewed: '已续签',
  terminated: '已终止',
};
export const METHOD_LABELS: Record<(typeof PAYMENT_METHODS)[number], string> = {
  bank: '银行代发',
  cash: '现金',
  rent_offset: '冲抵租金',
};

const positiveYuan = (label: string) =>
  moneyYuan.refine((v) => !v.startsWith('-'), '金额不能为负数').describe(`${label}（元）`);
const day = (label: string) => z.iso.date('须为 YYYY-MM-DD 格式的日期').describe(`${label}（YYYY-MM-DD）`);
const instant = (label: string) => z.iso.datetime({ offset: true }).describe(`${label}（ISO 8601）`);
const term = (label: string) => z.number().int().min(1).max(240).describe(`${label}（月）`);
const region = regionCode.optional().describe('行政区划代码（须在本辖区内；缺省取来源记录的地区）');

const common = {
  starts_on: day('合同起始日期（缺省今天）').optional(),
  auto_renew: z.boolean().default(false).describe('是否自动续签（配售合同不适用）'),
  region_code: region,
};

export const createContractBody = z.discriminatedUnion('contract_type', [
  z.object({
    contract_type: z.literal('rental'),
    selection_id: z.number().int().positive().describe('已审核、有效的选房记录（A.7.2）'),
    term_months: term('租赁期限，缺省 36').default(36),
    rent_monthly: positiveYuan('月租金（缺省取房屋的月租金）').optional(),
    ...common,
  }),
  z.object({
    contract_type: z.literal('sale'),
    selection_id: z.number().int().positive().describe('已审核、有效的选房记录（A.7.2）'),
    price: positiveYuan('房屋总价款'),
    ...common,
  }),
  z.object({
    contract_type: z.literal('subsidy'),
    plan_household_id: z.number().int().positive().describe('已发布的货币补贴方案中的保障对象（A.6.6）'),
    subsidy_method: z.enum(PAYMENT_METHODS).describe('补贴发放方式'),
    subsidy_start_on: day('发放起始时间（缺省为合同起始日期）').optional(),
    term_months: term('协议期限，缺省 12').default(12),
    ...common,
  }),
]);
export type CreateContractInput = z.infer<typeof createContractBody>;

export const signBody = z.object({ signed_at: instant('合同签署时间（缺省现在）').optional() }).default({});
export const effectiveBody = z
  .object({ effective_at: instant('合同生效时间（缺省现在）').optional() })
  .default({});
export const renewBody = z
  .object({ term_months: term('续签期限（缺省与原合同相同）').optional() })
  .default({});
export const terminateBody = z.object({
  reason: text('终止原因', 500),
  terminated_at: instant('合同失效时间（缺省现在）').optional(),
});
export const autoRenewBody = z.object({
  within_days: z.number().int().min(0).max(90).default(30).describe('续签有效期在多少天内届满的合同'),
  region_code: region,
});
export type AutoRenewInput = z.infer<typeof autoRenewBody>;

export const listContractsQuery = z.object({
  status: z.enum(CONTRACT_STATUSES).optional().describe('合同状态'),
  contract_type: z.enum(CONTRACT_TYPES).optional().describe('合同类型'),
  household_id: z.coerce.number().int().positive().optional(),
  plan_id: z.coerce.number().int().positive().optional().describe('配置方案'),
  expiring_within_days: z.coerce
    .number()
    .int()
    .min(0)
    .max(366)
    .optional()
    .describe('有效期在多少天内届满（已生效的合同）'),
  region: regionCode.optional().describe('行政区划（本辖区内）'),
  q: z.string().trim().min(1).max(50).optional().describe('合同编号、申请编号或房屋编号'),
  ...pageQuery,
});
export type ListContractsQuery = z.infer<typeof listContractsQuery>;

export const archiveQuery = z.object({
  name: text('档案名称（缺省“合同扫描件”）', 200).default('合同扫描件'),
  description: text('档案内容说明', 500).default('签字盖章的合同扫描件'),
});

const nullableText = z.string().nullable();
const money = z.string().nullable().describe('金额（元，两位小数的十进制字符串）');

export const contractResponse = z.object({
  id: z.number().int(),
  contract_no: z.string().describe('合同编号'),
  contract_type: z.enum(CONTRACT_TYPES).describe('合同类型'),
  status: z.enum(CONTRACT_STATUSES).describe('合同状态'),
  household_id: z.number().int(),
  application_no: z.string().describe('申请人编号（申请编号）'),
  unit_id: z.number().int().nullable(),
  unit_no: nullableText.describe('房屋编号'),
  selection_id: z.number().int().nullable(),
  plan_id: z.number().int().nullable(),
  plan_household_id: z.number().int().nullable(),
  project_code: nullableText,
  floor_area: z.number().nullable().describe('建筑面积（平方米）'),
  rent_monthly: money.describe('月租金（元）'),
  price: money.describe('售价（元）'),
  subsidy_amount: money.describe('补贴金额（元/月）'),
  standard_amount: money.describe('原标准金额（元/月）'),
  subsidy_method: z.enum(PAYMENT_METHODS).nullable().describe('补贴发放方式'),
  subsidy_start_on: nullableText.describe('发放起始时间'),
  signatory_name: z.string().describe('签约人（无个人信息权限时脱敏）'),
  signatory_id_number: z.string().describe('签约人身份证号（无个人信息权限时脱敏）'),
  agent_name: nullableText.describe('代理人'),
  agent_id_number: nullableText.describe('代理人身份证号'),
  term_months: z.number().int().nullable().describe('合同期限（月）'),
  starts_on: z.string().describe('合同起始日期'),
  ends_on: nullableText.describe('合同有效期（截止日期）'),
  signed_at: nullableText.describe('合同签署时间'),
  effective_at: nullableText.describe('合同生效时间'),
  expired_at: nullableText.describe('合同失效时间'),
  termination_reason: nullableText,
  auto_renew: z.boolean().describe('是否自动续签'),
  renewal_of: z.number().int().nullable().describe('续签的原合同'),
  renewed_by: z.number().int().nullable().describe('接续本合同的新合同'),
  document_id: z.number().int().nullable(),
  pdf_url: z.string().nullable().describe('合同文本 PDF'),
  personal_data_masked: z.boolean(),
  region_code: z.string(),
  region_name: z.string(),
  created_at: z.string(),
  created_by: z.string(),
  updated_at: z.string(),
  updated_by: z.string(),
});

export const archiveItem = z.object({
  id: z.number().int(),
  archive_no: z.string().describe('档案编号'),
  contract_id: z.number().int(),
  contract_no: z.string().describe('合同编号'),
  application_no: z.string().describe('申请编号'),
  name: z.string().describe('档案名称'),
  description: nullableText.describe('档案内容说明'),
  content_sha256: z.string(),
  media_type: z.enum(['application/pdf', 'image/jpeg', 'image/png']),
  size_bytes: z.number().int(),
  region_code: z.string(),
  created_at: z.string(),
  created_by: z.string(),
  url: z.string().describe('查看地址'),
});

export const autoRenewResponse = z.object({
  renewed: z
    .array(z.object({ from: z.number().int(), to: z.number().int(), contract_no: z.string() }))
    .describe('本次续签的合同（原合同 → 新合同）'),
});
