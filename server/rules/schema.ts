/** zod schemas of the rules API: versions, the items of a version (A.1.1-A.1.11, ordering), evaluation. */
import { z } from 'zod';
import { regionCode } from '../shared/validators.ts';

const code = (label: string) =>
  z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_.-]{1,40}$/, '编号须为 1-40 位字母、数字、下划线、点或连字符')
    .describe(`${label}（版本内唯一，跨版本稳定）`);
const ref = (label: string) => code(label).nullish();
const name = (label: string, max = 200) => z.string().trim().min(1).max(max).describe(label);
const note = (label: string, max = 500) => z.string().trim().max(max).describe(label).nullish();
const enabled = z.boolean().describe('是否启用（停用的条目不参与判断）').optional();
/** Numbers or decimal strings; rule thresholds are stored as numeric(16,4). */
const decimal = (label: string) =>
  z
    .union([
      z.number(),
      z
        .string()
        .trim()
        .regex(/^-?\d{1,12}(\.\d{1,4})?$/, '须为数值'),
    ])
    .transform(Number)
    .refine((v) => Number.isFinite(v) && Math.abs(v) < 1e12, '数值超出范围')
    .describe(label);

/** Fields of each kind of item, keyed by the kind's URL segment. */
export const ITEM_FIELDS = {
  projects: {
    code: code('保障项目编号'),
    name: name('保障项目'),
    income_class: ref('收入分类（代码表 income_level）'),
    special_group_class: ref('特殊人群分类（代码表 special_group）'),
    description: note('说明'),
    enabled,
  },
  modes: {
    code: code('保障方式编号'),
    project_code: code('保障项目编号'),
    name: name('保障方式'),
    mode_type: ref('保障方式类别（代码表 security_mode）'),
    description: note('说明'),
    enabled,
  },
  categories: {
    code: code('保障对象申请条件分类编号'),
    parent_code: ref('父级保障对象申请条件分类编号'),
    name: name('保障对象申请条件分类名称'),
  },
  combinations: {
    code: code('保障方式申请条件组合定性判断编号'),
    parent_code: ref('保障对象申请条件组合定性判断父级条件编号（空为保障方式的根）'),
    mode_code: code('保障方式编号'),
    operator: z.enum(['AND', 'OR', 'NOT']).describe('逻辑关系：AND 且、OR 或、NOT 非（恰一个子条件）'),
    name: note('组合判断名称', 200),
    enabled,
  },
  quantitative: {
    code: code('保障方式申请条件编号'),
    name: name('保障方式申请条件'),
    combination_code: ref('保障方式申请条件组合定性判断编号（空为保障方式的根条件）'),
    mode_code: code('保障方式编号'),
    category_code: ref('保障对象申请条件分类编号'),
    factor: name('判断因素（数值因素的代码，见 GET /api/rules/factors）', 60),
    unit: note('保障条件和保障标准计量方式（缺省为因素的单位）', 50),
    lower_value: decimal('条件起始值').nullish(),
    lower_op: z.enum(['>', '>=']).describe('与起始值逻辑关系').nullish(),
    upper_value: decimal('条件终止值').nullish(),
    upper_op: z.enum(['<', '<=']).describe('与终止值逻辑关系').nullish(),
    enabled,
  },
  qualitative: {
    code: code('保障方式申请条件编号'),
    name: name('保障方式申请条件'),
    combination_code: ref('保障方式申请条件组合定性判断编号（空为保障方式的根条件）'),
    mode_code: code('保障方式编号'),
    category_code: ref('保障对象申请条件分类编号'),
    factor: name('判断因素（逻辑因素的代码，见 GET /api/rules/factors）', 60),
    expected_value: z.boolean().describe('申请条件逻辑因素值（须为是 true 或否 false）'),
    enabled,
  },
  standards: {
    code: code('保障标准编号'),
    mode_code: code('保障方式编号'),
    name: name('保障标准名称（同名的多条按人户数分档）'),
    factor: name('保障标准取用因素（因素代码）', 60),
    unit: note('保障标准计量方式', 50),
    household_size: z.number().int().min(1).max(30).describe('人户数（空为不分人数）').nullish(),
    standard_value: decimal('因素值现有标准').nullish(),
    formula: note('取用因素实际值的计算公式（可用因素、参数和 standard_value）', 2000),
    parameters: z
      .record(
        z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,39}$/, '参数名须为字母开头的标识符'),
        decimal('参数值'),
      )
      .describe('公式参数（名称 → 数值）')
      .optional(),
    result_unit: note('计算结果单位', 50),
    enabled,
  },
  'support-projects': {
    code: code('支持项目编号'),
    name: name('支持项目'),
    supplier_type: note('支持对象类型', 100),
    description: note('说明'),
    enabled,
  },
  'support-modes': {
    code: code('支持方式编号'),
    project_code: code('支持项目编号'),
    name: name('支持方式'),
    enabled,
  },
  'support-conditions': {
    code: code('支持方式申请条件编号'),
    mode_code: code('支持方式编号'),
    condition: name('支持条件'),
    detail: note('具体条件', 2000),
    enabled,
  },
  'support-standards': {
    code: code('支持方式支持标准编号'),
    mode_code: code('支持方式编号'),
    current_standard: name('现有标准', 500),
    executed_standard: note('执行标准', 500),
    unit: note('计量单位', 50),
    enabled,
  },
  ordering: {
    code: code('排序因素编号'),
    name: name('排序因素名称'),
    factor: name('排序因素（因素代码）', 60),
    weight: decimal('权重（≥ 0）').refine((v) => v >= 0, '权重不能为负'),
    direction: z
      .enum(['higher_first', 'lower_first'])
      .describe('higher_first 值越大越优先、lower_first 值越小越优先')
      .optional(),
    cap: decimal('归一化上限（数值因素须填）')
      .refine((v) => v > 0, '须大于 0')
      .nullish(),
    enabled,
  },
} as const satisfies Record<string, z.ZodRawShape>;

export type Kind = keyof typeof ITEM_FIELDS;
export const KINDS = Object.keys(ITEM_FIELDS) as Kind[];
export type ItemInput = Record<string, unknown>;

export const createItemBody = (kind: Kind) => z.object(ITEM_FIELDS[kind]);
export const updateItemBody = (kind: Kind) => {
  // The code is the item's identity across versions (diffs, copies): it is given once, never changed.
  const { code: _code, ...rest } = ITEM_FIELDS[kind];
  return z
    .object(rest)
    .partial()
    .refine((value) => Object.values(value).some((v) => v !== undefined), '至少修改一项');
};

const templateCode = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_.-]{1,40}$/, '模版编号须为 1-40 位字母、数字、下划线、点或连字符')
  .describe('规则模版编号');
const date = (label: string) => z.iso.date().describe(`${label}（YYYY-MM-DD）`);

export const createVersionBody = z.object({
  template_code: templateCode,
  template_name: name('规则模版名称'),
  region_code: regionCode.describe('制定规则的地区（本辖区内）'),
  effective_from: date('生效日期'),
  effective_to: date('失效日期').nullish(),
  description: note('说明', 2000),
});
export type CreateVersionInput = z.infer<typeof createVersionBody>;

export const updateVersionBody = z
  .object({
    template_name: name('规则模版名称'),
    effective_from: date('生效日期'),
    effective_to: date('失效日期').nullable(),
    description: note('说明', 2000),
  })
  .partial()
  .refine((value) => Object.values(value).some((v) => v !== undefined), '至少修改一项');
export type UpdateVersionInput = z.infer<typeof updateVersionBody>;

export const copyVersionBody = z
  .object({
    template_code: templateCode.optional(),
    template_name: name('规则模版名称').optional(),
    region_code: regionCode.describe('新草稿的地区（缺省同原版本；须在本辖区内）').optional(),
    effective_from: date('生效日期').optional(),
    description: note('说明', 2000),
  })
  .optional();
export type CopyVersionInput = z.infer<typeof copyVersionBody>;

export const enableVersionBody = z.object({ effective_from: date('生效日期').optional() }).optional();

export const listVersionsQuery = z.object({
  template_code: templateCode.optional(),
  status: z.enum(['draft', 'enabled', 'disabled']).optional(),
  region: regionCode.describe('适用于该地区的版本（本级、下级与上级地区制定的）').optional(),
});
export type ListVersionsQuery = z.infer<typeof listVersionsQuery>;

export const diffQuery = z.object({
  against: z.coerce
    .number()
    .int()
    .positive()
    .describe('与之比较的版本（缺省：同模版的已启用版本，或复制来源）')
    .optional(),
});

export const regionQuery = z.object({
  region: regionCode.describe('只统计该地区（须在本辖区内）').optional(),
});

export const whatIfQuery = regionQuery.extend({
  against: z.coerce
    .number()
    .int()
    .positive()
    .describe('比较的基准版本（缺省：同模版的已启用版本）')
    .optional(),
});

export const rankingQuery = regionQuery.extend({
  mode: code('保障方式编号').describe('只排符合该保障方式条件的家庭（缺省：全部轮候家庭）').optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  page_size: z.coerce.number().int().min(1).max(200).default(50),
});
export type RankingQuery = z.infer<typeof rankingQuery>;

export const exchangeQuery = z.object({
  year: z.coerce.number().int().min(2000).max(2100).describe('保障规则年度（缺省今年）').optional(),
  region: regionCode.optional(),
});

const householdValue = z.union([z.number(), z.boolean(), z.null()]);
export const evaluateBody = z
  .object({
    household_id: z.number().int().positive().describe('申请家庭 ID').optional(),
    household: z
      .record(z.string(), householdValue)
      .describe(
        '测试家庭：因素代码 → 值（未给出的为无数据）；是否有残疾家庭成员同申请家庭一样由家庭成员最重残疾等级（1–4）推出，可不填，填写时须与之一致',
      )
      .optional(),
  })
  .refine((v) => (v.household_id === undefined) !== (v.household === undefined), {
    message: '须给出 household_id 或 household 之一',
    path: ['household_id'],
  });
export type EvaluateInput = z.infer<typeof evaluateBody>;
