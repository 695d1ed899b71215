/**
 * Routes of the public portal (CJJ/T 196 3.1.7: the public service layer): no login, no personal data. Each
 * answer is public and cacheable by browsers and proxies for a minute.
 */
import type { Context } from 'koa';
import { defineRoute, type RouteDef } from '../http/route.ts';
import { idParam } from '../shared/validators.ts';
import { demandResponse, projectCollection, projectDetail } from './schema.ts';
import * as service from './service.ts';
import { portalNoticeRoutes } from './notices.ts';

function publicCache(koa: Context, seconds: number): void {
  koa.set('Cache-Control', `public, max-age=${seconds}, stale-while-revalidate=${seconds * 5}`);
}

export const portalRoutes: RouteDef[] = [
  defineRoute({
    id: 'portal.projects',
    method: 'get',
    path: '/api/portal/projects',
    summary: '公众门户：向公众开放的保障性住房项目（GeoJSON 点，含类型、状态、可供房源与价格区间）',
    tag: 'portal',
    access: 'public',
    response: projectCollection,
    async handler(ctx) {
      const collection = await service.projects(ctx.db);
      publicCache(ctx.koa, 60);
      return collection;
    },
  }),
  defineRoute({
    id: 'portal.project',
    method: 'get',
    path: '/api/portal/projects/:id',
    summary: '公众门户：项目详情（户型与面积、租金或售价、竣工与交付日期、楼栋基底、申请指南）',
    tag: 'portal',
    access: 'public',
    params: idParam,
    response: projectDetail,
    async handler(ctx) {
      const detail = await service.project(ctx.db, ctx.input.params.id);
      publicCache(ctx.koa, 60);
      return detail;
    },
  }),
  defineRoute({
    id: 'portal.demand',
    method: 'get',
    path: '/api/portal/demand',
    summary: '公众门户：各区县轮候家庭数（少于 k 户不公布）与可供房源',
    tag: 'portal',
    access: 'public',
    response: demandResponse,
    async handler(ctx) {
      const demand = await service.demand(ctx.db, ctx.config.tiles.kAnonymity);
      publicCache(ctx.koa, 300);
      return demand;
    },
  }),
  ...portalNoticeRoutes,
];
