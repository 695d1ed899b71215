/** Allocation flows on the map (issue 7, item 9): households → the units they chose, drawn as arcs. */
import { defineRoute, type RouteDef } from '../http/route.ts';
import { flowsQuery, flowsResponse } from './schema.ts';
import { listFlows } from './store.ts';

export const flowRoutes: RouteDef[] = [
  defineRoute({
    id: 'flows.list',
    method: 'get',
    path: '/api/allocation/flows',
    summary:
      '配给流向：有效选房记录（A.7.2）的申请家庭位置 → 所配房屋位置，供地图绘制弧线；家庭位置属个人信息，需申请家庭查看权限',
    tag: 'allocation',
    // A household's point is where a family lives: only those who may see households on the map see flows.
    access: 'households.read',
    query: flowsQuery,
    response: flowsResponse,
    handler: async (ctx) => {
      const { items, total } = await listFlows(ctx.db, ctx.scope!, ctx.input.query);
      return { items, total, truncated: total > items.length };
    },
  }),
];
