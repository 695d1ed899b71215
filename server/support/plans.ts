/**
 * Support plans (CJJ/T 196 9.2.2 for support projects; A.6.7 支持项目资源配置方案, A.6.8 支持对象明细): a plan per
 * support mode and period, drawn up from the enabled rules of its region, whose objects are approved supplier
 * applications (A.3.17/A.3.18) of that mode. Its 本期支持对象数量 / 土地分配总面积 / 补贴总金额 are recomputed from
 * its live objects on every change. Published, the plan is handed to deployment (10.2.2): each object is
 * allocated (配给; its subsidy posted as funds out of the support ledger, A.6.4) or withdrawn.
 */
import type { Db, Tx } from '../db/knex.ts';
import type { Scope } from '../access/scope.ts';
import { conflict, fieldError, notFound, validationFailed, type FieldError } from '../http/errors.ts';
import { fromFen, toFen } from '../admission/figures.ts';
import { isoDate } from '../shared/rows.ts';
import { guarded } from './errors.ts';
import * as ledger from './ledger-store.ts';
import { assertOpenDay, regionIn } from './ledgers.ts';
import * as store from './plan-store.ts';
import { presentObject, presentPlan } from './presenter.ts';
import { supportModeOf } from './rules.ts';
import type {
  AddObjectsInput,
  CreatePlanInput,
  PlanListQuery,
  UpdateObjectInput,
  UpdatePlanInput,
} from './schema.ts';

const money = (yuan: string) => fromFen(toFen(yuan));
const LABEL = '支持项目配置方案';

async function detail(conn: Db | Tx, scope: Scope, id: number) {
  const plan = await store.findPlan(conn, scope, id);
  if (!plan) throw notFound(LABEL);
  const objects = await store.objectsOf(conn, scope, id);
  return { ...presentPlan(plan), objects: objects.map((o) => presentObject(o, scope)) };
}

async function draftPlan(trx: Tx, scope: Scope, id: number) {
  const plan = await store.findPlan(trx, scope, id, { lock: true });
  if (!plan) throw notFound(LABEL);
  if (plan.status !== 'draft')
    throw conflict(`方案 ${plan.plan_no} 已${plan.status === 'published' ? '发布' : '撤销'}，不能修改`);
  return plan;
}

export async function createPlan(trx: Tx, scope: Scope, input: CreatePlanInput) {
  const region = await regionIn(trx, scope, input.region_code);
  const { mode, project, versionId } = await supportModeOf(trx, region, input.mode_code, 'body.mode_code');
  const id = await store.insertPlan(trx, {
    name: input.name,
    project_code: mode.project_code,
    project_name: project?.name ?? null,
    mode_code: mode.code,
    mode_name: mode.name,
    object_type: project?.supplier_type ?? null,
    period_type: input.period_type,
    period: input.period,
    description: input.description ?? null,
    rule_version_id: versionId,
    region_code: region,
  });
  return detail(trx, scope, id);
}

export async function listPlans(db: Db, scope: Scope, query: PlanListQuery) {
  const { rows, total } = await store.listPlans(db, scope, query);
  return { items: rows.map(presentPlan), total, page: query.page, page_size: query.page_size };
}

export const getPlan = (db: Db, scope: Scope, id: number) => detail(db, scope, id);

export async function updatePlan(trx: Tx, scope: Scope, id: number, input: UpdatePlanInput) {
  await draftPlan(trx, scope, id);
  const changes = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
  await store.updatePlan(trx, id, changes);
  return detail(trx, scope, id);
}

/**
 * Adds approved applications of the plan's mode as its objects; each refusal is reported at its index (not
 * found or outside the scope, not yet approved, another mode, already in a live plan, more than 核定额度).
 */
export async function addObjects(trx: Tx, scope: Scope, id: number, input: AddObjectsInput) {
  const plan = await draftPlan(trx, scope, id);
  const errors: FieldError[] = [];
  const rows: Record<string, unknown>[] = [];
  const approvals: (store.ApprovalRow | undefined)[] = [];
  for (const object of input.objects)
    approvals.push(await store.findApproval(trx, scope, object.kind, object.approval_id));
  const elsewhere = await store.liveElsewhere(
    trx,
    approvals.flatMap((a) => (a ? [a.approval_no] : [])),
    id,
  );
  const seen = new Set<string>();
  input.objects.forEach((object, i) => {
    const at = `body.objects.${i}`;
    const approval = approvals[i];
    if (!approval)
      return errors.push({ path: `${at}.approval_id`, message: '登记审批不存在或不在您的管辖范围内' });
    if (approval.status !== 'approved' || approval.approved_amount === null)
      return errors.push({
        path: `${at}.approval_id`,
        message: `${approval.approval_no} 尚未核定，不能列入方案`,
      });
    if (approval.support_mode_code !== plan.mode_code)
      return errors.push({
        path: `${at}.approval_id`,
        message: `${approval.approval_no} 申请的支持方式为 ${approval.support_mode_code}，与方案的 ${plan.mode_code} 不同`,
      });
    const other = elsewhere.get(approval.approval_no);
    if (other || seen.has(approval.approval_no))
      return errors.push({
        path: `${at}.approval_id`,
        message: `${approval.approval_no} 已列入方案 ${other ?? plan.plan_no}`,
      });
    seen.add(approval.approval_no);
    const subsidy = object.subsidy_amount ?? approval.approved_amount;
    if (toFen(subsidy) > toFen(approval.approved_amount))
      return errors.push({
        path: `${at}.subsidy_amount`,
        message: `补贴金额不得超过核定额度 ${approval.approved_amount} 元`,
      });
    rows.push({
      object_no: approval.approval_no,
      project_code: plan.project_code,
      mode_code: plan.mode_code,
      plan_id: id,
      plan_no: plan.plan_no,
      object_kind: object.kind,
      unit_approval_id: object.kind === 'unit' ? approval.id : null,
      person_approval_id: object.kind === 'person' ? approval.id : null,
      object_name: approval.name,
      subsidy_amount: money(subsidy),
      land_area: object.land_area ?? 0,
      region_code: approval.region_code,
    });
  });
  if (errors.length) throw validationFailed(errors);
  // A plan that already holds the approval (planned or withdrawn) takes it back in place.
  const existing = new Map((await store.objectsOf(trx, scope, id)).map((o) => [o.object_no, o]));
  for (const row of rows) {
    const old = existing.get(row.object_no as string);
    if (old)
      await store.updateObject(trx, old.id, {
        status: 'planned',
        subsidy_amount: row.subsidy_amount,
        land_area: row.land_area,
      });
  }
  await guarded(() =>
    store.insertObjects(
      trx,
      rows.filter((r) => !existing.has(r.object_no as string)),
    ),
  );
  await store.recomputeTotals(trx, id);
  return detail(trx, scope, id);
}

export async function candidates(db: Db, scope: Scope, id: number) {
  const plan = await store.findPlan(db, scope, id);
  if (!plan) throw notFound(LABEL);
  const rows = await store.candidates(db, scope, plan.mode_code);
  return {
    items: rows
      .map((r) => presentObject({ ...r, object_kind: r.kind, object_name: r.name }, scope))
      .map((r) => ({
        kind: r.kind as 'unit' | 'person',
        approval_id: r.approval_id as number,
        approval_no: r.approval_no as string,
        name: r.object_name as string,
        approved_amount: r.approved_amount as string,
        region_code: r.region_code as string,
      })),
  };
}

/** Publishing hands the plan to deployment (9.2.2 item 2): with objects, totals recomputed, once. */
export async function publishPlan(trx: Tx, scope: Scope, id: number) {
  const plan = await draftPlan(trx, scope, id);
  await store.recomputeTotals(trx, id);
  const objects = (await store.objectsOf(trx, scope, id)).filter((o) => o.status === 'planned');
  if (!objects.length) throw conflict(`方案 ${plan.plan_no} 没有支持对象，不能发布`);
  await store.updatePlan(trx, id, {
    status: 'published',
    published_at: trx.fn.now(),
    published_by: scope.username,
  });
  return detail(trx, scope, id);
}

/**
 * An object's status (配置状态) or its amounts. Allocating (published plans only) records 分配时间 and posts its
 * subsidy as funds out of the support ledger in the same transaction (10.2.2 item 1); withdrawing takes a
 * planned object out; amounts change while the plan is a draft, never above 核定额度.
 */
export async function updateObject(trx: Tx, scope: Scope, id: number, input: UpdateObjectInput) {
  const object = await store.findObject(trx, scope, id, { lock: true });
  if (!object) throw notFound('支持对象明细');
  await store.findPlan(trx, scope, object.plan_id, { lock: true });
  const changes: Record<string, unknown> = {};
  if (input.subsidy_amount !== undefined || input.land_area !== undefined) {
    if (object.plan_status !== 'draft') throw conflict('方案已发布，不能修改支持对象的金额或面积');
    if (input.subsidy_amount !== undefined) {
      if (toFen(input.subsidy_amount) > toFen(object.approved_amount))
        throw fieldError('body.subsidy_amount', `补贴金额不得超过核定额度 ${object.approved_amount} 元`);
      changes.subsidy_amount = money(input.subsidy_amount);
    }
    if (input.land_area !== undefined) changes.land_area = input.land_area;
  }
  if (input.status === 'allocated') {
    if (object.plan_status !== 'published') throw conflict('方案发布后才能配给');
    if (object.status !== 'planned')
      throw conflict(`支持对象 ${object.object_no} 的状态为 ${object.status}，不能配给`);
    changes.status = 'allocated';
    changes.allocated_at = trx.fn.now();
    if (toFen(object.subsidy_amount) > 0) {
      const today = isoDate(new Date());
      await assertOpenDay(trx, object.region_code, object.project_code, today, 'body.status');
      await guarded(() =>
        ledger.post(trx, {
          region_code: object.region_code,
          project_code: object.project_code,
          resource_type: 'funds',
          direction: 'out',
          received_on: today,
          amount: object.subsidy_amount,
          batch_no: object.plan_no,
          handed_by: scope.username,
          received_by: object.object_no,
          source: 'plan_allocation',
          source_id: object.id,
          note: `支持对象配给 ${object.object_no}（方案 ${object.plan_no}）`,
        }),
      );
    }
  } else if (input.status === 'withdrawn') {
    if (object.status !== 'planned') throw conflict(`支持对象 ${object.object_no} 已配给或已撤出，不能撤出`);
    changes.status = 'withdrawn';
  }
  await store.updateObject(trx, id, changes);
  await store.recomputeTotals(trx, object.plan_id);
  return presentObject((await store.findObject(trx, scope, id))!, scope);
}

/** Removes an object from a draft plan. */
export async function removeObject(trx: Tx, scope: Scope, id: number) {
  const object = await store.findObject(trx, scope, id, { lock: true });
  if (!object) throw notFound('支持对象明细');
  await draftPlan(trx, scope, object.plan_id);
  await store.deleteObject(trx, id);
  await store.recomputeTotals(trx, object.plan_id);
}
