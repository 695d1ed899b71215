/**
 * The figures of a proposed plan (A.3.14) read off a rules evaluation (rules/engine.ts `evaluateHousehold`), so
 * the plan says exactly what the rules say for the household: the mode, the conditions it met, the money standard
 * (标准额度, also the proposed subsidy until the second review lowers it) and the area standard with a layout.
 */
import type { Evaluation, Explanation, ModeResult } from '../rules/engine.ts';

export interface PlanFigures {
  project_code: string | null;
  project_name: string | null;
  mode_code: string | null;
  mode_name: string | null;
  mode_type: string | null;
  condition_codes: string[];
  standard_amount: string | null;
  standard_unit: string | null;
  proposed_subsidy: string | null;
  proposed_area: number | null;
  proposed_layout: string | null;
}

/** Standards paid out as money (a subsidy per month or year); a price cap in 元/平方米 is not an amount. */
const MONEY_UNITS = new Set(['元', '元/月', '元/年']);
const AREA_UNIT = '平方米';

/**
 * 户型 (code list `layout`) for a proposed floor area: the rules set areas, not layouts, so the layout is the
 * usual one for the area — up to 35 m² a studio (开间), under 50 one bedroom, under 70 two, under 100 three, else
 * four or more.
 */
export function layoutFor(area: number | null): string | null {
  if (area === null) return null;
  if (area <= 35) return '00';
  if (area < 50) return '01';
  if (area < 70) return '02';
  if (area < 100) return '03';
  return '04';
}

/** Codes of the conditions that passed, top down; the children of a NOT passed by failing, so they are left out. */
export function metConditions(node: Explanation): string[] {
  if (node.pass !== true) return [];
  const own = node.code ? [node.code] : [];
  if (node.kind !== 'combination' || node.operator === 'NOT') return own;
  return [...own, ...node.children.flatMap(metConditions)];
}

/** The eligible mode the plan proposes: the one asked for, else the first eligible in the rules' order. */
export function chosenMode(evaluation: Evaluation, modeCode?: string | null): ModeResult | undefined {
  const eligible = evaluation.modes.filter((m) => m.eligible);
  return modeCode ? eligible.find((m) => m.mode_code === modeCode) : eligible[0];
}

const amount = (value: number) => value.toFixed(2);

export function figuresOf(mode: ModeResult | undefined): PlanFigures {
  const money = mode?.standards.find((s) => s.value !== null && MONEY_UNITS.has(s.result_unit ?? ''));
  const area = mode?.standards.find((s) => s.value !== null && s.result_unit === AREA_UNIT);
  const proposedArea = area?.value ?? null;
  return {
    project_code: mode?.project_code ?? null,
    project_name: mode?.project_name ?? null,
    mode_code: mode?.mode_code ?? null,
    mode_name: mode?.mode_name ?? null,
    mode_type: mode?.mode_type ?? null,
    condition_codes: mode ? metConditions(mode.explanation) : [],
    standard_amount: money ? amount(money.value!) : null,
    standard_unit: money?.result_unit ?? null,
    proposed_subsidy: money ? amount(money.value!) : null,
    proposed_area: proposedArea,
    proposed_layout: layoutFor(proposedArea),
  };
}
