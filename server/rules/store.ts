/**
 * SQL for rule versions and their items. Visibility (access/scope.ts, extended for rules): a user sees versions
 * made in their region or below, and those of the regions above them — rules are set by the city (4.1.2 各地),
 * and its districts apply and read them. Writes need the version to lie in the user's region or below.
 */
import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import type pg from 'pg';
import type { Db, Tx } from '../db/knex.ts';
import { regionPrefix, type Scope } from '../access/scope.ts';
import { KIND_ORDER, KIND_SPECS } from './kinds.ts';
import { ITEM_FIELDS, KINDS, type Kind } from './schema.ts';
import type { Item, RuleSet, VersionRow } from './model.ts';

type Conn = Db | Tx;

const PREFIX_LENGTHS = [2, 4, 6, 9];

/** The 12-digit codes of the regions above `code` (province, city, …). */
export function ancestorCodes(code: string): string[] {
  const own = regionPrefix(code).length;
  return PREFIX_LENGTHS.filter((n) => n < own).map((n) => code.slice(0, n).padEnd(12, '0'));
}

/** Rows whose `column` is in the scope or is one of the scope's ancestors. */
export function visible<T extends Knex.QueryBuilder>(query: T, scope: Scope, column: string): T {
  return query.where((q) => {
    void q.where(column, 'like', `${scope.regionPrefix}%`).orWhereIn(column, ancestorCodes(scope.regionCode));
  }) as T;
}

/** The same rule in memory: whether a version made in `regionCode` is visible in the scope. */
export function visibleIn(scope: Scope, regionCode: string): boolean {
  return regionCode.startsWith(scope.regionPrefix) || ancestorCodes(scope.regionCode).includes(regionCode);
}

/** Rows whose `column` applies to `region`: made there or below it, or above it. */
function appliesTo<T extends Knex.QueryBuilder>(query: T, region: string, column: string): T {
  return query.where((q) => {
    void q.where(column, 'like', `${regionPrefix(region)}%`).orWhereIn(column, ancestorCodes(region));
  }) as T;
}

const VERSION_COLUMNS = [
  'v.id',
  'v.template_code',
  'v.template_name',
  'v.version_no',
  'v.status',
  'v.effective_from',
  'v.effective_to',
  'v.region_code',
  'r.name as region_name',
  'v.description',
  'v.based_on_id',
  'v.enabled_at',
  'v.enabled_by',
  'v.disabled_at',
  'v.disabled_by',
  'v.created_at',
  'v.created_by',
  'v.updated_at',
  'v.updated_by',
];

function versions(conn: Conn) {
  return conn('rule_versions as v')
    .join('regions as r', 'r.code', 'v.region_code')
    .select(
      ...VERSION_COLUMNS.filter((c) => !c.startsWith('v.effective')),
      conn.raw(`to_char(v.effective_from, 'YYYY-MM-DD') AS effective_from`),
      conn.raw(`to_char(v.effective_to, 'YYYY-MM-DD') AS effective_to`),
    );
}

export async function listVersions(
  conn: Conn,
  scope: Scope,
  filter: { template_code?: string; status?: string; region?: string },
): Promise<VersionRow[]> {
  const query = visible(versions(conn), scope, 'v.region_code');
  if (filter.region) appliesTo(query, filter.region, 'v.region_code');
  if (filter.template_code) void query.where('v.template_code', filter.template_code);
  if (filter.status) void query.where('v.status', filter.status);
  return (await query
    .orderBy('v.region_code')
    .orderBy('v.template_code')
    .orderBy('v.version_no', 'desc')) as VersionRow[];
}

/** A version the user may see; undefined when there is none (or it lies in another district). */
export async function findVersion(conn: Conn, scope: Scope, id: number): Promise<VersionRow | undefined> {
  return (await visible(versions(conn), scope, 'v.region_code').where('v.id', id).first()) as
    VersionRow | undefined;
}

/** A version by id without scope: for the engine once access is settled, and for seeds. */
export async function versionById(conn: Conn, id: number): Promise<VersionRow | undefined> {
  return (await versions(conn).where('v.id', id).first()) as VersionRow | undefined;
}

export async function enabledVersionOf(conn: Conn, templateCode: string): Promise<VersionRow | undefined> {
  return (await versions(conn).where({ 'v.template_code': templateCode, 'v.status': 'enabled' }).first()) as
    VersionRow | undefined;
}

export async function templateInfo(
  conn: Conn,
  templateCode: string,
): Promise<{ region_code: string; next_no: number } | undefined> {
  const row = (await conn('rule_versions')
    .where({ template_code: templateCode })
    .select(conn.raw('min(region_code) AS region_code, max(version_no) + 1 AS next_no'))
    .groupBy('template_code')
    .first()) as { region_code: string; next_no: number } | undefined;
  return row;
}

export async function insertVersion(trx: Tx, row: Record<string, unknown>): Promise<number> {
  const [inserted] = await trx('rule_versions').insert(row).returning<{ id: number }[]>('id');
  return inserted!.id;
}

export async function updateVersion(trx: Tx, id: number, changes: Record<string, unknown>): Promise<void> {
  await trx('rule_versions').where({ id }).update(changes);
}

export async function deleteVersion(trx: Tx, id: number): Promise<void> {
  await trx('rule_versions').where({ id }).delete();
}

/** Shapes a stored item for the API: numeric columns as numbers, the qualitative value as a boolean. */
function fromDb(kind: Kind, row: Record<string, unknown>): Item {
  const out: Record<string, unknown> = { id: row.id, version_id: row.version_id };
  for (const field of Object.keys(ITEM_FIELDS[kind])) out[field] = row[field] ?? null;
  for (const field of KIND_SPECS[kind].numbers ?? [])
    out[field] = out[field] === null ? null : Number(out[field]);
  if (kind === 'qualitative') out.expected_value = row.expected_value === 'true';
  if ('enabled_at' in row) out.enabled_at = row.enabled_at ?? null;
  return out as Item;
}

/** The stored form of an item's fields. */
function toDb(kind: Kind, input: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(input)) {
    if (value === undefined) continue;
    if (kind === 'qualitative' && field === 'expected_value') out[field] = value === true ? 'true' : 'false';
    else if (field === 'parameters') out[field] = JSON.stringify(value ?? {});
    else out[field] = value;
  }
  return out;
}

export async function loadItems(conn: Conn, kind: Kind, versionId: number): Promise<Item[]> {
  const rows = (await conn(KIND_SPECS[kind].table)
    .where({ version_id: versionId })
    .orderBy('code')) as Record<string, unknown>[];
  return rows.map((row) => fromDb(kind, row));
}

/** A version with every item, by kind. */
export async function loadRuleSet(conn: Conn, version: VersionRow): Promise<RuleSet> {
  // One after another: a transaction is one connection, which runs one query at a time.
  const items = {} as RuleSet['items'];
  for (const kind of KINDS) items[kind] = await loadItems(conn, kind, version.id);
  return { version, items };
}

/** An item the user may see, with its version's status. */
export async function findItem(
  conn: Conn,
  scope: Scope,
  kind: Kind,
  id: number,
): Promise<{ item: Item; versionId: number; regionCode: string } | undefined> {
  const query = visible(conn(`${KIND_SPECS[kind].table} as i`), scope, 'i.region_code').where('i.id', id);
  const row = await query.first<Record<string, unknown> | undefined>('i.*');
  if (!row) return undefined;
  return {
    item: fromDb(kind, row),
    versionId: row.version_id as number,
    regionCode: row.region_code as string,
  };
}

export async function insertItem(
  trx: Tx,
  kind: Kind,
  versionId: number,
  input: Record<string, unknown>,
): Promise<Item> {
  const [row] = (await trx(KIND_SPECS[kind].table)
    .insert({ ...toDb(kind, input), version_id: versionId })
    .returning('*')) as Record<string, unknown>[];
  return fromDb(kind, row!);
}

export async function updateItem(
  trx: Tx,
  kind: Kind,
  id: number,
  changes: Record<string, unknown>,
): Promise<Item> {
  const [row] = (await trx(KIND_SPECS[kind].table)
    .where({ id })
    .update(toDb(kind, changes))
    .returning('*')) as Record<string, unknown>[];
  return fromDb(kind, row!);
}

export async function deleteItem(trx: Tx, kind: Kind, id: number): Promise<void> {
  await trx(KIND_SPECS[kind].table).where({ id }).delete();
}

/**
 * Copies every item of one version into another (a draft). One INSERT … SELECT per table, so self-references
 * (parent codes) are checked at the end of the statement and need no ordering.
 */
export async function copyItems(trx: Tx, fromId: number, toId: number): Promise<void> {
  for (const kind of KIND_ORDER) {
    const columns = Object.keys(ITEM_FIELDS[kind]);
    const list = columns.map((c) => trx.raw('??', [c]).toQuery()).join(', ');
    await trx.raw(`INSERT INTO ?? (version_id, ${list}) SELECT ?, ${list} FROM ?? WHERE version_id = ?`, [
      KIND_SPECS[kind].table,
      toId,
      KIND_SPECS[kind].table,
      fromId,
    ]);
  }
}

/** Stamps 启用时间 on the enabled items of a draft, just before the draft is enabled (then it is frozen). */
export async function stampEnabledAt(trx: Tx, versionId: number): Promise<void> {
  for (const kind of KINDS) {
    if (kind === 'categories') continue;
    await trx(KIND_SPECS[kind].table)
      .where({ version_id: versionId, enabled: true })
      .update({ enabled_at: trx.fn.now() });
  }
}

/**
 * A statement compiled once (`$n` placeholders) and run as a named prepared statement, so the hot path of a
 * single evaluation neither builds its SQL nor has the server parse and plan it again: PostgreSQL keeps the
 * statement per pooled connection. Inside a transaction it runs as an ordinary query on the transaction.
 */
export interface Prepared {
  name: string;
  text: string;
}

/** What knex's client offers for lending a pooled connection (its `client` member is typed `any`). */
interface PoolClient {
  acquireConnection(): Promise<pg.ClientBase>;
  releaseConnection(connection: pg.ClientBase): Promise<void>;
}

export const prepare = (text: string): Prepared => ({
  name: `rules_${createHash('sha1').update(text).digest('hex').slice(0, 16)}`,
  text,
});

export async function runPrepared<R>(conn: Conn, statement: Prepared, values: unknown[]): Promise<R[]> {
  if (conn.isTransaction) {
    // knex numbers its own placeholders: hand it `?` in their place (every `$n` appears once, in order).
    const sql = statement.text.replace(/\$\d+/g, '?');
    return (await conn.raw<{ rows: R[] }>(sql, values as Knex.RawBinding[])).rows;
  }
  // The pool's own connection (SET ROLE done when it was made), lent and returned around one query.
  const pool = conn.client as PoolClient;
  const client = await pool.acquireConnection();
  try {
    return (await client.query<R & pg.QueryResultRow>({ ...statement, values })).rows;
  } finally {
    await pool.releaseConnection(client);
  }
}

// synchronous_commit off for this statement's transaction only: see insertEvaluation.
const INSERT_EVALUATION = prepare(
  `INSERT INTO rule_evaluations
          (version_id, household_id, region_code, eligible_modes, result, evaluated_by, request_id)
   SELECT $1::bigint, $2::bigint, $3::text, $4::text[], $5::jsonb, $6::text, $7::text
     FROM (SELECT set_config('synchronous_commit', 'off', true)) relaxed
   RETURNING id`,
);

/**
 * Records an evaluation in one autocommitted statement that does not wait for the WAL flush (synchronous_commit
 * off for this statement's transaction only): a crash may lose the last fraction of a second of log rows, never
 * corrupt them, and the evaluation answers without an fsync on a busy disk. Business writes keep their durable
 * commits. A prepared statement: parsed and planned once per connection.
 */
export async function insertEvaluation(
  conn: Conn,
  row: {
    version_id: number;
    household_id: number | null;
    region_code: string;
    eligible_modes: string[];
    result: string;
    evaluated_by: string;
    request_id: string;
  },
): Promise<number> {
  const [inserted] = await runPrepared<{ id: number }>(conn, INSERT_EVALUATION, [
    row.version_id,
    row.household_id,
    row.region_code,
    row.eligible_modes,
    row.result,
    row.evaluated_by,
    row.request_id,
  ]);
  return Number(inserted!.id);
}

/** A.1.12 records of a year for the versions the user may see (optionally those applying to a region). */
export async function exchangeRecords(
  conn: Conn,
  scope: Scope,
  year: number,
  region?: string,
): Promise<Record<string, unknown>[]> {
  const query = visible(conn('rule_exchange as e'), scope, 'e.region_code').where('e.year', year);
  if (region) appliesTo(query, region, 'e.region_code');
  return (await query
    .select('e.*')
    .orderBy(['e.region_code', 'e.template_code', 'e.mode_name', 'e.record_kind', 'e.item_code'])) as Record<
    string,
    unknown
  >[];
}
