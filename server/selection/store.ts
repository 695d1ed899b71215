/** SQL of selection sessions and their turns (A.7.2): the only place the selection subsystem's reads live. */
import type { Db, Tx } from '../db/knex.ts';
import { scoped, type Scope } from '../access/scope.ts';
import type { Counts } from './events.ts';
import type { ListSessionsQuery } from './schema.ts';

type Conn = Db | Tx;

export interface SessionRow {
  id: number;
  session_no: string;
  plan_id: number;
  plan_no: string;
  plan_name: string;
  title: string;
  status: 'scheduled' | 'open' | 'paused' | 'closed';
  turn_seconds: number;
  max_skips: number;
  starts_at: Date | null;
  closed_at: Date | null;
  current_turn_id: number | null;
  version: number;
  paused_remaining_ms: number | null;
  region_code: string;
  created_at: Date;
  created_by: string | null;
}

export interface TurnRow {
  id: number;
  session_id: number;
  order_id: number;
  order_no: number;
  household_id: number;
  application_no: string;
  applicant_name: string | null;
  status: 'waiting' | 'active' | 'picked' | 'skipped' | 'forfeited';
  started_at: Date | null;
  deadline: Date | null;
  skips: number;
  ended_at: Date | null;
  queue_pos: string;
  region_code: string;
  /** The deadline has passed (by the database's clock). */
  expired: boolean;
  registration_year: number;
  household_region: string;
}

const SESSION_COLUMNS = [
  's.id',
  's.session_no',
  's.plan_id',
  'p.plan_no',
  'p.name as plan_name',
  's.title',
  's.status',
  's.turn_seconds',
  's.max_skips',
  's.starts_at',
  's.closed_at',
  's.current_turn_id',
  's.version',
  's.paused_remaining_ms',
  's.region_code',
  's.created_at',
  's.created_by',
];

/** A session, in the scope when one is given (public readers have none); `lock` takes the row FOR UPDATE. */
export async function findSession(
  conn: Conn,
  scope: Pick<Scope, 'regionPrefix'> | undefined,
  id: number,
  lock = false,
): Promise<SessionRow | undefined> {
  let q = conn('selection_sessions as s')
    .join('allocation_plans as p', 'p.id', 's.plan_id')
    .where('s.id', id)
    .first<SessionRow | undefined>(SESSION_COLUMNS);
  if (scope) q = scoped(q, scope, 's.region_code');
  if (lock) q = q.forUpdate('s');
  return q;
}

export async function listSessions(conn: Conn, scope: Scope, query: ListSessionsQuery) {
  const base = scoped(conn('selection_sessions as s'), scope, 's.region_code');
  if (query.region) void base.where('s.region_code', 'like', `${query.region.replace(/0+$/, '')}%`);
  if (query.status) void base.where('s.status', query.status);
  if (query.plan_id) void base.where('s.plan_id', query.plan_id);
  const [{ total }] = (await base.clone().count({ total: '*' })) as [{ total: string }];
  const rows = await base
    .join('allocation_plans as p', 'p.id', 's.plan_id')
    .orderBy('s.id', 'desc')
    .limit(query.page_size)
    .offset((query.page - 1) * query.page_size)
    .select<SessionRow[]>(SESSION_COLUMNS);
  return { rows, total: Number(total) };
}

export interface PlanRow {
  id: number;
  plan_no: string;
  name: string;
  status: string;
  resource_kind: string;
  region_code: string;
  ordered: number;
  units_available: number;
  households_planned: number;
}

const planColumns = (conn: Conn) => [
  'p.id',
  'p.plan_no',
  'p.name',
  'p.status',
  'p.resource_kind',
  'p.region_code',
  conn.raw('(SELECT count(*)::int FROM allocation_orders o WHERE o.plan_id = p.id) AS ordered'),
  conn.raw(`(SELECT count(*)::int FROM allocation_plan_resources r
              WHERE r.plan_id = p.id AND r.unit_id IS NOT NULL AND r.status = 'available') AS units_available`),
  conn.raw(`(SELECT count(*)::int FROM allocation_plan_households h
              WHERE h.plan_id = p.id AND h.status = 'planned') AS households_planned`),
];

export async function findPlan(conn: Conn, scope: Scope, id: number): Promise<PlanRow | undefined> {
  return scoped(conn('allocation_plans as p'), scope, 'p.region_code')
    .where('p.id', id)
    .first<PlanRow | undefined>(planColumns(conn));
}

/** Published units plans that have an allocation order: what a session can be held over. */
export async function selectablePlans(conn: Conn, scope: Scope, region?: string): Promise<PlanRow[]> {
  const q = scoped(conn('allocation_plans as p'), scope, 'p.region_code')
    .where({ 'p.status': 'published', 'p.resource_kind': 'units' })
    .whereExists(conn('allocation_orders as o').whereRaw('o.plan_id = p.id'))
    .orderBy('p.id', 'desc')
    .limit(200);
  if (region) void q.where('p.region_code', 'like', `${region.replace(/0+$/, '')}%`);
  return q.select<PlanRow[]>(planColumns(conn));
}

export async function regionExists(conn: Conn, code: string): Promise<boolean> {
  return Boolean(await conn('regions').where({ code }).first('code'));
}

export async function insertSession(trx: Tx, row: Record<string, unknown>): Promise<number> {
  const { rows } = await trx.raw<{ rows: { id: number }[] }>(
    `SELECT nextval(pg_get_serial_sequence('selection_sessions', 'id'))::bigint AS id`,
  );
  const id = rows[0]!.id;
  const year = new Date().getFullYear();
  await trx('selection_sessions').insert({
    ...row,
    id,
    session_no: `XF-${year}-${String(id).padStart(5, '0')}`,
  });
  return id;
}

/**
 * The turns of a new session: the plan's ordered households still 已列入 (planned) and not queued in another
 * session of the plan that is not closed, in order (queue position = order number).
 */
export async function insertTurns(trx: Tx, sessionId: number, planId: number): Promise<number> {
  const result = await trx.raw<{ rowCount: number }>(
    `INSERT INTO selection_turns (session_id, order_id, order_no, household_id, region_code, queue_pos)
     SELECT ?, o.id, o.order_no, o.household_id, o.region_code, o.order_no
       FROM allocation_orders o
       JOIN allocation_plan_households ph
         ON ph.plan_id = o.plan_id AND ph.household_id = o.household_id AND ph.status = 'planned'
      WHERE o.plan_id = ?
        AND NOT EXISTS (SELECT 1 FROM selection_turns t JOIN selection_sessions s ON s.id = t.session_id
                         WHERE s.plan_id = o.plan_id AND s.status <> 'closed' AND s.id <> ?
                           AND t.household_id = o.household_id AND t.status IN ('waiting', 'active', 'skipped'))
      ORDER BY o.order_no`,
    [sessionId, planId, sessionId],
  );
  return result.rowCount;
}

const TURN_COLUMNS = [
  't.id',
  't.session_id',
  't.order_id',
  't.order_no',
  't.household_id',
  'h.application_no',
  'h.applicant_name',
  't.status',
  't.started_at',
  't.deadline',
  't.skips',
  't.ended_at',
  't.queue_pos',
  't.region_code',
  'h.registration_year',
  'h.region_code as household_region',
];

const turns = (conn: Conn) =>
  conn('selection_turns as t')
    .join('households as h', 'h.id', 't.household_id')
    .select(conn.raw('COALESCE(t.deadline <= now(), false) AS expired'));

export async function turnById(conn: Conn, id: number): Promise<TurnRow | undefined> {
  return turns(conn).where('t.id', id).first<TurnRow | undefined>(TURN_COLUMNS);
}

export async function activeTurn(conn: Conn, sessionId: number): Promise<TurnRow | undefined> {
  return turns(conn)
    .where({ 't.session_id': sessionId, 't.status': 'active' })
    .first<TurnRow | undefined>(TURN_COLUMNS);
}

export async function turnOfHousehold(
  conn: Conn,
  sessionId: number,
  householdId: number,
): Promise<TurnRow | undefined> {
  return turns(conn)
    .where({ 't.session_id': sessionId, 't.household_id': householdId })
    .first<TurnRow | undefined>(TURN_COLUMNS);
}

/** The next turns in the queue (waiting, or put back after a timeout), first first. */
export async function queued(conn: Conn, sessionId: number, limit: number): Promise<TurnRow[]> {
  return turns(conn)
    .where('t.session_id', sessionId)
    .whereIn('t.status', ['waiting', 'skipped'])
    .orderBy('t.queue_pos')
    .limit(limit)
    .select<TurnRow[]>(TURN_COLUMNS);
}

/** How many turns come before `turn` in the queue (0 = next). */
export async function placeInQueue(conn: Conn, turn: TurnRow): Promise<number> {
  const row = await conn('selection_turns')
    .where({ session_id: turn.session_id })
    .whereIn('status', ['waiting', 'skipped'])
    .where('queue_pos', '<', turn.queue_pos)
    .count<{ n: string }[]>({ n: '*' });
  return Number(row[0]!.n);
}

export async function listTurns(conn: Conn, sessionId: number): Promise<TurnRow[]> {
  return turns(conn)
    .where('t.session_id', sessionId)
    .orderByRaw(`t.status = 'active' DESC, t.status IN ('waiting', 'skipped') DESC, t.queue_pos`)
    .select<TurnRow[]>(TURN_COLUMNS);
}

export async function updateTurn(trx: Tx, id: number, patch: Record<string, unknown>): Promise<void> {
  await trx('selection_turns').where({ id }).update(patch);
}

export async function counts(conn: Conn, sessionId: number, planId: number): Promise<Counts> {
  const { rows } = await conn.raw<{ rows: Counts[] }>(
    `SELECT u.units_total, u.units_available, t.*
       FROM (SELECT count(*)::int AS units_total, count(*) FILTER (WHERE status = 'available')::int AS units_available
               FROM allocation_plan_resources WHERE plan_id = ? AND unit_id IS NOT NULL AND status <> 'withdrawn') u,
            (SELECT count(*)::int AS turns_total,
                    count(*) FILTER (WHERE status IN ('waiting', 'skipped'))::int AS turns_waiting,
                    count(*) FILTER (WHERE status = 'picked')::int AS picked,
                    count(*) FILTER (WHERE status = 'forfeited')::int AS forfeited
               FROM selection_turns WHERE session_id = ?) t`,
    [planId, sessionId],
  );
  return rows[0]!;
}

/** Bumps the version and sets what changed on the session; returns the new version. */
export async function bumpSession(trx: Tx, id: number, patch: Record<string, unknown> = {}): Promise<number> {
  const [row] = await trx('selection_sessions')
    .where({ id })
    .update({ ...patch, version: trx.raw('version + 1') })
    .returning<{ version: number }[]>('version');
  return row!.version;
}

export async function notify(trx: Tx, channel: string, payload: string): Promise<void> {
  await trx.raw('SELECT pg_notify(?, ?)', [channel, payload]);
}
