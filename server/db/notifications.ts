/**
 * One LISTEN connection per server process for the database's change notifications (`tile_changes`,
 * `session_changes`). Notifications are sent on commit by triggers, so every writer — API, import, a script,
 * another process — reaches every process. While the connection is down changes could be missed, so `onConnect`
 * (run on every (re)connection) lets each consumer drop what it caches.
 */
import pg from 'pg';
import type { Logger } from 'pino';

export interface ChangeListener {
  close(): Promise<void>;
}

export async function listenForChanges(
  url: string,
  handlers: Record<string, (payload: string) => void>,
  onConnect: () => void,
  logger: Logger,
): Promise<ChangeListener> {
  let client: pg.Client | undefined;
  let closed = false;

  const connect = async (): Promise<void> => {
    const next = new pg.Client({ connectionString: url });
    next.on('notification', (message) => {
      try {
        handlers[message.channel]?.(message.payload ?? '');
      } catch (err) {
        logger.error({ err, channel: message.channel, payload: message.payload }, 'bad change notification');
        onConnect();
      }
    });
    next.on('error', (err) => {
      if (closed) return;
      logger.warn({ err }, 'change listener lost its connection; reconnecting');
      onConnect();
      setTimeout(
        () => void connect().catch((e: unknown) => logger.error({ err: e }, 'reconnect failed')),
        1000,
      );
    });
    await next.connect();
    for (const channel of Object.keys(handlers)) await next.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
    client = next;
    onConnect();
  };

  await connect();
  return {
    async close() {
      closed = true;
      await client?.end();
    },
  };
}
