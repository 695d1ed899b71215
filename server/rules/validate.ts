/**
 * Checks of rule items against their version: unknown factors, references to codes the version lacks, cycles in
 * parent chains, contradictory or empty ranges, NOT with other than one child, formulas that do not parse. The
 * same checks serve a single write (paths `body.<field>`) and a whole version before it is enabled or run
 * (paths `<kind>.<code>.<field>`).
 */
import type { FieldError } from '../http/errors.ts';
import { ExpressionError, parseExpression, type ValueType } from './expression/index.ts';
import { FACTOR_TYPES, factorOf, type FactorKind } from './factors.ts';
import { KIND_SPECS } from './kinds.ts';
import type { Combination, Item, RuleSet } from './model.ts';
import { KINDS, type Kind } from './schema.ts';

type Problem = { field: string; message: string };

function factorProblem(field: string, code: unknown, kind?: FactorKind): Problem[] {
  const factor = typeof code === 'string' ? factorOf(code) : undefined;
  if (!factor) return [{ field, message: `未登记的因素 “${String(code)}”（见 GET /api/rules/factors）` }];
  if (kind && factor.kind !== kind)
    return [
      { field, message: kind === 'quantitative' ? '定量判断须使用数值因素' : '定性判断须使用是/否因素' },
    ];
  return [];
}

function rangeProblems(item: Item): Problem[] {
  const lower = item.lower_value as number | null;
  const upper = item.upper_value as number | null;
  const problems: Problem[] = [];
  if (lower === null && upper === null)
    problems.push({ field: 'lower_value', message: '条件起始值和终止值至少给出一个' });
  if ((lower === null) !== (item.lower_op === null))
    problems.push({ field: 'lower_op', message: '条件起始值与“与起始值逻辑关系”须同时给出' });
  if ((upper === null) !== (item.upper_op === null))
    problems.push({ field: 'upper_op', message: '条件终止值与“与终止值逻辑关系”须同时给出' });
  if (lower !== null && upper !== null) {
    if (lower > upper)
      problems.push({ field: 'upper_value', message: `条件终止值 ${upper} 小于起始值 ${lower}，范围为空` });
    else if (lower === upper && (item.lower_op === '>' || item.upper_op === '<'))
      problems.push({ field: 'upper_op', message: `起始值与终止值均为 ${lower} 且有一端为开区间，范围为空` });
  }
  return problems;
}

function formulaProblems(item: Item): Problem[] {
  const parameters = (item.parameters ?? {}) as Record<string, number>;
  const clash = Object.keys(parameters).find((name) => FACTOR_TYPES.has(name) || name === 'standard_value');
  if (clash) return [{ field: 'parameters', message: `参数名 “${clash}” 与因素或 standard_value 重名` }];
  if (typeof item.formula !== 'string' || !item.formula.trim()) return [];
  const names = new Map<string, ValueType>([
    ...FACTOR_TYPES,
    ...Object.keys(parameters).map((name) => [name, 'number'] as const),
    ['standard_value', 'number'],
  ]);
  try {
    parseExpression(item.formula, names, 'number');
    return [];
  } catch (error) {
    if (error instanceof ExpressionError) return [{ field: 'formula', message: error.message }];
    throw error;
  }
}

/** The chain of parents from `start` up; the code that closes a cycle repeats at the end. */
function parentChain(byCode: Map<string, Item>, own: string, start: string | null): string[] {
  const chain = [own];
  for (let code = start; code; code = (byCode.get(code)?.parent_code as string | null) ?? null) {
    chain.push(code);
    if (code === own || chain.indexOf(code) !== chain.length - 1) break;
  }
  return chain;
}

/** Children of each combination code (conditions and combinations, enabled or not). */
export function childrenOf(set: RuleSet, replacing?: { kind: Kind; item: Item }): Map<string, string[]> {
  const children = new Map<string, string[]>();
  const add = (parent: unknown, child: string) => {
    if (typeof parent === 'string') children.set(parent, [...(children.get(parent) ?? []), child]);
  };
  for (const kind of ['combinations', 'quantitative', 'qualitative'] as const) {
    const field = kind === 'combinations' ? 'parent_code' : 'combination_code';
    const items = set.items[kind].filter(
      (i) => !(replacing?.kind === kind && i.code === replacing.item.code),
    );
    if (replacing?.kind === kind) items.push(replacing.item);
    for (const item of items) add(item[field], `${kind}:${item.code}`);
  }
  return children;
}

/** Problems of one item (as it would be after the write) in its version. */
export function itemProblems(set: RuleSet, kind: Kind, item: Item): Problem[] {
  const problems: Problem[] = [];
  const byCode = (k: Kind) => new Map(set.items[k].map((i) => [i.code, i]));
  for (const [field, target] of Object.entries(KIND_SPECS[kind].references)) {
    const code = item[field];
    if (typeof code === 'string' && !(code === item.code && target === kind) && !byCode(target!).has(code))
      problems.push({ field, message: `${KIND_SPECS[target!].label} “${code}” 在本版本中不存在` });
  }
  if (problems.length) return problems;

  if (kind === 'categories' || kind === 'combinations') {
    const items = byCode(kind);
    items.set(item.code, item);
    const chain = parentChain(items, item.code, (item.parent_code as string | null) ?? null);
    if (new Set(chain).size !== chain.length)
      problems.push({ field: 'parent_code', message: `父级关系形成循环：${chain.join(' → ')}` });
  }
  const combination = (code: unknown) =>
    typeof code === 'string' ? (byCode('combinations').get(code) as Combination | undefined) : undefined;
  const parent = combination(kind === 'combinations' ? item.parent_code : item.combination_code);
  const parentField = kind === 'combinations' ? 'parent_code' : 'combination_code';
  if (parent && 'mode_code' in item && parent.mode_code !== item.mode_code)
    problems.push({
      field: parentField,
      message: `组合判断 “${parent.code}” 属于保障方式 “${parent.mode_code}”`,
    });
  if (parent?.operator === 'NOT') {
    const siblings = childrenOf(set, { kind, item }).get(parent.code) ?? [];
    if (siblings.length > 1)
      problems.push({ field: parentField, message: `NOT 组合 “${parent.code}” 只能有一个子条件` });
  }
  switch (kind) {
    case 'combinations': {
      const own = childrenOf(set, { kind, item }).get(item.code) ?? [];
      if (item.operator === 'NOT' && own.length > 1)
        problems.push({ field: 'operator', message: `NOT 组合只能有一个子条件，现有 ${own.length} 个` });
      break;
    }
    case 'quantitative':
      problems.push(...factorProblem('factor', item.factor, 'quantitative'), ...rangeProblems(item));
      break;
    case 'qualitative':
      problems.push(...factorProblem('factor', item.factor, 'qualitative'));
      break;
    case 'standards':
      problems.push(...factorProblem('factor', item.factor), ...formulaProblems(item));
      if (item.formula == null && item.standard_value == null)
        problems.push({ field: 'standard_value', message: '现有标准和计算公式至少给出一个' });
      break;
    case 'ordering': {
      const factor = factorOf(item.factor as string);
      problems.push(...factorProblem('factor', item.factor));
      if (factor?.kind === 'quantitative' && item.cap == null)
        problems.push({ field: 'cap', message: '数值因素须给出归一化上限' });
      break;
    }
    case 'projects':
    case 'modes':
    case 'categories':
    case 'support-projects':
    case 'support-modes':
    case 'support-conditions':
    case 'support-standards':
      break;
  }
  return problems;
}

/** Every problem of a whole version, with paths `<kind>.<code>.<field>`; none means it can be enabled and run. */
export function ruleSetProblems(set: RuleSet): FieldError[] {
  const errors: FieldError[] = [];
  for (const kind of KINDS) {
    for (const item of set.items[kind]) {
      for (const p of itemProblems(set, kind, item))
        errors.push({ path: `${kind}.${item.code}.${p.field}`, message: p.message });
    }
  }
  const children = childrenOf(set);
  for (const combination of set.items.combinations as Combination[]) {
    const count = children.get(combination.code)?.length ?? 0;
    if (combination.operator === 'NOT' && count !== 1)
      errors.push({
        path: `combinations.${combination.code}.operator`,
        message: `NOT 组合须恰有一个子条件，现有 ${count} 个`,
      });
    else if (count === 0)
      errors.push({
        path: `combinations.${combination.code}.operator`,
        message: `${combination.operator} 组合没有子条件`,
      });
  }
  const conditioned = new Set(
    [...set.items.quantitative, ...set.items.qualitative].filter((c) => c.enabled).map((c) => c.mode_code),
  );
  for (const mode of set.items.modes.filter((m) => m.enabled && !conditioned.has(m.code)))
    errors.push({ path: `modes.${mode.code}.code`, message: '保障方式没有任何启用的申请条件' });
  return [...new Map(errors.map((e) => [`${e.path}|${e.message}`, e])).values()];
}
