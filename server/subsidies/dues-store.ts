/**
 * SQL of subsidy dues (A.7.5): the month's generation as two set-based INSERT … SELECT … ON CONFLICT DO NOTHING
 * statements over the unique key (对象类型, 对象编号, 年, 月, 补贴项目编号), so running a month again — or twice at
 * once — adds nothing that is already there; and the lists, always region-scoped. The NOT EXISTS skips what is
 * there before any row trigger runs (a re-run costs an anti-join); ON CONFLICT is what holds under a race.
 */
import type { Db, Tx } from '../db/knex.ts';
import { regionPrefix, scoped, type Scope } from '../access/scope.ts';
import { pageOf } from '../spatial/features.ts';
import type { ListDuesQuery } from './schema.ts';

type Conn = Db | Tx;
type Row = Record<string, unknown>;

const COLUMNS = `object_type, object_no, object_name, item_no, subsidy_type, standard_amount, amount,
  subsidy_year, subsidy_month, due_on, household_id, contract_id, fund_plan_id, region_code`;

/**
 * Households with a subsidy contract whose term covers the month (10.2.1 item 3: 补贴资金应发): effective, or
 * renewed (superseded by its successor but still running to its end date). From 发放起始时间's month on.
 */
const HOUSEHOLD_DUES = `
INSERT INTO subsidy_dues (${COLUMNS})
SELECT 'household', c.application_no, c.signatory_name, coalesce(c.project_code, 'subsidy'), 'rent_subsidy',
       coalesce(c.standard_amount, c.subsidy_amount), c.subsidy_amount, :year::smallint, :month::smallint, :first::date,
       c.household_id, c.id, NULL, c.region_code
  FROM security_contracts c
 WHERE c.contract_type = 'subsidy' AND c.status IN ('effective', 'renewed')
   AND c.region_code LIKE :prefix
   AND c.starts_on <= :last::date AND c.ends_on >= :first::date
   AND c.subsidy_start_on <= :last::date
   AND NOT EXISTS (SELECT FROM subsidy_dues d WHERE d.object_type = 'household' AND d.object_no = c.application_no
                     AND d.subsidy_year = :year::int AND d.subsidy_month = :month::int
                     AND d.item_no = coalesce(c.project_code, 'subsidy'))
ON CONFLICT ON CONSTRAINT subsidy_dues_once DO NOTHING`;

/**
 * Support objects' fund plans (A.7.7, 10.2.2 item 1): due in the first month of each period from the start month,
 * for `cycles` periods; each instalment is the total divided down to the fen, the last one takes the remainder,
 * so the instalments add up to 拨付总金额 exactly.
 */
const SUPPLIER_DUES = `
INSERT INTO subsidy_dues (${COLUMNS})
SELECT 'supplier', p.object_no, p.object_name, p.plan_no, 'support_fund', i.amount, i.amount, :year::smallint, :month::smallint,
       :first::date, NULL, NULL, p.id, p.region_code
  FROM subsidy_fund_plans p
 CROSS JOIN LATERAL (SELECT (:year::int * 12 + :month::int) - (extract(year FROM p.starts_on)::int * 12
                             + extract(month FROM p.starts_on)::int) AS since,
                            CASE p.period_type WHEN 'month' THEN 1 WHEN 'quarter' THEN 3
                                               WHEN 'half_year' THEN 6 ELSE 12 END AS step) s
 CROSS JOIN LATERAL (SELECT trunc(p.total_amount * 100 / p.cycles) / 100 AS base) b
 CROSS JOIN LATERAL (SELECT CASE WHEN s.since / s.step = p.cycles - 1
                                 THEN p.total_amount - b.base * (p.cycles - 1) ELSE b.base END AS amount) i
 WHERE p.status = 'active' AND p.region_code LIKE :prefix
   AND s.since >= 0 AND s.since % s.step = 0 AND s.since / s.step < p.cycles
   AND NOT EXISTS (SELECT FROM subsidy_dues d WHERE d.object_type = 'supplier' AND d.object_no = p.object_no
                     AND d.subsidy_year = :year::int AND d.subsidy_month = :month::int AND d.item_no = p.plan_no)
ON CONFLICT ON CONSTRAINT subsidy_dues_once DO NOTHING`;

const pad = (n: number) => String(n).padStart(2, '0');

/** Generates a month's dues in the region `prefix`; answers how many rows were new. */
export async function generateMonth(trx: Tx, prefix: string, year: number, month: number): Promise<number> {
  // Serialises two generations of the same month (they would only wait on each other's rows anyway, but in
  // whatever order their scans met them, which could deadlock); the unique key is what guarantees no duplicates.
  await trx.raw('SELECT pg_advisory_xact_lock(hashtext(?))', [`subsidy_dues:${year}-${month}`]);
  const first = `${year}-${pad(month)}-01`;
  const last = new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);
  const bindings = { year, month, first, last, prefix: `${prefix}%` };
  const households: { rowCount: number } = await trx.raw(HOUSEHOLD_DUES, bindings);
  const suppliers: { rowCount: number } = await trx.raw(SUPPLIER_DUES, bindings);
  return households.rowCount + suppliers.rowCount;
}

export async function countMonth(conn: Conn, prefix: string, year: number, month: number): Promise<number> {
  const row = await conn('subsidy_dues')
    .where({ subsidy_year: year, subsidy_month: month })
    .where('region_code', 'like', `${prefix}%`)
    .count<{ n: string }[]>({ n: '*' });
  return Number(row[0]?.n ?? 0);
}

function duesIn(conn: Conn, scope: Scope) {
  return scoped(conn({ d: 'subsidy_dues' }), scope, 'd.region_code')
    .leftJoin('subsidy_payments as p', 'p.due_id', 'd.id')
    .select('d.*', conn.raw('to_jsonb(p) AS payment'));
}

export function listDues(conn: Conn, scope: Scope, filter: ListDuesQuery) {
  const query = duesIn(conn, scope);
  if (filter.region) void query.where('d.region_code', 'like', `${regionPrefix(filter.region)}%`);
  if (filter.year) void query.where('d.subsidy_year', filter.year);
  if (filter.month) void query.where('d.subsidy_month', filter.month);
  if (filter.object_type) void query.where('d.object_type', filter.object_type);
  if (filter.paid === true) void query.whereNotNull('p.id');
  if (filter.paid === false) void query.whereNull('p.id');
  if (filter.q) {
    const pattern = `%${filter.q.replace(/[\\%_]/g, '\\$&')}%`;
    void query.where(
      (w) => void w.where('d.due_no', 'ilike', pattern).orWhere('d.object_no', 'ilike', pattern),
    );
  }
  return pageOf<Row>(query, filter, ['d.subsidy_year', 'd.subsidy_month', 'd.due_no']);
}

export async function findDue(conn: Conn, scope: Scope, id: number, options: { lock?: boolean } = {}) {
  const query = duesIn(conn, scope).where('d.id', id);
  if (options.lock) void query.forUpdate('d');
  return (await query.first()) as
    | (Row & { id: number; amount: string; due_no: string; region_code: string; payment: Row | null })
    | undefined;
}

/** A month's dues of a region for its vouchers, in 应发编号 order, at most `limit`. */
export function monthDues(
  conn: Conn,
  prefix: string,
  input: { year: number; month: number; object_type?: string; limit: number },
) {
  const query = conn({ d: 'subsidy_dues' })
    .leftJoin('subsidy_payments as p', 'p.due_id', 'd.id')
    .where('d.region_code', 'like', `${prefix}%`)
    .where({ 'd.subsidy_year': input.year, 'd.subsidy_month': input.month })
    .orderBy('d.due_no')
    .limit(input.limit)
    .select('d.*', conn.raw('to_jsonb(p) AS payment'));
  if (input.object_type) void query.where('d.object_type', input.object_type);
  return query as Promise<(Row & { id: number; payment: Row | null })[]>;
}

export async function markPrinted(trx: Tx, ids: number[]): Promise<void> {
  await trx('subsidy_dues').whereIn('id', ids).update({ is_printed: true, printed_at: trx.fn.now() });
}
