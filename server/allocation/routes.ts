/**
 * Resource allocation (CJJ/T 196 ch. 9): allocation plans (9.2.2), supply and demand monitoring (9.2.1) and the
 * security-project ledgers (9.2.3). HTTP only: access, schemas, presenting; the rules are in the services.
 */
import type { Scope } from '../access/scope.ts';
import { defineRoute } from '../http/route.ts';
import { idParam } from '../shared/validators.ts';
import * as ledgers from './ledgers.ts';
import {
  closeLedgerBody,
  entryListQuery,
  ledger,
  ledgerEntry,
  ledgerListQuery,
  postEntryBody,
  reconcileQuery,
  reconciliation,
} from './ledger-schema.ts';
import * as monitoring from './monitoring.ts';
import { choroplethResponse, monitoringQuery, monitoringResponse } from './monitoring-schema.ts';
import * as plans from './plans.ts';
import {
  page,
  presentEntry,
  presentLedger,
  presentPlan,
  presentPlanHousehold,
  presentPlanResource,
} from './presenter.ts';
import {
  cancelPlanBody,
  createPlanBody,
  detailListQuery,
  pageOf,
  planDetail,
  planHousehold,
  planItem,
  planListQuery,
  planResource,
  updatePlanBody,
} from './schema.ts';

const scopeOf = (ctx: { scope: Scope | undefined }) => ctx.scope!;
const TAG = 'allocation';
const PLANS = '/api/allocation/plans';
const PLAN = `${PLANS}/:id`;
const LEDGERS = '/api/allocation/ledgers';

const planRoutes = [
  defineRoute({
    id: 'allocation.plans.list',
    method: 'get',
    path: PLANS,
    summary: '资源配置方案列表（本辖区；按状态、保障方式、方案周期、配置资源、地区、编号或名称过滤）',
    tag: TAG,
    access: 'allocation.read',
    query: planListQuery,
    response: pageOf(planItem),
    handler: async (ctx) =>
      page(await plans.listPlans(ctx.db, scopeOf(ctx), ctx.input.query), ctx.input.query, presentPlan),
  }),
  defineRoute({
    id: 'allocation.plans.create',
    method: 'post',
    path: PLANS,
    summary:
      '制定配置方案草稿（9.2.2）：保障方式取自本地区或上级启用中的规则；家庭取轮候队列前 N 户（符合条件、未列入其他有效方案，第 N 名同分按 tie_policy 整组列入或不列入）；实物方案取项目中已移交、已交付且未列入其他方案的房屋；货币补贴方案按规则标准或已核定的拟补贴额度计每户补贴',
    tag: TAG,
    access: 'allocation.manage',
    body: createPlanBody,
    status: 201,
    response: planDetail,
    handler: async (ctx) =>
      presentPlan(await ctx.write((trx) => plans.createPlan(trx, scopeOf(ctx), ctx.input.body))),
  }),
  defineRoute({
    id: 'allocation.plans.get',
    method: 'get',
    path: PLAN,
    summary: '配置方案详情（合计、家庭与资源按状态计数、同分户数）',
    tag: TAG,
    access: 'allocation.read',
    params: idParam,
    response: planDetail,
    scopedEntity: 'allocation_plans',
    handler: async (ctx) => presentPlan(await plans.getPlan(ctx.db, scopeOf(ctx), ctx.input.params.id)),
  }),
  defineRoute({
    id: 'allocation.plans.update',
    method: 'patch',
    path: PLAN,
    summary:
      '修改方案草稿：名称、日期、说明，列入/撤出家庭与房屋（已在其他有效方案中 409；不符合条件的逐项 400）；合计随之重算',
    tag: TAG,
    access: 'allocation.manage',
    params: idParam,
    body: updatePlanBody,
    response: planDetail,
    scopedEntity: 'allocation_plans',
    handler: async (ctx) =>
      presentPlan(
        await ctx.write((trx) => plans.updatePlan(trx, scopeOf(ctx), ctx.input.params.id, ctx.input.body)),
      ),
  }),
  defineRoute({
    id: 'allocation.plans.publish',
    method: 'post',
    path: `${PLAN}/publish`,
    summary:
      '发布方案（交由配给管理执行，9.2.2 第 2 款）：按明细重算合计；无家庭、有家庭已不在轮候、实物方案无房源或户数多于套数、补贴方案有户无补贴金额时 409',
    tag: TAG,
    access: 'allocation.manage',
    params: idParam,
    response: planDetail,
    scopedEntity: 'allocation_plans',
    handler: async (ctx) =>
      presentPlan(await ctx.write((trx) => plans.publishPlan(trx, scopeOf(ctx), ctx.input.params.id))),
  }),
  defineRoute({
    id: 'allocation.plans.close',
    method: 'post',
    path: `${PLAN}/close`,
    summary: '关闭已发布的方案：未分配的家庭与房源撤出（可列入其他方案）',
    tag: TAG,
    access: 'allocation.manage',
    params: idParam,
    response: planDetail,
    scopedEntity: 'allocation_plans',
    handler: async (ctx) =>
      presentPlan(await ctx.write((trx) => plans.closePlan(trx, scopeOf(ctx), ctx.input.params.id))),
  }),
  defineRoute({
    id: 'allocation.plans.cancel',
    method: 'post',
    path: `${PLAN}/cancel`,
    summary: '撤销草稿或尚无分配的已发布方案（须说明原因）；家庭与房源撤出',
    tag: TAG,
    access: 'allocation.manage',
    params: idParam,
    body: cancelPlanBody,
    response: planDetail,
    scopedEntity: 'allocation_plans',
    handler: async (ctx) =>
      presentPlan(
        await ctx.write((trx) =>
          plans.cancelPlan(trx, scopeOf(ctx), ctx.input.params.id, ctx.input.body.reason),
        ),
      ),
  }),
  defineRoute({
    id: 'allocation.plans.households',
    method: 'get',
    path: `${PLAN}/households`,
    summary: '方案的保障对象明细（A.6.6，按轮候排名；配置状态由选房、签约更新；无个人信息权限时姓名脱敏）',
    tag: TAG,
    access: 'allocation.read',
    params: idParam,
    query: detailListQuery,
    response: pageOf(planHousehold),
    scopedEntity: 'allocation_plans',
    handler: async (ctx) =>
      page(
        await plans.planHouseholds(ctx.db, scopeOf(ctx), ctx.input.params.id, ctx.input.query),
        ctx.input.query,
        (row) => presentPlanHousehold(row, scopeOf(ctx)),
      ),
  }),
  defineRoute({
    id: 'allocation.plans.resources',
    method: 'get',
    path: `${PLAN}/resources`,
    summary: '方案的资源明细（A.6.9：房屋或补贴资金，配置状态与分配日期）',
    tag: TAG,
    access: 'allocation.read',
    params: idParam,
    query: detailListQuery,
    response: pageOf(planResource),
    scopedEntity: 'allocation_plans',
    handler: async (ctx) =>
      page(
        await plans.planResources(ctx.db, scopeOf(ctx), ctx.input.params.id, ctx.input.query),
        ctx.input.query,
        presentPlanResource,
      ),
  }),
];

const monitoringRoutes = [
  defineRoute({
    id: 'allocation.monitoring.summary',
    method: 'get',
    path: '/api/allocation/monitoring',
    summary:
      '保障资源供求监测（9.2.1）：需求（轮候家庭，按保障方式与下级地区，含保障标准合计）、供给（已移交已交付房屋，按户型、面积段、下级地区）与资金余额；不带过滤为自动监测，带过滤为自定义监测',
    tag: TAG,
    access: 'allocation.read',
    query: monitoringQuery,
    response: monitoringResponse,
    handler: (ctx) => monitoring.monitor(ctx.db, scopeOf(ctx), ctx.input.query),
  }),
  defineRoute({
    id: 'allocation.monitoring.choropleth',
    method: 'get',
    path: '/api/allocation/monitoring/choropleth',
    summary: '供求分布图：下级地区边界（GeoJSON）及其供给、需求与供给 − 需求',
    tag: TAG,
    access: 'allocation.read',
    query: monitoringQuery,
    response: choroplethResponse,
    handler: (ctx) => monitoring.choropleth(ctx.db, scopeOf(ctx), ctx.input.query),
  }),
];

const ledgerRoutes = [
  defineRoute({
    id: 'allocation.ledgers.entries',
    method: 'get',
    path: `${LEDGERS}/entries`,
    summary: '保障项目台账收支明细（A.6.2；按地区、资源类别、收支类型、来源、批次、日期过滤）',
    tag: TAG,
    access: 'allocation.read',
    query: entryListQuery,
    response: pageOf(ledgerEntry),
    handler: async (ctx) =>
      page(await ledgers.listEntries(ctx.db, scopeOf(ctx), ctx.input.query), ctx.input.query, presentEntry),
  }),
  defineRoute({
    id: 'allocation.ledgers.post',
    method: 'post',
    path: `${LEDGERS}/entries`,
    summary: '登记资金收支明细（如财政拨款到账）：交接批次编号、移交人、接收人；已结账周期内的日期 409',
    tag: TAG,
    access: 'allocation.manage',
    body: postEntryBody,
    status: 201,
    response: ledgerEntry,
    handler: async (ctx) =>
      presentEntry(await ctx.write((trx) => ledgers.postLedgerEntry(trx, scopeOf(ctx), ctx.input.body))),
  }),
  defineRoute({
    id: 'allocation.ledgers.close',
    method: 'post',
    path: `${LEDGERS}/close`,
    summary:
      '结账（A.6.1）：期初 = 上期期末（无上期时为此前明细合计），本期增加/减少 = 本期明细合计，期末由数据库生成；周期须已结束；重复结账 409',
    tag: TAG,
    access: 'allocation.manage',
    body: closeLedgerBody,
    status: 201,
    response: ledger,
    handler: async (ctx) =>
      presentLedger(await ctx.write((trx) => ledgers.closeLedgerPeriod(trx, scopeOf(ctx), ctx.input.body))),
  }),
  defineRoute({
    id: 'allocation.ledgers.list',
    method: 'get',
    path: LEDGERS,
    summary: '保障项目台账（A.6.1，按地区、周期类型、统计周期过滤）',
    tag: TAG,
    access: 'allocation.read',
    query: ledgerListQuery,
    response: pageOf(ledger),
    handler: async (ctx) =>
      page(await ledgers.listLedgers(ctx.db, scopeOf(ctx), ctx.input.query), ctx.input.query, presentLedger),
  }),
  defineRoute({
    id: 'allocation.ledgers.reconciliation',
    method: 'get',
    path: `${LEDGERS}/reconciliation`,
    summary: '对账：每一已结账台账的期初、本期增减与期末是否等于其明细合计；及至今明细余额',
    tag: TAG,
    access: 'allocation.read',
    query: reconcileQuery,
    response: reconciliation,
    handler: (ctx) => ledgers.reconcile(ctx.db, scopeOf(ctx), ctx.input.query.region),
  }),
];

export const allocationRoutes = [...planRoutes, ...monitoringRoutes, ...ledgerRoutes];
