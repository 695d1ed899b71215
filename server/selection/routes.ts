/**
 * /api/selection: online unit selection for staff (网上选房, A.7.2) — sessions over a plan's order, their live
 * state, floor table, turns and events, the session's life (open, pause, resume, close), skipping the household at
 * turn, picking for it (代选) and the review of selections (是否已审核). Reading needs `selection.read`, running a
 * session `selection.manage`, reviewing `selection.review`; all within the caller's region. The applicants' and
 * the public's routes are in portal-routes.ts.
 */
import { z } from 'zod';
import { defineRoute, type RouteContext, type RouteDef } from '../http/route.ts';
import type { Scope } from '../access/scope.ts';
import type { Db, Tx } from '../db/knex.ts';
import { idParam } from '../shared/validators.ts';
import { hubOf, prepareStream, sendStream } from './events.ts';
import { proxyPick, skipTurn } from './picking.ts';
import { presentCodes, presentSelection, presentState, presentTurn } from './presenter.ts';
import { listSelections, reviewSelection } from './review.ts';
import {
  createdSession,
  createSessionBody,
  floorTables,
  issueCodesBody,
  issuedCodes,
  listSelectionsQuery,
  listSessionsQuery,
  planList,
  plansQuery,
  proxyPickBody,
  pickResult,
  reviewBody,
  selection,
  selectionList,
  sessionList,
  sessionState,
  sinceQuery,
  turnBody,
  turnList,
} from './schema.ts';
import * as service from './service.ts';
import * as store from './store.ts';
import { expiringLazily } from './timer.ts';
import { floorTables as tablesOf } from './units.ts';
import { portalRoutes } from './portal-routes.ts';

const TAG = 'selection';
const SESSION = '/api/selection/sessions/:id';
const scopeOf = (ctx: { scope: Scope | undefined }) => ctx.scope!;

type Ctx = RouteContext<{ id: number }, unknown, unknown>;

export const stateJson = async (conn: Db | Tx, scope: Scope | undefined, id: number) =>
  presentState(await service.stateOf(conn, await service.sessionOf(conn, scope, id)));

/** A write to session `:id`, answered with its state afterwards. */
const sessionWrite = (ctx: Ctx, work: (trx: Tx, scope: Scope, id: number) => Promise<unknown>) =>
  ctx.write(async (trx) => {
    await work(trx, scopeOf(ctx), ctx.input.params.id);
    return stateJson(trx, scopeOf(ctx), ctx.input.params.id);
  });

const lifecycle = (
  verb: 'open' | 'pause' | 'resume' | 'close',
  summary: string,
  work: (trx: Tx, scope: Scope, id: number) => Promise<unknown>,
) =>
  defineRoute({
    id: `selection.sessions.${verb}`,
    method: 'post',
    path: `${SESSION}/${verb}`,
    summary,
    tag: TAG,
    access: 'selection.manage',
    params: idParam,
    scopedEntity: 'selection_sessions',
    response: sessionState,
    handler: (ctx) => sessionWrite(ctx, work),
  });

export const selectionRoutes: RouteDef[] = [
  defineRoute({
    id: 'selection.plans.list',
    method: 'get',
    path: '/api/selection/plans',
    summary: '可组织选房的配置方案：已发布、实物配置、已有配给顺序（含待选家庭数与可选房源数）',
    tag: TAG,
    access: 'selection.read',
    query: plansQuery,
    response: planList,
    async handler(ctx) {
      return { items: await store.selectablePlans(ctx.db, scopeOf(ctx), ctx.input.query.region) };
    },
  }),
  defineRoute({
    id: 'selection.sessions.list',
    method: 'get',
    path: '/api/selection/sessions',
    summary: '选房场次列表（状态、配置方案、地区）',
    tag: TAG,
    access: 'selection.read',
    query: listSessionsQuery,
    response: sessionList,
    async handler(ctx) {
      const { rows, total } = await store.listSessions(ctx.db, scopeOf(ctx), ctx.input.query);
      const items = [];
      for (const row of rows) items.push(presentState(await service.stateOf(ctx.db, row)));
      return { items, total, page: ctx.input.query.page, page_size: ctx.input.query.page_size };
    },
  }),
  defineRoute({
    id: 'selection.sessions.create',
    method: 'post',
    path: '/api/selection/sessions',
    summary: '新建选房场次：按配置方案的配给顺序生成轮次，并签发各户选房码（只在此返回一次）',
    tag: TAG,
    access: 'selection.manage',
    body: createSessionBody,
    response: createdSession,
    status: 201,
    handler: (ctx) =>
      ctx.write(async (trx) => {
        const { session, codes } = await service.createSession(trx, scopeOf(ctx), ctx.input.body);
        return {
          ...(await stateJson(trx, scopeOf(ctx), session.id)),
          codes: presentCodes(codes, scopeOf(ctx)),
        };
      }),
  }),
  defineRoute({
    id: 'selection.sessions.get',
    method: 'get',
    path: SESSION,
    summary: '选房场次实时状态：当前轮次、截止时间、计数、版本',
    tag: TAG,
    access: 'selection.read',
    params: idParam,
    scopedEntity: 'selection_sessions',
    response: sessionState,
    handler: (ctx) => stateJson(ctx.db, scopeOf(ctx), ctx.input.params.id),
  }),
  defineRoute({
    id: 'selection.sessions.units',
    method: 'get',
    path: `${SESSION}/units`,
    summary: '本场次房源楼盘表：楼栋 → 楼层 × 户位，可选/已选、面积、户型、租金',
    tag: TAG,
    access: 'selection.read',
    params: idParam,
    scopedEntity: 'selection_sessions',
    response: floorTables,
    async handler(ctx) {
      const session = await service.sessionOf(ctx.db, scopeOf(ctx), ctx.input.params.id);
      return { version: session.version, buildings: await tablesOf(ctx.db, session.plan_id) };
    },
  }),
  defineRoute({
    id: 'selection.sessions.turns',
    method: 'get',
    path: `${SESSION}/turns`,
    summary: '轮次列表（排队顺序；无个人信息权限时姓名脱敏）',
    tag: TAG,
    access: 'selection.read',
    params: idParam,
    scopedEntity: 'selection_sessions',
    response: turnList,
    async handler(ctx) {
      const session = await service.sessionOf(ctx.db, scopeOf(ctx), ctx.input.params.id);
      const rows = await store.listTurns(ctx.db, session.id);
      return {
        items: rows.map((r) => presentTurn(r, scopeOf(ctx))),
        personal_data_masked: !scopeOf(ctx).permissions.has('personal_data.read'),
      };
    },
  }),
  defineRoute({
    id: 'selection.sessions.events',
    method: 'get',
    path: `${SESSION}/events`,
    summary:
      '实时事件（Server-Sent Events）：先发当前状态（event: state），再发每次变化（event: change，id 为版本）',
    tag: TAG,
    access: 'selection.read',
    params: idParam,
    query: sinceQuery,
    scopedEntity: 'selection_sessions',
    response: z.string(),
    produces: 'text/event-stream',
    async handler(ctx) {
      const id = ctx.input.params.id;
      await service.sessionOf(ctx.db, scopeOf(ctx), id);
      prepareStream(ctx.koa);
      const stream = await hubOf(ctx.koa).open(
        id,
        'staff',
        () => stateJson(ctx.db, scopeOf(ctx), id),
        (drop) => ctx.koa.res.on('close', drop),
      );
      sendStream(ctx.koa, stream);
    },
  }),
  lifecycle('open', '开始选房：排在第一的家庭开始选房', (trx, scope, id) =>
    service.openSession(trx, scope, id),
  ),
  lifecycle('pause', '暂停选房：当前轮次的倒计时冻结', service.pauseSession),
  lifecycle('resume', '恢复选房：当前家庭取回剩余时间', service.resumeSession),
  lifecycle('close', '结束选房场次：未轮到的家庭仍列入方案，可在后续场次选房', service.closeSession),
  defineRoute({
    id: 'selection.sessions.skip',
    method: 'post',
    path: `${SESSION}/skip`,
    summary: '跳过当前家庭（未到场：顺延，顺延次数用完视为放弃）',
    tag: TAG,
    access: 'selection.manage',
    params: idParam,
    body: turnBody,
    scopedEntity: 'selection_sessions',
    response: sessionState,
    handler: (ctx) => sessionWrite(ctx, (trx, scope, id) => skipTurn(trx, scope, id, ctx.input.body.turn_id)),
  }),
  defineRoute({
    id: 'selection.sessions.proxy_pick',
    method: 'post',
    path: `${SESSION}/proxy-pick`,
    summary: '代选：工作人员为当前轮到的家庭选房（须填写代选原因）',
    tag: TAG,
    access: 'selection.manage',
    params: idParam,
    body: proxyPickBody,
    scopedEntity: 'selection_sessions',
    response: pickResult,
    status: 201,
    handler: (ctx) =>
      expiringLazily(ctx.db, ctx.input.params.id, () =>
        ctx.write((trx) => proxyPick(trx, scopeOf(ctx), ctx.input.params.id, ctx.input.body)),
      ),
  }),
  defineRoute({
    id: 'selection.sessions.codes',
    method: 'post',
    path: `${SESSION}/codes`,
    summary: '重新签发选房码（旧码与已登录的申请人随即失效；新码只在此返回一次）',
    tag: TAG,
    access: 'selection.manage',
    params: idParam,
    body: issueCodesBody,
    scopedEntity: 'selection_sessions',
    response: issuedCodes,
    handler: (ctx) =>
      ctx.write(async (trx) => ({
        items: presentCodes(
          await service.reissueCodes(trx, scopeOf(ctx), ctx.input.params.id, ctx.input.body.turn_ids),
          scopeOf(ctx),
        ),
      })),
  }),
  defineRoute({
    id: 'selection.selections.list',
    method: 'get',
    path: '/api/selection/selections',
    summary: '选房记录（A.7.2）：按场次、方案、是否已审核、状态',
    tag: TAG,
    access: 'selection.read',
    query: listSelectionsQuery,
    response: selectionList,
    async handler(ctx) {
      const { rows, total } = await listSelections(ctx.db, scopeOf(ctx), ctx.input.query);
      return {
        items: rows.map((r) => presentSelection(r, scopeOf(ctx))),
        total,
        page: ctx.input.query.page,
        page_size: ctx.input.query.page_size,
      };
    },
  }),
  defineRoute({
    id: 'selection.selections.review',
    method: 'post',
    path: '/api/selection/selections/:id/review',
    summary: '审核选房（是否已审核）：通过；或不通过，撤销选房、房源回到可选',
    tag: TAG,
    access: 'selection.review',
    params: idParam,
    body: reviewBody,
    scopedEntity: 'unit_selections',
    response: selection,
    handler: (ctx) =>
      ctx.write(async (trx) =>
        presentSelection(
          await reviewSelection(trx, scopeOf(ctx), ctx.input.params.id, ctx.input.body),
          scopeOf(ctx),
        ),
      ),
  }),
  ...portalRoutes,
];
