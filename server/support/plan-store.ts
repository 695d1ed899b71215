/** SQL of support plans (A.6.7) and their objects (A.6.8); every read is region-scoped. */
import type { Db, Tx } from '../db/knex.ts';
import { regionPrefix, scoped, type Scope } from '../access/scope.ts';
import { pageOf, whereText } from '../spatial/features.ts';
import type { PlanListQuery } from './schema.ts';

type Conn = Db | Tx;
export type Row = Record<string, unknown>;
export type PlanRow = Row & {
  id: number;
  plan_no: string;
  status: 'draft' | 'published' | 'cancelled';
  mode_code: string;
  project_code: string;
  region_code: string;
};
export type ObjectRow = Row & {
  id: number;
  plan_id: number;
  plan_status: PlanRow['status'];
  plan_no: string;
  project_code: string;
  status: 'planned' | 'allocated' | 'withdrawn';
  object_no: string;
  object_kind: 'unit' | 'person';
  approved_amount: string | null;
  subsidy_amount: string;
  region_code: string;
};

export const APPROVAL_TABLES = {
  unit: 'supplier_unit_approvals',
  person: 'supplier_person_approvals',
} as const;
const LIVE = ['planned', 'allocated'];

function plansIn(conn: Conn, scope: Scope) {
  return scoped(
    conn({ p: 'support_plans' }).join('regions as rg', 'rg.code', 'p.region_code'),
    scope,
    'p.region_code',
  ).select('p.*', 'rg.name as region_name');
}

export function listPlans(conn: Conn, scope: Scope, filter: PlanListQuery) {
  const query = plansIn(conn, scope);
  if (filter.region) void query.where('p.region_code', 'like', `${regionPrefix(filter.region)}%`);
  if (filter.status) void query.where('p.status', filter.status);
  if (filter.project_code) void query.where('p.project_code', filter.project_code);
  whereText(query, filter.q, ['p.plan_no', 'p.name']);
  void query.orderBy('p.id', 'desc');
  return pageOf<PlanRow>(query, filter, []);
}

export async function findPlan(
  conn: Conn,
  scope: Scope,
  id: number,
  options: { lock?: boolean } = {},
): Promise<PlanRow | undefined> {
  const query = plansIn(conn, scope).where('p.id', id);
  if (options.lock) void query.forUpdate('p');
  return (await query.first()) as PlanRow | undefined;
}

export async function insertPlan(trx: Tx, row: Row): Promise<number> {
  const [inserted] = await trx('support_plans').insert(row).returning<{ id: number }[]>('id');
  return inserted!.id;
}

export async function updatePlan(trx: Tx, id: number, changes: Row): Promise<void> {
  await trx('support_plans').where({ id }).update(changes);
}

/** 本期支持对象数量 / 土地分配总面积 / 补贴总金额 from the plan's live objects (withdrawn ones do not count). */
export async function recomputeTotals(trx: Tx, planId: number): Promise<void> {
  await trx.raw(
    `UPDATE support_plans p
        SET total_objects = t.n, total_land_area = t.area, total_subsidy = t.subsidy
       FROM (SELECT count(*)::int AS n, coalesce(sum(land_area), 0) AS area, coalesce(sum(subsidy_amount), 0) AS subsidy
               FROM support_plan_objects WHERE plan_id = ? AND status IN ('planned', 'allocated')) t
      WHERE p.id = ?`,
    [planId, planId],
  );
}

function objectsIn(conn: Conn, scope: Scope) {
  return scoped(
    conn({ o: 'support_plan_objects' })
      .join('support_plans as p', 'p.id', 'o.plan_id')
      .join('regions as rg', 'rg.code', 'o.region_code')
      .leftJoin('supplier_unit_approvals as ua', 'ua.id', 'o.unit_approval_id')
      .leftJoin('supplier_person_approvals as pa', 'pa.id', 'o.person_approval_id'),
    scope,
    'o.region_code',
  ).select(
    'o.*',
    'rg.name as region_name',
    'p.status as plan_status',
    conn.raw('coalesce(ua.approved_amount, pa.approved_amount)::text AS approved_amount'),
  );
}

export async function objectsOf(conn: Conn, scope: Scope, planId: number): Promise<ObjectRow[]> {
  return (await objectsIn(conn, scope).where('o.plan_id', planId).orderBy('o.id')) as ObjectRow[];
}

export async function findObject(
  conn: Conn,
  scope: Scope,
  id: number,
  options: { lock?: boolean } = {},
): Promise<ObjectRow | undefined> {
  const query = objectsIn(conn, scope).where('o.id', id);
  if (options.lock) void query.forUpdate('o');
  return (await query.first()) as ObjectRow | undefined;
}

export async function insertObjects(trx: Tx, rows: Row[]): Promise<void> {
  if (rows.length) await trx('support_plan_objects').insert(rows);
}

export async function updateObject(trx: Tx, id: number, changes: Row): Promise<void> {
  await trx('support_plan_objects').where({ id }).update(changes);
}

export async function deleteObject(trx: Tx, id: number): Promise<void> {
  await trx('support_plan_objects').where({ id }).delete();
}

export type ApprovalRow = Row & {
  id: number;
  approval_no: string;
  status: string;
  approved_amount: string | null;
  support_mode_code: string;
  support_project_code: string;
  name: string;
  region_code: string;
};

/** A supplier approval (unit A.3.17 or person A.3.18) in the scope, with its name. */
export async function findApproval(
  conn: Conn,
  scope: Scope,
  kind: 'unit' | 'person',
  id: number,
): Promise<ApprovalRow | undefined> {
  const name = kind === 'unit' ? 'unit_name' : 'applicant_name';
  return scoped(conn(APPROVAL_TABLES[kind]), scope)
    .where({ id })
    .first<ApprovalRow | undefined>(
      'id',
      'approval_no',
      'status',
      'approved_amount',
      'support_mode_code',
      'support_project_code',
      'region_code',
      `${name} as name`,
    );
}

/** Plans (other than `planId`) in which the approval numbers are live objects: number → plan number. */
export async function liveElsewhere(
  conn: Conn,
  numbers: string[],
  planId: number,
): Promise<Map<string, string>> {
  const rows = await conn('support_plan_objects')
    .whereIn('object_no', numbers)
    .whereIn('status', LIVE)
    .whereNot('plan_id', planId)
    .select<{ object_no: string; plan_no: string }[]>('object_no', 'plan_no');
  return new Map(rows.map((r) => [r.object_no, r.plan_no]));
}

/** Approved applications of the mode in the scope that no live plan holds: what a draft plan may take in. */
export async function candidates(conn: Conn, scope: Scope, modeCode: string): Promise<Row[]> {
  const part = (kind: 'unit' | 'person') => {
    const name = kind === 'unit' ? 'a.unit_name' : 'a.applicant_name';
    return scoped(conn({ a: APPROVAL_TABLES[kind] }), scope, 'a.region_code')
      .where({ 'a.status': 'approved', 'a.support_mode_code': modeCode })
      .whereNotExists(
        conn('support_plan_objects as o').whereRaw('o.object_no = a.approval_no').whereIn('o.status', LIVE),
      )
      .select(
        conn.raw('? AS kind', [kind]),
        'a.id as approval_id',
        'a.approval_no',
        conn.raw(`${name} AS name`),
        conn.raw('a.approved_amount::text AS approved_amount'),
        'a.region_code',
      );
  };
  return (await part('unit').unionAll(part('person')).orderBy('approval_no').limit(500)) as Row[];
}
