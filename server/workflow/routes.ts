/**
 * /api/workflow: the task inbox and task actions (claim, complete, delegate, return, withdraw, add a signer),
 * instance details with the timeline and diagram, templates (definitions as data: list, detail with counts,
 * diagram, export, import, activate), statistics and overdue lists. Templates are system-wide definitions;
 * instances, tasks and counts are limited to the reader's region.
 */
import { z } from 'zod';
import { defineRoute, type RouteDef } from '../http/route.ts';
import type { Scope } from '../access/scope.ts';
import { idParam } from '../shared/validators.ts';
import * as engine from './engine.ts';
import * as read from './read-store.ts';
import * as service from './service.ts';
import { presentStats, presentTask } from './presenter.ts';
import {
  addSignerBody,
  claimBody,
  completeBody,
  delegateBody,
  exportResponse,
  importQuery,
  inboxQuery,
  instanceDetailResponse,
  overdueQuery,
  overdueResponse,
  returnBody,
  statsQuery,
  statsResponse,
  taskListResponse,
  taskResponse,
  tasksResponse,
  templateDetailResponse,
  templateListResponse,
  templateQuery,
  templateResponse,
  withdrawBody,
} from './schema.ts';

const TAG = 'workflow';
const TASK = '/api/workflow/tasks/:id';
const TEMPLATE = '/api/workflow/templates/:id';
const scopeOf = (ctx: { scope: Scope | undefined }) => ctx.scope!;
const svg = z.string().describe('SVG 图');

const taskRoutes: RouteDef[] = [
  defineRoute({
    id: 'workflow.tasks.list',
    method: 'get',
    path: '/api/workflow/tasks',
    summary: '待办箱：我的任务与可认领的任务（本人角色、本人地区）',
    tag: TAG,
    access: 'workflow.tasks',
    query: inboxQuery,
    response: taskListResponse,
    async handler(ctx) {
      const { items, total } = await read.inbox(ctx.db, scopeOf(ctx), ctx.input.query);
      return { items: items.map(presentTask), total };
    },
  }),
  defineRoute({
    id: 'workflow.tasks.get',
    method: 'get',
    path: TASK,
    summary: '任务详情',
    tag: TAG,
    access: 'workflow.tasks',
    params: idParam,
    scopedEntity: 'wf_tasks',
    response: taskResponse,
    handler: (ctx) => service.task(ctx.db, scopeOf(ctx), ctx.input.params.id),
  }),
  defineRoute({
    id: 'workflow.tasks.claim',
    method: 'post',
    path: `${TASK}/claim`,
    summary: '认领任务',
    tag: TAG,
    access: 'workflow.tasks',
    params: idParam,
    body: claimBody,
    scopedEntity: 'wf_tasks',
    response: taskResponse,
    handler: (ctx) =>
      ctx.write((trx) =>
        service.act(trx, scopeOf(ctx), ctx.input.params.id, (actor) =>
          engine.claimTask(trx, actor, ctx.input.params.id, ctx.input.body.version),
        ),
      ),
  }),
  defineRoute({
    id: 'workflow.tasks.complete',
    method: 'post',
    path: `${TASK}/complete`,
    summary: '办结任务（决定、意见、流程变量）；已被他人办结或版本不符 409',
    tag: TAG,
    access: 'workflow.tasks',
    params: idParam,
    body: completeBody,
    scopedEntity: 'wf_tasks',
    response: taskResponse,
    handler: (ctx) =>
      ctx.write((trx) =>
        service.act(trx, scopeOf(ctx), ctx.input.params.id, (actor) =>
          engine.completeTask(trx, actor, ctx.input.params.id, ctx.input.body),
        ),
      ),
  }),
  defineRoute({
    id: 'workflow.tasks.delegate',
    method: 'post',
    path: `${TASK}/delegate`,
    summary: '委托他人办理',
    tag: TAG,
    access: 'workflow.tasks',
    params: idParam,
    body: delegateBody,
    scopedEntity: 'wf_tasks',
    response: taskResponse,
    handler: (ctx) =>
      ctx.write((trx) =>
        service.act(trx, scopeOf(ctx), ctx.input.params.id, (actor) =>
          engine.delegateTask(trx, actor, ctx.input.params.id, ctx.input.body),
        ),
      ),
  }),
  defineRoute({
    id: 'workflow.tasks.return',
    method: 'post',
    path: `${TASK}/return`,
    summary: '退回到前一任务环节或此前任一任务环节（答复新的待办）',
    tag: TAG,
    access: 'workflow.tasks',
    params: idParam,
    body: returnBody,
    scopedEntity: 'wf_tasks',
    response: tasksResponse,
    handler: (ctx) =>
      ctx.write((trx) =>
        service.actOnCase(trx, scopeOf(ctx), (actor) =>
          engine.returnTask(trx, actor, ctx.input.params.id, {
            toNodeKey: ctx.input.body.to_node_key,
            comment: ctx.input.body.comment,
            version: ctx.input.body.version,
          }),
        ),
      ),
  }),
  defineRoute({
    id: 'workflow.tasks.withdraw',
    method: 'post',
    path: `${TASK}/withdraw`,
    summary: '撤回本人已办结的任务（下一环节尚未认领时）；已认领 409',
    tag: TAG,
    access: 'workflow.tasks',
    params: idParam,
    body: withdrawBody,
    scopedEntity: 'wf_tasks',
    response: tasksResponse,
    handler: (ctx) =>
      ctx.write((trx) =>
        service.actOnCase(trx, scopeOf(ctx), (actor) =>
          engine.withdrawTask(trx, actor, ctx.input.params.id, ctx.input.body),
        ),
      ),
  }),
  defineRoute({
    id: 'workflow.tasks.add_signer',
    method: 'post',
    path: `${TASK}/add-signer`,
    summary: '会签加签（为指定用户增加一个会签任务）',
    tag: TAG,
    access: 'workflow.tasks',
    params: idParam,
    body: addSignerBody,
    scopedEntity: 'wf_tasks',
    response: taskResponse,
    handler: (ctx) =>
      ctx.write(async (trx) => {
        const added = await engine.addSigner(
          trx,
          engine.actorOf(scopeOf(ctx)),
          ctx.input.params.id,
          ctx.input.body,
        );
        return service.task(trx, { ...scopeOf(ctx), regionPrefix: '' }, added.id);
      }),
  }),
];

const instanceRoutes: RouteDef[] = [
  defineRoute({
    id: 'workflow.instances.get',
    method: 'get',
    path: '/api/workflow/instances/:id',
    summary: '流程实例：节点实例、任务与事件时间线',
    tag: TAG,
    access: 'workflow.tasks',
    params: idParam,
    scopedEntity: 'wf_process_instances',
    response: instanceDetailResponse,
    handler: (ctx) => service.instanceDetail(ctx.db, scopeOf(ctx), ctx.input.params.id),
  }),
  defineRoute({
    id: 'workflow.instances.diagram',
    method: 'get',
    path: '/api/workflow/instances/:id/diagram.svg',
    summary: '流程实例图（SVG，当前节点高亮、已办节点着色）',
    tag: TAG,
    access: 'workflow.tasks',
    params: idParam,
    scopedEntity: 'wf_process_instances',
    response: svg,
    produces: 'image/svg+xml',
    handler: (ctx) => service.instanceDiagram(ctx.db, scopeOf(ctx), ctx.input.params.id),
  }),
];

const templateRoutes: RouteDef[] = [
  defineRoute({
    id: 'workflow.templates.list',
    method: 'get',
    path: '/api/workflow/templates',
    summary: '流程模板（各版本）',
    tag: TAG,
    access: 'workflow.monitor',
    response: templateListResponse,
    handler: (ctx) => service.listTemplates(ctx.db),
  }),
  defineRoute({
    id: 'workflow.templates.get',
    method: 'get',
    path: TEMPLATE,
    summary: '流程模板详情：节点、参与者、关联与各节点当前实例数（本人地区内）',
    tag: TAG,
    access: 'workflow.monitor',
    params: idParam,
    query: templateQuery,
    scopedEntity: 'wf_process_templates',
    response: templateDetailResponse,
    handler: (ctx) =>
      service.templateDetail(ctx.db, scopeOf(ctx), ctx.input.params.id, ctx.input.query.region),
  }),
  defineRoute({
    id: 'workflow.templates.diagram',
    method: 'get',
    path: `${TEMPLATE}/diagram.svg`,
    summary: '流程图（SVG，各节点当前实例数；region 限定地区）',
    tag: TAG,
    access: 'workflow.monitor',
    params: idParam,
    query: templateQuery,
    scopedEntity: 'wf_process_templates',
    response: svg,
    produces: 'image/svg+xml',
    handler: (ctx) =>
      service.templateDiagram(ctx.db, scopeOf(ctx), ctx.input.params.id, ctx.input.query.region),
  }),
  defineRoute({
    id: 'workflow.templates.export',
    method: 'get',
    path: `${TEMPLATE}/export`,
    summary: '导出流程定义（JSON，可再导入）',
    tag: TAG,
    access: 'workflow.monitor',
    params: idParam,
    scopedEntity: 'wf_process_templates',
    response: exportResponse,
    handler: (ctx) => service.exportTemplate(ctx.db, ctx.input.params.id),
  }),
  defineRoute({
    id: 'workflow.templates.import',
    method: 'post',
    path: '/api/workflow/templates/import',
    summary: '导入流程定义为新版本（校验格式与流程图；?activate=true 同时激活）',
    tag: TAG,
    access: 'workflow.manage',
    query: importQuery,
    body: z.unknown().describe('流程定义 JSON（格式见 server/workflow/definition.ts）'),
    status: 201,
    response: templateResponse,
    handler: (ctx) =>
      ctx.write((trx) => service.importTemplate(trx, ctx.input.body, ctx.input.query.activate)),
  }),
  defineRoute({
    id: 'workflow.templates.activate',
    method: 'post',
    path: `${TEMPLATE}/activate`,
    summary: '激活流程模板版本（新启动的流程使用它；进行中的流程仍按原版本）',
    tag: TAG,
    access: 'workflow.manage',
    params: idParam,
    scopedEntity: 'wf_process_templates',
    response: templateResponse,
    handler: (ctx) => ctx.write((trx) => service.activateTemplate(trx, ctx.input.params.id)),
  }),
];

const monitorRoutes: RouteDef[] = [
  defineRoute({
    id: 'workflow.stats',
    method: 'get',
    path: '/api/workflow/stats',
    summary: '流程统计：按流程、节点、办理人或地区的数量、平均与分位耗时（小时）、超时数',
    tag: TAG,
    access: 'workflow.monitor',
    query: statsQuery,
    response: statsResponse,
    async handler(ctx) {
      const within = service.countScope(scopeOf(ctx), ctx.input.query.region);
      const rows = await read.stats(ctx.db, within, ctx.input.query);
      return {
        by: ctx.input.query.by,
        region_code: within.regionPrefix.padEnd(12, '0'),
        items: presentStats(rows),
      };
    },
  }),
  defineRoute({
    id: 'workflow.overdue',
    method: 'get',
    path: '/api/workflow/overdue',
    summary: '超时未办结的任务（本人地区内）',
    tag: TAG,
    access: 'workflow.monitor',
    query: overdueQuery,
    response: overdueResponse,
    async handler(ctx) {
      const within = service.countScope(scopeOf(ctx), ctx.input.query.region);
      return { items: (await read.overdue(ctx.db, within, ctx.input.query)).map(presentTask) };
    },
  }),
];

export const workflowRoutes: RouteDef[] = [
  ...taskRoutes,
  ...instanceRoutes,
  ...templateRoutes,
  ...monitorRoutes,
];
