/** Routes of one search box over households, units, buildings and projects (the map workspace). */
import { defineRoute, type RouteDef } from '../http/route.ts';
import { scopeOf } from '../spatial/feature-routes.ts';
import { presentHit } from './presenter.ts';
import { searchQuery, searchResult } from './schema.ts';
import * as service from './service.ts';

export const searchRoutes: RouteDef[] = [
  defineRoute({
    id: 'search.query',
    method: 'get',
    path: '/api/search',
    summary:
      '综合检索（地图工作台搜索框）：申请家庭（申请编号、户籍地址；有个人信息权限时也按姓名、证件号码）、住房（房屋编号、房号）、' +
      '单体工程与项目（编号、名称、地址），仅限本辖区，按匹配程度排序，含定位点与范围',
    tag: 'search',
    access: 'map.view',
    query: searchQuery,
    response: searchResult,
    async handler(ctx) {
      const scope = scopeOf(ctx);
      const { q, limit } = ctx.input.query;
      const { found, skipped } = await service.search(ctx.db, scope, ctx.input.query);
      return {
        q,
        items: service.merged(found, limit).map(({ kind, row }) => presentHit(kind, row, scope)),
        skipped,
      };
    },
  }),
];
