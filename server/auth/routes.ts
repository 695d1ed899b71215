import type { Db } from '../db/knex.ts';
import { defineRoute, type RouteContext } from '../http/route.ts';
import { unauthenticated } from '../http/errors.ts';
import { permissionsOf } from '../access/permissions.ts';
import { SESSION_COOKIE, sessionCookieOptions } from './middleware.ts';
import { changePasswordBody, loginBody, type MeResponse, meResponse } from './schema.ts';
import { changeOwnPassword, login, logout, type SessionState } from './service.ts';
import { rolesNamed } from './store.ts';

const meta = (ctx: RouteContext<unknown, unknown, unknown>) => ({
  requestId: ctx.requestId,
  ip: ctx.koa.ip,
  userAgent: ctx.koa.get('user-agent'),
});

function currentSession(ctx: RouteContext<unknown, unknown, unknown>): SessionState {
  const session = ctx.koa.state.session as SessionState | undefined;
  if (!session) throw unauthenticated();
  return session;
}

async function present(db: Db, session: SessionState): Promise<MeResponse> {
  const roles = await rolesNamed(db, session.user.roles);
  const { id, username, display_name, region_code, region_name, region_level } = session.user;
  return {
    user: {
      id,
      username,
      display_name,
      region_code,
      region_name,
      region_level,
      roles,
      permissions: permissionsOf(session.user.roles),
    },
    csrf_token: session.csrfToken,
  };
}

export const authRoutes = [
  defineRoute({
    id: 'auth.login',
    method: 'post',
    path: '/api/auth/login',
    summary: '登录（成功后设置会话 Cookie，并返回 CSRF 令牌）',
    tag: 'auth',
    access: 'public',
    body: loginBody,
    response: meResponse,
    async handler(ctx) {
      const { token, session } = await login(ctx.db, ctx.config, ctx.input.body, meta(ctx));
      ctx.koa.cookies.set(SESSION_COOKIE, token, sessionCookieOptions(ctx.config));
      return present(ctx.db, session);
    },
  }),
  defineRoute({
    id: 'auth.me',
    method: 'get',
    path: '/api/auth/me',
    summary: '当前用户、角色、权限与 CSRF 令牌',
    tag: 'auth',
    access: 'session',
    response: meResponse,
    handler: (ctx) => present(ctx.db, currentSession(ctx)),
  }),
  defineRoute({
    id: 'auth.logout',
    method: 'post',
    path: '/api/auth/logout',
    summary: '退出登录',
    tag: 'auth',
    access: 'session',
    status: 204,
    async handler(ctx) {
      const session = currentSession(ctx);
      await logout(ctx.db, session, meta(ctx));
      ctx.sessions.drop(session.tokenHash);
      ctx.koa.cookies.set(SESSION_COOKIE, null, sessionCookieOptions(ctx.config));
    },
  }),
  defineRoute({
    id: 'auth.change_password',
    method: 'post',
    path: '/api/auth/password',
    summary: '修改本人口令（其他会话随之失效）',
    tag: 'auth',
    access: 'session',
    body: changePasswordBody,
    status: 204,
    async handler(ctx) {
      const session = currentSession(ctx);
      await changeOwnPassword(ctx.db, session, ctx.input.body, meta(ctx));
      ctx.sessions.dropUser(session.user.id);
    },
  }),
];
