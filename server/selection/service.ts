/**
 * Selection sessions (网上选房, CJJ/T 196 10.2.1, A.7.2): created over a published units plan that has its
 * allocation order (A.7.1), one turn per ordered household still 已列入; opened (the first turn starts), paused
 * (the deadline is frozen and the time left kept), resumed, closed. Creating one issues each household's
 * selection code, returned once for printing on the notice.
 */
import type { Db, Tx } from '../db/knex.ts';
import type { Scope } from '../access/scope.ts';
import { conflict, fieldError, notFound } from '../http/errors.ts';
import type { Change } from './events.ts';
import { issueCodes, type IssuedCode } from './access.ts';
import { lockedSession, SESSION_LABEL } from './picking.ts';
import type { CreateSessionInput } from './schema.ts';
import * as store from './store.ts';
import { activateNext, close, currentOf, publish } from './turns.ts';

type Conn = Db | Tx;

export async function sessionOf(conn: Conn, scope: Scope | undefined, id: number): Promise<store.SessionRow> {
  const session = await store.findSession(conn, scope, id);
  if (!session) throw notFound(SESSION_LABEL);
  return session;
}

/** The live state of a session: current turn, its deadline and the counts. */
export async function stateOf(conn: Conn, session: store.SessionRow) {
  const turn = await store.activeTurn(conn, session.id);
  return {
    session,
    current: currentOf(session, turn),
    counts: await store.counts(conn, session.id, session.plan_id),
  };
}

export async function createSession(
  trx: Tx,
  scope: Scope,
  input: CreateSessionInput,
): Promise<{ session: store.SessionRow; codes: IssuedCode[] }> {
  if (
    input.region_code &&
    (!input.region_code.startsWith(scope.regionPrefix) || !(await store.regionExists(trx, input.region_code)))
  )
    throw fieldError('body.region_code', '行政区划代码不存在或不在您的管辖范围内');
  const plan = await store.findPlan(trx, scope, input.plan_id);
  if (!plan) throw fieldError('body.plan_id', '配置方案不存在或不在您的管辖范围内');
  if (input.region_code && input.region_code !== plan.region_code)
    throw fieldError('body.region_code', '选房场次的地区须与配置方案的地区一致');
  if (plan.status !== 'published') throw fieldError('body.plan_id', '配置方案尚未发布或已结束');
  if (plan.resource_kind !== 'units') throw fieldError('body.plan_id', '货币补贴方案没有房源，不能选房');
  if (plan.ordered === 0) throw fieldError('body.plan_id', '配置方案还没有配给顺序（请先摇号或定序）');
  const id = await store.insertSession(trx, {
    plan_id: plan.id,
    title: input.title,
    turn_seconds: input.turn_seconds,
    max_skips: input.max_skips,
    starts_at: input.starts_at ?? null,
    region_code: plan.region_code,
  });
  const turns = await store.insertTurns(trx, id, plan.id);
  if (turns === 0)
    throw fieldError('body.plan_id', '配置方案中没有待选房的家庭（均已选房、放弃或已在其他未结束的场次中）');
  const session = await sessionOf(trx, scope, id);
  const codes = await issueCodes(trx, session);
  return { session, codes };
}

/** Opens a scheduled session: the first household of the queue gets the turn. */
export async function openSession(trx: Tx, scope: Scope | undefined, id: number): Promise<number> {
  const session = await lockedSession(trx, scope, id);
  if (session.status !== 'scheduled')
    throw conflict(session.status === 'closed' ? '选房场次已结束' : '选房场次已开始');
  session.status = 'open';
  const changes: Change[] = [{ kind: 'session', action: 'opened', status: 'open' }];
  if (!(await activateNext(trx, session, changes)))
    throw conflict('没有待选房的家庭或没有可选的房源，不能开始');
  return publish(trx, session, changes, { status: 'open' });
}

/** Pauses an open session: the deadline of the turn stops, the time left is kept for the resume. */
export async function pauseSession(trx: Tx, scope: Scope, id: number): Promise<number> {
  const session = await lockedSession(trx, scope, id);
  if (session.status !== 'open') throw conflict('只有进行中的选房场次可以暂停');
  const turn = await store.activeTurn(trx, id);
  const remaining = turn
    ? (
        await trx.raw<{ rows: { ms: number }[] }>(
          `SELECT GREATEST(0, ceil(extract(epoch FROM deadline - now()) * 1000))::int AS ms
           FROM selection_turns WHERE id = ?`,
          [turn.id],
        )
      ).rows[0]!.ms
    : null;
  return publish(trx, session, [{ kind: 'session', action: 'paused', status: 'paused' }], {
    status: 'paused',
    paused_remaining_ms: remaining,
  });
}

/** Resumes a paused session: the household at turn gets back the time it had left. */
export async function resumeSession(trx: Tx, scope: Scope, id: number): Promise<number> {
  const session = await lockedSession(trx, scope, id);
  if (session.status !== 'paused') throw conflict('只有已暂停的选房场次可以恢复');
  const turn = await store.activeTurn(trx, id);
  const changes: Change[] = [{ kind: 'session', action: 'resumed', status: 'open' }];
  if (turn)
    await store.updateTurn(trx, turn.id, {
      deadline: trx.raw('now() + make_interval(secs => ?)', [
        (session.paused_remaining_ms ?? session.turn_seconds * 1000) / 1000,
      ]),
    });
  return publish(trx, session, changes, { status: 'open', paused_remaining_ms: null });
}

/** Closes a session (at any state). Households not reached stay 已列入 in the plan for a later session. */
export async function closeSession(trx: Tx, scope: Scope, id: number): Promise<number> {
  const session = await lockedSession(trx, scope, id);
  if (session.status === 'closed') throw conflict('选房场次已结束');
  return close(trx, session, []);
}

/** Reissues the codes of the given turns (default: every turn not ended); old codes and logins stop working. */
export async function reissueCodes(
  trx: Tx,
  scope: Scope,
  id: number,
  turnIds?: number[],
): Promise<IssuedCode[]> {
  const session = await lockedSession(trx, scope, id);
  if (session.status === 'closed') throw conflict('选房场次已结束');
  return issueCodes(trx, session, turnIds);
}
