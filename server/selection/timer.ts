/**
 * The time limit of turns (A.7.2 选房时限), as the workflow worker runs its jobs: state is in rows (a turn's
 * deadline), so nothing is lost when a server stops — whichever process polls next ends the expired turns. Each
 * session is taken FOR UPDATE SKIP LOCKED in its own transaction, so several processes share the work and a
 * session busy with a pick is simply looked at again on the next tick. Actions also check lazily: a pick after the
 * deadline is refused and ends the turn at once (routes.ts), without waiting for the loop.
 *
 * Poll interval: SELECTION_POLL_MS (default 1000 ms).
 */
import type { Logger } from 'pino';
import type { Db } from '../db/knex.ts';
import { setActor } from '../db/tx.ts';
import { AppError } from '../http/errors.ts';
import { expireSession } from './picking.ts';
import { openSession } from './service.ts';
import { SelectionHub } from './events.ts';

/**
 * Ends every expired turn of open sessions (顺延 or forfeit, next turn started), each session in its own
 * transaction, and opens the scheduled sessions whose start time has come. Returns how many it did.
 */
export async function expireTurns(db: Db): Promise<number> {
  const due = await db('selection_sessions as s')
    .join('selection_turns as t', 't.id', 's.current_turn_id')
    .where({ 's.status': 'open', 't.status': 'active' })
    .where('t.deadline', '<=', db.raw('now()'))
    .pluck<number[]>('s.id');
  let done = 0;
  for (const id of due) if (await expireOne(db, id)) done += 1;
  const starting = await db('selection_sessions')
    .where({ status: 'scheduled' })
    .where('starts_at', '<=', db.raw('now()'))
    .pluck<number[]>('id');
  for (const id of starting) {
    try {
      const opened = await db.transaction(async (trx) => {
        await setActor(trx, { username: 'system', action: 'selection.sessions.open' });
        const row = await trx('selection_sessions')
          .where({ id, status: 'scheduled' })
          .forUpdate()
          .skipLocked()
          .first<{ id: number } | undefined>('id');
        if (!row) return false;
        await openSession(trx, undefined, id);
        return true;
      });
      if (opened) done += 1;
    } catch (err) {
      // Nobody to serve: the start time passes and staff see the session still scheduled.
      if (!(err instanceof AppError)) throw err;
      await db('selection_sessions').where({ id, status: 'scheduled' }).update({ starts_at: null });
    }
  }
  return done;
}

/** Ends the expired turn of one session if it still is (also the lazy check after a refused pick). */
export function expireOne(db: Db, sessionId: number): Promise<boolean> {
  return db.transaction(async (trx) => {
    await setActor(trx, { username: 'system', action: 'selection.turns.expire' });
    return expireSession(trx, sessionId, true);
  });
}

/** A pick refused because the turn's time is up ends that turn at once (the loop would, within a second). */
export async function expiringLazily<T>(db: Db, id: number, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof AppError && err.code === 'turn_expired') await expireOne(db, id);
    throw err;
  }
}

export interface SelectionRuntime {
  hub: SelectionHub;
  /** Ends expired turns now (the loop's work, for tests and scripts). */
  tick(): Promise<number>;
  stop(): Promise<void>;
}

/** The hub and the timer loop of this server process (started by server/main.ts). */
export function startSelection(
  db: Db,
  logger: Logger,
  pollMs = Number(process.env.SELECTION_POLL_MS ?? 1000),
): SelectionRuntime {
  const hub = new SelectionHub();
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;
  const tick = () => {
    if (stopped || running) return;
    running = expireTurns(db)
      .catch((err: unknown) => logger.error({ err }, 'selection timer failed'))
      .finally(() => {
        running = undefined;
        if (!stopped) {
          timer = setTimeout(tick, pollMs);
          timer.unref();
        }
      });
  };
  timer = setTimeout(tick, pollMs);
  timer.unref();
  return {
    hub,
    tick: () => expireTurns(db),
    async stop() {
      stopped = true;
      clearTimeout(timer);
      hub.stop();
      await running;
    },
  };
}
