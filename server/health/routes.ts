import { z } from 'zod';
import { defineRoute } from '../http/route.ts';
import { serviceUnavailable } from '../http/errors.ts';
import { logOf } from '../http/middleware.ts';

export const healthRoutes = [
  defineRoute({
    id: 'health.live',
    method: 'get',
    path: '/healthz',
    summary: '存活检查（进程在运行）',
    tag: 'health',
    access: 'public',
    response: z.object({ status: z.literal('ok') }),
    handler: () => Promise.resolve({ status: 'ok' as const }),
  }),
  defineRoute({
    id: 'health.ready',
    method: 'get',
    path: '/readyz',
    summary: '就绪检查（数据库、PostGIS 版本、迁移）',
    tag: 'health',
    access: 'public',
    response: z.object({
      status: z.literal('ready'),
      postgres: z.string(),
      postgis: z.string(),
      migration: z.string(),
    }),
    async handler(ctx) {
      try {
        const { rows } = await ctx.db.raw<{
          rows: { postgres: string; postgis: string; migration: string }[];
        }>(
          `SELECT current_setting('server_version') AS postgres, postgis_lib_version() AS postgis,
                  (SELECT name FROM knex_migrations ORDER BY id DESC LIMIT 1) AS migration`,
        );
        return { status: 'ready' as const, ...rows[0]! };
      } catch (err) {
        logOf(ctx.koa).warn({ err }, 'readiness check failed');
        throw serviceUnavailable('数据库或 PostGIS 不可用');
      }
    },
  }),
];
