/**
 * zod schemas of what the rules API answers (OpenAPI documentation and the client's generated types; the
 * presenters and analysis.ts produce these shapes). Items are described per kind with their output types (numbers
 * as numbers, absent values as null), so the client edits them without casts.
 */
import { z } from 'zod';
import type { Kind } from './schema.ts';

const id = z.number().int();
const text = z.string().nullable();
const num = z.number().nullable();
const stamp = { enabled: z.boolean(), enabled_at: z.string().nullable() };

/** Output fields of each kind (besides id, version_id and code). */
const FIELDS = {
  projects: { name: z.string(), income_class: text, special_group_class: text, description: text, ...stamp },
  modes: { project_code: z.string(), name: z.string(), mode_type: text, description: text, ...stamp },
  categories: { parent_code: text, name: z.string() },
  combinations: {
    parent_code: text,
    mode_code: z.string(),
    operator: z.enum(['AND', 'OR', 'NOT']),
    name: text,
    ...stamp,
  },
  quantitative: {
    name: z.string(),
    combination_code: text,
    mode_code: z.string(),
    category_code: text,
    factor: z.string(),
    unit: text,
    lower_value: num,
    lower_op: z.enum(['>', '>=']).nullable(),
    upper_value: num,
    upper_op: z.enum(['<', '<=']).nullable(),
    ...stamp,
  },
  qualitative: {
    name: z.string(),
    combination_code: text,
    mode_code: z.string(),
    category_code: text,
    factor: z.string(),
    expected_value: z.boolean(),
    ...stamp,
  },
  standards: {
    mode_code: z.string(),
    name: z.string(),
    factor: z.string(),
    unit: text,
    household_size: num,
    standard_value: num,
    formula: text,
    parameters: z.record(z.string(), z.number()).nullable(),
    result_unit: text,
    ...stamp,
  },
  'support-projects': { name: z.string(), supplier_type: text, description: text, ...stamp },
  'support-modes': { project_code: z.string(), name: z.string(), ...stamp },
  'support-conditions': { mode_code: z.string(), condition: z.string(), detail: text, ...stamp },
  'support-standards': {
    mode_code: z.string(),
    current_standard: z.string(),
    executed_standard: text,
    unit: text,
    ...stamp,
  },
  ordering: {
    name: z.string(),
    factor: z.string(),
    weight: z.number(),
    direction: z.enum(['higher_first', 'lower_first']),
    cap: num,
    ...stamp,
  },
} as const satisfies Record<Kind, z.ZodRawShape>;

export const itemResponse = (kind: Kind) =>
  z.object({ id, version_id: id, code: z.string(), ...FIELDS[kind] });

export const versionResponse = z.object({
  id,
  template_code: z.string(),
  template_name: z.string(),
  version_no: z.number().int(),
  status: z.enum(['draft', 'enabled', 'disabled']),
  effective_from: z.string(),
  effective_to: text,
  region_code: z.string(),
  region_name: z.string(),
  description: text,
  based_on_id: id.nullable(),
  enabled_at: text,
  enabled_by: text,
  disabled_at: text,
  disabled_by: text,
  created_at: z.string(),
  created_by: z.string(),
  updated_at: z.string(),
  updated_by: z.string(),
});

export const versionListResponse = z.object({ items: z.array(versionResponse) });

export const ruleSetResponse = versionResponse.extend({
  items: z.object({
    projects: z.array(itemResponse('projects')),
    modes: z.array(itemResponse('modes')),
    categories: z.array(itemResponse('categories')),
    combinations: z.array(itemResponse('combinations')),
    quantitative: z.array(itemResponse('quantitative')),
    qualitative: z.array(itemResponse('qualitative')),
    standards: z.array(itemResponse('standards')),
    'support-projects': z.array(itemResponse('support-projects')),
    'support-modes': z.array(itemResponse('support-modes')),
    'support-conditions': z.array(itemResponse('support-conditions')),
    'support-standards': z.array(itemResponse('support-standards')),
    ordering: z.array(itemResponse('ordering')),
  }),
});

export const factorsResponse = z.object({
  factors: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      unit: text,
      kind: z.enum(['quantitative', 'qualitative']),
      source: z.enum(['column', 'expression', 'derived', 'input']),
      expression: text,
      note: text,
    }),
  ),
});

const factorValue = z.union([z.number(), z.boolean(), z.null()]);

/**
 * One node of an explanation tree (engine.ts `Explanation`): a combination with `operator` and `children`, or a
 * quantitative/qualitative condition with the household's value and the threshold. Documented without recursion
 * (a recursive schema has no place in the OpenAPI document); the client types the children itself.
 */
const explanationNode = z.object({
  kind: z.enum(['combination', 'quantitative', 'qualitative']),
  code: text,
  name: text,
  pass: z.boolean().nullable(),
  operator: z.enum(['AND', 'OR', 'NOT']).optional(),
  children: z.array(z.record(z.string(), z.unknown())).optional(),
  factor: z.string().optional(),
  factor_name: z.string().optional(),
  unit: text.optional(),
  value: factorValue.optional(),
  lower: z.object({ value: z.number(), op: z.string(), inclusive: z.boolean() }).nullable().optional(),
  upper: z.object({ value: z.number(), op: z.string(), inclusive: z.boolean() }).nullable().optional(),
  interval: z.string().optional(),
  expected: z.boolean().optional(),
});

export const evaluationResponse = z.object({
  evaluation_id: id,
  household_id: id.nullable(),
  version_id: id,
  template_code: z.string(),
  version_no: z.number().int(),
  eligible_modes: z.array(z.string()),
  modes: z.array(
    z.object({
      project_code: text,
      project_name: text,
      mode_code: z.string(),
      mode_name: z.string(),
      mode_type: text,
      eligible: z.boolean(),
      explanation: explanationNode,
      standards: z.array(
        z.object({
          code: z.string(),
          name: z.string(),
          factor: z.string(),
          unit: text,
          household_size: num,
          standard_value: num,
          formula: text,
          value: num,
          result_unit: text,
        }),
      ),
    }),
  ),
  ordering: z.object({
    score: z.number(),
    factors: z.array(
      z.object({
        code: z.string(),
        factor: z.string(),
        value: factorValue,
        weight: z.number(),
        points: z.number(),
      }),
    ),
  }),
});

export const eligibilityResponse = z.object({
  version_id: id,
  districts: z.array(
    z.object({
      region_code: z.string(),
      region_name: z.string(),
      households: z.number().int(),
      eligible: z.number().int(),
      modes: z.record(z.string(), z.number().int()),
    }),
  ),
});

const counts = {
  region_code: z.string(),
  region_name: z.string(),
  households: z.number().int(),
  eligible_before: z.number().int(),
  eligible_after: z.number().int(),
  became_eligible: z.number().int(),
  became_ineligible: z.number().int(),
};

export const whatIfResponse = z.object({
  version_id: id,
  base_version_id: id.nullable(),
  districts: z.array(
    z.object({
      ...counts,
      modes: z.array(
        z.object({
          code: z.string(),
          name: z.string(),
          before: z.number().int(),
          after: z.number().int(),
          became_eligible: z.number().int(),
          became_ineligible: z.number().int(),
        }),
      ),
    }),
  ),
});

export const whatIfMapResponse = z.object({
  type: z.literal('FeatureCollection'),
  features: z.array(
    z.object({
      type: z.literal('Feature'),
      id: z.string(),
      properties: z.object({ ...counts, net_change: z.number().int(), modes: z.string() }),
      geometry: z.record(z.string(), z.unknown()).nullable(),
    }),
  ),
});

const summary = z.object({
  id,
  template_code: z.string(),
  version_no: z.number().int(),
  status: z.enum(['draft', 'enabled', 'disabled']),
});
const kindChanges = z.object({
  added: z.array(z.record(z.string(), z.unknown())),
  removed: z.array(z.record(z.string(), z.unknown())),
  changed: z.array(
    z.object({
      code: z.string(),
      fields: z.record(z.string(), z.object({ from: z.unknown(), to: z.unknown() })),
    }),
  ),
});

export const diffResponse = z.object({
  from: summary,
  to: summary,
  changes: z.record(z.string(), kindChanges),
});

export const exchangeResponse = z.object({
  year: z.number().int(),
  items: z.array(z.record(z.string(), z.unknown())),
});

export const rankingResponse = z.object({
  version_id: id,
  region_code: z.string(),
  mode_code: text,
  total: z.number().int(),
  tied_households: z.number().int().describe('与他户得分相同、须摇号排序的家庭数'),
  page: z.number().int(),
  page_size: z.number().int(),
  items: z.array(
    z.object({
      rank: z.number().int().describe('名次（同分同名次）'),
      household_id: id,
      application_no: z.string(),
      region_code: z.string(),
      region_name: z.string(),
      household_size: z.number().int(),
      waiting_days: z.number().int().nullable(),
      score: z.number(),
      tie_size: z.number().int().describe('同分家庭数；大于 1 时由摇号决定先后'),
      tied: z.boolean(),
    }),
  ),
});
