/**
 * The admission process (server/admission/process.ts) held to the plan, and its end written down:
 * - 初审 (first_review) cannot pass without a plan that proposes an eligible mode (A.3.14);
 * - 复审 (second_review) with decision `modify` needs the plan modified in this review (PUT …/plan), `approve`
 *   confirms it;
 * - the process ending `approved` (准予登记) writes the registry book (A.3.16), puts the household on the waiting
 *   list and renders the 准予登记通知书; ending `denied` renders the 不予登记通知书 with the reviewer's reason.
 * Everything runs in the engine's transaction, so a refused hook leaves the task open and nothing half-written.
 */
import type { Tx } from '../db/knex.ts';
import { conflict } from '../http/errors.ts';
import { renderRegistrationNotice } from '../documents/registration.ts';
import { historyOf, onNode, onProcessEnd } from '../workflow/engine.ts';
import { registerHousehold } from './registry.ts';
import { ADMISSION_PROCESS, HOUSEHOLD_BUSINESS } from './stage.ts';
import * as store from './store.ts';

const PLAN_ROUTE = 'POST /api/applications/{id}/plan';

onNode(ADMISSION_PROCESS, 'first_review', {
  // Back at first review (a return from the second review, or re-verification after the notice): the plan is
  // reviewed again from here.
  async onEnter(trx, ctx) {
    const plan = await store.planOfHousehold(trx, ctx.instance.business_id);
    if (plan) await store.updatePlan(trx, plan.id, { handling_stage: 'first_review' });
  },
  async beforeComplete(trx, ctx) {
    if (ctx.decision !== 'approve') return;
    const plan = await store.planOfHousehold(trx, ctx.instance.business_id);
    if (!plan) throw conflict(`初审通过前须先计算拟保障实施方案（${PLAN_ROUTE}）`);
    if (!plan.mode_code)
      throw conflict('该家庭不符合任何保障方式的条件（拟保障实施方案没有拟住房保障方式），初审不能通过');
    await store.updatePlan(trx, plan.id, {
      review_status: 'first_approved',
      reviewer: ctx.actor.username,
      reviewed_at: trx.fn.now(),
    });
  },
});

onNode(ADMISSION_PROCESS, 'second_review', {
  async onEnter(trx, ctx) {
    const plan = await store.planOfHousehold(trx, ctx.instance.business_id);
    if (plan) await store.updatePlan(trx, plan.id, { handling_stage: 'second_review' });
  },
  async beforeComplete(trx, ctx) {
    const plan = await store.planOfHousehold(trx, ctx.instance.business_id);
    if (ctx.decision === 'modify' && plan?.review_status !== 'modified')
      throw conflict('选择“修改”须先在复审中修改拟保障实施方案（PUT /api/applications/{id}/plan）');
    if (ctx.decision === 'approve' && plan)
      await store.updatePlan(trx, plan.id, {
        review_status: 'confirmed',
        reviewer: ctx.actor.username,
        reviewed_at: trx.fn.now(),
      });
  },
});

/** What the approval notice says of the plan: the mode, and the area or the subsidy it grants. */
function planSummary(plan: store.PlanRow | undefined): { security_mode: string; plan_summary: string } {
  if (!plan) return { security_mode: '', plan_summary: '' };
  const subsidy = plan.proposed_subsidy as string | null;
  const unit = (plan.standard_unit as string | null) ?? '元';
  const parts = [
    plan.proposed_area === null ? null : `配给房屋建筑面积 ${Number(plan.proposed_area)} 平方米`,
    subsidy === null ? null : `补贴 ${subsidy} ${unit}`,
  ].filter(Boolean);
  return {
    security_mode:
      [plan.project_name, plan.mode_name].filter(Boolean).join(' ') || String(plan.mode_code ?? ''),
    plan_summary: parts.join('，'),
  };
}

/** The reason of a denial: the comment of the last decision that was not a pass (审核不通过、初审或复审不予通过). */
async function denialReason(trx: Tx, processInstanceId: number): Promise<string> {
  const events = await historyOf(trx, processInstanceId);
  const denial = events
    .filter(
      (e) =>
        e.type === 'completed' && e.decision && !['approve', 'pass', 'submit', 'modify'].includes(e.decision),
    )
    .at(-1);
  return denial?.comment?.trim() || '经审核，申请家庭不符合住房保障准入条件';
}

onProcessEnd(ADMISSION_PROCESS, async (trx, ctx) => {
  if (ctx.instance.business_type !== HOUSEHOLD_BUSINESS) return;
  const householdId = ctx.instance.business_id;
  if (ctx.outcome === 'approved') {
    await registerHousehold(trx, householdId);
    const plan = await store.planOfHousehold(trx, householdId);
    await renderRegistrationNotice(trx, householdId, 'approved', planSummary(plan));
  } else if (ctx.outcome === 'denied') {
    const plan = await store.planOfHousehold(trx, householdId);
    if (plan) await store.updatePlan(trx, plan.id, { handling_stage: 'denied', review_status: 'denied' });
    await renderRegistrationNotice(trx, householdId, 'denied', {
      reason: await denialReason(trx, ctx.instance.id),
    });
  }
});
