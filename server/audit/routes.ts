import { defineRoute } from '../http/route.ts';
import { logPage, logQuery, verifyResult } from './schema.ts';
import * as store from './store.ts';

export const auditRoutes = [
  defineRoute({
    id: 'audit.list',
    method: 'get',
    path: '/api/audit/log',
    summary: '业务操作日志查询（本辖区）',
    tag: 'audit',
    access: 'audit.read',
    query: logQuery,
    response: logPage,
    async handler(ctx) {
      const { rows, total } = await store.listLog(ctx.db, ctx.scope!, ctx.input.query);
      return {
        items: rows.map((row) => ({ ...row, occurred_at: row.occurred_at.toISOString() })),
        total,
        page: ctx.input.query.page,
        page_size: ctx.input.query.page_size,
      };
    },
  }),
  defineRoute({
    id: 'audit.verify',
    method: 'get',
    path: '/api/audit/verify',
    summary: '校验操作日志哈希链是否完整',
    tag: 'audit',
    access: 'audit.verify',
    response: verifyResult,
    async handler(ctx) {
      const { checked, first_broken_seq } = await store.verifyChain(ctx.db);
      return { checked, ok: first_broken_seq === null, first_broken_seq };
    },
  }),
];
