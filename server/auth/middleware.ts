/** Reads the session cookie on every request; routes decide (http/router.ts) whether they need a session. */
import type { Context, Next } from 'koa';
import type { Db } from '../db/knex.ts';
import type { Config } from '../config.ts';
import { AppError } from '../http/errors.ts';
import { resolveSession } from './service.ts';
import type { SessionCache } from './session-cache.ts';

export const SESSION_COOKIE = 'hss_sid';

export function sessionCookieOptions(config: Config) {
  return {
    httpOnly: true,
    sameSite: 'strict' as const,
    secure: config.session.secureCookie,
    path: '/',
    overwrite: true,
  };
}

export function readSession(db: Db, config: Config, cache?: SessionCache) {
  return async (ctx: Context, next: Next) => {
    const token = ctx.cookies.get(SESSION_COOKIE);
    if (token) {
      try {
        ctx.state.session = await resolveSession(db, config, token, cache);
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        ctx.state.sessionError = err;
        ctx.cookies.set(SESSION_COOKIE, null, sessionCookieOptions(config));
      }
    }
    await next();
  };
}
