/**
 * Review (初审/复审, A.3.14 plans), the registry book (A.3.16) and supplier applications (A.3.17, A.3.18). The
 * review decisions themselves are task completions in the inbox (server/workflow); the hooks in hooks.ts hold
 * them to the plan and write the registry when the process ends.
 */
import type { Scope } from '../access/scope.ts';
import { defineRoute, type RouteDef } from '../http/route.ts';
import { idParam } from '../shared/validators.ts';
import './hooks.ts';
import * as plans from './plans.ts';
import { presentPlan } from './presenter.ts';
import * as registry from './registry.ts';
import {
  approveBody,
  computePlanBody,
  createPersonApprovalBody,
  createUnitApprovalBody,
  modifyPlanBody,
  pageOfItems,
  personApproval,
  planResponse,
  registryExportQuery,
  registryExportResponse,
  registryListResponse,
  registryQuery,
  supplierListQuery,
  unitApproval,
} from './schema.ts';
import * as suppliers from './suppliers.ts';

const scopeOf = (ctx: { scope: Scope | undefined }) => ctx.scope!;
const TAG = 'registration';
const PLAN = '/api/applications/:id/plan';

const planRoutes = [
  defineRoute({
    id: 'applications.plan.compute',
    method: 'post',
    path: PLAN,
    summary:
      '初审：按家庭所在地区启用中的保障规则计算拟保障实施方案（符合条件的保障方式、标准额度、拟补贴额度、拟配给面积与户型）；重算记为新修订',
    tag: TAG,
    access: 'applications.review',
    params: idParam,
    body: computePlanBody,
    response: planResponse,
    scopedEntity: 'households',
    handler: async (ctx) =>
      presentPlan(
        await ctx.write((trx) => plans.computePlan(trx, scopeOf(ctx), ctx.input.params.id, ctx.input.body)),
        scopeOf(ctx),
      ),
  }),
  defineRoute({
    id: 'applications.plan.get',
    method: 'get',
    path: PLAN,
    summary: '拟保障实施方案及其修订记录（谁、何时、修改前后）',
    tag: TAG,
    access: 'applications.read',
    params: idParam,
    response: planResponse,
    scopedEntity: 'households',
    handler: async (ctx) =>
      presentPlan(await plans.getPlan(ctx.db, scopeOf(ctx), ctx.input.params.id), scopeOf(ctx)),
  }),
  defineRoute({
    id: 'applications.plan.modify',
    method: 'put',
    path: PLAN,
    summary:
      '复审：修改拟保障实施方案（另一符合条件的保障方式、拟补贴额度、面积、户型；须说明理由；其他阶段 409）',
    tag: TAG,
    access: 'applications.review',
    params: idParam,
    body: modifyPlanBody,
    response: planResponse,
    scopedEntity: 'households',
    handler: async (ctx) =>
      presentPlan(
        await ctx.write((trx) => plans.modifyPlan(trx, scopeOf(ctx), ctx.input.params.id, ctx.input.body)),
        scopeOf(ctx),
      ),
  }),
];

const registryRoutes = [
  defineRoute({
    id: 'registry.list',
    method: 'get',
    path: '/api/registry',
    summary: '准入登记簿（本辖区；按登记年度、地区、保障状态过滤；无个人信息权限时脱敏）',
    tag: TAG,
    access: 'registry.read',
    query: registryQuery,
    response: registryListResponse,
    handler: (ctx) => registry.listRegistry(ctx.db, scopeOf(ctx), ctx.input.query),
  }),
  defineRoute({
    id: 'registry.export',
    method: 'get',
    path: '/api/registry/export',
    summary:
      '导出准入登记簿交换信息（A.3.16，以附录 A 中文字段名为键/表头；format=json 或 csv（带 BOM 的 UTF-8）；同列表的过滤与脱敏）',
    tag: TAG,
    access: 'registry.read',
    query: registryExportQuery,
    response: registryExportResponse,
    async handler(ctx) {
      const file = await registry.exportRegistry(ctx.db, scopeOf(ctx), ctx.input.query);
      if (file.json) return file.json;
      ctx.koa.type = 'text/csv; charset=utf-8';
      ctx.koa.set(
        'Content-Disposition',
        `attachment; filename="registry.csv"; filename*=UTF-8''${encodeURIComponent('准入登记簿.csv')}`,
      );
      return Buffer.from(file.csv);
    },
  }),
];

/** List, detail and approval of one kind of supplier application (creation differs by kind: see below). */
function supplierRoutes(
  path: string,
  key: string,
  kind: suppliers.Kind,
  item: typeof unitApproval | typeof personApproval,
): RouteDef[] {
  const one = `${path}/:id`;
  return [
    defineRoute({
      id: `${key}.list`,
      method: 'get',
      path,
      summary: `${kind.label}列表（本辖区；按审批状态、地区、审批编号或名称过滤）`,
      tag: TAG,
      access: 'suppliers.manage',
      query: supplierListQuery,
      response: pageOfItems(item),
      handler: (ctx) => suppliers.listApprovals(ctx.db, scopeOf(ctx), kind, ctx.input.query),
    }),
    defineRoute({
      id: `${key}.get`,
      method: 'get',
      path: one,
      summary: `${kind.label}详情`,
      tag: TAG,
      access: 'suppliers.manage',
      params: idParam,
      response: item,
      scopedEntity: kind.table,
      handler: (ctx) => suppliers.getApproval(ctx.db, scopeOf(ctx), kind, ctx.input.params.id),
    }),
    defineRoute({
      id: `${key}.approve`,
      method: 'post',
      path: `${one}/approve`,
      summary: `核定${kind.label}额度（核定额度不超过申请额度；审核时间、审核单位取当前用户及其所属机构；已核定 409）`,
      tag: TAG,
      access: 'suppliers.manage',
      params: idParam,
      body: approveBody,
      response: item,
      scopedEntity: kind.table,
      handler: (ctx) =>
        ctx.write((trx) => suppliers.approve(trx, scopeOf(ctx), kind, ctx.input.params.id, ctx.input.body)),
    }),
  ];
}

const UNITS_PATH = '/api/suppliers/unit-approvals';
const PERSONS_PATH = '/api/suppliers/person-approvals';

const createRoutes = [
  defineRoute({
    id: 'suppliers.units.create',
    method: 'post',
    path: UNITS_PATH,
    summary: '登记保障住房供给单位申请（由项目确定单位身份；支持方式与条件按本地区启用中的规则核对）',
    tag: TAG,
    access: 'suppliers.manage',
    body: createUnitApprovalBody,
    status: 201,
    response: unitApproval,
    handler: (ctx) => ctx.write((trx) => suppliers.createUnitApproval(trx, scopeOf(ctx), ctx.input.body)),
  }),
  defineRoute({
    id: 'suppliers.persons.create',
    method: 'post',
    path: PERSONS_PATH,
    summary: '登记保障住房供给个人申请（居民身份证按 GB 11643 校验；支持方式与条件按本地区启用中的规则核对）',
    tag: TAG,
    access: 'suppliers.manage',
    body: createPersonApprovalBody,
    status: 201,
    response: personApproval,
    handler: (ctx) => ctx.write((trx) => suppliers.createPersonApproval(trx, scopeOf(ctx), ctx.input.body)),
  }),
];

export const registrationRoutes: RouteDef[] = [
  ...planRoutes,
  ...registryRoutes,
  ...createRoutes,
  ...supplierRoutes(UNITS_PATH, 'suppliers.units', suppliers.UNITS, unitApproval),
  ...supplierRoutes(PERSONS_PATH, 'suppliers.persons', suppliers.PERSONS, personApproval),
];
