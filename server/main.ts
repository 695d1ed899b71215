/** Starts the HTTP server on a database; `close()` drains requests and the pool (graceful shutdown). */
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { createApp } from './app.ts';
import { createDb } from './db/knex.ts';
import { loadConfig, type Config } from './config.ts';
import { TileCache } from '../tiles/cache.ts';
import { applyTileChanges } from '../tiles/invalidation.ts';
import { listenForChanges } from './db/notifications.ts';
import { SessionCache } from './auth/session-cache.ts';
import { densityCache } from './stats/cache.ts';
import { startJobWorker } from './workflow/worker.ts';
import { startSelection } from './selection/timer.ts';
import { attachHub, CHANNEL as SELECTION_EVENTS } from './selection/events.ts';

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

export async function startServer(config: Config = loadConfig()): Promise<RunningServer> {
  const logger = pino({ level: config.logLevel, base: { service: 'hss' } });
  const db = createDb(config.databaseUrl, { appRole: config.appDbRole || undefined });
  await db.raw('SELECT 1'); // fail fast with a clear error if the database is unreachable
  const tileCache = new TileCache(config.tiles.cacheMb * 1024 * 1024);
  const sessionCache = new SessionCache();
  const answerCaches = [densityCache(db)];
  // Workflow timers and SLA escalations: rows of wf_jobs, run by this worker (woken by the wf_jobs notification).
  const jobs = startJobWorker(db, logger);
  // Online selection (A.7.2): the turn time-limit loop and the hub fanning selection_events out to SSE streams.
  const selection = startSelection(db, logger);
  const changes = await listenForChanges(
    config.databaseUrl,
    {
      tile_changes: (payload) => {
        applyTileChanges(tileCache, payload);
        for (const cache of answerCaches) cache.applyChanges(payload);
      },
      session_changes: (userId) => sessionCache.dropUser(Number(userId)),
      wf_jobs: () => jobs.wake(),
      [SELECTION_EVENTS]: (payload) => selection.hub.publish(payload),
    },
    () => {
      selection.hub.resync();
      tileCache.clear();
      sessionCache.clear();
      for (const cache of answerCaches) cache.clear();
    },
    logger,
  );
  const app = createApp({ db, config, logger, tileCache, sessionCache });
  attachHub(app, selection.hub);
  const server = app.listen(config.port, config.host);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  // Idle keep-alive sockets must not hold shutdown open.
  server.keepAliveTimeout = 5_000;
  const { port } = server.address() as AddressInfo;
  const url = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${port}`;
  logger.info({ url }, 'listening');
  let closing: Promise<void> | undefined;
  return {
    url,
    close: () =>
      (closing ??= (async () => {
        await selection.stop(); // ends the event streams, which would hold the server open
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeIdleConnections();
          // Requests still running after 10 s are cut off: a stuck client must not block a deploy.
          setTimeout(() => server.closeAllConnections(), 10_000).unref();
        });
        await changes.close();
        await jobs.stop();
        await db.destroy();
        logger.info('stopped');
      })()),
  };
}

// Run directly (`tsx server/main.ts`): serve DATABASE_URL until SIGINT/SIGTERM.
if (import.meta.url === `file://${process.argv[1]}`) {
  const running = await startServer();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => void running.close().then(() => process.exit(0)));
  }
}
