/**
 * /api/portal/selection/:id: the public room of a selection session and the applicants' own routes (no staff
 * login). The public state and events carry no personal data — order numbers and masked names (张*) only. An
 * applicant logs in with 申请编号 + 选房码 (access.ts) and may then see their place, pick when it is their turn,
 * or give up (放弃).
 */
import { z } from 'zod';
import { defineRoute, type RouteDef } from '../http/route.ts';
import type { Db, Tx } from '../db/knex.ts';
import { inTransaction } from '../db/tx.ts';
import { idParam } from '../shared/validators.ts';
import { maskName } from '../shared/mask.ts';
import { applicantOf, login, logout, setApplicantCookie, type Applicant } from './access.ts';
import { hubOf, prepareStream, sendStream } from './events.ts';
import { forfeit, pick } from './picking.ts';
import { presentPublicState } from './presenter.ts';
import {
  applicantPickBody,
  applicantState,
  loginBody,
  pickResult,
  publicState,
  sinceQuery,
} from './schema.ts';
import * as service from './service.ts';
import * as store from './store.ts';
import { expiringLazily } from './timer.ts';
import { floorTables } from './units.ts';

const TAG = 'selection-portal';
const ROOM = '/api/portal/selection/:id';

async function publicJson(conn: Db | Tx, id: number) {
  const session = await service.sessionOf(conn, undefined, id);
  const state = presentPublicState(await service.stateOf(conn, session));
  return { ...state, buildings: await floorTables(conn, session.plan_id) };
}

/** The applicant's own transaction: the operation log names them by application number. */
const asApplicant = <T>(db: Db, who: Applicant, action: string, work: (trx: Tx) => Promise<T>) =>
  inTransaction(db, { username: `applicant:${who.application_no ?? who.household_id}`, action }, work);

async function me(conn: Db | Tx, id: number, who: Applicant) {
  const turn = (await store.turnById(conn, who.turn_id))!;
  const chosen = await conn('unit_selections')
    .where({ session_id: id, household_id: who.household_id, status: 'active' })
    .first<{ unit_id: number; unit_no: string; picked_at: Date } | undefined>(
      'unit_id',
      'unit_no',
      'picked_at',
    );
  return {
    session_id: id,
    order_no: turn.order_no,
    name: maskName(turn.applicant_name),
    turn_status: turn.status,
    is_my_turn: turn.status === 'active',
    deadline: turn.status === 'active' && turn.deadline ? turn.deadline.toISOString() : null,
    ahead: ['waiting', 'skipped'].includes(turn.status) ? await store.placeInQueue(conn, turn) : 0,
    skips: turn.skips,
    selection: chosen ? { ...chosen, picked_at: chosen.picked_at.toISOString() } : null,
  };
}

export const portalRoutes: RouteDef[] = [
  defineRoute({
    id: 'selection.portal.state',
    method: 'get',
    path: ROOM,
    summary: '选房现场（公开）：场次状态、当前顺序号与倒计时、楼盘表房源状态（无个人信息）',
    tag: TAG,
    access: 'public',
    params: idParam,
    response: publicState,
    handler: (ctx) => publicJson(ctx.db, ctx.input.params.id),
  }),
  defineRoute({
    id: 'selection.portal.events',
    method: 'get',
    path: `${ROOM}/events`,
    summary: '选房现场实时事件（公开，Server-Sent Events；无个人信息）',
    tag: TAG,
    access: 'public',
    params: idParam,
    query: sinceQuery,
    response: z.string(),
    produces: 'text/event-stream',
    async handler(ctx) {
      const id = ctx.input.params.id;
      await service.sessionOf(ctx.db, undefined, id);
      prepareStream(ctx.koa);
      const stream = await hubOf(ctx.koa).open(
        id,
        'public',
        () => publicJson(ctx.db, id),
        (drop) => ctx.koa.res.on('close', drop),
      );
      sendStream(ctx.koa, stream);
    },
  }),
  defineRoute({
    id: 'selection.portal.login',
    method: 'post',
    path: `${ROOM}/login`,
    summary: '申请人登录选房：申请编号 + 选房码（连续输错将锁定）',
    tag: TAG,
    access: 'public',
    params: idParam,
    body: loginBody,
    response: applicantState,
    async handler(ctx) {
      const id = ctx.input.params.id;
      await service.sessionOf(ctx.db, undefined, id);
      const result = await login(ctx.db, id, ctx.input.body, ctx.koa.ip);
      setApplicantCookie(ctx.koa, ctx.config, id, result);
      const access = await ctx
        .db('selection_access')
        .where({ session_id: id, household_id: result.household_id })
        .first<{ id: number; turn_id: number }>('id', 'turn_id');
      return me(ctx.db, id, {
        access_id: access.id,
        household_id: result.household_id,
        turn_id: access.turn_id,
      });
    },
  }),
  defineRoute({
    id: 'selection.portal.logout',
    method: 'post',
    path: `${ROOM}/logout`,
    summary: '申请人退出选房登录',
    tag: TAG,
    access: 'public',
    params: idParam,
    status: 204,
    async handler(ctx) {
      const who = await applicantOf(ctx.db, ctx.koa, ctx.input.params.id).catch(() => undefined);
      if (who) await logout(ctx.db, who);
      setApplicantCookie(ctx.koa, ctx.config, ctx.input.params.id, null);
    },
  }),
  defineRoute({
    id: 'selection.portal.me',
    method: 'get',
    path: `${ROOM}/me`,
    summary: '申请人本人的选房状态：顺序号、是否轮到、截止时间、前面还有几户、已选房屋',
    tag: TAG,
    access: 'public',
    params: idParam,
    response: applicantState,
    async handler(ctx) {
      const who = await applicantOf(ctx.db, ctx.koa, ctx.input.params.id);
      return me(ctx.db, ctx.input.params.id, who);
    },
  }),
  defineRoute({
    id: 'selection.portal.pick',
    method: 'post',
    path: `${ROOM}/pick`,
    summary: '申请人选房（只在轮到本户时；房源已被选 409）',
    tag: TAG,
    access: 'public',
    params: idParam,
    body: applicantPickBody,
    response: pickResult,
    status: 201,
    async handler(ctx) {
      const id = ctx.input.params.id;
      const who = await applicantOf(ctx.db, ctx.koa, id);
      return expiringLazily(ctx.db, id, () =>
        asApplicant(ctx.db, who, 'selection.portal.pick', (trx) =>
          pick(trx, undefined, id, { householdId: who.household_id, unitId: ctx.input.body.unit_id }),
        ),
      );
    },
  }),
  defineRoute({
    id: 'selection.portal.forfeit',
    method: 'post',
    path: `${ROOM}/forfeit`,
    summary: '申请人放弃本场选房（放弃后不能再选）',
    tag: TAG,
    access: 'public',
    params: idParam,
    response: applicantState,
    async handler(ctx) {
      const id = ctx.input.params.id;
      const who = await applicantOf(ctx.db, ctx.koa, id);
      await asApplicant(ctx.db, who, 'selection.portal.forfeit', (trx) => forfeit(trx, id, who.household_id));
      return me(ctx.db, id, who);
    },
  }),
];
