/**
 * Bulk loading with COPY past the per-row triggers, done openly. Inside the loading transaction
 * `SET LOCAL session_replication_role = replica` turns off ordinary triggers — the audit trigger (one log row
 * per row would dominate the load), the bookkeeping trigger (so rows carry created_by/updated_by 'seed'
 * themselves), the trigger that copies a unit's project from its building (so rows carry project_id), foreign
 * key checks (the generator takes its ids from the rows it has just inserted) and the tile aggregates'
 * statement triggers. Afterwards the role is reset, ONE `seed.bulk_load` event goes through the hash chain
 * with the counts, the tile aggregates are rebuilt and the tables analysed.
 *
 * Deleting the seed's rows before a re-seed works the same way (bulkDelete), and then checks every foreign key
 * that points at the emptied tables, since replica mode did not: a row someone else entered that referred to a
 * deleted one aborts the whole re-seed.
 *
 * A large load (LARGE_LOAD rows or more, and at least as many as the table holds) also drops the table's plain
 * indexes first and rebuilds them from their own definitions afterwards, in the same transaction: building an
 * index once is several times faster than maintaining it a row at a time. Indexes behind constraints (primary
 * key, unique, those a foreign key refers to) stay.
 */
import type { Knex } from 'knex';
import { appendEvent } from '../../server/audit/events.ts';
import { type Cell, type CopyResult, copyInto } from './copy.ts';

export interface BulkLoad {
  table: string;
  columns: readonly string[];
  rows: Iterable<readonly Cell[]>;
  /** How many rows the generator will give (decides whether indexes are rebuilt rather than maintained). */
  expectedRows: number;
}

export interface BulkLoadResult extends CopyResult {
  /** Milliseconds spent rebuilding the indexes dropped for the load (0 when none were). */
  indexMs: number;
}

export const LARGE_LOAD = 10_000;

/** The planner's estimate of a table's rows (0 for a table never analysed). */
async function estimatedRows(trx: Knex.Transaction, table: string): Promise<number> {
  const { rows } = await trx.raw<{ rows: { n: number }[] }>(
    `SELECT greatest(reltuples, 0)::float8 AS n FROM pg_class WHERE oid = ?::regclass`,
    [table],
  );
  return rows[0]?.n ?? 0;
}

/** Drops the table's indexes that no constraint uses; returns how to create them again. */
async function dropPlainIndexes(trx: Knex.Transaction, table: string): Promise<() => Promise<number>> {
  const { rows } = await trx.raw<{ rows: { name: string; definition: string }[] }>(
    `SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS definition
     FROM pg_index i
     WHERE i.indrelid = ?::regclass
       AND NOT EXISTS (SELECT FROM pg_constraint c WHERE c.conindid = i.indexrelid)
     ORDER BY 1`,
    [table],
  );
  for (const index of rows) await trx.raw(`DROP INDEX ${index.name}`);
  return async () => {
    const started = performance.now();
    for (const index of rows) await trx.raw(index.definition);
    return performance.now() - started;
  };
}

/** Rebuilds what statement triggers keep current and replica mode skipped: the tiles' aggregate tables. */
export async function afterBulkLoad(db: Knex): Promise<void> {
  const { rows } = await db.raw<{ rows: { found: boolean }[] }>(
    `SELECT to_regprocedure('rebuild_tile_aggregates()') IS NOT NULL AS found`,
  );
  if (rows[0]?.found) await db.raw('SELECT rebuild_tile_aggregates()');
}

export async function bulkLoad(
  trx: Knex.Transaction,
  loads: readonly BulkLoad[],
  detail: Record<string, unknown>,
  analyse: readonly string[],
): Promise<BulkLoadResult[]> {
  const results: BulkLoadResult[] = [];
  await trx.raw('SET LOCAL session_replication_role = replica');
  await trx.raw(`SET LOCAL maintenance_work_mem = '256MB'`);
  for (const load of loads) {
    const large =
      load.expectedRows >= LARGE_LOAD && load.expectedRows >= (await estimatedRows(trx, load.table));
    const recreate = large ? await dropPlainIndexes(trx, load.table) : undefined;
    const copied = await copyInto(trx, load.table, load.columns, load.rows);
    results.push({ ...copied, indexMs: recreate ? await recreate() : 0 });
  }
  // (A failed COPY aborts the transaction, which undoes the SET LOCAL with everything else.)
  await trx.raw('SET LOCAL session_replication_role = origin');
  await appendEvent(trx, {
    action: 'seed.bulk_load',
    actor: 'seed',
    entity: loads.map((l) => l.table).join(','),
    detail: {
      ...detail,
      copied: Object.fromEntries(results.map((r) => [r.table, r.rows])),
      method:
        'COPY with session_replication_role = replica: no per-row audit, bookkeeping or foreign-key triggers',
    },
  });
  await afterBulkLoad(trx);
  for (const table of analyse) await trx.raw('ANALYZE ??', [table]);
  return results;
}

const ident = (name: string) => `"${name.replaceAll('"', '""')}"`;

/**
 * Foreign keys pointing at `tables` that have rows without their referenced row (what replica mode let through),
 * as "constraint on table" strings.
 */
async function brokenReferences(trx: Knex.Transaction, tables: readonly string[]): Promise<string[]> {
  const { rows: keys } = await trx.raw<{
    rows: { name: string; child: string; parent: string; child_cols: string[]; parent_cols: string[] }[];
  }>(
    `SELECT c.conname AS name, c.conrelid::regclass::text AS child, c.confrelid::regclass::text AS parent,
            array_agg(ca.attname::text ORDER BY k.i) AS child_cols, array_agg(pa.attname::text ORDER BY k.i) AS parent_cols
     FROM pg_constraint c
     CROSS JOIN LATERAL unnest(c.conkey, c.confkey) WITH ORDINALITY AS k(child_att, parent_att, i)
     JOIN pg_attribute ca ON ca.attrelid = c.conrelid AND ca.attnum = k.child_att
     JOIN pg_attribute pa ON pa.attrelid = c.confrelid AND pa.attnum = k.parent_att
     WHERE c.contype = 'f' AND c.confrelid = ANY (?::regclass[])
     GROUP BY c.oid, c.conname, c.conrelid, c.confrelid
     ORDER BY c.conname`,
    [`{${tables.join(',')}}`],
  );
  const broken: string[] = [];
  for (const key of keys) {
    const present = key.child_cols.map((c) => `r.${ident(c)} IS NOT NULL`).join(' AND ');
    const match = key.child_cols
      .map((c, i) => `p.${ident(key.parent_cols[i] ?? '')} = r.${ident(c)}`)
      .join(' AND ');
    const { rows } = await trx.raw<{ rows: { broken: boolean }[] }>(
      `SELECT EXISTS (SELECT FROM ${key.child} r WHERE ${present}
                        AND NOT EXISTS (SELECT FROM ${key.parent} p WHERE ${match})) AS broken`,
    );
    if (rows[0]?.broken) broken.push(`${key.name} on ${key.child}`);
  }
  return broken;
}

/**
 * Deletes the rows matching `where` from each table (children first) without per-row triggers, then checks the
 * foreign keys, logs ONE `seed.bulk_delete` event with the counts and rebuilds the tile aggregates.
 */
export async function bulkDelete(
  trx: Knex.Transaction,
  tables: readonly string[],
  where: Record<string, string>,
): Promise<Record<string, number>> {
  const deleted: Record<string, number> = {};
  await trx.raw('SET LOCAL session_replication_role = replica');
  for (const table of tables) deleted[table] = await trx(table).where(where).delete();
  await trx.raw('SET LOCAL session_replication_role = origin');
  const broken = await brokenReferences(trx, tables);
  if (broken.length)
    throw new Error(
      `other rows still refer to the deleted seed rows (${broken.join(', ')}): re-seed a fresh database`,
    );
  await appendEvent(trx, {
    action: 'seed.bulk_delete',
    actor: 'seed',
    entity: tables.join(','),
    detail: {
      deleted,
      where,
      method: 'DELETE with session_replication_role = replica, foreign keys checked after',
    },
  });
  await afterBulkLoad(trx);
  return deleted;
}
