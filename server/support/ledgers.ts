/**
 * Support-project ledgers (CJJ/T 196 9.2.3 支持项目台账; A.6.3, A.6.4): entries of funds and land in and out are
 * posted (manually here, by land supplies and allocations elsewhere); a period is closed from its entries into
 * one ledger row whose 期末 the database computes (期初 + 本期增加 − 本期减少), whose 期初 is everything before the
 * period (= the previous period's 期末, checked by the database) and after which no entry may be dated in it.
 */
import type { Db, Tx } from '../db/knex.ts';
import { inScope, type Scope } from '../access/scope.ts';
import { conflict, fieldError, notFound } from '../http/errors.ts';
import { unknownRegionCodes } from '../regions/store.ts';
import { fromFen, toFen } from '../admission/figures.ts';
import { isoDate } from '../shared/rows.ts';
import { guarded } from './errors.ts';
import * as store from './ledger-store.ts';
import { PERIOD_EXAMPLES, parsePeriod, previousPeriod } from './period.ts';
import { presentEntry, presentLedger } from './presenter.ts';
import { supportProjectOf } from './rules.ts';
import type { CloseLedgerInput, CreateEntryInput, EntryListQuery, LedgerListQuery } from './schema.ts';

type Row = Record<string, unknown>;
const PERIOD_NAMES = { month: '月', quarter: '季', half_year: '半年', year: '年' } as const;

/** The region a record is written for: given (in the scope and known) or the user's own. */
export async function regionIn(
  conn: Db | Tx,
  scope: Scope,
  given: string | undefined,
  path = 'body.region_code',
) {
  const region = given ?? scope.regionCode;
  if (!inScope(scope, region) || (await unknownRegionCodes(conn, [region])).length)
    throw fieldError(path, '行政区划代码不存在或不在您的管辖范围内');
  return region;
}

/** Refuses, at `path`, a date on or before the end of a closed period of the region and project. */
export async function assertOpenDay(
  conn: Db | Tx,
  region: string,
  project: string,
  day: string,
  path: string,
) {
  const closed = await store.closedCovering(conn, region, project, day);
  if (closed)
    throw fieldError(path, `支持项目台账 ${closed.ledger_no}（${closed.period}）已结账，日期须在其后`);
}

export async function createEntry(trx: Tx, scope: Scope, input: CreateEntryInput) {
  const region = await regionIn(trx, scope, input.region_code);
  await supportProjectOf(trx, region, input.project_code, 'body.project_code');
  await assertOpenDay(trx, region, input.project_code, input.received_on, 'body.received_on');
  const id = await guarded(() =>
    store.post(trx, {
      region_code: region,
      project_code: input.project_code,
      resource_type: input.resource_type,
      direction: input.direction,
      received_on: input.received_on,
      amount: input.amount ?? null,
      land_area: input.land_area ?? null,
      batch_no: input.batch_no,
      handed_by: input.handed_by,
      received_by: input.received_by,
      source: 'manual',
      note: input.note ?? null,
    }),
  );
  return presentEntry((await store.findEntry(trx, scope, id))!);
}

export async function listEntries(db: Db, scope: Scope, query: EntryListQuery) {
  const { rows, total } = await store.listEntries(db, scope, query);
  return { items: rows.map(presentEntry), total, page: query.page, page_size: query.page_size };
}

export async function getEntry(db: Db, scope: Scope, id: number) {
  const row = await store.findEntry(db, scope, id);
  if (!row) throw notFound('支持项目台账明细');
  return presentEntry(row);
}

const closing = (opening: string, added: string, removed: string) =>
  fromFen(toFen(opening) + toFen(added) - toFen(removed));

const directionOf = (s: store.Sums) => {
  const anyIn = toFen(s.funds_in) > 0 || toFen(s.land_in) > 0;
  const anyOut = toFen(s.funds_out) > 0 || toFen(s.land_out) > 0;
  return anyIn && anyOut ? 'both' : anyIn ? 'in' : anyOut ? 'out' : 'none';
};

/**
 * Closes a period of a region's support project (or, with `dry_run`, shows what closing would write): 期初 from
 * every entry before it, 本期增加/减少 from its entries. A period closes once it has ended, once (409 again), and
 * only after the previous one when the series has earlier ledgers (so 期初 = 上期期末 along the chain).
 */
export async function closeLedger(trx: Tx, scope: Scope, input: CloseLedgerInput) {
  const region = await regionIn(trx, scope, input.region_code);
  const period = parsePeriod(input.period_type, input.period);
  if (!period)
    throw fieldError(
      'body.period',
      `上报周期须形如 ${PERIOD_EXAMPLES[input.period_type]}（周期类型：${PERIOD_NAMES[input.period_type]}）`,
    );
  await supportProjectOf(trx, region, input.project_code, 'body.project_code');
  const today = isoDate(new Date());
  if (!input.dry_run && period.end >= today)
    throw fieldError('body.period', `${period.label} 尚未结束（${period.end}），不能结账；可先试算`);
  if (!input.dry_run) await store.lockClosing(trx);
  const key = { region_code: region, project_code: input.project_code, period_type: input.period_type };
  if (await store.ledgerOf(trx, key, { period: period.label }))
    throw conflict(`${period.label} 的支持项目台账已结账，不能重复结账`);
  const previous = previousPeriod(period);
  const earlier = await store.ledgerOf(trx, key, { before: period.start });
  if (earlier && earlier.period !== previous.label && !input.dry_run)
    throw conflict(`请先结账上一周期 ${previous.label}（最近已结账的是 ${String(earlier.period)}）`);
  const sums = await store.sums(trx, region, input.project_code, period.start, period.end);
  const row: Row = {
    ledger_no: `ZTZ-${region}-${input.project_code}-${period.label}`,
    project_code: input.project_code,
    ...sums,
    period_type: input.period_type,
    period: period.label,
    period_start: period.start,
    period_end: period.end,
    region_code: region,
  };
  if (input.dry_run)
    return presentLedger(
      {
        ...row,
        id: null,
        ledger_class: 'support',
        closing_funds: closing(sums.opening_funds, sums.funds_in, sums.funds_out),
        closing_land: closing(sums.opening_land, sums.land_in, sums.land_out),
        direction: directionOf(sums),
        stat_date: today,
        region_name: (await store.regionName(trx, region)) ?? region,
        created_at: new Date(),
        created_by: scope.username,
      },
      true,
    );
  const id = await guarded(() => store.insertLedger(trx, row));
  return presentLedger((await store.findLedger(trx, scope, id))!);
}

export async function listLedgers(db: Db, scope: Scope, query: LedgerListQuery) {
  const { rows, total } = await store.listLedgers(db, scope, query);
  return { items: rows.map((r) => presentLedger(r)), total, page: query.page, page_size: query.page_size };
}

export async function getLedger(db: Db, scope: Scope, id: number) {
  const row = await store.findLedger(db, scope, id);
  if (!row) throw notFound('支持项目台账');
  return presentLedger(row);
}

const BALANCE_KEYS = [
  'opening_funds',
  'funds_in',
  'funds_out',
  'closing_funds',
  'opening_land',
  'land_in',
  'land_out',
  'closing_land',
  'entry_count',
] as const;

const fen = (v: unknown) => toFen(String(v));

/**
 * Reconciliation of a closed ledger: its own identity (期末 = 期初 + 增加 − 减少), its 期初 against the previous
 * period's 期末, and every figure against its entries recomputed now. All should hold by construction; this is
 * how anyone checks that they do.
 */
export async function reconcile(db: Db, scope: Scope, id: number) {
  const row = await store.findLedger(db, scope, id);
  if (!row) throw notFound('支持项目台账');
  const ledger = presentLedger(row);
  const start = ledger.period_start as string;
  const sums = await store.sums(
    db,
    row.region_code as string,
    row.project_code as string,
    start,
    ledger.period_end as string,
  );
  const computed = presentLedger({
    ...sums,
    closing_funds: closing(sums.opening_funds, sums.funds_in, sums.funds_out),
    closing_land: closing(sums.opening_land, sums.land_in, sums.land_out),
  });
  const key = {
    region_code: row.region_code as string,
    project_code: row.project_code as string,
    period_type: row.period_type as string,
  };
  const period = parsePeriod(key.period_type as CloseLedgerInput['period_type'], row.period as string)!;
  const prevRow = await store.ledgerOf(db, key, { period_end: previousPeriod(period).end });
  const previous = prevRow ? presentLedger(prevRow) : null;
  const stored = Object.fromEntries(BALANCE_KEYS.map((k) => [k, ledger[k]]));
  const computedOut = Object.fromEntries(BALANCE_KEYS.map((k) => [k, computed[k]]));
  const checks = [
    {
      name: '期末资金余额 = 期初 + 本期增加 − 本期减少',
      ok:
        fen(ledger.closing_funds) ===
        fen(ledger.opening_funds) + fen(ledger.funds_in) - fen(ledger.funds_out),
      detail: `${String(ledger.closing_funds)} = ${String(ledger.opening_funds)} + ${String(ledger.funds_in)} − ${String(ledger.funds_out)}`,
    },
    {
      name: '期末土地面积余额 = 期初 + 本期增加 − 本期减少',
      ok: fen(ledger.closing_land) === fen(ledger.opening_land) + fen(ledger.land_in) - fen(ledger.land_out),
      detail: `${String(ledger.closing_land)} = ${String(ledger.opening_land)} + ${String(ledger.land_in)} − ${String(ledger.land_out)}`,
    },
    ...(previous
      ? [
          {
            name: '期初 = 上期期末',
            ok:
              fen(previous.closing_funds) === fen(ledger.opening_funds) &&
              fen(previous.closing_land) === fen(ledger.opening_land),
            detail: `${String(previous.period)}：资金 ${String(previous.closing_funds)}，土地 ${String(previous.closing_land)}`,
          },
        ]
      : []),
    ...BALANCE_KEYS.map((k) => ({
      name: `${k} 与明细一致`,
      ok: fen(stored[k]) === fen(computedOut[k]),
      detail: `台账 ${String(stored[k])}，明细 ${String(computedOut[k])}`,
    })),
  ];
  return {
    ledger_no: ledger.ledger_no as string,
    period: ledger.period as string,
    stored,
    computed: computedOut,
    previous: previous
      ? {
          ledger_no: previous.ledger_no as string,
          period: previous.period as string,
          closing_funds: previous.closing_funds as string,
          closing_land: previous.closing_land as number,
        }
      : null,
    checks,
    balanced: checks.every((c) => c.ok),
  };
}
