/**
 * Allocation plans (CJJ/T 196 9.2.2; A.6.5, A.6.6, A.6.9): drafted for a 保障方式 and period from the enabled rules
 * of the region — households from the top of the ranked waiting list, units handed over and delivered, or a
 * subsidy per household — edited while a draft, then published (发布 = handed to deployment, 9.2.2 item 2) with
 * its totals recomputed from the details; closed or cancelled, it lets go of what it had not allocated.
 * A household or unit is in at most one live plan: the spine's partial unique indexes guarantee it; the checks
 * here name the other plan (409) before the index would refuse.
 */
import type { Db, Tx } from '../db/knex.ts';
import { inScope, regionPrefix, type Scope } from '../access/scope.ts';
import { conflict, notFound, validationFailed, type FieldError } from '../http/errors.ts';
import { unknownRegionCodes } from '../regions/store.ts';
import { isoDate } from '../shared/rows.ts';
import {
  availableUnits,
  rankedAmong,
  rulesFor,
  subsidyAmounts,
  topOfWaitingList,
  type Candidate,
  type PlanRules,
  type UnitCandidate,
} from './candidates.ts';
import * as store from './plan-store.ts';
import type { PlanRow } from './plan-store.ts';
import type { CreatePlanInput, DetailListQuery, PlanListQuery, UpdatePlanInput } from './schema.ts';

type Conn = Db | Tx;
const LABEL = '资源配置方案';

/** Answers 409 naming the households already in another live plan. */
async function assertHouseholdsFree(trx: Tx, ids: number[], planId: number): Promise<void> {
  const taken = await store.householdsInOtherPlans(trx, ids, planId);
  if (taken.length)
    throw conflict(
      `家庭已列入其他有效方案：${taken.map((t) => `${t.application_no}（${t.plan_no}）`).join('、')}`,
    );
}

async function assertUnitsFree(trx: Tx, ids: number[], planId: number): Promise<void> {
  const taken = await store.unitsInOtherPlans(trx, ids, planId);
  if (taken.length)
    throw conflict(
      `房屋已列入其他有效方案：${taken.map((t) => `${t.resource_no}（${t.plan_no}）`).join('、')}`,
    );
}

async function householdRows(trx: Tx, scope: Scope, plan: PlanRow, rules: PlanRules, found: Candidate[]) {
  const amounts =
    plan.resource_kind === 'subsidy'
      ? await subsidyAmounts(
          trx,
          scope,
          rules,
          found.map((c) => c.id),
        )
      : new Map<number, string | null>();
  return found.map((c) => ({
    household_id: c.id,
    application_no: c.application_no,
    registration_year: c.registration_year,
    region_code: c.region_code,
    plan_id: plan.id,
    plan_no: plan.plan_no,
    project_code: plan.project_code,
    mode_code: plan.mode_code,
    waiting_rank: c.rank,
    score: c.score,
    subsidy_amount: amounts.get(c.id) ?? null,
  }));
}

const unitRows = (plan: PlanRow, units: UnitCandidate[]) =>
  units.map((u) => ({
    resource_no: u.unit_no,
    resource_type: 'unit',
    plan_id: plan.id,
    plan_no: plan.plan_no,
    unit_id: u.id,
    floor_area: u.floor_area,
    region_code: plan.region_code,
  }));

/** Keeps the plan's totals (and a subsidy plan's fund resource) equal to its live details. */
async function refreshTotals(trx: Tx, plan: PlanRow): Promise<store.Totals> {
  const totals = await store.totalsOf(trx, plan.id);
  await store.updatePlan(trx, plan.id, {
    total_households: totals.households,
    total_units: totals.units,
    total_area: totals.area,
    total_subsidy: totals.subsidy,
  });
  if (plan.resource_kind === 'subsidy') await store.upsertFund(trx, plan, totals.subsidy);
  return totals;
}

/** Drafts a plan; answers it with its detail (and a warning when a tie group made it larger than asked). */
export async function createPlan(trx: Tx, scope: Scope, input: CreatePlanInput) {
  const region = input.region_code ?? scope.regionCode;
  const errors: FieldError[] = [];
  if (!inScope(scope, region) || (await unknownRegionCodes(trx, [region])).length)
    errors.push({ path: 'body.region_code', message: '行政区划代码不存在或不在您的管辖范围内' });
  const prefix = regionPrefix(region);
  const project =
    input.resource_kind === 'units' && input.project_id !== undefined
      ? await store.findProject(trx, scope, input.project_id)
      : undefined;
  if (input.resource_kind === 'units' && (!project || !project.region_code.startsWith(prefix)))
    errors.push({ path: 'body.project_id', message: '建设项目不存在或不在方案所属地区内' });
  if (errors.length) throw validationFailed(errors);
  const rules = await rulesFor(trx, scope, region, input.mode_code, 'body.mode_code');
  const plan = await store.insertPlan(
    trx,
    {
      mode_code: input.mode_code,
      project_code: rules.mode.project_code,
      mode_type: rules.mode.mode_type ?? null,
      name: input.name,
      period_type: input.period_type,
      period: input.period,
      object_type: input.object_type,
      resource_kind: input.resource_kind,
      rule_version_id: rules.set.version.id,
      project_id: input.resource_kind === 'units' ? input.project_id : null,
      starts_on: input.starts_on,
      ends_on: input.ends_on,
      description: input.description ?? null,
      region_code: region,
    },
    Number(input.starts_on.slice(0, 4)),
  );
  const households = await topOfWaitingList(trx, rules, prefix, input.household_count, input.tie_policy);
  await store.insertHouseholds(trx, await householdRows(trx, scope, plan, rules, households));
  if (input.resource_kind === 'units') {
    const units = await availableUnits(trx, scope, prefix, {
      project_id: input.project_id,
      layouts: input.layouts,
      min_area: input.min_area,
      max_area: input.max_area,
      limit: input.unit_count,
    });
    await store.insertResources(trx, unitRows(plan, units));
  }
  await refreshTotals(trx, plan);
  const warnings: string[] = [];
  if (households.length > input.household_count)
    warnings.push(`第 ${input.household_count} 名处同分并列，整组列入，共 ${households.length} 户`);
  if (households.length < input.household_count)
    warnings.push(`符合条件的轮候家庭（或同分整组不列入后）仅 ${households.length} 户`);
  return getPlan(trx, scope, plan.id, warnings);
}

export async function getPlan(conn: Conn, scope: Scope, id: number, warnings: string[] = []) {
  const plan = await store.findPlan(conn, scope, id);
  if (!plan) throw notFound(LABEL);
  const [households, resources, tied] = [
    await store.statusCounts(conn, 'allocation_plan_households', id),
    await store.statusCounts(conn, 'allocation_plan_resources', id),
    await store.tiedHouseholds(conn, id),
  ];
  return {
    ...plan,
    household_statuses: households,
    resource_statuses: resources,
    tied_households: tied,
    warnings,
  };
}

export const listPlans = (conn: Conn, scope: Scope, query: PlanListQuery) =>
  store.listPlans(conn, scope, query);

async function lockedPlan(trx: Tx, scope: Scope, id: number): Promise<PlanRow> {
  const plan = await store.lockPlan(trx, scope, id);
  if (!plan) throw notFound(LABEL);
  return plan;
}

function assertDraft(plan: PlanRow, what: string): void {
  if (plan.status !== 'draft')
    throw conflict(`方案 ${plan.plan_no} 已${STATUS_NAMES[plan.status]}，不能${what}`);
}

const STATUS_NAMES: Record<PlanRow['status'], string> = {
  draft: '为草稿',
  published: '发布',
  closed: '关闭',
  cancelled: '撤销',
};

/** Ids given twice or both added and removed are refused at their place. */
function listProblems(input: UpdatePlanInput): FieldError[] {
  const errors: FieldError[] = [];
  for (const [add, remove] of [
    ['add_households', 'remove_households'],
    ['add_units', 'remove_units'],
  ] as const) {
    const removing = new Set(input[remove] ?? []);
    const seen = new Set<number>();
    (input[add] ?? []).forEach((id, i) => {
      if (seen.has(id) || removing.has(id))
        errors.push({ path: `body.${add}.${i}`, message: '重复或同时要求撤出' });
      seen.add(id);
    });
  }
  return errors;
}

/** Edits a draft: rename, dates, households and units in or out; answers the plan. */
export async function updatePlan(trx: Tx, scope: Scope, id: number, input: UpdatePlanInput) {
  const plan = await lockedPlan(trx, scope, id);
  assertDraft(plan, '修改');
  const errors = listProblems(input);
  const starts = input.starts_on ?? isoDate(plan.starts_on as Date);
  const ends = input.ends_on ?? isoDate(plan.ends_on as Date);
  if (ends < starts) errors.push({ path: 'body.ends_on', message: '分配结束日期不能早于开始日期' });
  const prefix = regionPrefix(plan.region_code);
  const addH = input.add_households ?? [];
  const addU = input.add_units ?? [];
  let rules: PlanRules | undefined;
  let found = new Map<number, Candidate>();
  if (addH.length) {
    rules = await rulesFor(trx, scope, plan.region_code, plan.mode_code, 'body.add_households');
    found = await rankedAmong(trx, rules, prefix, addH);
    const present = new Set(
      (
        await trx('allocation_plan_households')
          .where({ plan_id: plan.id })
          .whereIn('household_id', addH)
          .select<{ household_id: number }[]>('household_id')
      ).map((r) => Number(r.household_id)),
    );
    addH.forEach((h, i) => {
      if (present.has(h)) errors.push({ path: `body.add_households.${i}`, message: '该家庭已在本方案中' });
      else if (!found.has(h))
        errors.push({
          path: `body.add_households.${i}`,
          message: '家庭不存在、不在方案地区内、不在轮候中或不符合该保障方式的条件',
        });
    });
  }
  let units: UnitCandidate[] = [];
  if (addU.length) {
    if (plan.resource_kind !== 'units')
      errors.push({ path: 'body.add_units', message: '货币补贴方案没有房源' });
    else {
      await assertUnitsFree(trx, addU, plan.id);
      units = await availableUnits(trx, scope, prefix, { ids: addU });
      const ok = new Set(units.map((u) => u.id));
      addU.forEach((u, i) => {
        if (!ok.has(u))
          errors.push({
            path: `body.add_units.${i}`,
            message: '房屋不存在、不在方案地区内、未移交、非已交付状态或已在本方案中',
          });
      });
    }
  }
  if (errors.length) throw validationFailed(errors);
  await assertHouseholdsFree(trx, addH, plan.id);
  const changes: Record<string, unknown> = {};
  for (const key of ['name', 'object_type', 'starts_on', 'ends_on', 'description'] as const)
    if (input[key] !== undefined) changes[key] = input[key];
  if (Object.keys(changes).length) await store.updatePlan(trx, plan.id, changes);
  if (input.remove_households?.length) await store.removeHouseholds(trx, plan.id, input.remove_households);
  if (input.remove_units?.length) await store.removeUnits(trx, plan.id, input.remove_units);
  if (addH.length)
    await store.insertHouseholds(
      trx,
      await householdRows(
        trx,
        scope,
        plan,
        rules!,
        addH.map((h) => found.get(h)!),
      ),
    );
  if (units.length) await store.insertResources(trx, unitRows(plan, units));
  await refreshTotals(trx, plan);
  return getPlan(trx, scope, plan.id);
}

/**
 * Publishes a draft (9.2.2 item 2): totals recomputed from the details; refused (409) without households, when a
 * household is no longer waiting, for a units plan without units or with more households than units (a published
 * plan promises each of its households a unit this period: who goes first is the order's business, not whether),
 * and for a subsidy plan with a household whose subsidy is unknown.
 */
export async function publishPlan(trx: Tx, scope: Scope, id: number) {
  const plan = await lockedPlan(trx, scope, id);
  assertDraft(plan, '发布');
  const totals = await refreshTotals(trx, plan);
  if (!totals.households) throw conflict(`方案 ${plan.plan_no} 没有保障对象，不能发布`);
  const gone = await store.notWaiting(trx, plan.id);
  if (gone.length) throw conflict(`以下家庭已不在轮候中，请先撤出：${gone.join('、')}`);
  if (plan.resource_kind === 'units') {
    if (!totals.units) throw conflict(`方案 ${plan.plan_no} 没有房源，不能发布`);
    if (totals.households > totals.units)
      throw conflict(
        `方案 ${plan.plan_no} 有 ${totals.households} 户而只有 ${totals.units} 套房源：户数不能多于套数`,
      );
  } else {
    const missing = await store.withoutSubsidy(trx, plan.id);
    if (missing.length) throw conflict(`以下家庭没有补贴金额（规则无货币补贴标准）：${missing.join('、')}`);
  }
  await store.updatePlan(trx, plan.id, {
    status: 'published',
    published_at: trx.fn.now(),
    published_by: scope.username,
  });
  return getPlan(trx, scope, plan.id);
}

/** Closes a published plan at the end of its period: what it had not allocated is withdrawn (free again). */
export async function closePlan(trx: Tx, scope: Scope, id: number) {
  const plan = await lockedPlan(trx, scope, id);
  if (plan.status !== 'published')
    throw conflict(`只有已发布的方案可以关闭（${plan.plan_no} ${STATUS_NAMES[plan.status]}）`);
  await store.releasePlan(trx, plan.id);
  await store.updatePlan(trx, plan.id, { status: 'closed' });
  await refreshTotals(trx, plan);
  return getPlan(trx, scope, plan.id);
}

/** Cancels a draft or a published plan that has allocated nothing yet, with the reason in its description. */
export async function cancelPlan(trx: Tx, scope: Scope, id: number, reason: string) {
  const plan = await lockedPlan(trx, scope, id);
  if (plan.status !== 'draft' && plan.status !== 'published')
    throw conflict(`方案 ${plan.plan_no} 已${STATUS_NAMES[plan.status]}`);
  const counts = await store.statusCounts(trx, 'allocation_plan_households', plan.id);
  if (counts.allocated) throw conflict(`方案 ${plan.plan_no} 已有 ${counts.allocated} 户完成分配，不能撤销`);
  await store.releasePlan(trx, plan.id);
  await store.updatePlan(trx, plan.id, {
    status: 'cancelled',
    published_at: plan.published_at ?? trx.fn.now(),
    description: [plan.description, `撤销原因：${reason}`].filter(Boolean).join('\n'),
  });
  return getPlan(trx, scope, plan.id);
}

async function visiblePlan(conn: Conn, scope: Scope, id: number): Promise<PlanRow> {
  const plan = await store.findPlan(conn, scope, id);
  if (!plan) throw notFound(LABEL);
  return plan;
}

export async function planHouseholds(conn: Conn, scope: Scope, id: number, query: DetailListQuery) {
  return store.planHouseholds(conn, (await visiblePlan(conn, scope, id)).id, query);
}

export async function planResources(conn: Conn, scope: Scope, id: number, query: DetailListQuery) {
  return store.planResources(conn, (await visiblePlan(conn, scope, id)).id, query);
}
