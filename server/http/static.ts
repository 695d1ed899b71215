/**
 * Serves the built client (client/dist) and the API docs page's assets. Hashed assets are cached for a year;
 * any other GET outside /api falls back to index.html so client-side routes survive a reload.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';
import type { Context, Next } from 'koa';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.pbf': 'application/x-protobuf',
  '.map': 'application/json; charset=utf-8',
};

/** The file under root for a URL path, or undefined when it escapes root or does not exist. */
async function fileUnder(root: string, urlPath: string): Promise<string | undefined> {
  const file = normalize(join(root, decodeURIComponent(urlPath)));
  if (!file.startsWith(resolve(root))) return undefined;
  const info = await stat(file).catch(() => undefined);
  return info?.isFile() ? file : undefined;
}

function send(ctx: Context, file: string, cache: string): void {
  ctx.type = TYPES[extname(file)] ?? 'application/octet-stream';
  ctx.set('Cache-Control', cache);
  ctx.body = createReadStream(file);
}

/** Mounts a directory at a URL prefix (e.g. swagger-ui-dist at /api/docs/assets). */
export function serveDirectory(prefix: string, root: string) {
  return async (ctx: Context, next: Next) => {
    const file =
      ctx.method === 'GET' && ctx.path.startsWith(`${prefix}/`)
        ? await fileUnder(root, ctx.path.slice(prefix.length))
        : undefined;
    if (file) send(ctx, file, 'public, max-age=3600');
    else await next();
  };
}

export function serveClient(dist: string) {
  return async (ctx: Context, next: Next) => {
    if (!['GET', 'HEAD'].includes(ctx.method) || /^\/(api|tiles)\/|^\/(healthz|readyz)$/.test(ctx.path)) {
      await next();
      return;
    }
    const file = ctx.path === '/' ? undefined : await fileUnder(dist, ctx.path);
    if (file) {
      send(ctx, file, ctx.path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
      return;
    }
    const index = await fileUnder(dist, '/index.html');
    if (index && ctx.accepts('html')) send(ctx, index, 'no-cache');
    else await next();
  };
}
