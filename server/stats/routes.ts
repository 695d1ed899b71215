/**
 * /api/stats: the leaders' dashboard figures of a region in the caller's scope (`stats.read`). Aggregates only:
 * no answer carries a name, an ID number, a phone, an income or a household's position.
 */
import { defineRoute, type RouteDef } from '../http/route.ts';
import type { Scope } from '../access/scope.ts';
import {
  childrenResponse,
  densityResponse,
  regionParam,
  summaryResponse,
  trendsQuery,
  trendsResponse,
} from './schema.ts';
import * as service from './service.ts';

const scopeOf = (ctx: { scope: Scope | undefined }) => ctx.scope!;
const TAG = 'stats';
const BASE = '/api/stats/regions/:code';

export const statsRoutes: RouteDef[] = [
  defineRoute({
    id: 'stats.summary',
    method: 'get',
    path: `${BASE}/summary`,
    summary: '区划指标：登记/申请/轮候/配置家庭数、本年新申请与本年配置、各交付状态房屋套数、供需比',
    tag: TAG,
    access: 'stats.read',
    params: regionParam,
    response: summaryResponse,
    scopedEntity: 'regions',
    handler: (ctx) => service.summary(ctx.db, scopeOf(ctx), ctx.input.params.code),
  }),
  defineRoute({
    id: 'stats.children',
    method: 'get',
    path: `${BASE}/children`,
    summary: '下级区划的需求（已申请与轮候家庭）、供给（已交付待配给房屋）与供需比，含简化边界（GeoJSON）',
    tag: TAG,
    access: 'stats.read',
    params: regionParam,
    response: childrenResponse,
    scopedEntity: 'regions',
    handler: (ctx) => service.children(ctx.db, scopeOf(ctx), ctx.input.params.code),
  }),
  defineRoute({
    id: 'stats.trends',
    method: 'get',
    path: `${BASE}/trends`,
    summary: '逐月新登记申请与配置家庭数（默认近 24 个月，北京时间）',
    tag: TAG,
    access: 'stats.read',
    params: regionParam,
    query: trendsQuery,
    response: trendsResponse,
    scopedEntity: 'regions',
    handler: (ctx) => service.trends(ctx.db, scopeOf(ctx), ctx.input.params.code, ctx.input.query.months),
  }),
  defineRoute({
    id: 'stats.density',
    method: 'get',
    path: `${BASE}/density`,
    summary: '需求密度：约 200 米格网的户数（格中心点），无家庭记录查看权者不返回少于 k 户的格',
    tag: TAG,
    access: 'stats.read',
    params: regionParam,
    response: densityResponse,
    scopedEntity: 'regions',
    handler: (ctx) =>
      service.density(ctx.db, scopeOf(ctx), ctx.input.params.code, ctx.config.tiles.kAnonymity),
  }),
];
