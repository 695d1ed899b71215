/**
 * 补贴实发 (A.7.6): a due is paid once (UNIQUE due_id), in full or short with 不足金额 and 不足额原因 (CHECKs say
 * the same), by a 实发方式; a month can be paid in one batch. Each payment statement posts funds out to the
 * security ledger (trigger subsidy_payments_ledger → ledger_post, migration 20261127170400).
 */
import type { Db, Tx } from '../db/knex.ts';
import { regionPrefix, scoped, type Scope } from '../access/scope.ts';
import { conflict, fieldError, notFound } from '../http/errors.ts';
import { pageOf } from '../spatial/features.ts';
import { toFen } from '../admission/figures.ts';
import { actionPrefix, DUE_LABEL } from './dues.ts';
import * as dues from './dues-store.ts';
import type { BatchPayInput, ListPaymentsQuery, PayInput } from './schema.ts';

type Row = Record<string, unknown>;

/** The database's refusals: a second payment of a due (a race lost), a closed ledger period. */
function translate(error: unknown): unknown {
  const { code, constraint, message } = (error ?? {}) as {
    code?: string;
    constraint?: string;
    message?: string;
  };
  if (code === '23505' && constraint === 'subsidy_payments_due_id_key')
    return conflict('该笔应发已实发，不能重复发放');
  if (code === 'HS409') return conflict(message ?? '台账期间已结账，不能记账');
  return error;
}

async function guarded<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw translate(error);
  }
}

export async function findPayment(conn: Db | Tx, scope: Scope, id: number): Promise<Row | undefined> {
  return scoped(conn('subsidy_payments'), scope).where({ id }).first('*') as Promise<Row | undefined>;
}

/** Pays one due: 404 outside the scope, 409 when already paid, 400 when the shortfall exceeds the amount. */
export async function payDue(trx: Tx, scope: Scope, dueId: number, input: PayInput): Promise<Row> {
  const due = await dues.findDue(trx, scope, dueId, { lock: true });
  if (!due) throw notFound(DUE_LABEL);
  if (due.payment)
    throw conflict(`应发 ${due.due_no} 已于 ${String(due.payment.paid_at)} 实发，不能重复发放`);
  const shortfall = toFen(input.shortfall);
  if (shortfall > toFen(due.amount))
    throw fieldError('body.shortfall', `不足金额不能超过应发金额 ${due.amount} 元`);
  if (shortfall > 0 && !input.shortfall_reason?.trim())
    throw fieldError('body.shortfall_reason', '有不足金额时须填写不足额原因');
  const [row] = await guarded(() =>
    trx('subsidy_payments')
      .insert({
        due_id: due.id,
        due_no: due.due_no,
        due_amount: due.amount,
        status: shortfall > 0 ? 'short' : 'paid',
        shortfall: input.shortfall,
        shortfall_reason: shortfall > 0 ? input.shortfall_reason : null,
        method: input.method,
        ...(input.paid_at ? { paid_at: input.paid_at } : {}),
        region_code: due.region_code,
      })
      .returning<Row[]>('*'),
  );
  return row!;
}

/** Pays every unpaid due of a month in the region in full, in one statement (ON CONFLICT: never twice). */
export async function batchPay(trx: Tx, scope: Scope, input: BatchPayInput) {
  const prefix = await actionPrefix(trx, scope, input.region_code);
  const result = await guarded<{ rows: { paid: number; amount: string }[] }>(() =>
    trx.raw(
      `WITH paid AS (
         INSERT INTO subsidy_payments (due_id, due_no, due_amount, status, shortfall, method, region_code)
         SELECT d.id, d.due_no, d.amount, 'paid', 0, :method::text, d.region_code
           FROM subsidy_dues d
          WHERE d.subsidy_year = :year::int AND d.subsidy_month = :month::int AND d.region_code LIKE :prefix
            AND (:type::text IS NULL OR d.object_type = :type)
            AND NOT EXISTS (SELECT FROM subsidy_payments p WHERE p.due_id = d.id)
          ORDER BY d.id
         ON CONFLICT (due_id) DO NOTHING
         RETURNING paid_amount)
       SELECT count(*)::int AS paid, coalesce(sum(paid_amount), 0)::numeric(14,2)::text AS amount FROM paid`,
      {
        year: input.year,
        month: input.month,
        prefix: `${prefix}%`,
        method: input.method,
        type: input.object_type ?? null,
      },
    ),
  );
  return result.rows[0]!;
}

export function listPayments(conn: Db | Tx, scope: Scope, filter: ListPaymentsQuery) {
  const query = scoped(conn({ p: 'subsidy_payments' }), scope, 'p.region_code')
    .join('subsidy_dues as d', 'd.id', 'p.due_id')
    .select('p.*', 'd.subsidy_year', 'd.subsidy_month', 'd.object_type', 'd.object_no');
  if (filter.region) void query.where('p.region_code', 'like', `${regionPrefix(filter.region)}%`);
  if (filter.year) void query.where('d.subsidy_year', filter.year);
  if (filter.month) void query.where('d.subsidy_month', filter.month);
  if (filter.status) void query.where('p.status', filter.status);
  return pageOf<Row>(query, filter, ['p.id']);
}
