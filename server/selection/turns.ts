/**
 * The turn machinery of a session (CJJ/T 196 10.2.1, A.7.2), run inside the caller's transaction, which holds the
 * session row FOR UPDATE: ending a turn, starting the next, closing, and publishing the change (version + NOTIFY).
 *
 * Policies (decided here, documented in the report):
 * - 顺延 (a turn that timed out, or that staff skipped because the household is absent) goes back into the queue
 *   after the next REQUEUE_AFTER households (at the end when fewer wait), at most `max_skips` times; the next time
 *   it is forfeited (放弃): the household's plan status becomes `forfeited`, it stays on the waiting list.
 * - When no household waits or no unit is left, the session closes by itself.
 * - Closing leaves households not reached 已列入 (`planned`) in the plan: a later session of the same plan takes
 *   them (turns are made from the plan's planned households not queued in another unclosed session).
 */
import type { Tx } from '../db/knex.ts';
import { maskName } from '../shared/mask.ts';
import { CHANNEL, type Cause, type Change, type ChangeEvent, type Counts, type Current } from './events.ts';
import * as store from './store.ts';

export const REQUEUE_AFTER = 3;

type Session = store.SessionRow;
type Turn = store.TurnRow;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** Who a turn is, as events carry it: masked name (public), ids (stripped from public streams). */
export const whoOf = (turn: Turn) => ({
  turn_id: turn.id,
  order_no: turn.order_no,
  name: maskName(turn.applicant_name),
  household_id: turn.household_id,
  application_no: turn.application_no,
});

export function currentOf(session: Session, turn: Turn | undefined, now = Date.now()): Current | null {
  if (!turn || turn.status !== 'active') return null;
  const paused = session.status === 'paused';
  const remainingMs = paused
    ? (session.paused_remaining_ms ?? 0)
    : Math.max(0, (turn.deadline?.getTime() ?? now) - now);
  const { turn_id, order_no, name, household_id, application_no } = whoOf(turn);
  return {
    turn_id,
    order_no,
    name,
    deadline: paused ? null : iso(turn.deadline),
    remaining_seconds: Math.ceil(remainingMs / 1000),
    household_id,
    application_no,
  };
}

/** Bumps the session's version with `patch`, and NOTIFYs the change (delivered on commit). */
export async function publish(
  trx: Tx,
  session: Session,
  changes: Change[],
  patch: Partial<Pick<Session, 'status' | 'paused_remaining_ms' | 'current_turn_id'>> & {
    closed_at?: unknown;
  } = {},
  known?: { active: Turn | undefined; counts?: Counts },
): Promise<number> {
  const active = known ? known.active : await store.activeTurn(trx, session.id);
  const version = await store.bumpSession(trx, session.id, {
    ...patch,
    current_turn_id: active?.id ?? null,
  });
  const status = patch.status ?? session.status;
  const after = { ...session, ...patch, status } as Session;
  const event: ChangeEvent = {
    session_id: session.id,
    version,
    at: new Date().toISOString(),
    status,
    current: currentOf(after, active),
    counts: known?.counts ?? (await store.counts(trx, session.id, session.plan_id)),
    changes,
  };
  await store.notify(trx, CHANNEL, JSON.stringify(event));
  session.version = version;
  session.status = status;
  return version;
}

/**
 * Starts the first turn of the queue (deadline = now + turn_seconds; while paused the time is held instead).
 * Returns the turn started (and the counts), or undefined when nobody waits or no unit is left: the session
 * should close.
 */
export async function startNext(
  trx: Tx,
  session: Session,
  changes: Change[],
): Promise<{ active: Turn; counts: Counts } | undefined> {
  const [next] = await store.queued(trx, session.id, 1);
  if (!next) return undefined;
  const counts = await store.counts(trx, session.id, session.plan_id);
  if (counts.units_available === 0) return undefined;
  const [row] = await trx('selection_turns')
    .where({ id: next.id })
    .update({
      status: 'active',
      started_at: trx.fn.now(),
      deadline: trx.raw('now() + make_interval(secs => ?)', [session.turn_seconds]),
      ended_at: null,
    })
    .returning<{ deadline: Date }[]>('deadline');
  if (session.status === 'paused') session.paused_remaining_ms = session.turn_seconds * 1000;
  changes.push({
    kind: 'turn_started',
    ...whoOf(next),
    deadline: row!.deadline.toISOString(),
    turn_seconds: session.turn_seconds,
  });
  const active: Turn = { ...next, status: 'active', deadline: row!.deadline, expired: false };
  return { active, counts };
}

export const activateNext = async (trx: Tx, session: Session, changes: Change[]) =>
  Boolean(await startNext(trx, session, changes));

/** Ends a turn: picked, 顺延 (put back REQUEUE_AFTER places on) or forfeited (and the plan household with it). */
export async function endTurn(
  trx: Tx,
  session: Session,
  turn: Turn,
  outcome: 'picked' | 'skipped' | 'forfeited',
  cause: Cause,
  changes: Change[],
): Promise<void> {
  if (outcome === 'skipped') {
    const ahead = (await store.queued(trx, session.id, REQUEUE_AFTER + 1)).filter((t) => t.id !== turn.id);
    const pos =
      ahead.length > REQUEUE_AFTER
        ? trx.raw('(?::numeric + ?::numeric) / 2', [
            ahead[REQUEUE_AFTER - 1]!.queue_pos,
            ahead[REQUEUE_AFTER]!.queue_pos,
          ])
        : ahead.length
          ? trx.raw('?::numeric + 1', [ahead[ahead.length - 1]!.queue_pos])
          : turn.queue_pos;
    await store.updateTurn(trx, turn.id, {
      status: 'skipped',
      skips: turn.skips + 1,
      queue_pos: pos,
      deadline: null,
      ended_at: trx.fn.now(),
    });
  } else {
    await store.updateTurn(trx, turn.id, { status: outcome, ended_at: trx.fn.now() });
  }
  if (outcome === 'forfeited')
    await trx('allocation_plan_households')
      .where({ plan_id: session.plan_id, household_id: turn.household_id, status: 'planned' })
      .update({ status: 'forfeited' });
  changes.push({ kind: 'turn_ended', ...whoOf(turn), outcome, cause });
}

/** 顺延 when skips are left, else forfeit. */
export const skipOrForfeit = (session: Session, turn: Turn) =>
  turn.skips < session.max_skips ? ('skipped' as const) : ('forfeited' as const);

/**
 * After a turn ended: the next one starts, or the session closes; then the change is published.
 * Returns the new version.
 */
export async function advance(
  trx: Tx,
  session: Session,
  changes: Change[],
  /** The caller just ended the active turn (saves a query on the pick's path). */
  turnEnded = false,
): Promise<number> {
  if (session.status === 'scheduled' || session.status === 'closed') return publish(trx, session, changes);
  if (!turnEnded && (await store.activeTurn(trx, session.id))) return publish(trx, session, changes);
  const started = await startNext(trx, session, changes);
  if (started)
    return publish(trx, session, changes, { paused_remaining_ms: session.paused_remaining_ms }, started);
  return close(trx, session, changes);
}

/** Closes the session; an active turn that had not picked goes back to waiting (for a later session). */
export async function close(trx: Tx, session: Session, changes: Change[]): Promise<number> {
  const active = await store.activeTurn(trx, session.id);
  if (active) {
    await store.updateTurn(trx, active.id, { status: 'waiting', started_at: null, deadline: null });
  }
  changes.push({ kind: 'session', action: 'closed', status: 'closed' });
  return publish(trx, session, changes, {
    status: 'closed',
    closed_at: trx.fn.now(),
    paused_remaining_ms: null,
  });
}
