/**
 * Client-side shapes of the rules API (from the generated OpenAPI types), the editable fields of each kind of
 * item with their Chinese field names (Appendix A.1), and the explanation tree, which the OpenAPI document
 * describes without recursion.
 */
import { data, http } from '../api.ts';
import type { operations } from '../api/schema';

type Ok<K extends keyof operations> = operations[K] extends {
  responses: { 200: { content: { 'application/json': infer T } } };
}
  ? T
  : never;

export type Version = Ok<'rules.versions.get'>;
export type VersionSummary = Ok<'rules.versions.list'>['items'][number];
export type Items = Version['items'];
export type Kind = keyof Items;
export type AnyItem = Items[Kind][number];
export type Quantitative = Items['quantitative'][number];
export type Qualitative = Items['qualitative'][number];
export type Combination = Items['combinations'][number];
export type Mode = Items['modes'][number];
export type Factor = Ok<'rules.factors'>['factors'][number];
export type Evaluation = Ok<'rules.versions.evaluate'>;
export type WhatIf = Ok<'rules.versions.what_if'>;
export type WhatIfMap = operations['rules.versions.what_if_map'] extends {
  responses: { 200: { content: { 'application/geo+json': infer T } } };
}
  ? T
  : never;
export type Diff = Ok<'rules.versions.diff'>;
export type Ranking = Ok<'rules.versions.ranking'>;

export type Pass = boolean | null;

/** One node of the explanation of a decision (server/rules/engine.ts `Explanation`). */
export type Explanation =
  | {
      kind: 'combination';
      code: string | null;
      name: string | null;
      operator: 'AND' | 'OR' | 'NOT';
      pass: Pass;
      children: Explanation[];
    }
  | {
      kind: 'quantitative';
      code: string;
      name: string;
      factor: string;
      factor_name: string;
      unit: string | null;
      value: number | boolean | null;
      interval: string;
      pass: Pass;
    }
  | {
      kind: 'qualitative';
      code: string;
      name: string;
      factor: string;
      factor_name: string;
      value: number | boolean | null;
      expected: boolean;
      pass: Pass;
    };

export type FieldType = 'text' | 'textarea' | 'number' | 'int' | 'bool' | 'select' | 'ref' | 'params';

export interface FieldSpec {
  name: string;
  /** The Appendix A field name (中文), shown as the label in every locale. */
  label: string;
  type: FieldType;
  required?: boolean;
  /** Fixed options for `select`. */
  options?: readonly (readonly [string, string])[];
  /** The kind whose codes a `ref` field chooses from, or the factor kind for `factor`. */
  ref?: Kind | 'factor-quantitative' | 'factor-qualitative' | 'factor';
}

const code = (label: string): FieldSpec => ({ name: 'code', label, type: 'text', required: true });
const enabled: FieldSpec = { name: 'enabled', label: '是否启用', type: 'bool' };
const LOWER_OPS = [
  ['>=', '≥（闭区间）'],
  ['>', '>（开区间）'],
] as const;
const UPPER_OPS = [
  ['<=', '≤（闭区间）'],
  ['<', '<（开区间）'],
] as const;

/** Editable fields of each kind, in form order. */
export const FIELDS: Record<Kind, FieldSpec[]> = {
  projects: [
    code('保障项目编号'),
    { name: 'name', label: '保障项目', type: 'text', required: true },
    { name: 'income_class', label: '收入分类', type: 'text' },
    { name: 'special_group_class', label: '特殊人群分类', type: 'text' },
    { name: 'description', label: '说明', type: 'textarea' },
    enabled,
  ],
  modes: [
    code('保障方式编号'),
    { name: 'project_code', label: '保障项目编号', type: 'ref', ref: 'projects', required: true },
    { name: 'name', label: '保障方式', type: 'text', required: true },
    { name: 'mode_type', label: '保障方式类别', type: 'text' },
    { name: 'description', label: '说明', type: 'textarea' },
    enabled,
  ],
  categories: [
    code('保障对象申请条件分类编号'),
    { name: 'parent_code', label: '父级保障对象申请条件分类编号', type: 'ref', ref: 'categories' },
    { name: 'name', label: '保障对象申请条件分类名称', type: 'text', required: true },
  ],
  combinations: [
    code('保障方式申请条件组合定性判断编号'),
    {
      name: 'operator',
      label: '逻辑关系',
      type: 'select',
      required: true,
      options: [
        ['AND', 'AND 且'],
        ['OR', 'OR 或'],
        ['NOT', 'NOT 非'],
      ],
    },
    { name: 'name', label: '组合判断名称', type: 'text' },
    enabled,
  ],
  quantitative: [
    code('保障方式申请条件编号'),
    { name: 'name', label: '保障方式申请条件', type: 'text', required: true },
    { name: 'factor', label: '判断因素', type: 'ref', ref: 'factor-quantitative', required: true },
    { name: 'lower_op', label: '与起始值逻辑关系', type: 'select', options: LOWER_OPS },
    { name: 'lower_value', label: '条件起始值', type: 'number' },
    { name: 'upper_op', label: '与终止值逻辑关系', type: 'select', options: UPPER_OPS },
    { name: 'upper_value', label: '条件终止值', type: 'number' },
    { name: 'unit', label: '保障条件和保障标准计量方式', type: 'text' },
    { name: 'category_code', label: '保障对象申请条件分类编号', type: 'ref', ref: 'categories' },
    enabled,
  ],
  qualitative: [
    code('保障方式申请条件编号'),
    { name: 'name', label: '保障方式申请条件', type: 'text', required: true },
    { name: 'factor', label: '判断因素', type: 'ref', ref: 'factor-qualitative', required: true },
    {
      name: 'expected_value',
      label: '申请条件逻辑因素值',
      type: 'select',
      required: true,
      options: [
        ['true', '是'],
        ['false', '否'],
      ],
    },
    { name: 'category_code', label: '保障对象申请条件分类编号', type: 'ref', ref: 'categories' },
    enabled,
  ],
  standards: [
    code('保障标准编号'),
    { name: 'mode_code', label: '保障方式编号', type: 'ref', ref: 'modes', required: true },
    { name: 'name', label: '保障标准名称', type: 'text', required: true },
    { name: 'factor', label: '保障标准取用因素', type: 'ref', ref: 'factor', required: true },
    { name: 'household_size', label: '人户数', type: 'int' },
    { name: 'standard_value', label: '因素值现有标准', type: 'number' },
    { name: 'formula', label: '取用因素实际值的计算公式', type: 'textarea' },
    { name: 'parameters', label: '公式参数', type: 'params' },
    { name: 'unit', label: '保障标准计量方式', type: 'text' },
    { name: 'result_unit', label: '计算结果单位', type: 'text' },
    enabled,
  ],
  'support-projects': [
    code('支持项目编号'),
    { name: 'name', label: '支持项目', type: 'text', required: true },
    { name: 'supplier_type', label: '支持对象类型', type: 'text' },
    { name: 'description', label: '说明', type: 'textarea' },
    enabled,
  ],
  'support-modes': [
    code('支持方式编号'),
    { name: 'project_code', label: '支持项目编号', type: 'ref', ref: 'support-projects', required: true },
    { name: 'name', label: '支持方式', type: 'text', required: true },
    enabled,
  ],
  'support-conditions': [
    code('支持方式申请条件编号'),
    { name: 'mode_code', label: '支持方式编号', type: 'ref', ref: 'support-modes', required: true },
    { name: 'condition', label: '支持条件', type: 'text', required: true },
    { name: 'detail', label: '具体条件', type: 'textarea' },
    enabled,
  ],
  'support-standards': [
    code('支持方式支持标准编号'),
    { name: 'mode_code', label: '支持方式编号', type: 'ref', ref: 'support-modes', required: true },
    { name: 'current_standard', label: '现有标准', type: 'text', required: true },
    { name: 'executed_standard', label: '执行标准', type: 'text' },
    { name: 'unit', label: '计量单位', type: 'text' },
    enabled,
  ],
  ordering: [
    code('排序因素编号'),
    { name: 'name', label: '排序因素名称', type: 'text', required: true },
    { name: 'factor', label: '排序因素', type: 'ref', ref: 'factor', required: true },
    { name: 'weight', label: '权重', type: 'number', required: true },
    {
      name: 'direction',
      label: '排序方向',
      type: 'select',
      options: [
        ['higher_first', '值越大越优先'],
        ['lower_first', '值越小越优先'],
      ],
    },
    { name: 'cap', label: '归一化上限', type: 'number' },
    enabled,
  ],
};

/** Appendix A names of the kinds (A.1.1-A.1.11 and the ordering rules). */
export const KIND_LABELS: Record<Kind, string> = {
  projects: '保障项目',
  modes: '保障方式',
  categories: '申请条件分类',
  combinations: '组合判断',
  quantitative: '定量判断',
  qualitative: '定性判断',
  standards: '保障标准',
  'support-projects': '支持项目',
  'support-modes': '支持方式',
  'support-conditions': '支持对象申请条件',
  'support-standards': '支持标准',
  ordering: '轮候排队规则',
};

export const KINDS = Object.keys(KIND_LABELS) as Kind[];

/** Interval notation of a quantitative condition, e.g. `[0, 10000]`. */
export function interval(item: Pick<Quantitative, 'lower_value' | 'lower_op' | 'upper_value' | 'upper_op'>) {
  const lower =
    item.lower_value === null ? '(-∞' : `${item.lower_op === '>=' ? '[' : '('}${item.lower_value}`;
  const upper =
    item.upper_value === null ? '+∞)' : `${item.upper_value}${item.upper_op === '<=' ? ']' : ')'}`;
  return `${lower}, ${upper}`;
}

/**
 * Item writes for any kind. The twelve kinds share one path shape, so the typed client is called with the
 * quantitative path standing for all of them (the server validates each kind's body and names bad fields).
 */
export const itemApi = {
  create: (kind: Kind, versionId: number, body: Record<string, unknown>) =>
    data(
      http.POST(`/api/rules/versions/{id}/${kind}` as '/api/rules/versions/{id}/quantitative', {
        params: { path: { id: versionId } },
        body: body as never,
      }),
    ),
  update: (kind: Kind, id: number, body: Record<string, unknown>) =>
    data(
      http.PATCH(`/api/rules/${kind}/{id}` as '/api/rules/quantitative/{id}', {
        params: { path: { id } },
        body: body as never,
      }),
    ),
  remove: (kind: Kind, id: number) =>
    data(
      http.DELETE(`/api/rules/${kind}/{id}` as '/api/rules/quantitative/{id}', {
        params: { path: { id } },
      }),
    ),
};

/** Any item value as text: objects as JSON, nothing as ''. */
export function text(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  if (typeof value === 'string') return value;
  return (value as number | boolean | bigint).toString();
}
