/** zod schemas of the security-project ledgers (A.6.1, A.6.2) and of supply/demand monitoring (9.2.1). */
import { z } from 'zod';
import { moneyYuan, pageQuery, regionCode } from '../shared/validators.ts';
import { optionalText } from '../shared/fields.ts';
import { LEDGER_PERIOD_TYPES } from './periods.ts';

const id = z.number().int();
const money = z.string().describe('金额（元，两位小数的十进制字符串）');
export const RESOURCE_TYPES = ['funds', 'housing', 'households'] as const;
export const SOURCES = [
  'manual',
  'unit_handover',
  'unit_selection',
  'selection_cancelled',
  'subsidy_payment',
  'opening_balance',
] as const;

export const entryListQuery = z.object({
  region: regionCode.optional(),
  resource_type: z.enum(RESOURCE_TYPES).optional(),
  direction: z.enum(['in', 'out']).optional(),
  source: z.enum(SOURCES).optional(),
  batch_no: z.string().trim().min(1).max(100).optional(),
  from: z.iso.date().optional().describe('接收日期起'),
  to: z.iso.date().optional().describe('接收日期止'),
  ...pageQuery,
});
export type EntryListQuery = z.infer<typeof entryListQuery>;

export const postEntryBody = z.object({
  region_code: regionCode.describe('行政区划代码（须在管辖范围内）'),
  direction: z.enum(['in', 'out']).describe('收支类型：in 资金收入、out 资金支出'),
  amount: moneyYuan.refine((v) => Number(v) > 0, '金额须大于 0').describe('金额（元）'),
  received_on: z.iso.date().optional().describe('接收日期（缺省今天；不能早于已结账的统计周期）'),
  batch_no: z.string().trim().min(1).max(100).describe('交接批次编号（如拨款文号）'),
  handed_by: z.string().trim().min(1).max(100).describe('移交人'),
  received_by: z.string().trim().min(1).max(100).describe('接收人'),
  note: optionalText('摘要', 500),
});
export type PostEntryInput = z.infer<typeof postEntryBody>;

export const closeLedgerBody = z.object({
  period_type: z.enum(LEDGER_PERIOD_TYPES).describe('周期类型'),
  period: z.string().trim().min(4).max(10).describe('统计周期（2026-11、2026Q4、2026H2、2026）'),
  region_code: regionCode.describe('行政区划代码（须在管辖范围内）'),
});
export type CloseLedgerInput = z.infer<typeof closeLedgerBody>;

export const ledgerListQuery = z.object({
  region: regionCode.optional(),
  period_type: z.enum(LEDGER_PERIOD_TYPES).optional(),
  period: z.string().trim().min(1).max(10).optional(),
  ...pageQuery,
});
export type LedgerListQuery = z.infer<typeof ledgerListQuery>;

export const reconcileQuery = z.object({ region: regionCode.optional() });

export const ledgerEntry = z.object({
  id,
  entry_no: z.string().describe('明细账编号'),
  batch_no: z.string().nullable().describe('交接批次编号'),
  resource_type: z.enum(RESOURCE_TYPES).describe('资源类别'),
  ledger_class: z.string().describe('台账分类'),
  region_code: z.string(),
  region_name: z.string(),
  direction: z.enum(['in', 'out']).describe('收支类型'),
  households: z.number().describe('保障户数'),
  persons: z.number().describe('保障人数'),
  amount: money,
  units: z.number().describe('套数'),
  floor_area: z.number().describe('建筑面积'),
  received_on: z.string().describe('接收日期'),
  handed_by: z.string().nullable().describe('移交人'),
  received_by: z.string().nullable().describe('接收人'),
  source: z.enum(SOURCES),
  source_id: id.nullable(),
  note: z.string().nullable(),
  created_at: z.string(),
  created_by: z.string(),
});

const balance = (key: string, type: z.ZodType) => ({
  [`opening_${key}`]: type,
  [`${key}_in`]: type,
  [`${key}_out`]: type,
  [`closing_${key}`]: type,
});

export const ledger = z.object({
  id,
  ledger_no: z.string().describe('台账编号'),
  ledger_class: z.string().describe('台账分类'),
  ...balance('funds', money),
  ...balance('units', z.number()),
  ...balance('area', z.number()),
  ...balance('households', z.number()),
  ...balance('persons', z.number()),
  period_type: z.enum(LEDGER_PERIOD_TYPES),
  period: z.string(),
  region_code: z.string(),
  region_name: z.string(),
  stat_date: z.string().describe('统计日期'),
  period_start: z.string(),
  period_end: z.string(),
  entry_count: z.number(),
  created_at: z.string(),
  created_by: z.string(),
});

export const reconciliation = z.object({
  region_code: z.string().nullable().describe('核对的地区（不在管辖范围内时为空）'),
  checked: z.number().describe('核对的台账行数'),
  balanced: z.boolean().describe('全部一致'),
  mismatches: z.array(
    z.object({
      ledger_no: z.string(),
      region_code: z.string(),
      field: z.string(),
      ledger: z.string(),
      entries: z.string(),
    }),
  ),
  balances: z
    .record(z.string(), z.string())
    .describe('至今全部明细的余额（funds/units/area/households/persons）'),
});

export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), total: z.number(), page: z.number(), page_size: z.number() });
