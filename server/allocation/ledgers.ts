/**
 * Security-project ledgers (CJJ/T 196 9.2.3, A.6.1, A.6.2). Detail entries are posted by database triggers (units
 * handed over, units selected and selections cancelled; subsidy payments by the contracts subsystem) and by hand
 * for funds received or paid out; a period is closed into one row per region: opening = the previous period's
 * closing (or, for the first, the sum of every entry before it), in/out = the period's entries, closing generated
 * by the database. Closing takes the posting lock exclusively and ledger_post refuses dates up to a closed
 * period's end, so a closed row never disagrees with its entries — reconcile() checks it.
 */
import type { Db, Tx } from '../db/knex.ts';
import { inScope, regionPrefix, type Scope } from '../access/scope.ts';
import { conflict, notFound, validationFailed, type FieldError } from '../http/errors.ts';
import { unknownRegionCodes } from '../regions/store.ts';
import { isoDate } from '../shared/rows.ts';
import * as store from './ledger-store.ts';
import { LEDGER_LOCK, RESOURCES } from './ledger-store.ts';
import type { CloseLedgerInput, EntryListQuery, LedgerListQuery, PostEntryInput } from './ledger-schema.ts';
import { PERIOD_EXAMPLES, parsePeriod } from './periods.ts';

type Conn = Db | Tx;

async function regionProblems(conn: Conn, scope: Scope, region: string): Promise<FieldError[]> {
  if (!inScope(scope, region) || (await unknownRegionCodes(conn, [region])).length)
    return [{ path: 'body.region_code', message: '行政区划代码不存在或不在您的管辖范围内' }];
  return [];
}

/** The database's refusal of a date in a closed period, as a 409 naming it. */
function closedPeriod(err: unknown): never {
  const e = err as { code?: string; message?: string };
  // knex prefixes the database's message with the statement: only the closed ledger's number reaches the user.
  const ledger = /closed ledger (\S+)/.exec(e.message ?? '')?.[1];
  if (e.code === 'HS409')
    throw conflict(`该日期所在统计周期已结账${ledger ? `（台账 ${ledger}）` : ''}，不能再记账`);
  throw err;
}

export const listEntries = (conn: Conn, scope: Scope, query: EntryListQuery) =>
  store.listEntries(conn, scope, query);

/** A manual entry of funds received (e.g. a budget allocation) or paid out, with its batch and the two hands. */
export async function postLedgerEntry(trx: Tx, scope: Scope, input: PostEntryInput) {
  const errors = await regionProblems(trx, scope, input.region_code);
  if (errors.length) throw validationFailed(errors);
  const id = await store
    .post(trx, {
      p_region_code: input.region_code,
      p_resource_type: 'funds',
      p_direction: input.direction,
      p_received_on: input.received_on ?? isoDate(new Date()),
      p_amount: input.amount,
      p_batch_no: input.batch_no,
      p_handed_by: input.handed_by,
      p_received_by: input.received_by,
      p_source: 'manual',
      p_note: input.note ?? null,
    })
    .catch(closedPeriod);
  return (await store.findEntry(trx, id))!;
}

/** Closes a period of a region into its A.6.1 row; a period closes once, and only after it has ended. */
export async function closeLedgerPeriod(trx: Tx, scope: Scope, input: CloseLedgerInput, today = new Date()) {
  const errors = await regionProblems(trx, scope, input.region_code);
  const period = parsePeriod(input.period_type, input.period);
  if (!period)
    errors.push({
      path: 'body.period',
      message: `统计周期须形如 ${PERIOD_EXAMPLES[input.period_type]}`,
    });
  else if (period.end >= isoDate(today))
    errors.push({
      path: 'body.period',
      message: `统计周期 ${input.period} 尚未结束（至 ${period.end}），不能结账`,
    });
  if (errors.length) throw validationFailed(errors);
  // Exclusive against every ledger_post in flight: no entry can slip into the period while it is summed.
  await trx.raw('SELECT pg_advisory_xact_lock(?)', [LEDGER_LOCK]);
  const key = { region_code: input.region_code, period_type: input.period_type, period: input.period };
  if (await store.findLedger(trx, key))
    throw conflict(`${input.region_code} ${input.period} 的台账已结账，不能重复结账`);
  const prefix = regionPrefix(input.region_code);
  const sums = await store.sums(trx, prefix, { before: period!.start, from: period!.start, to: period!.end });
  const previous = await store.findLedger(trx, { ...key, period: period!.previous });
  const row: Record<string, unknown> = {
    ledger_no: `TZ-${prefix}-${input.period}`,
    period_type: input.period_type,
    period: input.period,
    region_code: input.region_code,
    period_start: period!.start,
    period_end: period!.end,
    entry_count: Number(sums.entry_count),
  };
  for (const r of RESOURCES) {
    row[`opening_${r}`] = previous ? previous[`closing_${r}`] : sums[`opening_${r}`];
    row[`${r}_in`] = sums[`${r}_in`];
    row[`${r}_out`] = sums[`${r}_out`];
  }
  const id = await store.insertLedger(trx, row);
  return (await store.ledgerById(trx, scope, id))!;
}

export const listLedgers = (conn: Conn, scope: Scope, query: LedgerListQuery) =>
  store.listLedgers(conn, scope, query);

export async function getLedger(conn: Conn, scope: Scope, id: number) {
  const row = await store.ledgerById(conn, scope, id);
  if (!row) throw notFound('保障项目台账');
  return row;
}

const num = (v: unknown) => Number(v ?? 0).toFixed(2);

/**
 * Reconciliation: for every closed row in the scope (under `region`), the entries of its region give the same
 * opening (everything before the period), in, out and closing (everything to the period's end); and the sum of
 * all entries to date. A region outside the scope reconciles nothing.
 */
export async function reconcile(conn: Conn, scope: Scope, region?: string) {
  const prefix = region ? regionPrefix(region) : scope.regionPrefix;
  const own = prefix.startsWith(scope.regionPrefix);
  const rows = own ? await store.allLedgers(conn, scope, prefix) : [];
  const mismatches: {
    ledger_no: string;
    region_code: string;
    field: string;
    ledger: string;
    entries: string;
  }[] = [];
  for (const row of rows) {
    const start = isoDate(row.period_start as Date);
    const end = isoDate(row.period_end as Date);
    const sums = await store.sums(conn, regionPrefix(row.region_code as string), {
      before: start,
      from: start,
      to: end,
    });
    for (const r of RESOURCES)
      for (const [field, fromEntries] of [
        [`opening_${r}`, sums[`opening_${r}`]],
        [`${r}_in`, sums[`${r}_in`]],
        [`${r}_out`, sums[`${r}_out`]],
        [`closing_${r}`, sums[`balance_${r}`]],
      ] as const)
        if (num(row[field]) !== num(fromEntries))
          mismatches.push({
            ledger_no: row.ledger_no as string,
            region_code: row.region_code as string,
            field,
            ledger: num(row[field]),
            entries: num(fromEntries),
          });
  }
  const all = own ? await store.sums(conn, prefix, {}) : undefined;
  const balances = Object.fromEntries(RESOURCES.map((r) => [r, num(all?.[`balance_${r}`])]));
  return {
    region_code: own ? prefix.padEnd(12, '0') : null,
    checked: rows.length,
    balanced: mismatches.length === 0,
    mismatches,
    balances,
  };
}

/** The funds balance (资金余额) of a region: the subsidy budget monitoring shows. */
export async function fundsBalance(conn: Conn, prefix: string): Promise<string> {
  return num((await store.sums(conn, prefix, {})).balance_funds);
}

/**
 * Books the stock that existed before the ledger did (a bulk-loaded demo city bypasses the triggers): one
 * opening entry per community for its handed-over units still unallocated (已交付) and one for its households
 * already secured (已配置). Runs once (does nothing when an opening entry exists). For the demo seed, right after
 * the bulk load and before anything else posts.
 */
export async function postOpeningBalances(trx: Tx, on = isoDate(new Date())): Promise<number> {
  const done = await trx('security_ledger_entries')
    .where({ source: 'opening_balance' })
    .first<{ id: number } | undefined>('id');
  if (done) return 0;
  const { rows } = await trx.raw<{ rows: { n: string }[] }>(
    `WITH units AS (
       SELECT region_code, count(*)::int AS units, coalesce(sum(floor_area), 0) AS area
         FROM housing_units WHERE handed_over AND delivery_status = 'delivered' GROUP BY 1),
     families AS (
       SELECT region_code, count(*)::int AS households, sum(household_size)::int AS persons
         FROM households WHERE waiting_status = 'allocated' GROUP BY 1),
     posted AS (
       SELECT ledger_post(p_region_code => region_code, p_resource_type => 'housing', p_direction => 'in',
                          p_received_on => ?::date, p_units => units, p_floor_area => area,
                          p_source => 'opening_balance', p_note => '期初建账：已移交房屋') FROM units
       UNION ALL
       SELECT ledger_post(p_region_code => region_code, p_resource_type => 'households', p_direction => 'in',
                          p_received_on => ?::date, p_households => households, p_persons => persons,
                          p_source => 'opening_balance', p_note => '期初建账：已选房家庭') FROM families)
     SELECT count(*) AS n FROM posted`,
    [on, on],
  );
  return Number(rows[0]?.n ?? 0);
}
