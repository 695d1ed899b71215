/**
 * Live updates of a selection session (CJJ/T 196 10.2.1, A.7.2 网上选房) over Server-Sent Events.
 *
 * Streams
 *   GET /api/selection/sessions/:id/events   staff (selection.read, in scope)
 *   GET /api/portal/selection/:id/events     anyone: no personal data (order numbers and masked names 张*)
 *
 * Wire format (text/event-stream, UTF-8, never compressed or buffered):
 *
 *   retry: 3000
 *
 *   event: state              first message of every connection: the whole picture, nothing to replay
 *   id: 17                    the session's version (selection_sessions.version)
 *   data: {…}                 the same JSON as GET /api/selection/sessions/:id (staff stream) or
 *                             GET /api/portal/selection/:id (public stream), which both carry `version`
 *
 *   event: change             one per committed change of the session, in version order
 *   id: 18
 *   data: {"session_id":5,"version":18,"at":"2026-11-27T08:00:00.000Z","status":"open",
 *          "current":Current|null,"counts":Counts,"changes":[Change, …]}
 *
 *   : hb 2026-11-27T08:00:15.000Z     a comment every 15 s, so proxies keep the connection open
 *
 *   Current = {turn_id, order_no, name, deadline (ISO; null while paused), remaining_seconds}
 *   Counts  = {units_total, units_available, turns_total, turns_waiting, picked, forfeited}
 *   Change  (by `kind`):
 *     {kind:'unit_picked',   unit_id, unit_no, selection_id, turn_id, order_no, name, proxy: boolean}
 *     {kind:'unit_released', unit_id, unit_no, selection_id}            a selection rejected at review
 *     {kind:'turn_started',  turn_id, order_no, name, deadline, turn_seconds}
 *     {kind:'turn_ended',    turn_id, order_no, name, outcome: 'picked'|'skipped'|'forfeited',
 *                            cause: 'pick'|'timeout'|'staff'|'applicant'}
 *     {kind:'session',       action: 'opened'|'paused'|'resumed'|'closed', status}
 *   `name` is always masked (张*). Staff streams add `household_id` and `application_no` to Current and to each
 *   Change that names a turn; public streams never carry them.
 *
 * Reconnecting (EventSource sends Last-Event-ID by itself; `?since=<version>` does the same for fetch clients): the
 * server answers with `state` at the current version, so a client simply replaces its picture. A `change` whose
 * version is not the last one + 1 means something was missed: refetch the state (or reconnect). When the server's
 * database listener reconnects it ends every stream, and clients come back through `retry`.
 *
 * Transport: each change is a `pg_notify('selection_events', <change JSON, staff form>)` sent by the transaction
 * that made it (so it is delivered on commit only, in commit order = version order, to every server process). One
 * LISTEN connection per process (server/db/notifications.ts) hands it to the hub below, which fans it out.
 */
import { PassThrough } from 'node:stream';
import type { Context } from 'koa';

export const CHANNEL = 'selection_events';
export const HEARTBEAT_MS = Number(process.env.SELECTION_HEARTBEAT_MS ?? 15_000);

export type Outcome = 'picked' | 'skipped' | 'forfeited';
export type Cause = 'pick' | 'timeout' | 'staff' | 'applicant';

/** Personal identifiers only staff streams carry. */
interface Who {
  household_id?: number;
  application_no?: string;
}

export interface Current extends Who {
  turn_id: number;
  order_no: number;
  name: string | null;
  deadline: string | null;
  remaining_seconds: number;
}

export interface Counts {
  units_total: number;
  units_available: number;
  turns_total: number;
  turns_waiting: number;
  picked: number;
  forfeited: number;
}

export type Change =
  | ({
      kind: 'unit_picked';
      unit_id: number;
      unit_no: string;
      selection_id: number;
      turn_id: number;
      order_no: number;
      name: string | null;
      proxy: boolean;
    } & Who)
  | { kind: 'unit_released'; unit_id: number; unit_no: string; selection_id: number }
  | ({
      kind: 'turn_started';
      turn_id: number;
      order_no: number;
      name: string | null;
      deadline: string;
      turn_seconds: number;
    } & Who)
  | ({
      kind: 'turn_ended';
      turn_id: number;
      order_no: number;
      name: string | null;
      outcome: Outcome;
      cause: Cause;
    } & Who)
  | { kind: 'session'; action: 'opened' | 'paused' | 'resumed' | 'closed'; status: string };

export interface ChangeEvent {
  session_id: number;
  version: number;
  at: string;
  status: string;
  current: Current | null;
  counts: Counts;
  changes: Change[];
}

export type Audience = 'staff' | 'public';

const PERSONAL = ['household_id', 'application_no'] as const;

/** The public form of an event: the staff form without household ids and application numbers. */
export function publicEvent(event: ChangeEvent): ChangeEvent {
  const strip = <T extends object>(o: T): T => {
    const copy = { ...o } as Record<string, unknown>;
    for (const key of PERSONAL) delete copy[key];
    return copy as T;
  };
  return {
    ...event,
    current: event.current && strip(event.current),
    changes: event.changes.map(strip),
  };
}

export const sseMessage = (event: string, id: number, data: unknown) =>
  `event: ${event}\nid: ${id}\ndata: ${JSON.stringify(data)}\n\n`;

interface Subscriber {
  audience: Audience;
  stream: PassThrough;
  /** Events that came while the initial state was being read; sent after it if newer. */
  pending: ChangeEvent[] | undefined;
  version: number;
}

/** Fans the process's `selection_events` notifications out to the open streams of each session. */
export class SelectionHub {
  private readonly sessions = new Map<number, Set<Subscriber>>();
  private readonly heartbeat: NodeJS.Timeout;

  constructor(heartbeatMs = HEARTBEAT_MS) {
    this.heartbeat = setInterval(() => this.beat(), heartbeatMs);
    this.heartbeat.unref();
  }

  /** Open streams (tests and metrics). */
  get size(): number {
    let n = 0;
    for (const set of this.sessions.values()) n += set.size;
    return n;
  }

  /** A notification payload from the database. */
  publish(payload: string): void {
    const event = JSON.parse(payload) as ChangeEvent;
    const set = this.sessions.get(event.session_id);
    if (!set) return;
    let pub: ChangeEvent | undefined;
    for (const sub of set) {
      if (sub.pending) {
        sub.pending.push(event);
        continue;
      }
      this.send(sub, sub.audience === 'staff' ? event : (pub ??= publicEvent(event)));
    }
  }

  /**
   * Opens a stream on the session: subscribed first, then `state()` is read and sent, then whatever changed
   * meanwhile (newer than the state's version), so nothing falls between the snapshot and the live events.
   */
  async open(
    sessionId: number,
    audience: Audience,
    state: () => Promise<{ version: number }>,
    onClose: (cb: () => void) => void,
  ): Promise<PassThrough> {
    const stream = new PassThrough();
    const sub: Subscriber = { audience, stream, pending: [], version: 0 };
    let set = this.sessions.get(sessionId);
    if (!set) this.sessions.set(sessionId, (set = new Set()));
    set.add(sub);
    const drop = () => {
      set.delete(sub);
      if (set.size === 0 && this.sessions.get(sessionId) === set) this.sessions.delete(sessionId);
      if (!stream.writableEnded) stream.end();
    };
    onClose(drop);
    try {
      const snapshot = await state();
      stream.write(`retry: 3000\n\n`);
      stream.write(sseMessage('state', snapshot.version, snapshot));
      sub.version = snapshot.version;
      const pending = sub.pending ?? [];
      sub.pending = undefined;
      for (const event of pending) this.send(sub, audience === 'staff' ? event : publicEvent(event));
    } catch (err) {
      drop();
      throw err;
    }
    return stream;
  }

  /** The database listener reconnected (changes may have been missed): every client reconnects for a fresh state. */
  resync(): void {
    for (const set of this.sessions.values()) for (const sub of set) sub.stream.end();
    this.sessions.clear();
  }

  stop(): void {
    clearInterval(this.heartbeat);
    this.resync();
  }

  private send(sub: Subscriber, event: ChangeEvent): void {
    if (event.version <= sub.version) return;
    sub.version = event.version;
    sub.stream.write(sseMessage('change', event.version, event));
  }

  private beat(): void {
    const line = `: hb ${new Date().toISOString()}\n\n`;
    for (const set of this.sessions.values()) for (const sub of set) sub.stream.write(line);
  }
}

/** The hub of the server a request came to (one per app: attached by server/main.ts). */
const hubs = new WeakMap<object, SelectionHub>();

export function attachHub(app: object, hub: SelectionHub): void {
  hubs.set(app, hub);
}

export function hubOf(ctx: Context): SelectionHub {
  const hub = hubs.get(ctx.app);
  if (!hub) throw new Error('selection hub not attached to this app (server/main.ts)');
  return hub;
}

/**
 * Sends the stream as the response, past Koa's body handling: Koa would pipe it with stream.pipeline and report
 * every client that leaves as a "Premature close" error; koa-compress would gzip text/event-stream and hold it
 * back. No proxy buffering, no socket timeout.
 */
export function sendStream(ctx: Context, stream: PassThrough): void {
  ctx.respond = false;
  ctx.res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8' });
  ctx.res.flushHeaders();
  stream.pipe(ctx.res);
}

/** Headers and socket settings of an event stream, set before its first byte. */
export function prepareStream(ctx: Context): void {
  ctx.compress = false;
  ctx.set({
    'Cache-Control': 'no-cache, no-transform',
    Connection: 'keep-alive',
    'X-Accel-Buffering': 'no',
  });
  ctx.req.socket.setTimeout(0);
  ctx.req.socket.setNoDelay(true);
  ctx.req.socket.setKeepAlive(true);
}
