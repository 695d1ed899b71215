/**
 * Picking a unit (CJJ/T 196 10.2.1: no unit to two families, no family two units), forfeiting, skipping and the
 * time limit. Every action locks the session row FOR UPDATE first, so the actions of one session run one after
 * another in version order; the partial unique indexes of unit_selections stay the last line of defence.
 */
import type { Tx } from '../db/knex.ts';
import type { Scope } from '../access/scope.ts';
import { AppError, conflict, fieldError, notFound } from '../http/errors.ts';
import type { Change } from './events.ts';
import * as store from './store.ts';
import { advance, endTurn, skipOrForfeit, whoOf } from './turns.ts';

export const SESSION_LABEL = '选房场次';

type Session = store.SessionRow;

/** Out of turn, or the turn's time is up (the route then lets the timer's work happen at once). */
export const notYourTurn = (detail: string) => new AppError(409, 'not_your_turn', '未轮到选房', detail);
export const turnExpired = () =>
  new AppError(409, 'turn_expired', '选房时间已到', '本轮选房时间已到，已按规则顺延或视为放弃');
export const unitTaken = () => new AppError(409, 'unit_taken', '房源已被选', '房源已被选，请选择其他房源');

export async function lockedSession(trx: Tx, scope: Scope | undefined, id: number): Promise<Session> {
  const session = await store.findSession(trx, scope, id, true);
  if (!session) throw notFound(SESSION_LABEL);
  return session;
}

const STATUS_WORDS = { scheduled: '尚未开始', paused: '已暂停', closed: '已结束', open: '进行中' } as const;

function assertOpen(session: Session): void {
  if (session.status !== 'open') throw conflict(`选房场次${STATUS_WORDS[session.status]}，现在不能选房`);
}

export interface PickRequest {
  /** The applicant household (applicant login) … */
  householdId?: number;
  /** … or a caseworker picking for the turn `turnId` with a reason (代选). */
  proxy?: { turnId: number; by: string; reason: string };
  unitId: number;
}

export interface PickResult {
  selection_id: number;
  unit_id: number;
  unit_no: string;
  version: number;
}

async function outOfTurn(trx: Tx, session: Session, householdId: number, active?: store.TurnRow) {
  const mine = await store.turnOfHousehold(trx, session.id, householdId);
  if (mine?.status === 'picked') return notYourTurn('您已选房，不能再选');
  if (mine?.status === 'forfeited') return notYourTurn('您已放弃本场选房');
  if (!mine) return notYourTurn('您不在本场次的选房名单中');
  return notYourTurn(
    active
      ? `尚未轮到您选房：当前为第 ${active.order_no} 号，您为第 ${mine.order_no} 号`
      : '当前没有正在选房的家庭',
  );
}

/**
 * The household at turn (or a caseworker for it) takes an available unit of the plan: one transaction writes the
 * selection, the resource, the plan household, the unit and the household, ends the turn, starts the next and
 * publishes the change.
 */
export async function pick(
  trx: Tx,
  scope: Scope | undefined,
  sessionId: number,
  request: PickRequest,
): Promise<PickResult> {
  // Out-of-turn attempts are refused before queueing for the session lock (cheap under a crowd of clients).
  if (request.householdId !== undefined) {
    const active = await store.activeTurn(trx, sessionId);
    if (active?.household_id !== request.householdId) {
      const session = await store.findSession(trx, scope, sessionId);
      if (!session) throw notFound(SESSION_LABEL);
      throw await outOfTurn(trx, session, request.householdId, active);
    }
  }
  const session = await lockedSession(trx, scope, sessionId);
  assertOpen(session);
  const turn = await store.activeTurn(trx, sessionId);
  if (request.householdId !== undefined && turn?.household_id !== request.householdId)
    throw await outOfTurn(trx, session, request.householdId, turn);
  if (request.proxy && turn?.id !== request.proxy.turnId)
    throw notYourTurn(
      turn
        ? `轮次已变化：当前为第 ${turn.order_no} 号（${whoOf(turn).name}），请刷新后再代选`
        : '当前没有正在选房的家庭',
    );
  if (!turn) throw notYourTurn('当前没有正在选房的家庭');
  if (turn.expired) throw turnExpired();

  const resource = await trx('allocation_plan_resources as r')
    .join('housing_units as u', 'u.id', 'r.unit_id')
    .where({ 'r.plan_id': session.plan_id, 'r.unit_id': request.unitId })
    .whereNot('r.status', 'withdrawn')
    .forUpdate('r')
    .first<{ id: number; status: string; unit_no: string } | undefined>('r.id', 'r.status', 'u.unit_no');
  if (!resource) throw fieldError('body.unit_id', '该房屋不在本场次的房源中');
  if (resource.status !== 'available') throw unitTaken();

  const household = {
    application_no: turn.application_no,
    registration_year: turn.registration_year,
    region_code: turn.household_region,
  };
  let selectionId: number;
  try {
    const [row] = await trx('unit_selections')
      .insert({
        household_id: turn.household_id,
        ...household,
        unit_id: request.unitId,
        unit_no: resource.unit_no,
        session_id: session.id,
        turn_id: turn.id,
        plan_id: session.plan_id,
        proxy_by: request.proxy?.by ?? null,
        proxy_reason: request.proxy?.reason ?? null,
      })
      .returning<{ id: number }[]>('id');
    selectionId = row!.id;
  } catch (err) {
    // The indexes guard what the lock above already should have: a unit or a household in one active selection.
    const constraint = (err as { constraint?: string }).constraint;
    if (constraint === 'unit_selections_unit_once') throw unitTaken();
    if (constraint === 'unit_selections_household_once') throw notYourTurn('该家庭已有有效的选房，不能再选');
    throw err;
  }
  // The resource, the plan household, the unit and the household, in one round trip.
  await trx.raw(
    `WITH r AS (UPDATE allocation_plan_resources SET status = 'allocated', allocated_on = current_date WHERE id = :resource),
          p AS (UPDATE allocation_plan_households SET status = 'allocated', allocated_at = now()
                 WHERE plan_id = :plan AND household_id = :household),
          u AS (UPDATE housing_units SET delivery_status = 'allocated' WHERE id = :unit)
     UPDATE households SET waiting_status = 'allocated' WHERE id = :household`,
    { resource: resource.id, plan: session.plan_id, household: turn.household_id, unit: request.unitId },
  );

  const changes: Change[] = [
    {
      kind: 'unit_picked',
      unit_id: request.unitId,
      unit_no: resource.unit_no,
      selection_id: selectionId,
      ...whoOf(turn),
      proxy: Boolean(request.proxy),
    },
  ];
  await endTurn(trx, session, turn, 'picked', 'pick', changes);
  const version = await advance(trx, session, changes, true);
  return { selection_id: selectionId, unit_id: request.unitId, unit_no: resource.unit_no, version };
}

/** A caseworker picks for the household at turn (代选), e.g. one without internet access; the reason is kept. */
export const proxyPick = (
  trx: Tx,
  scope: Scope,
  sessionId: number,
  input: { turn_id: number; unit_id: number; proxy_reason: string },
) =>
  pick(trx, scope, sessionId, {
    unitId: input.unit_id,
    proxy: { turnId: input.turn_id, by: scope.username, reason: input.proxy_reason },
  });

/** The applicant gives up (放弃) their place, before or during their turn. */
export async function forfeit(trx: Tx, sessionId: number, householdId: number): Promise<number> {
  const session = await lockedSession(trx, undefined, sessionId);
  if (session.status === 'closed') throw conflict('选房场次已结束');
  const turn = await store.turnOfHousehold(trx, sessionId, householdId);
  if (!turn || !['waiting', 'skipped', 'active'].includes(turn.status))
    throw conflict(turn?.status === 'picked' ? '您已选房，不能放弃' : '您已放弃本场选房');
  const changes: Change[] = [];
  await endTurn(trx, session, turn, 'forfeited', 'applicant', changes);
  return advance(trx, session, changes);
}

/** Staff skip the household at turn (absent: 顺延, or forfeited once its skips are used up). */
export async function skipTurn(trx: Tx, scope: Scope, sessionId: number, turnId: number): Promise<number> {
  const session = await lockedSession(trx, scope, sessionId);
  assertOpen(session);
  const turn = await store.activeTurn(trx, sessionId);
  if (!turn || turn.id !== turnId) throw conflict('轮次已变化，请刷新后再操作');
  const changes: Change[] = [];
  await endTurn(trx, session, turn, skipOrForfeit(session, turn), 'staff', changes);
  return advance(trx, session, changes, true);
}

/**
 * Ends the expired turn of one open session, if it still is (the session row is taken SKIP LOCKED by the timer,
 * or waited for by a lazy check after a refused pick). Returns whether a turn ended.
 */
export async function expireSession(trx: Tx, sessionId: number, skipLocked = false): Promise<boolean> {
  const q = trx('selection_sessions').where({ id: sessionId, status: 'open' }).forUpdate();
  const row = await (skipLocked ? q.skipLocked() : q).first<{ id: number } | undefined>('id');
  if (!row) return false;
  const session = (await store.findSession(trx, undefined, sessionId))!;
  const turn = await store.activeTurn(trx, sessionId);
  if (!turn?.expired) return false;
  const changes: Change[] = [];
  await endTurn(trx, session, turn, skipOrForfeit(session, turn), 'timeout', changes);
  await advance(trx, session, changes, true);
  return true;
}
