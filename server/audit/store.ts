/** SQL for reading the operation log (writes come from triggers and events.ts only). */
import type { Db } from '../db/knex.ts';
import { regionPrefix, scoped, type Scope } from '../access/scope.ts';
import type { LogQuery } from './schema.ts';

export interface LogRow {
  id: number;
  seq: number;
  occurred_at: Date;
  actor: string;
  request_id: string | null;
  action: string;
  operation: string;
  entity: string | null;
  entity_id: string | null;
  region_code: string | null;
  before: unknown;
  after: unknown;
  ip: string | null;
}

export async function listLog(
  db: Db,
  scope: Scope,
  filter: LogQuery,
): Promise<{ rows: LogRow[]; total: number }> {
  const query = scoped(db('operation_log'), scope, 'region_code', { includeUnassigned: true });
  if (filter.actor) query.where('actor', filter.actor);
  if (filter.action) query.where('action', 'like', `${filter.action}%`);
  if (filter.entity) query.where('entity', filter.entity);
  if (filter.entity_id) query.where('entity_id', filter.entity_id);
  if (filter.region) query.where('region_code', 'like', `${regionPrefix(filter.region)}%`);
  if (filter.from) query.where('occurred_at', '>=', filter.from);
  if (filter.to) query.where('occurred_at', '<', filter.to);
  const [{ total } = { total: 0 }] = await query.clone().count<{ total: string | number }[]>({ total: '*' });
  const rows = (await query
    .select(
      'id',
      'seq',
      'occurred_at',
      'actor',
      'request_id',
      'action',
      'operation',
      'entity',
      'entity_id',
      'region_code',
      'before',
      'after',
      'ip',
    )
    .orderBy('seq', 'desc')
    .limit(filter.page_size)
    .offset((filter.page - 1) * filter.page_size)) as LogRow[];
  return { rows, total: Number(total) };
}

export async function verifyChain(db: Db): Promise<{ checked: number; first_broken_seq: number | null }> {
  const { rows } = await db.raw<{ rows: { checked: number; first_broken_seq: number | null }[] }>(
    'SELECT checked, first_broken_seq FROM operation_log_verify()',
  );
  return rows[0]!;
}
