/**
 * zod schemas of the support side (A.6.3, A.6.4, A.6.7, A.6.8, A.7.8): what the routes accept and answer. Money is
 * a decimal string in yuan (never a float); areas are numbers in m².
 */
import { z } from 'zod';
import { moneyYuan, pageQuery, regionCode } from '../shared/validators.ts';
import { optionalText, text } from '../shared/fields.ts';
import { bboxParam } from '../spatial/features.ts';
import { PERIOD_TYPES } from './period.ts';

export const ACQUISITION_METHODS = ['划拨', '出让', '租赁', '作价出资（入股）', '授权经营'] as const;
export const RESOURCE_TYPES = ['funds', 'land'] as const;
export const DIRECTIONS = ['in', 'out'] as const;
export const PLAN_STATUSES = ['draft', 'published', 'cancelled'] as const;
export const OBJECT_STATUSES = ['planned', 'allocated', 'withdrawn'] as const;

const id = z.number().int();
const positiveId = (label: string) => id.positive().describe(label);
/** Money in yuan, at least one fen. */
const positiveYuan = (label: string) =>
  moneyYuan
    .refine((v) => !v.startsWith('-') && Number(v) > 0, '金额须大于 0')
    .describe(`${label}（元，大于 0）`);
const nonNegativeYuan = (label: string) =>
  moneyYuan.refine((v) => !v.startsWith('-'), '金额不能为负数').describe(`${label}（元）`);
const positiveArea = (label: string) =>
  z.number().positive('面积须大于 0').max(1e11).describe(`${label}（平方米，大于 0）`);
const nonNegativeArea = (label: string) => z.number().nonnegative().max(1e11).describe(`${label}（平方米）`);
const isoDay = (label: string) => z.iso.date().describe(`${label}（YYYY-MM-DD）`);
const projectCode = text('支持项目编号（A.1.8，启用中的保障规则）', 50);
const inScopeRegion = regionCode.describe('行政区划代码（本辖区内；缺省取本人所属地区）').optional();
const nullableText = z.string().nullable();
const money = z.string().describe('金额（元，两位小数的十进制字符串）');
const listRegion = regionCode.optional().describe('行政区划（本辖区内）');
const record = {
  id,
  region_code: z.string().describe('行政区划代码'),
  region_name: z.string().describe('行政区划名称'),
  created_at: z.string().describe('增加时间'),
  created_by: z.string().describe('增加人'),
};
const page = (item: z.ZodType) => z.object({ items: z.array(item), total: id, page: id, page_size: id });

// ---- A.6.4 entries ----

export const createEntryBody = z
  .object({
    project_code: projectCode,
    resource_type: z.enum(RESOURCE_TYPES).describe('资源类别：funds 资金、land 土地'),
    direction: z.enum(DIRECTIONS).describe('收支类型：in 收入（增加）、out 支出（减少）'),
    amount: positiveYuan('金额（资源类别为资金时）').optional(),
    land_area: positiveArea('土地面积（资源类别为土地时）').optional(),
    received_on: isoDay('接收日期（不得在已结账的周期内）'),
    batch_no: text('交接批次编号', 50),
    handed_by: text('移交人', 100),
    received_by: text('接收人', 100),
    note: optionalText('摘要', 500),
    region_code: inScopeRegion,
  })
  .superRefine((v, ctx) => {
    const [needed, other] = v.resource_type === 'funds' ? ['amount', 'land_area'] : ['land_area', 'amount'];
    if (v[needed as 'amount'] === undefined)
      ctx.addIssue({
        code: 'custom',
        path: [needed],
        message: v.resource_type === 'funds' ? '资金明细须填写金额' : '土地明细须填写土地面积',
      });
    if (v[other as 'amount'] !== undefined)
      ctx.addIssue({
        code: 'custom',
        path: [other],
        message: '一笔明细只记一种资源（资金填金额，土地填面积）',
      });
  });
export type CreateEntryInput = z.infer<typeof createEntryBody>;

export const entryListQuery = z.object({
  project_code: z.string().trim().min(1).max(50).optional().describe('支持项目编号'),
  resource_type: z.enum(RESOURCE_TYPES).optional(),
  direction: z.enum(DIRECTIONS).optional(),
  from: z.iso.date().optional().describe('接收日期起（含）'),
  to: z.iso.date().optional().describe('接收日期止（含）'),
  region: listRegion,
  q: z.string().trim().min(1).max(50).optional().describe('明细账编号、交接批次编号、摘要'),
  ...pageQuery,
});
export type EntryListQuery = z.infer<typeof entryListQuery>;

export const entryResponse = z.object({
  ...record,
  entry_no: z.string().describe('明细账编号'),
  batch_no: nullableText.describe('交接批次编号'),
  resource_type: z.enum(RESOURCE_TYPES).describe('资源类别'),
  ledger_class: z.literal('support').describe('台账分类'),
  project_code: z.string().describe('支持项目编号'),
  direction: z.enum(DIRECTIONS).describe('收支类型'),
  amount: money.describe('金额（元）'),
  land_area: z.number().describe('土地面积（平方米）'),
  received_on: z.string().describe('接收日期'),
  handed_by: nullableText.describe('移交人'),
  received_by: nullableText.describe('接收人'),
  source: z.string().describe('来源'),
  source_id: id.nullable(),
  note: nullableText,
});
export const entryListResponse = page(entryResponse);

// ---- A.6.3 ledgers ----

export const closeLedgerBody = z.object({
  project_code: projectCode,
  period_type: z.enum(PERIOD_TYPES).describe('周期类型：month 月、quarter 季、half_year 半年、year 年'),
  period: text('上报周期（2026-11、2026Q4、2026H2、2026）', 10),
  region_code: inScopeRegion,
  dry_run: z.boolean().default(false).describe('只试算不结账（返回将写入的台账）'),
});
export type CloseLedgerInput = z.infer<typeof closeLedgerBody>;

export const ledgerListQuery = z.object({
  project_code: z.string().trim().min(1).max(50).optional().describe('支持项目编号'),
  period_type: z.enum(PERIOD_TYPES).optional(),
  region: listRegion,
  ...pageQuery,
});
export type LedgerListQuery = z.infer<typeof ledgerListQuery>;

const balances = {
  opening_funds: money.describe('期初资金余额'),
  funds_in: money.describe('本期资金增加额'),
  funds_out: money.describe('本期资金减少额'),
  closing_funds: money.describe('期末资金余额'),
  opening_land: z.number().describe('期初土地面积余额（平方米）'),
  land_in: z.number().describe('本期土地增加面积'),
  land_out: z.number().describe('本期土地减少面积'),
  closing_land: z.number().describe('期末土地面积余额'),
  entry_count: id.describe('本期明细笔数'),
};

export const ledgerResponse = z.object({
  ...record,
  id: id.nullable().describe('台账 id（试算时为空）'),
  ledger_no: z.string().describe('台账编号'),
  ledger_class: z.literal('support').describe('台账分类'),
  project_code: z.string().describe('支持项目编号'),
  ...balances,
  period_type: z.enum(PERIOD_TYPES).describe('周期类型'),
  period: z.string().describe('上报周期'),
  period_start: z.string(),
  period_end: z.string(),
  direction: z.enum(['in', 'out', 'both', 'none']).describe('收支类型'),
  stat_date: z.string().describe('统计日期'),
  dry_run: z.boolean(),
});
export const ledgerListResponse = page(ledgerResponse);

export const reconciliationResponse = z.object({
  ledger_no: z.string(),
  period: z.string(),
  stored: z.object(balances).describe('台账中记载的数'),
  computed: z.object(balances).describe('由明细重新计算的数'),
  previous: z
    .object({ ledger_no: z.string(), period: z.string(), closing_funds: money, closing_land: z.number() })
    .nullable()
    .describe('上一周期的台账（已结账时）'),
  checks: z
    .array(z.object({ name: z.string(), ok: z.boolean(), detail: z.string() }))
    .describe('核对项：期末 = 期初 + 增加 − 减少；期初 = 上期期末；各数与明细一致'),
  balanced: z.boolean().describe('全部核对项通过'),
});

// ---- A.6.7 / A.6.8 plans ----

const planPeriodType = z
  .enum([...PERIOD_TYPES, 'batch'])
  .describe('期别类型：month 月、quarter 季、half_year 半年、year 年、batch 批次');

export const createPlanBody = z.object({
  name: text('方案名称', 200),
  mode_code: text('支持方式（支持方式编号，A.1.9；支持项目由此带出）', 50),
  period_type: planPeriodType,
  period: text('方案周期（如 2026-11、2026Q4、2026、2026-第3批）', 30),
  description: optionalText('说明', 1000),
  region_code: inScopeRegion,
});
export type CreatePlanInput = z.infer<typeof createPlanBody>;

export const updatePlanBody = z
  .object({
    name: text('方案名称', 200),
    period_type: planPeriodType,
    period: text('方案周期', 30),
    description: optionalText('说明', 1000),
  })
  .partial()
  .refine((v) => Object.values(v).some((x) => x !== undefined), '至少修改一项');
export type UpdatePlanInput = z.infer<typeof updatePlanBody>;

export const addObjectsBody = z.object({
  objects: z
    .array(
      z.object({
        kind: z.enum(['unit', 'person']).describe('unit 供给单位（A.3.17）、person 供给个人（A.3.18）'),
        approval_id: positiveId('已核定的登记审批 id'),
        subsidy_amount: nonNegativeYuan('补贴金额（不超过核定额度；缺省为核定额度）').optional(),
        land_area: nonNegativeArea('拟分配土地面积').optional(),
      }),
    )
    .min(1)
    .max(500),
});
export type AddObjectsInput = z.infer<typeof addObjectsBody>;

export const updateObjectBody = z
  .object({
    status: z
      .enum(['allocated', 'withdrawn'])
      .describe('配置状态：allocated 配给（补贴记入台账支出）、withdrawn 撤出'),
    subsidy_amount: nonNegativeYuan('补贴金额（不超过核定额度；草稿方案）'),
    land_area: nonNegativeArea('拟分配土地面积（草稿方案）'),
  })
  .partial()
  .refine((v) => Object.values(v).some((x) => x !== undefined), '至少修改一项');
export type UpdateObjectInput = z.infer<typeof updateObjectBody>;

export const planListQuery = z.object({
  status: z.enum(PLAN_STATUSES).optional(),
  project_code: z.string().trim().min(1).max(50).optional(),
  region: listRegion,
  q: z.string().trim().min(1).max(50).optional().describe('方案编号或名称'),
  ...pageQuery,
});
export type PlanListQuery = z.infer<typeof planListQuery>;

export const objectResponse = z.object({
  ...record,
  object_no: z.string().describe('支持对象编号（审批编号）'),
  project_code: z.string(),
  mode_code: z.string(),
  plan_id: id,
  plan_no: z.string(),
  status: z.enum(OBJECT_STATUSES).describe('配置状态'),
  allocated_at: nullableText.describe('分配时间'),
  object_kind: z.enum(['unit', 'person']),
  unit_approval_id: id.nullable(),
  person_approval_id: id.nullable(),
  object_name: z.string().describe('支持对象名称（个人姓名无个人信息权限时脱敏）'),
  approved_amount: money.nullable().describe('核定额度'),
  subsidy_amount: money,
  land_area: z.number(),
});

export const planResponse = z.object({
  ...record,
  plan_no: z.string().describe('方案编号'),
  name: z.string().describe('方案名称'),
  project_code: z.string().describe('支持项目编号'),
  project_name: nullableText,
  period_type: z.string().describe('期别类型'),
  period: z.string().describe('方案周期'),
  mode_code: z.string().describe('支持方式'),
  mode_name: nullableText,
  object_type: nullableText.describe('支持对象类型'),
  total_objects: id.describe('本期支持对象数量'),
  total_land_area: z.number().describe('本期土地分配总面积'),
  total_subsidy: money.describe('本期补贴总金额'),
  rule_version_id: id,
  status: z.enum(PLAN_STATUSES),
  published_at: nullableText,
  published_by: nullableText,
  description: nullableText,
  updated_at: z.string(),
  updated_by: z.string(),
});
export const planDetailResponse = planResponse.extend({ objects: z.array(objectResponse) });
export const planListResponse = page(planResponse);

export const candidateResponse = z.object({
  items: z.array(
    z.object({
      kind: z.enum(['unit', 'person']),
      approval_id: id,
      approval_no: z.string(),
      name: z.string(),
      approved_amount: money,
      region_code: z.string(),
    }),
  ),
});

export const supportRulesResponse = z.object({
  version_id: id.nullable().describe('启用中的保障规则版本'),
  projects: z.array(z.object({ code: z.string(), name: z.string(), supplier_type: nullableText })),
  modes: z.array(z.object({ code: z.string(), project_code: z.string(), name: z.string() })),
});

// ---- A.7.8 land supplies ----

const landFields = {
  approval_doc_name: text('用地批准文件名称', 200),
  approval_doc_no: text('用地批准文号', 100),
  approved_on: isoDay('用地批准日期'),
  acquisition_method: z.enum(ACQUISITION_METHODS).describe('取得方式'),
  land_value: nonNegativeYuan('土地估值').nullish(),
  use_years: z.number().int().min(1).max(70).describe('土地使用年限（年，1–70；划拨可空）').nullish(),
  received_by: text('接收人（用地单位；缺省取项目的开发建设单位）', 200),
};

export const createLandSupplyBody = z.object({
  parcel_id: positiveId('宗地（土地储备地块 id，须在本辖区内且处于储备中）'),
  project_id: positiveId('建设项目（可空；须在本辖区内）').nullish(),
  project_code: projectCode.describe('记入的支持项目台账（支持项目编号，A.1.8）'),
  ...landFields,
  received_by: landFields.received_by.optional(),
  land_area: positiveArea('土地面积（缺省取宗地面积）').optional(),
  supplied_on: isoDay('供应日期（记入台账的接收日期，不得在已结账的周期内）'),
  region_code: regionCode.describe('行政区划代码（可省略；须为宗地所在区划）').optional(),
});
export type CreateLandSupplyInput = z.infer<typeof createLandSupplyBody>;

export const updateLandSupplyBody = z
  .object({
    ...landFields,
    project_id: positiveId('建设项目').nullable(),
    land_area: positiveArea('土地面积（更正时冲销原明细并重新记账）'),
    supplied_on: isoDay('供应日期'),
  })
  .partial()
  .refine((v) => Object.values(v).some((x) => x !== undefined), '至少修改一项');
export type UpdateLandSupplyInput = z.infer<typeof updateLandSupplyBody>;

export const landSupplyListQuery = z.object({
  q: z.string().trim().min(1).max(50).optional().describe('记录编号、宗地编号、宗地名称、批准文号'),
  region: listRegion,
  bbox: bboxParam.optional(),
  project_id: z.coerce.number().int().positive().optional(),
  acquisition_method: z.enum(ACQUISITION_METHODS).optional(),
  format: z
    .enum(['json', 'geojson'])
    .default('json')
    .describe('json：分页对象；geojson：GeoJSON FeatureCollection（宗地范围）'),
  ...pageQuery,
});
export type LandSupplyListQuery = z.infer<typeof landSupplyListQuery>;

export const landSupplyResponse = z.object({
  ...record,
  record_no: z.string().describe('记录编号'),
  parcel_id: id,
  parcel_no: z.string().describe('宗地编号'),
  parcel_name: z.string().describe('宗地名称'),
  project_id: id.nullable(),
  project_no: nullableText.describe('项目编号'),
  project_name: nullableText,
  approval_doc_name: z.string().describe('用地批准文件名称'),
  approval_doc_no: z.string().describe('用地批准文号'),
  approved_on: z.string().describe('用地批准日期'),
  acquisition_method: z.enum(ACQUISITION_METHODS).describe('取得方式'),
  land_area: z.number().describe('土地面积（平方米）'),
  land_value: money.nullable().describe('土地估值（元）'),
  use_years: id.nullable().describe('土地使用年限'),
  supplied_on: z.string(),
  ledger_project_code: z.string(),
  ledger_entry_id: id.nullable(),
  ledger_entry_no: nullableText.describe('记入台账的明细账编号'),
  received_by: z.string(),
  parcel_area_m2: z.number().nullable().describe('宗地图形面积'),
  geometry: z.record(z.string(), z.unknown()).nullable().describe('宗地范围（GeoJSON）'),
  updated_at: z.string(),
  updated_by: z.string(),
});
export const landSupplyListResponse = page(landSupplyResponse);
