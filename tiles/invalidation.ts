/**
 * Listens for the database's `tile_changes` notifications (sent on commit by statement triggers, see migration
 * 20261127130200) and drops the affected cached tiles. Because the database sends them, every writer — API, import,
 * a script, another server process — invalidates every server's cache.
 */
import pg from 'pg';
import type { Logger } from 'pino';
import type { Extent, TileCache } from './cache.ts';

export interface TileChangeListener {
  close(): Promise<void>;
}

/** Applies one notification payload: `{"layer": [minX, minY, maxX, maxY] | null, …}` or `{"*": null}`. */
export function applyTileChanges(cache: TileCache, payload: string): void {
  const changes = JSON.parse(payload) as Record<string, Extent | null>;
  for (const [layer, extent] of Object.entries(changes)) {
    if (layer === '*') cache.clear();
    else if (extent) cache.invalidate(layer, extent);
  }
}

export async function listenForTileChanges(
  url: string,
  cache: TileCache,
  logger: Logger,
): Promise<TileChangeListener> {
  let client: pg.Client | undefined;
  let closed = false;

  const connect = async (): Promise<void> => {
    const next = new pg.Client({ connectionString: url });
    next.on('notification', (message) => {
      try {
        if (message.payload) applyTileChanges(cache, message.payload);
      } catch (err) {
        logger.error({ err, payload: message.payload }, 'bad tile_changes payload; clearing the tile cache');
        cache.clear();
      }
    });
    next.on('error', (err) => {
      if (closed) return;
      // While disconnected we would miss changes: clear now, and again once reconnected.
      logger.warn({ err }, 'tile change listener lost its connection; reconnecting');
      cache.clear();
      setTimeout(
        () => void connect().catch((e: unknown) => logger.error({ err: e }, 'reconnect failed')),
        1000,
      );
    });
    await next.connect();
    await next.query('LISTEN tile_changes');
    client = next;
    cache.clear();
  };

  await connect();
  return {
    async close() {
      closed = true;
      await client?.end();
    },
  };
}
