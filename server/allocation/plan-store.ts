/** SQL of allocation plans (A.6.5), their households (A.6.6) and resources (A.6.9); always region-scoped. */
import type { Knex } from 'knex';
import type { Db, Tx } from '../db/knex.ts';
import { regionPrefix, scoped, type Scope } from '../access/scope.ts';
import { pageOf } from '../spatial/features.ts';
import type { DetailListQuery, PlanListQuery } from './schema.ts';

type Conn = Db | Tx;
export type Row = Record<string, unknown>;

export interface PlanRow {
  id: number;
  plan_no: string;
  mode_code: string;
  project_code: string;
  resource_kind: 'units' | 'subsidy';
  rule_version_id: number;
  project_id: number | null;
  status: 'draft' | 'published' | 'closed' | 'cancelled';
  region_code: string;
  [key: string]: unknown;
}

/** Statuses that keep a household or a unit bound to a plan (the spine's partial unique indexes). */
export const LIVE_HOUSEHOLD = ['planned', 'allocated'];
export const LIVE_RESOURCE = ['available', 'allocated'];

function plansIn(conn: Conn, scope: Scope) {
  return scoped(conn('allocation_plans as p'), scope, 'p.region_code')
    .join('regions as g', 'g.code', 'p.region_code')
    .leftJoin('projects as pr', 'pr.id', 'p.project_id')
    .leftJoin('rule_modes as m', (j) => {
      j.on('m.version_id', 'p.rule_version_id').andOn('m.code', 'p.mode_code');
    })
    .select(
      'p.*',
      'g.name as region_name',
      'pr.proposed_name as project_name',
      'm.name as mode_name',
      conn.raw(`to_char(p.starts_on, 'YYYY-MM-DD') AS starts_on_text`),
      conn.raw(`to_char(p.ends_on, 'YYYY-MM-DD') AS ends_on_text`),
    );
}

export async function listPlans(conn: Conn, scope: Scope, filter: PlanListQuery) {
  const query = plansIn(conn, scope);
  if (filter.status) void query.where('p.status', filter.status);
  if (filter.mode) void query.where('p.mode_code', filter.mode);
  if (filter.period) void query.where('p.period', filter.period);
  if (filter.resource_kind) void query.where('p.resource_kind', filter.resource_kind);
  // A region outside the scope narrows to nothing rather than failing.
  if (filter.region) void query.where('p.region_code', 'like', `${regionPrefix(filter.region)}%`);
  if (filter.q)
    void query.where((q) => {
      const like = `%${filter.q!.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      void q.where('p.plan_no', 'ilike', like).orWhere('p.name', 'ilike', like);
    });
  void query.orderBy('p.id', 'desc');
  return pageOf<Row>(query, filter, []);
}

/** A project in the scope (the units plan's 建设项目). */
export async function findProject(
  conn: Conn,
  scope: Scope,
  id: number,
): Promise<{ id: number; region_code: string } | undefined> {
  return scoped(conn('projects'), scope)
    .where({ id })
    .first<{ id: number; region_code: string } | undefined>('id', 'region_code');
}

export async function findPlan(conn: Conn, scope: Scope, id: number): Promise<PlanRow | undefined> {
  return plansIn(conn, scope).where('p.id', id).first<PlanRow | undefined>();
}

/** The plan row locked for a change (FOR UPDATE), in the scope. */
export async function lockPlan(trx: Tx, scope: Scope, id: number): Promise<PlanRow | undefined> {
  return scoped(trx('allocation_plans'), scope).where({ id }).forUpdate().first<PlanRow | undefined>();
}

/** Inserts a plan numbered PZ-<year>-<sequence>. */
export async function insertPlan(trx: Tx, row: Row, year: number): Promise<PlanRow> {
  const { rows } = await trx.raw<{ rows: { n: string }[] }>(
    `SELECT lpad(nextval('allocation_plan_no')::text, 6, '0') AS n`,
  );
  const [plan] = (await trx('allocation_plans')
    .insert({ ...row, plan_no: `PZ-${year}-${rows[0]!.n}` })
    .returning('*')) as PlanRow[];
  return plan!;
}

export async function updatePlan(trx: Tx, id: number, changes: Row): Promise<void> {
  await trx('allocation_plans').where({ id }).update(changes);
}

export async function statusCounts(
  conn: Conn,
  table: string,
  planId: number,
): Promise<Record<string, number>> {
  const rows = await conn(table)
    .where({ plan_id: planId })
    .groupBy('status')
    .select('status')
    .count<{ status: string; n: string | number }[]>({ n: '*' });
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}

export async function tiedHouseholds(conn: Conn, planId: number): Promise<number> {
  const { rows } = await conn.raw<{ rows: { n: string }[] }>(
    `SELECT count(*) AS n FROM (SELECT count(*) OVER (PARTITION BY score) AS k FROM allocation_plan_households
      WHERE plan_id = ? AND status IN ('planned', 'allocated')) s WHERE k > 1`,
    [planId],
  );
  return Number(rows[0]?.n ?? 0);
}

export async function planHouseholds(conn: Conn, planId: number, filter: DetailListQuery) {
  const query = conn('allocation_plan_households as a')
    .join('households as h', 'h.id', 'a.household_id')
    .join('regions as g', 'g.code', 'a.region_code')
    .where('a.plan_id', planId)
    .select(
      'a.id',
      'a.household_id',
      'a.application_no',
      'h.applicant_name',
      'h.household_size',
      'a.region_code',
      'g.name as region_name',
      'a.status',
      'a.allocated_at',
      'a.waiting_rank',
      'a.score',
      'a.subsidy_amount',
    );
  if (filter.status) void query.where('a.status', filter.status);
  return pageOf<Row>(query, filter, ['a.waiting_rank', 'a.household_id']);
}

export async function planResources(conn: Conn, planId: number, filter: DetailListQuery) {
  const query = conn('allocation_plan_resources as r')
    .leftJoin('housing_units as u', 'u.id', 'r.unit_id')
    .leftJoin('buildings as b', 'b.id', 'u.building_id')
    .where('r.plan_id', planId)
    .select(
      'r.id',
      'r.resource_no',
      'r.resource_type',
      'r.status',
      'r.allocated_on',
      'r.unit_id',
      'b.name as building_name',
      'u.floor_from',
      'u.room_no',
      'u.layout',
      'r.floor_area',
      'r.amount',
      'r.region_code',
    );
  if (filter.status) void query.where('r.status', filter.status);
  return pageOf<Row>(query, filter, ['r.resource_no']);
}

/** Live plans (other than `planId`) holding any of the households: household id → plan number. */
export async function householdsInOtherPlans(
  conn: Conn,
  ids: number[],
  planId: number,
): Promise<{ household_id: number; application_no: string; plan_no: string }[]> {
  if (!ids.length) return [];
  return await conn('allocation_plan_households')
    .whereIn('household_id', ids)
    .whereIn('status', LIVE_HOUSEHOLD)
    .whereNot('plan_id', planId)
    .select<
      {
        household_id: number;
        application_no: string;
        plan_no: string;
      }[]
    >('household_id', 'application_no', 'plan_no');
}

export async function unitsInOtherPlans(
  conn: Conn,
  ids: number[],
  planId: number,
): Promise<{ unit_id: number; resource_no: string; plan_no: string }[]> {
  if (!ids.length) return [];
  return await conn('allocation_plan_resources')
    .whereIn('unit_id', ids)
    .whereIn('status', LIVE_RESOURCE)
    .whereNot('plan_id', planId)
    .select<
      {
        unit_id: number;
        resource_no: string;
        plan_no: string;
      }[]
    >('unit_id', 'resource_no', 'plan_no');
}

export async function insertHouseholds(trx: Tx, rows: Row[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 1000)
    await trx('allocation_plan_households').insert(rows.slice(i, i + 1000));
}

export async function insertResources(trx: Tx, rows: Row[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 1000)
    await trx('allocation_plan_resources').insert(rows.slice(i, i + 1000));
}

export async function removeHouseholds(trx: Tx, planId: number, ids: number[]): Promise<number> {
  return trx('allocation_plan_households').where({ plan_id: planId }).whereIn('household_id', ids).delete();
}

export async function removeUnits(trx: Tx, planId: number, ids: number[]): Promise<number> {
  return trx('allocation_plan_resources').where({ plan_id: planId }).whereIn('unit_id', ids).delete();
}

/** Frees what a closed or cancelled plan still held: planned households and available resources are withdrawn. */
export async function releasePlan(trx: Tx, planId: number): Promise<void> {
  await trx('allocation_plan_households')
    .where({ plan_id: planId, status: 'planned' })
    .update({ status: 'withdrawn' });
  await trx('allocation_plan_resources')
    .where({ plan_id: planId, status: 'available' })
    .update({ status: 'withdrawn' });
}

export interface Totals {
  households: number;
  units: number;
  area: string;
  subsidy: string;
}

/** The totals of a plan from its live details (本期保障总户数/住房分配总套数/总面积/补贴总金额). */
export async function totalsOf(conn: Conn, planId: number): Promise<Totals> {
  const { rows } = await conn.raw<{ rows: Totals[] }>(
    `SELECT (SELECT count(*)::int FROM allocation_plan_households
              WHERE plan_id = :id AND status IN ('planned', 'allocated')) AS households,
            (SELECT coalesce(sum(subsidy_amount), 0)::text FROM allocation_plan_households
              WHERE plan_id = :id AND status IN ('planned', 'allocated')) AS subsidy,
            (SELECT count(*)::int FROM allocation_plan_resources
              WHERE plan_id = :id AND resource_type = 'unit' AND status IN ('available', 'allocated')) AS units,
            (SELECT coalesce(sum(floor_area), 0)::text FROM allocation_plan_resources
              WHERE plan_id = :id AND resource_type = 'unit' AND status IN ('available', 'allocated')) AS area`,
    { id: planId },
  );
  return rows[0]!;
}

/** Households of the plan that are no longer 轮候中 (allocated or withdrawn elsewhere since the draft). */
export async function notWaiting(conn: Conn, planId: number): Promise<string[]> {
  const rows = await conn('allocation_plan_households as a')
    .join('households as h', 'h.id', 'a.household_id')
    .where({ 'a.plan_id': planId, 'a.status': 'planned' })
    .whereNot('h.waiting_status', 'waiting')
    .orderBy('a.application_no')
    .select<{ application_no: string }[]>('a.application_no');
  return rows.map((r) => r.application_no);
}

export async function withoutSubsidy(conn: Conn, planId: number): Promise<string[]> {
  const rows = await conn('allocation_plan_households')
    .where({ plan_id: planId, status: 'planned' })
    .whereNull('subsidy_amount')
    .orderBy('application_no')
    .select<{ application_no: string }[]>('application_no');
  return rows.map((r) => r.application_no);
}

/** The subsidy fund resource of a subsidy plan (one per plan: 资金编号 ZJ-<plan_no>), kept at the plan's total. */
export async function upsertFund(trx: Tx, plan: PlanRow, amount: string): Promise<void> {
  await trx.raw(
    `INSERT INTO allocation_plan_resources (resource_no, resource_type, plan_id, plan_no, amount, region_code)
     VALUES (?, 'subsidy', ?, ?, ?, ?)
     ON CONFLICT (plan_id, resource_no) DO UPDATE SET amount = EXCLUDED.amount`,
    [`ZJ-${plan.plan_no}`, plan.id, plan.plan_no, amount, plan.region_code] as Knex.RawBinding[],
  );
}
