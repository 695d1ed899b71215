/**
 * Review of selections (是否已审核, A.7.2) and the selections list. Approving records who and when; rejecting
 * cancels the selection and frees its unit in one transaction: the plan resource is available again, the unit back
 * to 已交付 (delivered), the household back to 轮候中 (waiting) and 已列入 (planned) in the plan. If its session is
 * still running the household is queued again at the end (it chooses again); otherwise a later session takes it.
 */
import type { Db, Tx } from '../db/knex.ts';
import { scoped, type Scope } from '../access/scope.ts';
import { conflict, notFound } from '../http/errors.ts';
import type { ListSelectionsQuery, ReviewInput } from './schema.ts';
import * as store from './store.ts';
import { advance } from './turns.ts';

export interface SelectionRow {
  id: number;
  session_id: number | null;
  turn_id: number | null;
  plan_id: number;
  household_id: number;
  application_no: string;
  applicant_name: string | null;
  order_no: number | null;
  unit_id: number;
  unit_no: string;
  room_no: string | null;
  building_name: string | null;
  status: 'active' | 'cancelled';
  picked_at: Date;
  proxy_by: string | null;
  proxy_reason: string | null;
  is_reviewed: boolean;
  reviewed_at: Date | null;
  reviewed_by: string | null;
  review_comment: string | null;
  cancel_reason: string | null;
  region_code: string;
}

const COLUMNS = [
  'us.id',
  'us.session_id',
  'us.turn_id',
  'us.plan_id',
  'us.household_id',
  'us.application_no',
  'h.applicant_name',
  't.order_no',
  'us.unit_id',
  'us.unit_no',
  'u.room_no',
  'b.name as building_name',
  'us.status',
  'us.picked_at',
  'us.proxy_by',
  'us.proxy_reason',
  'us.is_reviewed',
  'us.reviewed_at',
  'us.reviewed_by',
  'us.review_comment',
  'us.cancel_reason',
  'us.region_code',
];

const selections = (conn: Db | Tx, scope: Scope) =>
  scoped(conn('unit_selections as us'), scope, 'us.region_code')
    .join('households as h', 'h.id', 'us.household_id')
    .join('housing_units as u', 'u.id', 'us.unit_id')
    .leftJoin('buildings as b', 'b.id', 'u.building_id')
    .leftJoin('selection_turns as t', 't.id', 'us.turn_id');

export async function listSelections(conn: Db | Tx, scope: Scope, query: ListSelectionsQuery) {
  const q = selections(conn, scope);
  if (query.session_id) void q.where('us.session_id', query.session_id);
  if (query.plan_id) void q.where('us.plan_id', query.plan_id);
  if (query.status) void q.where('us.status', query.status);
  if (query.reviewed) void q.where('us.is_reviewed', query.reviewed === 'true');
  if (query.region) void q.where('us.region_code', 'like', `${query.region.replace(/0+$/, '')}%`);
  const [{ total }] = (await q.clone().count({ total: '*' })) as [{ total: string }];
  const rows = await q
    .orderBy('us.id', 'desc')
    .limit(query.page_size)
    .offset((query.page - 1) * query.page_size)
    .select<SelectionRow[]>(COLUMNS);
  return { rows, total: Number(total) };
}

export async function selectionOf(conn: Db | Tx, scope: Scope, id: number): Promise<SelectionRow> {
  const row = await selections(conn, scope).where('us.id', id).first<SelectionRow | undefined>(COLUMNS);
  if (!row) throw notFound('选房记录');
  return row;
}

export async function reviewSelection(
  trx: Tx,
  scope: Scope,
  id: number,
  input: ReviewInput,
): Promise<SelectionRow> {
  const found = await selectionOf(trx, scope, id);
  // Session first, then the selection: the order every action of a session takes its locks in.
  const session = found.session_id
    ? await store.findSession(trx, undefined, found.session_id, true)
    : undefined;
  const selection = await trx('unit_selections')
    .where({ id })
    .forUpdate()
    .first<{ status: string; is_reviewed: boolean }>('status', 'is_reviewed');
  if (selection.status !== 'active') throw conflict('该选房已撤销');
  if (selection.is_reviewed) throw conflict('该选房已审核');
  const reviewed = {
    is_reviewed: true,
    reviewed_at: trx.fn.now(),
    reviewed_by: scope.username,
    review_comment: input.comment ?? null,
  };
  if (input.approved) {
    await trx('unit_selections').where({ id }).update(reviewed);
    return selectionOf(trx, scope, id);
  }
  await trx('unit_selections')
    .where({ id })
    .update({ ...reviewed, status: 'cancelled', cancel_reason: `审核不通过：${input.comment}` });
  await trx('allocation_plan_resources')
    .where({ plan_id: found.plan_id, unit_id: found.unit_id, status: 'allocated' })
    .update({ status: 'available', allocated_on: null });
  await trx('housing_units')
    .where({ id: found.unit_id, delivery_status: 'allocated' })
    .update({ delivery_status: 'delivered' });
  await trx('households')
    .where({ id: found.household_id, waiting_status: 'allocated' })
    .update({ waiting_status: 'waiting' });
  await trx('allocation_plan_households')
    .where({ plan_id: found.plan_id, household_id: found.household_id, status: 'allocated' })
    .update({ status: 'planned', allocated_at: null });
  if (session) {
    if (session.status !== 'closed' && found.turn_id)
      await trx('selection_turns')
        .where({ id: found.turn_id })
        .update({
          status: 'waiting',
          started_at: null,
          deadline: null,
          ended_at: null,
          queue_pos: trx.raw(
            '(SELECT COALESCE(max(queue_pos), 0) + 1 FROM selection_turns WHERE session_id = ?)',
            [session.id],
          ),
        });
    await advance(trx, session, [
      { kind: 'unit_released', unit_id: found.unit_id, unit_no: found.unit_no, selection_id: id },
    ]);
  }
  return selectionOf(trx, scope, id);
}
