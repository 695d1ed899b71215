/**
 * /api/lottery/draws: the verifiable lottery of a published plan (摇号, CJJ/T 196 A.7.1; docs/lottery.md) —
 * commit (freeze the roster, publish its hash and the secret's commitment), draw (contributions, reveal, order),
 * cancel before the draw — and a plan's allocation order (配给顺序). Reading needs `allocation.read`, committing,
 * drawing and cancelling `lottery.manage`; all in the caller's region. The public record is in public.ts.
 */
import { defineRoute, type RouteContext, type RouteDef } from '../http/route.ts';
import type { Scope } from '../access/scope.ts';
import type { Db, Tx } from '../db/knex.ts';
import { idParam } from '../shared/validators.ts';
import { masked, presentDraw, presentLine, presentOrder } from './presenter.ts';
import { publicLotteryRoutes } from './public.ts';
import {
  cancelDrawBody,
  createDrawBody,
  draw,
  drawDetail,
  drawLinesQuery,
  drawList,
  listDrawsQuery,
  planOrder,
  planOrderQuery,
  runDrawBody,
  type DrawLinesQuery,
} from './schema.ts';
import * as service from './service.ts';
import * as store from './store.ts';

const TAG = 'lottery';
const DRAW = '/api/lottery/draws/:id';
const scopeOf = (ctx: { scope: Scope | undefined }) => ctx.scope!;

/** A draw with its cohorts and one page of its lines (in drawn order once drawn), as the caller may see them. */
async function detail(
  ctx: Pick<RouteContext<unknown, unknown, unknown>, 'scope'>,
  conn: Db | Tx,
  row: store.DrawRow,
  filter: DrawLinesQuery = { page: 1, page_size: 50 },
) {
  const scope = scopeOf(ctx);
  const cohorts = await store.cohortsOf(conn, row.id);
  const lines = await store.linesOf(conn, row.id, filter);
  return {
    ...presentDraw(row),
    cohorts,
    lines: {
      items: lines.rows.map((line) => presentLine(line, scope)),
      total: lines.total,
      page: filter.page,
      page_size: filter.page_size,
    },
    personal_data_masked: masked(scope),
  };
}

export const lotteryRoutes: RouteDef[] = [
  defineRoute({
    id: 'lottery.draws.list',
    method: 'get',
    path: '/api/lottery/draws',
    summary: '摇号列表（方案、状态、地区）',
    tag: TAG,
    access: 'allocation.read',
    query: listDrawsQuery,
    response: drawList,
    async handler(ctx) {
      const { rows, total } = await store.listDraws(ctx.db, scopeOf(ctx), ctx.input.query);
      return {
        items: rows.map(presentDraw),
        total,
        page: ctx.input.query.page,
        page_size: ctx.input.query.page_size,
      };
    },
  }),
  defineRoute({
    id: 'lottery.draws.create',
    method: 'post',
    path: '/api/lottery/draws',
    summary: '冻结已发布方案的待配置家庭名单并公布名单哈希与种子承诺（同分并列者为一组，或全体一组）',
    tag: TAG,
    access: 'lottery.manage',
    body: createDrawBody,
    response: draw,
    status: 201,
    handler: (ctx) =>
      ctx.write(async (trx) => presentDraw(await service.commitDraw(trx, scopeOf(ctx), ctx.input.body))),
  }),
  defineRoute({
    id: 'lottery.draws.get',
    method: 'get',
    path: DRAW,
    summary: '摇号详情：公开记录、分组及名单（摇号后按顺序；无个人信息权限时姓名脱敏）',
    tag: TAG,
    access: 'allocation.read',
    params: idParam,
    query: drawLinesQuery,
    scopedEntity: 'lottery_draws',
    response: drawDetail,
    handler: async (ctx) =>
      detail(ctx, ctx.db, await service.drawOf(ctx.db, scopeOf(ctx), ctx.input.params.id), ctx.input.query),
  }),
  defineRoute({
    id: 'lottery.draws.draw',
    method: 'post',
    path: `${DRAW}/draw`,
    summary: '摇号：录入各方种子贡献，揭示服务器密钥，生成顺序并写入配给顺序（只能一次）',
    tag: TAG,
    access: 'lottery.manage',
    params: idParam,
    body: runDrawBody,
    scopedEntity: 'lottery_draws',
    response: drawDetail,
    handler: (ctx) =>
      ctx.write(async (trx) =>
        detail(ctx, trx, await service.runDraw(trx, scopeOf(ctx), ctx.input.params.id, ctx.input.body)),
      ),
  }),
  defineRoute({
    id: 'lottery.draws.cancel',
    method: 'post',
    path: `${DRAW}/cancel`,
    summary: '撤销摇号（仅限摇号前，原因公开）',
    tag: TAG,
    access: 'lottery.manage',
    params: idParam,
    body: cancelDrawBody,
    scopedEntity: 'lottery_draws',
    response: draw,
    handler: (ctx) =>
      ctx.write(async (trx) =>
        presentDraw(await service.cancelDraw(trx, scopeOf(ctx), ctx.input.params.id, ctx.input.body.reason)),
      ),
  }),
  defineRoute({
    id: 'lottery.orders.list',
    method: 'get',
    path: '/api/allocation/plans/:id/order',
    summary: '配置方案的配给顺序（A.7.1：配给顺序、配给分组；无个人信息权限时姓名脱敏）',
    tag: TAG,
    access: 'allocation.read',
    params: idParam,
    query: planOrderQuery,
    scopedEntity: 'allocation_plans',
    response: planOrder,
    async handler(ctx) {
      const scope = scopeOf(ctx);
      const plan = await service.planOf(ctx.db, scope, ctx.input.params.id);
      const { rows, total } = await store.planOrderOf(ctx.db, scope, plan.id, ctx.input.query);
      return {
        plan: { id: plan.id, plan_no: plan.plan_no, name: plan.name, status: plan.status },
        items: rows.map((row) => presentOrder(row, scope)),
        total,
        page: ctx.input.query.page,
        page_size: ctx.input.query.page_size,
        personal_data_masked: masked(scope),
      };
    },
  }),
  ...publicLotteryRoutes,
];
