/**
 * One transaction per write request, with the actor recorded in it: the bookkeeping and audit triggers read
 * these settings, so no store fills 增加人/最后更新人 or writes the operation log by hand.
 */
import type { Db, Tx } from './knex.ts';

export interface Actor {
  username: string;
  userId?: number;
  regionCode?: string;
  requestId?: string;
  /** The business action being performed, e.g. `users.create`; the operation log's `action`. */
  action?: string;
  ip?: string;
}

export async function setActor(trx: Tx, actor: Actor): Promise<void> {
  await trx.raw(
    `SELECT set_config('hss.actor', ?, true), set_config('hss.actor_id', ?, true),
            set_config('hss.region', ?, true), set_config('hss.request_id', ?, true),
            set_config('hss.action', ?, true), set_config('hss.ip', ?, true)`,
    [
      actor.username,
      actor.userId === undefined ? '' : String(actor.userId),
      actor.regionCode ?? '',
      actor.requestId ?? '',
      actor.action ?? '',
      actor.ip ?? '',
    ],
  );
}

export function inTransaction<T>(db: Db, actor: Actor, work: (trx: Tx) => Promise<T>): Promise<T> {
  return db.transaction(async (trx) => {
    await setActor(trx, actor);
    return work(trx);
  });
}
