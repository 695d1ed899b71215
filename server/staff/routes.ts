import { z } from 'zod';
import { defineRoute } from '../http/route.ts';
import { notFound } from '../http/errors.ts';
import { idParam } from '../shared/validators.ts';
import type { Scope } from '../access/scope.ts';
import { permissionsOf, ROLES } from '../access/permissions.ts';
import { presentUser } from './presenter.ts';
import {
  createUserBody,
  listUsersQuery,
  resetPasswordBody,
  updateUserBody,
  user,
  userPage,
} from './schema.ts';
import * as service from './service.ts';
import * as store from './store.ts';

// Routes with a permission always have a scope (http/router.ts); this narrows the type.
const scopeOf = (ctx: { scope: Scope | undefined }) => ctx.scope!;

export const staffRoutes = [
  defineRoute({
    id: 'users.list',
    method: 'get',
    path: '/api/admin/users',
    summary: '用户列表（本辖区）',
    tag: 'admin',
    access: 'users.read',
    query: listUsersQuery,
    response: userPage,
    async handler(ctx) {
      const scope = scopeOf(ctx);
      const { rows, total } = await store.listUsers(ctx.db, scope, ctx.input.query);
      return {
        items: rows.map((row) => presentUser(row, scope)),
        total,
        page: ctx.input.query.page,
        page_size: ctx.input.query.page_size,
      };
    },
  }),
  defineRoute({
    id: 'users.get',
    method: 'get',
    path: '/api/admin/users/:id',
    summary: '用户详情',
    tag: 'admin',
    access: 'users.read',
    params: idParam,
    response: user,
    scopedEntity: 'staff_users',
    async handler(ctx) {
      const found = await store.findUser(ctx.db, scopeOf(ctx), ctx.input.params.id);
      if (!found) throw notFound('用户');
      return presentUser(found, scopeOf(ctx));
    },
  }),
  defineRoute({
    id: 'users.create',
    method: 'post',
    path: '/api/admin/users',
    summary: '新建用户',
    tag: 'admin',
    access: 'users.manage',
    body: createUserBody,
    response: user,
    status: 201,
    handler: async (ctx) =>
      presentUser(
        await ctx.write((trx) => service.createUser(trx, scopeOf(ctx), ctx.input.body)),
        scopeOf(ctx),
      ),
  }),
  defineRoute({
    id: 'users.update',
    method: 'patch',
    path: '/api/admin/users/:id',
    summary: '修改用户（姓名、所属区划、角色、停用、电话）',
    tag: 'admin',
    access: 'users.manage',
    params: idParam,
    body: updateUserBody,
    response: user,
    scopedEntity: 'staff_users',
    async handler(ctx) {
      const updated = await ctx.write((trx) =>
        service.updateUser(trx, scopeOf(ctx), ctx.input.params.id, ctx.input.body),
      );
      ctx.sessions.dropUser(updated.id); // roles or a disabled flag apply to the next request
      return presentUser(updated, scopeOf(ctx));
    },
  }),
  defineRoute({
    id: 'users.reset_password',
    method: 'post',
    path: '/api/admin/users/:id/password',
    summary: '重置用户口令（该用户的会话全部失效）',
    tag: 'admin',
    access: 'users.manage',
    params: idParam,
    body: resetPasswordBody,
    status: 204,
    scopedEntity: 'staff_users',
    async handler(ctx) {
      await ctx.write((trx) =>
        service.resetPassword(trx, scopeOf(ctx), ctx.input.params.id, ctx.input.body.password),
      );
      ctx.sessions.dropUser(ctx.input.params.id);
    },
  }),
  defineRoute({
    id: 'users.unlock',
    method: 'post',
    path: '/api/admin/users/:id/unlock',
    summary: '解除登录锁定',
    tag: 'admin',
    access: 'users.manage',
    params: idParam,
    status: 204,
    scopedEntity: 'staff_users',
    handler: (ctx) => ctx.write((trx) => service.unlockUser(trx, scopeOf(ctx), ctx.input.params.id)),
  }),
  defineRoute({
    id: 'roles.list',
    method: 'get',
    path: '/api/admin/roles',
    summary: '角色及其权限',
    tag: 'admin',
    access: 'users.read',
    response: z.object({
      items: z.array(
        z.object({
          code: z.enum(ROLES),
          name_zh: z.string(),
          name_en: z.string(),
          description: z.string(),
          permissions: z.array(z.string()),
        }),
      ),
    }),
    async handler(ctx) {
      const rows = await store.listRoles(ctx.db);
      return { items: rows.map((row) => ({ ...row, permissions: permissionsOf([row.code]) })) };
    },
  }),
];
