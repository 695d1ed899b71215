/**
 * SQL of the lottery (staff side). Every business query goes through `scoped()`. The server secret is read in
 * exactly two places: `drawsQuery` shows it only once the draw is drawn (CASE in SQL, so it never reaches the
 * application before), and `secretOf` reads it for the draw itself. Rosters and results are written with one
 * INSERT … SELECT FROM unnest(…) each: 100,000 rows in one statement.
 */
import type { Db, Tx } from '../db/knex.ts';
import { regionPrefix, scoped, type Scope } from '../access/scope.ts';
import { pageOf, whereText } from '../spatial/features.ts';
import type { Contribution } from '../../shared/lottery.ts';
import type { DrawLinesQuery, DrawStatus, ListDrawsQuery, PlanOrderQuery } from './schema.ts';

type Conn = Db | Tx;
type InScope = Pick<Scope, 'regionPrefix'>;

export interface PlanRow {
  id: number;
  plan_no: string;
  name: string;
  status: string;
  region_code: string;
}

export async function findPlan(conn: Conn, scope: InScope, id: number, lock = false) {
  const query = scoped(conn('allocation_plans').where({ id }), scope).first<PlanRow | undefined>(
    'id',
    'plan_no',
    'name',
    'status',
    'region_code',
  );
  return lock ? query.forUpdate() : query;
}

/** The plan's draw that is not cancelled (at most one: lottery_draws_one_per_plan). */
export const liveDrawOf = (conn: Conn, planId: number) =>
  conn('lottery_draws')
    .where({ plan_id: planId })
    .whereNot({ status: 'cancelled' })
    .first<{ draw_no: string; status: DrawStatus } | undefined>('draw_no', 'status');

export const hasOrder = async (conn: Conn, planId: number) =>
  Boolean(await conn('allocation_orders').where({ plan_id: planId }).first('id'));

export interface PlannedHousehold {
  household_id: number;
  application_no: string;
  score: string | null;
}

/** The plan's households still planned (A.6.6 status planned): the roster to freeze. */
export const plannedHouseholds = (conn: Conn, planId: number) =>
  conn('allocation_plan_households')
    .where({ plan_id: planId, status: 'planned' })
    .orderBy([{ column: 'household_id' }])
    .select<PlannedHousehold[]>('household_id', 'application_no', conn.raw('score::text AS score'));

export async function nextDrawNo(conn: Conn): Promise<string> {
  const { rows } = await conn.raw<{ rows: { draw_no: string }[] }>(
    `SELECT 'YH-' || to_char(now() AT TIME ZONE 'Asia/Shanghai', 'YYYY') || '-'
            || lpad(nextval('lottery_draw_no')::text, 6, '0') AS draw_no`,
  );
  return rows[0]!.draw_no;
}

export interface NewDraw {
  draw_no: string;
  plan_id: number;
  title: string;
  algorithm: string;
  roster_size: number;
  roster_hash: string;
  seed_commitment: string;
  server_secret: string;
  scheduled_at: string | null;
  region_code: string;
}

export async function insertDraw(trx: Tx, row: NewDraw): Promise<number> {
  const [inserted] = await trx('lottery_draws').insert(row).returning<{ id: number }[]>('id');
  return inserted!.id;
}

export interface EntryColumns {
  roster_index: number[];
  entry_code: string[];
  cohort: string[];
  cohort_rank: number[];
  score: (string | null)[];
  household_id: number[];
  application_no: string[];
}

/**
 * A PostgreSQL array literal bound as one value (knex would spread a JS array into a list of parameters):
 * every element quoted, so application numbers with commas or quotes stay one element.
 */
export function pgArray(values: readonly (string | number | null)[]): string {
  const quote = (v: string | number | null) =>
    v === null ? 'NULL' : `"${String(v).replace(/[\\"]/g, (c) => `\\${c}`)}"`;
  return `{${values.map(quote).join(',')}}`;
}

export async function insertEntries(trx: Tx, drawId: number, c: EntryColumns): Promise<void> {
  await trx.raw(
    `INSERT INTO lottery_entries (draw_id, roster_index, entry_code, cohort, cohort_rank, score, household_id,
                                  application_no)
     SELECT ?, * FROM unnest(?::int[], ?::text[], ?::text[], ?::int[], ?::numeric[], ?::bigint[], ?::text[])`,
    [
      drawId,
      pgArray(c.roster_index),
      pgArray(c.entry_code),
      pgArray(c.cohort),
      pgArray(c.cohort_rank),
      pgArray(c.score),
      pgArray(c.household_id),
      pgArray(c.application_no),
    ],
  );
}

export interface DrawRow {
  id: number;
  draw_no: string;
  title: string;
  status: DrawStatus;
  algorithm: string;
  plan_id: number;
  plan_no: string;
  plan_name: string;
  region_code: string;
  region_name: string;
  roster_size: number;
  roster_hash: string;
  seed_commitment: string;
  scheduled_at: Date | null;
  committed_at: Date;
  contributions: Contribution[];
  server_secret: string | null;
  seed: string | null;
  result_hash: string | null;
  drawn_at: Date | null;
  drawn_by: string | null;
  cancel_reason: string | null;
  created_by: string;
}

/** Draws with their plan and region (unscoped: callers scope). The secret only of a drawn draw. */
export function drawsQuery(conn: Conn) {
  return conn('lottery_draws as d')
    .join('allocation_plans as p', 'p.id', 'd.plan_id')
    .join('regions as r', 'r.code', 'd.region_code')
    .select(
      'd.id',
      'd.draw_no',
      'd.title',
      'd.status',
      'd.algorithm',
      'd.plan_id',
      'p.plan_no',
      'p.name as plan_name',
      'd.region_code',
      'r.name as region_name',
      'd.roster_size',
      'd.roster_hash',
      'd.seed_commitment',
      'd.scheduled_at',
      'd.committed_at',
      'd.contributions',
      conn.raw(`CASE WHEN d.status = 'drawn' THEN d.server_secret END AS server_secret`),
      'd.seed',
      'd.result_hash',
      'd.drawn_at',
      'd.drawn_by',
      'd.cancel_reason',
      'd.created_by',
    );
}

export async function findDraw(conn: Conn, scope: InScope, id: number, lock = false) {
  if (lock) {
    const locked = await scoped(conn('lottery_draws').where({ id }), scope)
      .forUpdate()
      .first<{ id: number } | undefined>('id');
    if (!locked) return undefined;
  }
  return scoped(drawsQuery(conn).where('d.id', id), scope, 'd.region_code').first<DrawRow | undefined>();
}

export async function listDraws(conn: Conn, scope: InScope, filter: ListDrawsQuery) {
  const query = scoped(drawsQuery(conn), scope, 'd.region_code');
  if (filter.plan_id) void query.where('d.plan_id', filter.plan_id);
  if (filter.status) void query.where('d.status', filter.status);
  if (filter.region) scoped(query, { regionPrefix: regionPrefix(filter.region) }, 'd.region_code');
  void query.orderBy([{ column: 'd.id', order: 'desc' }]);
  return pageOf<DrawRow>(query, filter, []);
}

/** The secret, read for the draw only (the caller holds the draw's row lock). */
export async function secretOf(trx: Tx, id: number): Promise<string> {
  const row: { server_secret: string } | undefined = await trx('lottery_draws')
    .where({ id })
    .first('server_secret');
  return row!.server_secret;
}

export interface EntryRow {
  roster_index: number;
  entry_code: string;
  cohort: string;
  cohort_rank: number;
}

export const entriesOf = (conn: Conn, drawId: number) =>
  conn('lottery_entries')
    .where({ draw_id: drawId })
    .orderBy('roster_index')
    .select<EntryRow[]>('roster_index', 'entry_code', 'cohort', 'cohort_rank');

export const cohortsOf = (conn: Conn, drawId: number) =>
  conn('lottery_entries')
    .where({ draw_id: drawId })
    .groupBy('cohort_rank', 'cohort')
    .orderBy('cohort_rank')
    .select<{ cohort: string; cohort_rank: number; size: number }[]>(
      'cohort',
      'cohort_rank',
      conn.raw('count(*)::int AS size'),
    );

export async function markDrawn(
  trx: Tx,
  id: number,
  reveal: { contributions: Contribution[]; seed: string; result_hash: string; drawn_by: string },
): Promise<void> {
  await trx('lottery_draws')
    .where({ id, status: 'committed' })
    .update({
      status: 'drawn',
      contributions: JSON.stringify(reveal.contributions),
      seed: reveal.seed,
      result_hash: reveal.result_hash,
      drawn_at: trx.fn.now(),
      drawn_by: reveal.drawn_by,
    });
}

/** Positions from 1 in drawn order, and the allocation order (A.7.1) of the plan from them, in one go. */
export async function insertResultsAndOrder(
  trx: Tx,
  draw: { id: number; plan_id: number },
  rosterIndexes: number[],
): Promise<void> {
  await trx.raw(
    `INSERT INTO lottery_results (draw_id, position, roster_index)
     SELECT ?, t.ordinality, t.roster_index FROM unnest(?::int[]) WITH ORDINALITY AS t(roster_index, ordinality)`,
    [draw.id, pgArray(rosterIndexes)],
  );
  await trx.raw(
    `INSERT INTO allocation_orders (household_id, application_no, registration_year, region_code, plan_id, draw_id,
                                    order_no, group_name)
     SELECT ph.household_id, ph.application_no, ph.registration_year, ph.region_code, ph.plan_id, r.draw_id,
            r.position, e.cohort
     FROM lottery_results r
     JOIN lottery_entries e ON e.draw_id = r.draw_id AND e.roster_index = r.roster_index
     JOIN allocation_plan_households ph ON ph.plan_id = ? AND ph.household_id = e.household_id
     WHERE r.draw_id = ?
     ORDER BY r.position`,
    [draw.plan_id, draw.id],
  );
}

export async function markCancelled(trx: Tx, id: number, reason: string): Promise<void> {
  await trx('lottery_draws')
    .where({ id, status: 'committed' })
    .update({ status: 'cancelled', cancel_reason: reason });
}

export interface LineRow {
  position: number | null;
  roster_index: number;
  entry_code: string;
  cohort: string;
  cohort_rank: number;
  score: string | null;
  household_id: number;
  application_no: string;
  applicant_name: string | null;
}

/** The roster of a draw with its households, in drawn order once drawn (roster order before). */
export function linesOf(conn: Conn, drawId: number, filter: DrawLinesQuery) {
  const query = conn('lottery_entries as e')
    .leftJoin('lottery_results as r', function () {
      this.on('r.draw_id', 'e.draw_id').andOn('r.roster_index', 'e.roster_index');
    })
    .join('households as h', 'h.id', 'e.household_id')
    .where('e.draw_id', drawId)
    .select(
      'r.position',
      'e.roster_index',
      'e.entry_code',
      'e.cohort',
      'e.cohort_rank',
      conn.raw('e.score::text AS score'),
      'e.household_id',
      'e.application_no',
      'h.applicant_name',
    );
  whereText(query, filter.q, ['e.application_no', 'e.entry_code']);
  void query.orderByRaw('r.position NULLS LAST, e.roster_index');
  return pageOf<LineRow>(query, filter, []);
}

export interface OrderRow {
  order_no: number;
  group_name: string;
  household_id: number;
  application_no: string;
  applicant_name: string | null;
  household_status: string;
  draw_no: string | null;
  region_code: string;
}

/** A plan's allocation order (A.7.1), scoped by the order rows' own region. */
export function planOrderOf(conn: Conn, scope: InScope, planId: number, filter: PlanOrderQuery) {
  const query = scoped(conn('allocation_orders as o'), scope, 'o.region_code')
    .join('households as h', 'h.id', 'o.household_id')
    .join('allocation_plan_households as ph', function () {
      this.on('ph.plan_id', 'o.plan_id').andOn('ph.household_id', 'o.household_id');
    })
    .leftJoin('lottery_draws as d', 'd.id', 'o.draw_id')
    .where('o.plan_id', planId)
    .select(
      'o.order_no',
      'o.group_name',
      'o.household_id',
      'o.application_no',
      'h.applicant_name',
      'ph.status as household_status',
      'd.draw_no',
      'o.region_code',
    );
  whereText(query, filter.q, ['o.application_no']);
  void query.orderBy('o.order_no');
  return pageOf<OrderRow>(query, filter, []);
}
