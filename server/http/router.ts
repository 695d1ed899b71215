/**
 * Turns declared routes into a Koa router. For each request, in this order: session required?, permission
 * granted?, CSRF token for state-changing requests, input validated — then the handler, which never sees an
 * unchecked request.
 */
import { timingSafeEqual } from 'node:crypto';
import Router from '@koa/router';
import type { Context } from 'koa';
import type { Db } from '../db/knex.ts';
import type { Config } from '../config.ts';
import type { SessionCache } from '../auth/session-cache.ts';
import { inTransaction } from '../db/tx.ts';
import { scopeOfUser, type Scope } from '../access/scope.ts';
import type { SessionState } from '../auth/service.ts';
import { AppError, csrfFailed, forbidden, unauthenticated } from './errors.ts';
import { parseInput } from './validate.ts';
import { readUpload } from './upload.ts';
import type { RouteContext, RouteDef } from './route.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function csrfMatches(expected: string, given: string | undefined): boolean {
  if (!given) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Authorises the request for the route and returns the caller's scope (none for public routes). */
function authorise(route: RouteDef, ctx: Context): Scope | undefined {
  if (route.access === 'public') return undefined;
  const session = ctx.state.session as SessionState | undefined;
  if (!session) {
    const expired: unknown = ctx.state.sessionError;
    throw expired instanceof AppError ? expired : unauthenticated();
  }
  const scope = scopeOfUser(session.user);
  if (route.access !== 'session' && !scope.permissions.has(route.access)) throw forbidden();
  if (
    !SAFE_METHODS.has(ctx.method) &&
    !csrfMatches(session.csrfToken, ctx.get('x-csrf-token') || undefined)
  ) {
    throw csrfFailed();
  }
  return scope;
}

export function buildRouter(routes: RouteDef[], db: Db, config: Config, sessions: SessionCache): Router {
  const router = new Router();
  for (const route of routes) {
    router[route.method](route.path, async (ctx) => {
      const scope = authorise(route, ctx);
      const body = route.upload
        ? await readUpload(ctx, route.upload)
        : (ctx.request as { body?: unknown }).body;
      const input = parseInput([
        { name: 'params', schema: route.params, value: ctx.params },
        { name: 'query', schema: route.query, value: ctx.query },
        { name: 'body', schema: route.body, value: body },
      ]);
      const requestId = ctx.state.requestId as string;
      const routeContext: RouteContext<unknown, unknown, unknown> = {
        input: input as unknown as RouteContext<unknown, unknown, unknown>['input'],
        scope,
        db,
        config,
        requestId,
        koa: ctx,
        sessions,
        write: (work) =>
          inTransaction(
            db,
            {
              username: scope?.username ?? 'anonymous',
              userId: scope?.userId,
              regionCode: scope?.regionCode,
              requestId,
              action: route.id,
              ip: ctx.ip,
            },
            work,
          ),
      };
      const result = await route.handler(routeContext);
      if (route.status === 204) {
        ctx.status = 204;
        return;
      }
      ctx.status = route.status ?? 200;
      if (route.produces) ctx.type = route.produces;
      ctx.body = result;
    });
  }
  return router;
}
