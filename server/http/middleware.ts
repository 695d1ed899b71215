/** Cross-cutting HTTP middleware: request id, structured request log, security headers, JSON-only bodies. */
import { randomUUID } from 'node:crypto';
import type { Context, Next } from 'koa';
import type { Logger } from 'pino';
import { unsupportedMediaType } from './errors.ts';

/** The request's logger (with its request id), set by `requestId`. */
export const logOf = (ctx: Context): Logger => ctx.state.log as Logger;

/** Takes a well-formed incoming X-Request-Id (from a proxy) or makes one; echoes it and logs with it. */
export function requestId(logger: Logger) {
  return async (ctx: Context, next: Next) => {
    const incoming = ctx.get('x-request-id');
    const id = /^[\w.-]{8,64}$/.test(incoming) ? incoming : randomUUID();
    ctx.state.requestId = id;
    // Made on first use: most requests (tiles) never log, and a child logger per request is not free.
    let child: Logger | undefined;
    Object.defineProperty(ctx.state, 'log', { get: () => (child ??= logger.child({ req_id: id })) });
    ctx.set('X-Request-Id', id);
    await next();
  };
}

export function requestLog(logger: Logger) {
  return async (ctx: Context, next: Next) => {
    if (!logger.isLevelEnabled('info')) {
      await next();
      return;
    }
    const started = performance.now();
    try {
      await next();
    } finally {
      const log = logOf(ctx);
      const user = (ctx.state.session as { user?: { username: string } } | undefined)?.user?.username;
      log.info(
        {
          method: ctx.method,
          url: ctx.url,
          status: ctx.status,
          ms: Math.round(performance.now() - started),
          user,
        },
        'request',
      );
    }
  };
}

/**
 * The Content-Security-Policy: everything from our own origin, except the tiles of a configured external
 * basemap (tiles/external.ts), whose exact origins are admitted for images and fetches (MapLibre fetches
 * raster tiles, then decodes them).
 */
export function contentSecurityPolicy(tileOrigins: readonly string[] = []): string {
  const tiles = tileOrigins.map((origin) => ` ${origin}`).join('');
  return [
    "default-src 'self'",
    "script-src 'self'",
    // MapLibre and Svelte set inline styles; no inline script is allowed.
    "style-src 'self' 'unsafe-inline'",
    `img-src 'self' data: blob:${tiles}`,
    "worker-src 'self' blob:",
    `connect-src 'self'${tiles}`,
    "font-src 'self' data:",
    "object-src 'none'",
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "form-action 'self'",
  ].join('; ');
}

export function securityHeaders(tileOrigins: readonly string[] = []) {
  const csp = contentSecurityPolicy(tileOrigins);
  return async (ctx: Context, next: Next) => {
    ctx.set({
      'Content-Security-Policy': csp,
      'X-Content-Type-Options': 'nosniff',
      'X-Frame-Options': 'DENY',
      'Referrer-Policy': 'same-origin',
      'Permissions-Policy': 'camera=(), microphone=(), geolocation=(self)',
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Resource-Policy': 'same-origin',
    });
    await next();
  };
}

/**
 * State-changing requests with a body must be JSON. Besides clear errors, this closes the form-post CSRF hole:
 * a cross-site page cannot send application/json without a CORS preflight. File-upload routes check their own
 * media types (http/upload.ts, marked by `markUploads`).
 */
export function requireJsonBody() {
  return async (ctx: Context, next: Next) => {
    const hasBody = Number(ctx.get('content-length') || 0) > 0 || ctx.get('transfer-encoding') !== '';
    const write = ['POST', 'PUT', 'PATCH', 'DELETE'].includes(ctx.method);
    if (write && hasBody && !ctx.state.upload && !ctx.is('application/json')) {
      throw unsupportedMediaType();
    }
    await next();
  };
}
