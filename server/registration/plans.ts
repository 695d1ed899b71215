/**
 * 拟保障实施方案 (A.3.14): computed by the rules engine at first review (初审) from the enabled rules of the
 * household's region — the same `readHousehold` + `evaluateHousehold` as `POST /api/rules/versions/{id}/evaluate`,
 * so the plan and the rules never disagree — and confirmed or modified at second review (复审). Every content
 * change is a revision with who, when, before and after.
 */
import type { Db, Tx } from '../db/knex.ts';
import type { Scope } from '../access/scope.ts';
import { badRequest, conflict, fieldError, notFound } from '../http/errors.ts';
import { assertCodes } from '../dictionaries/service.ts';
import { fromFen, toFen } from '../admission/figures.ts';
import { stageOf } from '../admission/stage-store.ts';
import { runnableRuleSet } from '../rules/analysis.ts';
import { evaluateHousehold, type Evaluation } from '../rules/engine.ts';
import { readHousehold } from '../rules/household.ts';
import { chosenMode, figuresOf, type PlanFigures } from './plan-figures.ts';
import type { ComputePlanInput, ModifyPlanInput } from './schema.ts';
import { STAGE_NAMES } from './stage.ts';
import * as store from './store.ts';

export const PLAN_LABEL = '拟保障实施方案';
const CONTENT: (keyof PlanFigures)[] = [
  'project_code',
  'project_name',
  'mode_code',
  'mode_name',
  'mode_type',
  'condition_codes',
  'standard_amount',
  'standard_unit',
  'proposed_subsidy',
  'proposed_area',
  'proposed_layout',
];

/** What a revision records of a plan: its content and the rules it came from. */
function contentOf(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = Object.fromEntries(CONTENT.map((k) => [k, row[k] ?? null]));
  if (out.proposed_area !== null) out.proposed_area = Number(out.proposed_area);
  out.rule_version_id = row.rule_version_id;
  return out;
}

/** The plan with its revisions, or 404. */
export async function getPlan(conn: Db | Tx, scope: Scope, householdId: number) {
  const plan = await store.findPlan(conn, scope, householdId);
  if (!plan) throw notFound(PLAN_LABEL);
  return { ...plan, revisions: await store.revisionsOf(conn, plan.id) };
}

async function lockedHousehold(trx: Tx, scope: Scope, householdId: number) {
  const household = await store.lockHousehold(trx, scope, householdId);
  if (!household) throw notFound('申请家庭');
  return household;
}

/** Refuses work outside `stage` with a 409 naming where the application is. */
async function assertStage(trx: Tx, householdId: number, stage: string, what: string): Promise<void> {
  const row = await stageOf(trx, householdId);
  const current = row.process_status === 'running' ? row.stage : null;
  if (current === stage) return;
  const where = current ? `当前处于“${STAGE_NAMES[current] ?? current}”` : '没有办理中的准入流程';
  throw conflict(`${what}只能在“${STAGE_NAMES[stage]}”阶段进行，该申请${where}`);
}

/** Evaluates the household against the rules that apply to its region (a district reads the city's). */
async function evaluate(trx: Tx, scope: Scope, householdId: number, region: string): Promise<Evaluation> {
  const versionId = await store.applicableRuleVersion(trx, region);
  if (!versionId) throw conflict('该家庭所在地区没有启用中的保障规则，无法计算拟保障实施方案');
  const set = await runnableRuleSet(trx, scope, versionId);
  const household = await readHousehold(trx, scope, householdId);
  if (!household) throw notFound('申请家庭');
  return { ...evaluateHousehold(set, household.values), values: household.values } as Evaluation;
}

function eligibleModeError(path: string, code: string, evaluation: Evaluation) {
  const eligible = evaluation.eligible_modes.join('、') || '无';
  return fieldError(path, `保障方式 ${code} 不是该家庭符合条件的保障方式（符合条件的：${eligible}）`);
}

/** Computes (or recomputes) the plan at first review; answers the plan with its revisions. */
export async function computePlan(trx: Tx, scope: Scope, householdId: number, input: ComputePlanInput) {
  const household = await lockedHousehold(trx, scope, householdId);
  await assertStage(trx, householdId, 'first_review', `计算${PLAN_LABEL}`);
  const evaluation = await evaluate(trx, scope, householdId, household.region_code);
  const mode = chosenMode(evaluation, input.mode_code);
  if (input.mode_code && !mode) throw eligibleModeError('body.mode_code', input.mode_code, evaluation);
  const row = {
    ...figuresOf(mode),
    eligible_modes: evaluation.eligible_modes,
    rule_version_id: evaluation.version_id,
    evaluation: JSON.stringify(evaluation),
    computed_at: trx.fn.now(),
    handling_stage: 'first_review',
    review_status: 'proposed',
    reviewer: scope.username,
    reviewed_at: trx.fn.now(),
  };
  const existing = await store.findPlan(trx, scope, householdId);
  const revision = (existing?.revision ?? 0) + 1;
  let planId: number;
  if (existing) {
    planId = existing.id;
    await store.updatePlan(trx, planId, { ...row, revision });
  } else {
    planId = await store.insertPlan(trx, {
      ...row,
      plan_no: `FA-${household.application_no}`,
      household_id: household.id,
      application_no: household.application_no,
      registration_year: household.registration_year,
      region_code: household.region_code,
    });
  }
  await store.insertRevision(trx, {
    plan_id: planId,
    revision,
    action: existing ? 'recomputed' : 'computed',
    stage: 'first_review',
    before: existing ? JSON.stringify(contentOf(existing)) : null,
    after: JSON.stringify(contentOf(row)),
    region_code: household.region_code,
  });
  return getPlan(trx, scope, householdId);
}

/** Second review's modification: another eligible mode and/or lower figures, with the reason. */
export async function modifyPlan(trx: Tx, scope: Scope, householdId: number, input: ModifyPlanInput) {
  const household = await lockedHousehold(trx, scope, householdId);
  const plan = await store.findPlan(trx, scope, householdId);
  if (!plan) throw notFound(PLAN_LABEL);
  await assertStage(trx, householdId, 'second_review', `修改${PLAN_LABEL}`);
  const evaluation = plan.evaluation as unknown as Evaluation;
  let content: Record<string, unknown> = contentOf(plan);
  if (input.mode_code !== undefined && input.mode_code !== plan.mode_code) {
    const mode = chosenMode(evaluation, input.mode_code);
    if (!mode) throw eligibleModeError('body.mode_code', input.mode_code, evaluation);
    content = { ...figuresOf(mode), rule_version_id: plan.rule_version_id };
  }
  if (input.proposed_layout !== undefined) {
    await assertCodes(trx, [
      { path: 'body.proposed_layout', dictionary: 'layout', code: input.proposed_layout },
    ]);
    content.proposed_layout = input.proposed_layout;
  }
  // Rounded as the column keeps it, so the revision records what is stored.
  if (input.proposed_area !== undefined)
    content.proposed_area = input.proposed_area === null ? null : Math.round(input.proposed_area * 100) / 100;
  if (input.proposed_subsidy !== undefined) {
    const standard = content.standard_amount as string | null;
    const subsidy = input.proposed_subsidy;
    if (subsidy !== null && standard === null)
      throw fieldError('body.proposed_subsidy', '该保障方式没有货币补贴标准，不能填写拟补贴额度');
    if (subsidy !== null && toFen(subsidy) > toFen(standard))
      throw fieldError('body.proposed_subsidy', `拟补贴额度不得超过标准额度 ${standard} 元`);
    content.proposed_subsidy = subsidy === null ? null : fromFen(toFen(subsidy));
  }
  const before = contentOf(plan);
  if (JSON.stringify(before) === JSON.stringify(content))
    throw badRequest('修改后的方案与现行方案相同，无需修改');
  const revision = plan.revision + 1;
  const { rule_version_id: _version, ...figures } = content;
  await store.updatePlan(trx, plan.id, {
    ...figures,
    revision,
    handling_stage: 'second_review',
    review_status: 'modified',
    reviewer: scope.username,
    reviewed_at: trx.fn.now(),
  });
  await store.insertRevision(trx, {
    plan_id: plan.id,
    revision,
    action: 'modified',
    stage: 'second_review',
    reason: input.reason,
    before: JSON.stringify(before),
    after: JSON.stringify(content),
    region_code: household.region_code,
  });
  return getPlan(trx, scope, householdId);
}
