/**
 * The Koa application: the middleware order is the life of a request (see ARCHITECTURE.md).
 */
import Koa from 'koa';
import { bodyParser } from '@koa/bodyparser';
import compress from 'koa-compress';
import type { Logger } from 'pino';
import type { Db } from './db/knex.ts';
import type { Config } from './config.ts';
import { routes } from './routes.ts';
import { problemJson } from './http/problem.ts';
import { requestId, requestLog, requireJsonBody, securityHeaders } from './http/middleware.ts';
import { buildRouter } from './http/router.ts';
import { markUploads } from './http/upload.ts';
import { docsAssets, docsRouter } from './http/docs.ts';
import { serveClient } from './http/static.ts';
import { readSession } from './auth/middleware.ts';
import type { SessionCache } from './auth/session-cache.ts';
import { tileRouter } from '../tiles/routes.ts';
import { externalBasemap } from '../tiles/external.ts';
import type { TileCache } from '../tiles/cache.ts';

export interface AppDeps {
  db: Db;
  config: Config;
  logger: Logger;
  tileCache: TileCache;
  sessionCache: SessionCache;
}

export function createApp(deps: AppDeps): Koa {
  const { db, config, logger, tileCache, sessionCache } = deps;
  const app = new Koa();
  // Errors that reach Koa itself are failures of the socket, not of a request (those the error middleware
  // answers): a client leaving an event stream or a download resets it, which is routine and not logged.
  app.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'ECONNRESET' || err.code === 'EPIPE' || err.code === 'ECONNABORTED') return;
    logger.error({ err }, 'server error outside a request');
  });
  // Behind a reverse proxy, trust X-Forwarded-For/Proto for the client IP and secure cookies.
  app.proxy = process.env.TRUST_PROXY === 'true';
  const api = buildRouter(routes, db, config, sessionCache);
  const docs = docsRouter(routes);
  const tiles = tileRouter(db, tileCache, config);

  app.use(requestId(logger));
  app.use(requestLog(logger));
  app.use(securityHeaders(externalBasemap(config.basemap)?.origins));
  app.use(problemJson());
  app.use(readSession(db, config, sessionCache));
  // Tiles first: the hottest path, already gzipped, with no body to parse.
  app.use(tiles.routes());
  // Small answers go as they are: under ~8 KB a body is a few TCP segments, and compressing it costs the event loop
  // more (a zlib stream per response, ≈ 0.5 ms) than it saves on the wire. Larger ones (lists, GeoJSON) compress.
  app.use(compress({ threshold: '8kb' }));
  app.use(serveClient(config.clientDist));
  app.use(docsAssets());
  app.use(markUploads(routes));
  app.use(requireJsonBody());
  app.use(bodyParser({ enableTypes: ['json'], jsonLimit: config.bodyLimit, encoding: 'utf-8' }));
  app.use(docs.routes());
  app.use(api.routes());
  app.use(api.allowedMethods({ throw: true }));
  return app;
}
