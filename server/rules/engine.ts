/**
 * Evaluates one household against a rule version: for each 保障方式, eligible or not with the explanation tree
 * (each condition: factor, the household's value, the threshold with open/closed ends, pass/fail/unknown;
 * combinations with operator and children), the computed 保障标准, and the waiting-list ordering score.
 * Missing data is unknown (null) and follows SQL's three-valued logic, exactly as the batch does (sql.ts): a
 * household is eligible only when its tree is true.
 */
import { evaluate, parseExpression, type Value, type ValueType } from './expression/index.ts';
import { FACTOR_TYPES, factorOf } from './factors.ts';
import type { FactorValues } from './household.ts';
import type { OrderingFactor, RuleSet, Standard } from './model.ts';
import { interval, modeTrees, type TreeNode } from './tree.ts';

export type Pass = boolean | null;

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
      value: Value;
      lower: { value: number; op: '>' | '>='; inclusive: boolean } | null;
      upper: { value: number; op: '<' | '<='; inclusive: boolean } | null;
      interval: string;
      pass: Pass;
    }
  | {
      kind: 'qualitative';
      code: string;
      name: string;
      factor: string;
      factor_name: string;
      value: Value;
      expected: boolean;
      pass: Pass;
    };

export interface StandardResult {
  code: string;
  name: string;
  factor: string;
  unit: string | null;
  household_size: number | null;
  standard_value: number | null;
  formula: string | null;
  value: number | null;
  result_unit: string | null;
}

export interface ModeResult {
  project_code: string | null;
  project_name: string | null;
  mode_code: string;
  mode_name: string;
  mode_type: string | null;
  eligible: boolean;
  explanation: Explanation;
  standards: StandardResult[];
}

export interface Evaluation {
  version_id: number;
  template_code: string;
  version_no: number;
  modes: ModeResult[];
  eligible_modes: string[];
  ordering: {
    score: number;
    factors: { code: string; factor: string; value: Value; weight: number; points: number }[];
  };
}

/** Kleene AND/OR over children; NOT of unknown stays unknown. */
function combine(operator: 'AND' | 'OR' | 'NOT', passes: Pass[]): Pass {
  if (operator === 'NOT') return passes[0] === null || passes[0] === undefined ? null : !passes[0];
  const dominant = operator === 'OR';
  if (passes.includes(dominant)) return dominant;
  return passes.includes(null) ? null : !dominant;
}

function explain(node: TreeNode, values: FactorValues): Explanation {
  switch (node.kind) {
    case 'combination': {
      const children = node.children.map((child) => explain(child, values));
      return {
        kind: 'combination',
        code: node.item?.code ?? null,
        name: node.item?.name ?? null,
        operator: node.operator,
        pass: combine(
          node.operator,
          children.map((c) => c.pass),
        ),
        children,
      };
    }
    case 'quantitative': {
      const { item } = node;
      const value = values[item.factor] ?? null;
      const lower =
        item.lower_value === null
          ? null
          : { value: item.lower_value, op: item.lower_op!, inclusive: item.lower_op === '>=' };
      const upper =
        item.upper_value === null
          ? null
          : { value: item.upper_value, op: item.upper_op!, inclusive: item.upper_op === '<=' };
      const v = value as number | null;
      const pass =
        v === null
          ? null
          : (!lower || (lower.inclusive ? v >= lower.value : v > lower.value)) &&
            (!upper || (upper.inclusive ? v <= upper.value : v < upper.value));
      return {
        kind: 'quantitative',
        code: item.code,
        name: item.name,
        factor: item.factor,
        factor_name: factorOf(item.factor)?.name ?? item.factor,
        unit: item.unit ?? factorOf(item.factor)?.unit ?? null,
        value,
        lower,
        upper,
        interval: interval(item),
        pass,
      };
    }
    case 'qualitative': {
      const { item } = node;
      const value = values[item.factor] ?? null;
      return {
        kind: 'qualitative',
        code: item.code,
        name: item.name,
        factor: item.factor,
        factor_name: factorOf(item.factor)?.name ?? item.factor,
        value,
        expected: item.expected_value,
        pass: value === null ? null : value === item.expected_value,
      };
    }
  }
}

/**
 * The standards of a mode for this household: rows sharing a name are tiers by 人户数, and the tier with the
 * largest 人户数 not above the household's size applies (a row without 人户数 applies to every size).
 */
function standardsFor(standards: Standard[], values: FactorValues): StandardResult[] {
  const size = values.household_size as number | null;
  const byName = new Map<string, Standard[]>();
  for (const s of standards) byName.set(s.name, [...(byName.get(s.name) ?? []), s]);
  return [...byName.values()].flatMap((tiers) => {
    const fitting = tiers
      .filter((s) => s.household_size === null || (size !== null && s.household_size <= size))
      .sort((a, b) => (b.household_size ?? 0) - (a.household_size ?? 0));
    const chosen = fitting[0];
    if (!chosen) return [];
    let value: number | null = chosen.standard_value;
    if (chosen.formula) {
      const parameters = chosen.parameters ?? {};
      const names = new Map<string, ValueType>([
        ...FACTOR_TYPES,
        ...Object.keys(parameters).map((n) => [n, 'number'] as const),
        ['standard_value', 'number'],
      ]);
      const { ast } = parseExpression(chosen.formula, names, 'number');
      value = evaluate(ast, { ...values, ...parameters, standard_value: chosen.standard_value }) as
        number | null;
    }
    return [
      {
        code: chosen.code,
        name: chosen.name,
        factor: chosen.factor,
        unit: chosen.unit,
        household_size: chosen.household_size,
        standard_value: chosen.standard_value,
        formula: chosen.formula,
        value: value === null ? null : Math.round(value * 100) / 100,
        result_unit: chosen.result_unit,
      },
    ];
  });
}

/**
 * Rounds a non-negative number to 4 places, half up, as PostgreSQL's numeric round does in the ranking (sql of
 * ranking.ts). Exact halves are common here (15 × 元 amounts with 2 decimals / 30,000) and binary floating point
 * lands them a hair below; the relative nudge (far above float error, far below 0.00005) restores them.
 */
const round4 = (x: number) => Math.round(x * 1e4 * (1 + 1e-12)) / 1e4;

/** Waiting-list score (轮候排队): Σ weight × normalised value; a numeric factor is value / cap, capped at 1. */
function orderingScore(factors: OrderingFactor[], values: FactorValues): Evaluation['ordering'] {
  const scored = factors
    .filter((f) => f.enabled)
    .map((f) => {
      const value = values[f.factor] ?? null;
      // Multiplied before dividing, here and in SQL: a share such as 12,345.65 / 30,000 never terminates, and
      // rounding it first would move exact halves of the points (see round4).
      const lowerFirst = f.direction === 'lower_first';
      let points = 0;
      if (typeof value === 'boolean') points = value !== lowerFirst ? f.weight : 0;
      else if (typeof value === 'number' && f.cap) {
        const clamped = Math.min(Math.max(value, 0), f.cap);
        points = (f.weight * (lowerFirst ? f.cap - clamped : clamped)) / f.cap;
      }
      return {
        code: f.code,
        factor: f.factor,
        value,
        weight: f.weight,
        points: round4(points),
      };
    });
  const score = round4(scored.reduce((sum, f) => sum + f.points, 0));
  return { score, factors: scored };
}

/** Evaluates `values` against every mode of the version. */
export function evaluateHousehold(set: RuleSet, values: FactorValues): Evaluation {
  const standards = (set.items.standards as Standard[]).filter((s) => s.enabled);
  const modes = modeTrees(set).map(({ project, mode, root }): ModeResult => {
    const explanation = explain(root, values);
    const eligible = explanation.pass === true;
    return {
      project_code: project?.code ?? null,
      project_name: (project?.name as string | undefined) ?? null,
      mode_code: mode.code,
      mode_name: mode.name as string,
      mode_type: (mode.mode_type as string | null) ?? null,
      eligible,
      explanation,
      standards: eligible
        ? standardsFor(
            standards.filter((s) => s.mode_code === mode.code),
            values,
          )
        : [],
    };
  });
  return {
    version_id: set.version.id,
    template_code: set.version.template_code,
    version_no: set.version.version_no,
    modes,
    eligible_modes: modes.filter((m) => m.eligible).map((m) => m.mode_code),
    ordering: orderingScore(set.items.ordering as OrderingFactor[], values),
  };
}
