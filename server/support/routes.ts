/**
 * Routes of the support side (CJJ/T 196 9.2.3, 10.2.2; A.6.3, A.6.4, A.6.7, A.6.8, A.7.8): support ledgers and
 * their entries, support plans and their objects, land supply records (also as GeoJSON for the map).
 */
import type { Scope } from '../access/scope.ts';
import { defineRoute, type RouteDef } from '../http/route.ts';
import { idParam } from '../shared/validators.ts';
import * as land from './land-supplies.ts';
import * as ledgers from './ledgers.ts';
import * as plans from './plans.ts';
import { supportRules } from './rules.ts';
import {
  addObjectsBody,
  candidateResponse,
  closeLedgerBody,
  createEntryBody,
  createLandSupplyBody,
  createPlanBody,
  entryListQuery,
  entryListResponse,
  entryResponse,
  landSupplyListQuery,
  landSupplyListResponse,
  landSupplyResponse,
  ledgerListQuery,
  ledgerListResponse,
  ledgerResponse,
  objectResponse,
  planDetailResponse,
  planListQuery,
  planListResponse,
  reconciliationResponse,
  supportRulesResponse,
  updateLandSupplyBody,
  updateObjectBody,
  updatePlanBody,
} from './schema.ts';

const scopeOf = (ctx: { scope: Scope | undefined }) => ctx.scope!;
const TAG = 'support';
const READ = 'support.read';
const MANAGE = 'support.manage';

const ledgerRoutes = [
  defineRoute({
    id: 'support.rules',
    method: 'get',
    path: '/api/support/rules',
    summary: '本人所属地区启用中的保障规则里的支持项目（A.1.8）与支持方式（A.1.9）',
    tag: TAG,
    access: READ,
    response: supportRulesResponse,
    handler: (ctx) => supportRules(ctx.db, scopeOf(ctx).regionCode),
  }),
  defineRoute({
    id: 'support.entries.list',
    method: 'get',
    path: '/api/support/entries',
    summary: '支持项目台账收支明细（A.6.4；本辖区；按支持项目、资源类别、收支类型、接收日期过滤）',
    tag: TAG,
    access: READ,
    query: entryListQuery,
    response: entryListResponse,
    handler: (ctx) => ledgers.listEntries(ctx.db, scopeOf(ctx), ctx.input.query),
  }),
  defineRoute({
    id: 'support.entries.create',
    method: 'post',
    path: '/api/support/entries',
    summary: '登记一笔支持项目收支明细（资金或土地；不得记入已结账的周期；记账后不可修改，更正以冲销明细）',
    tag: TAG,
    access: MANAGE,
    body: createEntryBody,
    status: 201,
    response: entryResponse,
    handler: (ctx) => ctx.write((trx) => ledgers.createEntry(trx, scopeOf(ctx), ctx.input.body)),
  }),
  defineRoute({
    id: 'support.entries.get',
    method: 'get',
    path: '/api/support/entries/:id',
    summary: '支持项目台账收支明细详情',
    tag: TAG,
    access: READ,
    params: idParam,
    response: entryResponse,
    scopedEntity: 'support_ledger_entries',
    handler: (ctx) => ledgers.getEntry(ctx.db, scopeOf(ctx), ctx.input.params.id),
  }),
  defineRoute({
    id: 'support.ledgers.list',
    method: 'get',
    path: '/api/support/ledgers',
    summary: '支持项目台账（A.6.3；已结账的各周期：期初、本期增加、本期减少、期末）',
    tag: TAG,
    access: READ,
    query: ledgerListQuery,
    response: ledgerListResponse,
    handler: (ctx) => ledgers.listLedgers(ctx.db, scopeOf(ctx), ctx.input.query),
  }),
  defineRoute({
    id: 'support.ledgers.close',
    method: 'post',
    path: '/api/support/ledgers',
    summary:
      '结账：由明细计算一个周期的支持项目台账（期初 = 此前全部明细 = 上期期末；期末由数据库按 期初 + 增加 − 减少 生成）；dry_run 只试算；已结账 409',
    tag: TAG,
    access: MANAGE,
    body: closeLedgerBody,
    status: 201,
    response: ledgerResponse,
    handler: (ctx) => ctx.write((trx) => ledgers.closeLedger(trx, scopeOf(ctx), ctx.input.body)),
  }),
  defineRoute({
    id: 'support.ledgers.get',
    method: 'get',
    path: '/api/support/ledgers/:id',
    summary: '支持项目台账详情',
    tag: TAG,
    access: READ,
    params: idParam,
    response: ledgerResponse,
    scopedEntity: 'support_ledgers',
    handler: (ctx) => ledgers.getLedger(ctx.db, scopeOf(ctx), ctx.input.params.id),
  }),
  defineRoute({
    id: 'support.ledgers.reconcile',
    method: 'get',
    path: '/api/support/ledgers/:id/reconciliation',
    summary: '对账：期末 = 期初 + 增加 − 减少，期初 = 上期期末，各数与明细重新计算的结果一致',
    tag: TAG,
    access: READ,
    params: idParam,
    response: reconciliationResponse,
    scopedEntity: 'support_ledgers',
    handler: (ctx) => ledgers.reconcile(ctx.db, scopeOf(ctx), ctx.input.params.id),
  }),
];

const PLANS = '/api/support/plans';
const PLAN = `${PLANS}/:id`;

const planRoutes = [
  defineRoute({
    id: 'support.plans.list',
    method: 'get',
    path: PLANS,
    summary: '支持项目资源配置方案（A.6.7；本辖区）',
    tag: TAG,
    access: READ,
    query: planListQuery,
    response: planListResponse,
    handler: (ctx) => plans.listPlans(ctx.db, scopeOf(ctx), ctx.input.query),
  }),
  defineRoute({
    id: 'support.plans.create',
    method: 'post',
    path: PLANS,
    summary: '制定支持项目配置方案（支持方式与支持项目取自本地区启用中的规则；草稿）',
    tag: TAG,
    access: MANAGE,
    body: createPlanBody,
    status: 201,
    response: planDetailResponse,
    handler: (ctx) => ctx.write((trx) => plans.createPlan(trx, scopeOf(ctx), ctx.input.body)),
  }),
  defineRoute({
    id: 'support.plans.get',
    method: 'get',
    path: PLAN,
    summary: '支持项目配置方案及其支持对象明细（A.6.8）',
    tag: TAG,
    access: READ,
    params: idParam,
    response: planDetailResponse,
    scopedEntity: 'support_plans',
    handler: (ctx) => plans.getPlan(ctx.db, scopeOf(ctx), ctx.input.params.id),
  }),
  defineRoute({
    id: 'support.plans.update',
    method: 'patch',
    path: PLAN,
    summary: '修改草稿方案（名称、期别、周期、说明；已发布 409）',
    tag: TAG,
    access: MANAGE,
    params: idParam,
    body: updatePlanBody,
    response: planDetailResponse,
    scopedEntity: 'support_plans',
    handler: (ctx) =>
      ctx.write((trx) => plans.updatePlan(trx, scopeOf(ctx), ctx.input.params.id, ctx.input.body)),
  }),
  defineRoute({
    id: 'support.plans.candidates',
    method: 'get',
    path: `${PLAN}/candidates`,
    summary: '可列入方案的支持对象：本辖区已核定、申请该支持方式、未列入其他有效方案的供给单位与个人',
    tag: TAG,
    access: READ,
    params: idParam,
    response: candidateResponse,
    scopedEntity: 'support_plans',
    handler: (ctx) => plans.candidates(ctx.db, scopeOf(ctx), ctx.input.params.id),
  }),
  defineRoute({
    id: 'support.plans.objects',
    method: 'post',
    path: `${PLAN}/objects`,
    summary: '把已核定的供给单位/个人申请列入草稿方案（补贴金额不超过核定额度；合计随之重算）',
    tag: TAG,
    access: MANAGE,
    params: idParam,
    body: addObjectsBody,
    response: planDetailResponse,
    scopedEntity: 'support_plans',
    handler: (ctx) =>
      ctx.write((trx) => plans.addObjects(trx, scopeOf(ctx), ctx.input.params.id, ctx.input.body)),
  }),
  defineRoute({
    id: 'support.plans.publish',
    method: 'post',
    path: `${PLAN}/publish`,
    summary: '发布方案（交由配给管理执行，9.2.2 第 2 款；须有支持对象；已发布 409）',
    tag: TAG,
    access: MANAGE,
    params: idParam,
    response: planDetailResponse,
    scopedEntity: 'support_plans',
    handler: (ctx) => ctx.write((trx) => plans.publishPlan(trx, scopeOf(ctx), ctx.input.params.id)),
  }),
  defineRoute({
    id: 'support.plan_objects.update',
    method: 'patch',
    path: '/api/support/plan-objects/:id',
    summary: '支持对象的配置状态（配给：记分配时间并把补贴记入台账支出；撤出）或草稿方案中的金额、面积',
    tag: TAG,
    access: MANAGE,
    params: idParam,
    body: updateObjectBody,
    response: objectResponse,
    scopedEntity: 'support_plan_objects',
    handler: (ctx) =>
      ctx.write((trx) => plans.updateObject(trx, scopeOf(ctx), ctx.input.params.id, ctx.input.body)),
  }),
  defineRoute({
    id: 'support.plan_objects.remove',
    method: 'delete',
    path: '/api/support/plan-objects/:id',
    summary: '从草稿方案中移除支持对象',
    tag: TAG,
    access: MANAGE,
    params: idParam,
    status: 204,
    scopedEntity: 'support_plan_objects',
    handler: async (ctx) => {
      await ctx.write((trx) => plans.removeObject(trx, scopeOf(ctx), ctx.input.params.id));
    },
  }),
];

const LAND = '/api/land-supplies';
const SUPPLY = `${LAND}/:id`;

const landRoutes = [
  defineRoute({
    id: 'land_supplies.list',
    method: 'get',
    path: LAND,
    summary: '土地供应记录（A.7.8；本辖区；format=geojson 为宗地范围的 FeatureCollection，供地图使用）',
    tag: TAG,
    access: READ,
    query: landSupplyListQuery,
    response: landSupplyListResponse,
    async handler(ctx) {
      const query = ctx.input.query;
      if (query.format !== 'geojson') return land.listSupplies(ctx.db, scopeOf(ctx), query);
      ctx.koa.type = 'application/geo+json';
      return JSON.stringify(await land.listSuppliesGeoJson(ctx.db, scopeOf(ctx), query));
    },
  }),
  defineRoute({
    id: 'land_supplies.create',
    method: 'post',
    path: LAND,
    summary:
      '登记土地供应（宗地须在本辖区且储备中；土地面积缺省取宗地面积；同一事务中宗地改为已供应，并记入支持项目台账土地支出）',
    tag: TAG,
    access: MANAGE,
    body: createLandSupplyBody,
    status: 201,
    response: landSupplyResponse,
    handler: (ctx) => ctx.write((trx) => land.createSupply(trx, scopeOf(ctx), ctx.input.body)),
  }),
  defineRoute({
    id: 'land_supplies.get',
    method: 'get',
    path: SUPPLY,
    summary: '土地供应记录详情（含宗地范围）',
    tag: TAG,
    access: READ,
    params: idParam,
    response: landSupplyResponse,
    scopedEntity: 'land_supplies',
    handler: (ctx) => land.getSupply(ctx.db, scopeOf(ctx), ctx.input.params.id),
  }),
  defineRoute({
    id: 'land_supplies.update',
    method: 'patch',
    path: SUPPLY,
    summary: '修改土地供应记录（面积或供应日期的更正：冲销原台账明细并重新记账）',
    tag: TAG,
    access: MANAGE,
    params: idParam,
    body: updateLandSupplyBody,
    response: landSupplyResponse,
    scopedEntity: 'land_supplies',
    handler: (ctx) =>
      ctx.write((trx) => land.updateSupply(trx, scopeOf(ctx), ctx.input.params.id, ctx.input.body)),
  }),
  defineRoute({
    id: 'land_supplies.remove',
    method: 'delete',
    path: SUPPLY,
    summary: '删除误登的土地供应记录（台账土地支出冲回，宗地退回储备）',
    tag: TAG,
    access: MANAGE,
    params: idParam,
    status: 204,
    scopedEntity: 'land_supplies',
    handler: async (ctx) => {
      await ctx.write((trx) => land.deleteSupply(trx, scopeOf(ctx), ctx.input.params.id));
    },
  }),
];

export const supportRoutes: RouteDef[] = [...ledgerRoutes, ...planRoutes, ...landRoutes];
