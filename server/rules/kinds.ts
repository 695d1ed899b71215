/**
 * The kinds of items a rule version holds: table, label and the codes each refers to inside the version. One
 * table drives the store, validation, copying and diffs, so a new kind is one line here plus its schema.
 */
import type { Kind } from './schema.ts';

export interface KindSpec {
  table: string;
  label: string;
  /** Field → the kind whose code it names (in the same version). */
  references: Partial<Record<string, Kind>>;
  /** Numeric columns (numeric in SQL, numbers in the API). */
  numbers?: string[];
}

export const KIND_SPECS: Record<Kind, KindSpec> = {
  projects: { table: 'rule_projects', label: '保障项目', references: {} },
  modes: { table: 'rule_modes', label: '保障方式', references: { project_code: 'projects' } },
  categories: {
    table: 'rule_condition_categories',
    label: '申请条件分类',
    references: { parent_code: 'categories' },
  },
  combinations: {
    table: 'rule_combinations',
    label: '组合判断',
    references: { parent_code: 'combinations', mode_code: 'modes' },
  },
  quantitative: {
    table: 'rule_quantitative_conditions',
    label: '定量判断',
    references: { combination_code: 'combinations', mode_code: 'modes', category_code: 'categories' },
    numbers: ['lower_value', 'upper_value'],
  },
  qualitative: {
    table: 'rule_qualitative_conditions',
    label: '定性判断',
    references: { combination_code: 'combinations', mode_code: 'modes', category_code: 'categories' },
  },
  standards: {
    table: 'rule_standards',
    label: '保障标准',
    references: { mode_code: 'modes' },
    numbers: ['standard_value'],
  },
  'support-projects': { table: 'rule_support_projects', label: '支持项目', references: {} },
  'support-modes': {
    table: 'rule_support_modes',
    label: '支持方式',
    references: { project_code: 'support-projects' },
  },
  'support-conditions': {
    table: 'rule_support_conditions',
    label: '支持对象申请条件',
    references: { mode_code: 'support-modes' },
  },
  'support-standards': {
    table: 'rule_support_standards',
    label: '支持标准',
    references: { mode_code: 'support-modes' },
  },
  ordering: {
    table: 'rule_ordering_factors',
    label: '轮候排队规则',
    references: {},
    numbers: ['weight', 'cap'],
  },
};

/** Kinds in an order where every reference points to an earlier kind (or the same one): the copy order. */
export const KIND_ORDER: Kind[] = [
  'projects',
  'modes',
  'categories',
  'combinations',
  'quantitative',
  'qualitative',
  'standards',
  'support-projects',
  'support-modes',
  'support-conditions',
  'support-standards',
  'ordering',
];
