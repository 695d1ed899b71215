/** SQL of the support ledgers (A.6.3) and their entries (A.6.4); every read is region-scoped. */
import type { Db, Tx } from '../db/knex.ts';
import { regionPrefix, scoped, type Scope } from '../access/scope.ts';
import { pageOf, whereText } from '../spatial/features.ts';
import type { EntryListQuery, LedgerListQuery } from './schema.ts';

type Conn = Db | Tx;
export type Row = Record<string, unknown>;

/** Posting holds it shared (in `support_ledger_post`), closing exclusive ("SUPL", migration 20261127170500). */
const SUPPORT_LEDGER_LOCK = 0x5355504c;

function entriesIn(conn: Conn, scope: Scope) {
  return scoped(
    conn({ e: 'support_ledger_entries' }).join('regions as rg', 'rg.code', 'e.region_code'),
    scope,
    'e.region_code',
  ).select('e.*', 'rg.name as region_name');
}

export function listEntries(conn: Conn, scope: Scope, filter: EntryListQuery) {
  const query = entriesIn(conn, scope);
  if (filter.region) void query.where('e.region_code', 'like', `${regionPrefix(filter.region)}%`);
  if (filter.project_code) void query.where('e.project_code', filter.project_code);
  if (filter.resource_type) void query.where('e.resource_type', filter.resource_type);
  if (filter.direction) void query.where('e.direction', filter.direction);
  if (filter.from) void query.where('e.received_on', '>=', filter.from);
  if (filter.to) void query.where('e.received_on', '<=', filter.to);
  whereText(query, filter.q, ['e.entry_no', 'e.batch_no', 'e.note']);
  void query.orderBy('e.received_on', 'desc');
  return pageOf<Row>(query, filter, ['e.id']);
}

export async function findEntry(conn: Conn, scope: Scope, id: number): Promise<Row | undefined> {
  return (await entriesIn(conn, scope).where('e.id', id).first()) as Row | undefined;
}

export interface Posting {
  region_code: string;
  project_code: string;
  resource_type: 'funds' | 'land';
  direction: 'in' | 'out';
  received_on: string;
  amount?: string | null;
  land_area?: number | string | null;
  batch_no?: string | null;
  handed_by?: string | null;
  received_by?: string | null;
  source: 'manual' | 'land_supply' | 'land_supply_cancelled' | 'land_supply_changed' | 'plan_allocation';
  source_id?: number | null;
  note?: string | null;
}

/** Posts one entry through `support_ledger_post` (closed books are refused there, HS409). Returns its id. */
export async function post(trx: Tx, p: Posting): Promise<number> {
  const { rows } = await trx.raw<{ rows: { id: number }[] }>(
    `SELECT support_ledger_post(p_region_code => ?, p_project_code => ?, p_resource_type => ?, p_direction => ?,
       p_received_on => ?::date, p_amount => ?::numeric, p_land_area => ?::numeric, p_batch_no => ?,
       p_handed_by => ?, p_received_by => ?, p_source => ?, p_source_id => ?::bigint, p_note => ?) AS id`,
    [
      p.region_code,
      p.project_code,
      p.resource_type,
      p.direction,
      p.received_on,
      p.amount ?? 0,
      p.land_area ?? 0,
      p.batch_no ?? null,
      p.handed_by ?? null,
      p.received_by ?? null,
      p.source,
      p.source_id ?? null,
      p.note ?? null,
    ],
  );
  return Number(rows[0]!.id);
}

/** The latest closed ledger of the project whose books cover `region` on or after `day` (posting there is refused). */
export async function closedCovering(
  conn: Conn,
  region: string,
  projectCode: string,
  day: string,
): Promise<{ ledger_no: string; period: string } | undefined> {
  return conn('support_ledgers')
    .where('project_code', projectCode)
    .where('period_end', '>=', day)
    .whereRaw(`? LIKE region_prefix || '%'`, [region])
    .orderBy('period_end', 'desc')
    .first<{ ledger_no: string; period: string } | undefined>(['ledger_no', 'period']);
}

export interface Sums {
  opening_funds: string;
  funds_in: string;
  funds_out: string;
  opening_land: string;
  land_in: string;
  land_out: string;
  entry_count: number;
}

/**
 * Everything the entries say about a period of `region` (and the regions under it) and project: the net of all
 * entries before it (期初) and the ins and outs within it.
 */
export async function sums(conn: Conn, region: string, projectCode: string, start: string, end: string) {
  const signed = (column: string) => `CASE e.direction WHEN 'in' THEN e.${column} ELSE -e.${column} END`;
  const before = `e.received_on < '${start}'::date`;
  const within = (direction: string) => `e.direction = '${direction}' AND NOT (${before})`;
  const total = (expression: string, where: string) =>
    `coalesce(sum(${expression}) FILTER (WHERE ${where}), 0)::numeric(16,2)::text`;
  const { rows } = await conn.raw<{ rows: Sums[] }>(
    `SELECT ${total(signed('amount'), before)} AS opening_funds,
            ${total('e.amount', within('in'))} AS funds_in,
            ${total('e.amount', within('out'))} AS funds_out,
            ${total(signed('land_area'), before)} AS opening_land,
            ${total('e.land_area', within('in'))} AS land_in,
            ${total('e.land_area', within('out'))} AS land_out,
            count(*) FILTER (WHERE NOT (${before}))::int AS entry_count
       FROM support_ledger_entries e
      WHERE e.project_code = ? AND e.region_code LIKE ? AND e.received_on <= ?::date`,
    [projectCode, `${regionPrefix(region)}%`, end],
  );
  return rows[0]!;
}

/** Closing a period waits for postings in flight and keeps new ones out until the ledger is written. */
export async function lockClosing(trx: Tx): Promise<void> {
  await trx.raw('SELECT pg_advisory_xact_lock(?)', [SUPPORT_LEDGER_LOCK]);
}

function ledgersIn(conn: Conn, scope: Scope) {
  return scoped(
    conn({ l: 'support_ledgers' }).join('regions as rg', 'rg.code', 'l.region_code'),
    scope,
    'l.region_code',
  ).select('l.*', 'rg.name as region_name');
}

export function listLedgers(conn: Conn, scope: Scope, filter: LedgerListQuery) {
  const query = ledgersIn(conn, scope);
  if (filter.region) void query.where('l.region_code', 'like', `${regionPrefix(filter.region)}%`);
  if (filter.project_code) void query.where('l.project_code', filter.project_code);
  if (filter.period_type) void query.where('l.period_type', filter.period_type);
  void query.orderBy('l.period_start', 'desc');
  return pageOf<Row>(query, filter, ['l.region_code', 'l.project_code', 'l.period_type']);
}

export async function findLedger(conn: Conn, scope: Scope, id: number): Promise<Row | undefined> {
  return (await ledgersIn(conn, scope).where('l.id', id).first()) as Row | undefined;
}

/** The ledger of one period of a series (region, project, period type), if closed. */
export async function ledgerOf(
  conn: Conn,
  key: { region_code: string; project_code: string; period_type: string },
  where: { period?: string; period_end?: string; before?: string },
): Promise<Row | undefined> {
  const query = conn('support_ledgers').where(key);
  if (where.period) void query.where('period', where.period);
  if (where.period_end) void query.where('period_end', where.period_end);
  if (where.before) void query.where('period_end', '<', where.before).orderBy('period_end', 'desc');
  return (await query.first()) as Row | undefined;
}

export async function insertLedger(trx: Tx, row: Row): Promise<number> {
  const [inserted] = await trx('support_ledgers').insert(row).returning<{ id: number }[]>('id');
  return inserted!.id;
}

export async function regionName(conn: Conn, code: string): Promise<string | undefined> {
  const row = await conn('regions').where({ code }).first<{ name: string } | undefined>(['name']);
  return row?.name;
}
