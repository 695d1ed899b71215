/**
 * The condition tree of each 保障方式 of a rule version: combinations (A.1.6) over quantitative (A.1.4) and
 * qualitative (A.1.5) conditions, with an implicit AND at the root over the mode's top-level items. Disabled
 * items (是否启用 = false) are left out with their subtrees. The same tree is evaluated in JS (engine.ts) and
 * compiled to SQL (sql.ts).
 */
import type { Combination, Item, Qualitative, Quantitative, RuleSet } from './model.ts';

export type TreeNode =
  | { kind: 'combination'; item: Combination | null; operator: 'AND' | 'OR' | 'NOT'; children: TreeNode[] }
  | { kind: 'quantitative'; item: Quantitative }
  | { kind: 'qualitative'; item: Qualitative };

export interface ModeTree {
  project: Item | undefined;
  mode: Item;
  root: TreeNode;
}

/** Trees of the enabled modes of enabled projects; the version must have passed ruleSetProblems (no cycles). */
export function modeTrees(set: RuleSet): ModeTree[] {
  const projects = new Map(set.items.projects.map((p) => [p.code, p]));
  const combinations = (set.items.combinations as Combination[]).filter((c) => c.enabled);
  const quantitative = (set.items.quantitative as Quantitative[]).filter((c) => c.enabled);
  const qualitative = (set.items.qualitative as Qualitative[]).filter((c) => c.enabled);
  const under = (mode: string, parent: string | null, seen: Set<string>): TreeNode[] => [
    ...combinations
      .filter((c) => c.mode_code === mode && c.parent_code === parent && !seen.has(c.code))
      .map((c): TreeNode => ({
        kind: 'combination',
        item: c,
        operator: c.operator,
        children: under(mode, c.code, new Set([...seen, c.code])),
      })),
    ...quantitative
      .filter((c) => c.mode_code === mode && c.combination_code === parent)
      .map((item): TreeNode => ({ kind: 'quantitative', item })),
    ...qualitative
      .filter((c) => c.mode_code === mode && c.combination_code === parent)
      .map((item): TreeNode => ({ kind: 'qualitative', item })),
  ];
  return set.items.modes
    .filter((mode) => mode.enabled && projects.get(mode.project_code as string)?.enabled !== false)
    .map((mode) => ({
      project: projects.get(mode.project_code as string),
      mode,
      root: { kind: 'combination', item: null, operator: 'AND', children: under(mode.code, null, new Set()) },
    }));
}

/** Interval notation of a quantitative condition, e.g. `(0, 10000]`. */
export function interval(item: Quantitative): string {
  const lower =
    item.lower_value === null ? '(-∞' : `${item.lower_op === '>=' ? '[' : '('}${item.lower_value}`;
  const upper =
    item.upper_value === null ? '+∞)' : `${item.upper_value}${item.upper_op === '<=' ? ']' : ')'}`;
  return `${lower}, ${upper}`;
}
