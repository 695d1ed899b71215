import { z } from 'zod';
import { defineRoute } from '../http/route.ts';
import { notFound } from '../http/errors.ts';
import { boundariesQuery, codeParam, listQuery, region, regionDetail } from './schema.ts';
import * as store from './store.ts';

export const regionRoutes = [
  defineRoute({
    id: 'regions.list',
    method: 'get',
    path: '/api/regions',
    summary: '行政区划列表（按上级、层级、名称筛选）',
    tag: 'regions',
    access: 'public',
    query: listQuery,
    response: z.object({ items: z.array(region) }),
    handler: async (ctx) => ({ items: await store.listRegions(ctx.db, ctx.input.query) }),
  }),
  defineRoute({
    id: 'regions.boundaries',
    method: 'get',
    path: '/api/regions/boundaries',
    summary: '行政区划边界（GeoJSON FeatureCollection，WGS84/CGCS2000 经纬度）',
    tag: 'regions',
    access: 'public',
    query: boundariesQuery,
    produces: 'application/geo+json',
    handler: (ctx) => store.boundariesGeoJson(ctx.db, ctx.input.query),
  }),
  defineRoute({
    id: 'regions.get',
    method: 'get',
    path: '/api/regions/:code',
    summary: '行政区划详情（含上级链与下级）',
    tag: 'regions',
    access: 'public',
    params: codeParam,
    response: regionDetail,
    async handler(ctx) {
      const found = await store.findRegion(ctx.db, ctx.input.params.code);
      if (!found) throw notFound('行政区划');
      const [ancestors, children] = await Promise.all([
        store.ancestorsOf(ctx.db, found.code),
        store.listRegions(ctx.db, { parent: found.code }),
      ]);
      return { ...found, ancestors: ancestors.slice(0, -1), children };
    },
  }),
];
