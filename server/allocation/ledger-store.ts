/**
 * SQL of the security-project ledgers (A.6.1, A.6.2); always region-scoped. Entries are only ever written by the
 * database function `ledger_post` (migration 20261127170100); a period row's 期末 columns are generated.
 */
import type { Knex } from 'knex';
import type { Db, Tx } from '../db/knex.ts';
import { regionPrefix, scoped, type Scope } from '../access/scope.ts';
import { pageOf } from '../spatial/features.ts';
import type { EntryListQuery, LedgerListQuery } from './ledger-schema.ts';

type Conn = Db | Tx;
type Row = Record<string, unknown>;

/** Advisory lock key shared with ledger_post (migration): closing holds it exclusively. */
export const LEDGER_LOCK = 0x4c454447;

export const RESOURCES = ['funds', 'units', 'area', 'households', 'persons'] as const;
export type Resource = (typeof RESOURCES)[number];
/** Each balance's column in the entries. */
const COLUMN: Record<Resource, string> = {
  funds: 'amount',
  units: 'units',
  area: 'floor_area',
  households: 'households',
  persons: 'persons',
};

export async function listEntries(conn: Conn, scope: Scope, filter: EntryListQuery) {
  const query = scoped(conn('security_ledger_entries as e'), scope, 'e.region_code')
    .join('regions as g', 'g.code', 'e.region_code')
    .select('e.*', 'g.name as region_name');
  if (filter.region) void query.where('e.region_code', 'like', `${regionPrefix(filter.region)}%`);
  if (filter.resource_type) void query.where('e.resource_type', filter.resource_type);
  if (filter.direction) void query.where('e.direction', filter.direction);
  if (filter.source) void query.where('e.source', filter.source);
  if (filter.batch_no) void query.where('e.batch_no', filter.batch_no);
  if (filter.from) void query.where('e.received_on', '>=', filter.from);
  if (filter.to) void query.where('e.received_on', '<=', filter.to);
  void query.orderBy([
    { column: 'e.received_on', order: 'desc' },
    { column: 'e.id', order: 'desc' },
  ]);
  return pageOf<Row>(query, filter, []);
}

export async function findEntry(conn: Conn, id: number): Promise<Row | undefined> {
  return conn('security_ledger_entries as e')
    .join('regions as g', 'g.code', 'e.region_code')
    .where('e.id', id)
    .first<Row | undefined>('e.*', 'g.name as region_name');
}

/** Posts through the database's ledger_post (which refuses a date in a closed period with HS409). */
export async function post(trx: Tx, entry: Record<string, unknown>): Promise<number> {
  const names = Object.keys(entry);
  const { rows } = await trx.raw<{ rows: { id: string }[] }>(
    `SELECT ledger_post(${names.map((n) => `${n} => ?`).join(', ')}) AS id`,
    names.map((n) => entry[n]) as Knex.RawBinding[],
  );
  return Number(rows[0]!.id);
}

const signed = (column: string) => `CASE e.direction WHEN 'in' THEN e.${column} ELSE -e.${column} END`;

/** Sums of the entries under `prefix`: balances before `before`, and in/out between `from` and `to`. */
export async function sums(
  conn: Conn,
  prefix: string,
  range: { before?: string; from?: string; to?: string },
): Promise<Record<string, string>> {
  const parts = RESOURCES.flatMap((r) => [
    `coalesce(sum(${signed(COLUMN[r])}) FILTER (WHERE e.received_on < :before), 0)::text AS opening_${r}`,
    `coalesce(sum(e.${COLUMN[r]}) FILTER (WHERE e.direction = 'in' AND e.received_on BETWEEN :from AND :to), 0)::text AS ${r}_in`,
    `coalesce(sum(e.${COLUMN[r]}) FILTER (WHERE e.direction = 'out' AND e.received_on BETWEEN :from AND :to), 0)::text AS ${r}_out`,
    `coalesce(sum(${signed(COLUMN[r])}) FILTER (WHERE e.received_on <= :to), 0)::text AS balance_${r}`,
  ]);
  const { rows } = await conn.raw<{ rows: Record<string, string>[] }>(
    `SELECT ${parts.join(', ')},
            count(*) FILTER (WHERE e.received_on BETWEEN :from AND :to)::text AS entry_count
       FROM security_ledger_entries e WHERE e.region_code LIKE :prefix AND e.ledger_class = 'security'`,
    {
      prefix: `${prefix}%`,
      before: range.before ?? '1900-01-01',
      from: range.from ?? '1900-01-01',
      to: range.to ?? '9999-12-31',
    },
  );
  return rows[0]!;
}

export async function findLedger(
  conn: Conn,
  key: { region_code: string; period_type: string; period: string },
): Promise<Row | undefined> {
  return conn('security_ledgers')
    .where({ ...key, ledger_class: 'security' })
    .first<Row | undefined>();
}

export async function insertLedger(trx: Tx, row: Row): Promise<number> {
  const [inserted] = await trx('security_ledgers').insert(row).returning<{ id: number }[]>('id');
  return Number(inserted!.id);
}

function ledgersIn(conn: Conn, scope: Scope) {
  return scoped(conn('security_ledgers as l'), scope, 'l.region_code')
    .join('regions as g', 'g.code', 'l.region_code')
    .select('l.*', 'g.name as region_name');
}

export async function ledgerById(conn: Conn, scope: Scope, id: number): Promise<Row | undefined> {
  return ledgersIn(conn, scope).where('l.id', id).first<Row | undefined>();
}

export async function listLedgers(conn: Conn, scope: Scope, filter: LedgerListQuery) {
  const query = ledgersIn(conn, scope);
  if (filter.region) void query.where('l.region_code', 'like', `${regionPrefix(filter.region)}%`);
  if (filter.period_type) void query.where('l.period_type', filter.period_type);
  if (filter.period) void query.where('l.period', filter.period);
  void query.orderBy([{ column: 'l.period_start', order: 'desc' }, 'l.region_code', 'l.period_type']);
  return pageOf<Row>(query, filter, []);
}

/** Every closed row in the scope (under `prefix`), oldest first, for reconciliation. */
export async function allLedgers(conn: Conn, scope: Scope, prefix: string): Promise<Row[]> {
  return (await ledgersIn(conn, scope)
    .where('l.region_code', 'like', `${prefix}%`)
    .orderBy(['l.region_code', 'l.period_type', 'l.period_start'])) as Row[];
}
