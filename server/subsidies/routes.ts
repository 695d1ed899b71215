/**
 * /api/subsidies: a month's dues (A.7.5: generate — idempotent —, list, vouchers), payments (A.7.6: one due,
 * a month's batch, list) and fund disbursement plans of support objects (A.7.7, CRUD). Reading needs
 * `subsidies.read`, changing `subsidies.manage`; all in the caller's region.
 */
import { z } from 'zod';
import { defineRoute, type RouteDef } from '../http/route.ts';
import type { Scope } from '../access/scope.ts';
import { idParam } from '../shared/validators.ts';
import { pageOfSchema } from '../spatial/features.ts';
import { pdfResponse as pdfSchema } from '../documents/schema.ts';
import { pdfResponse } from '../documents/send.ts';
import * as dues from './dues.ts';
import * as payments from './payments.ts';
import * as plans from './fund-plans.ts';
import { dueVoucher, monthVouchers } from './vouchers.ts';
import { presentDue, presentFundPlan, presentPayment } from './presenter.ts';
import {
  batchPayBody,
  batchPayResponse,
  createFundPlanBody,
  due,
  fundPlan,
  generateBody,
  generateResponse,
  listDuesQuery,
  listFundPlansQuery,
  listPaymentsQuery,
  payBody,
  payment,
  updateFundPlanBody,
  vouchersBody,
} from './schema.ts';

const TAG = 'subsidies';
const DUES = '/api/subsidies/dues';
const PLANS = '/api/subsidies/fund-plans';
const scopeOf = (ctx: { scope: Scope | undefined }) => ctx.scope!;
const onDue = { tag: TAG, params: idParam, scopedEntity: 'subsidy_dues' };
const onPlan = { tag: TAG, params: idParam, scopedEntity: 'subsidy_fund_plans', response: fundPlan };

const dueRoutes: RouteDef[] = [
  defineRoute({
    id: 'subsidies.dues.generate',
    method: 'post',
    path: `${DUES}/generate`,
    summary:
      '生成某年某月的补贴应发（本辖区生效的补贴合同与执行中的拨付计划；幂等：同一月重复生成不新增任何记录）',
    tag: TAG,
    access: 'subsidies.manage',
    body: generateBody,
    response: generateResponse,
    handler: (ctx) => ctx.write((trx) => dues.generateDues(trx, scopeOf(ctx), ctx.input.body)),
  }),
  defineRoute({
    id: 'subsidies.dues.list',
    method: 'get',
    path: DUES,
    summary: '补贴应发列表（按年月、对象类型、是否已实发、编号过滤；含实发记录）',
    tag: TAG,
    access: 'subsidies.read',
    query: listDuesQuery,
    response: pageOfSchema(due),
    async handler(ctx) {
      const { rows, total } = await dues.listDues(ctx.db, scopeOf(ctx), ctx.input.query);
      const { page, page_size } = ctx.input.query;
      return { items: rows.map((r) => presentDue(r, scopeOf(ctx))), total, page, page_size };
    },
  }),
  defineRoute({
    id: 'subsidies.dues.vouchers',
    method: 'post',
    path: `${DUES}/vouchers`,
    summary: '打印某月的补贴发放单据（PDF；所列应发记为已打印单据）',
    tag: TAG,
    access: 'subsidies.manage',
    body: vouchersBody,
    response: pdfSchema,
    produces: 'application/pdf',
    handler: async (ctx) => {
      const { year, month } = ctx.input.body;
      const content = await ctx.write((trx) => monthVouchers(trx, scopeOf(ctx), ctx.input.body));
      return pdfResponse(ctx.koa, content, {
        ascii: `vouchers-${year}-${month}`,
        zh: `补贴发放单据-${year}年${month}月`,
      });
    },
  }),
  defineRoute({
    id: 'subsidies.dues.get',
    method: 'get',
    path: `${DUES}/:id`,
    summary: '补贴应发详情（含实发记录）',
    ...onDue,
    access: 'subsidies.read',
    response: due,
    handler: async (ctx) =>
      presentDue(await dues.getDue(ctx.db, scopeOf(ctx), ctx.input.params.id), scopeOf(ctx)),
  }),
  defineRoute({
    id: 'subsidies.dues.voucher',
    method: 'post',
    path: `${DUES}/:id/voucher`,
    summary: '打印一笔应发的补贴发放单据（PDF；记为已打印单据）',
    ...onDue,
    access: 'subsidies.manage',
    response: pdfSchema,
    produces: 'application/pdf',
    handler: async (ctx) => {
      const content = await ctx.write((trx) => dueVoucher(trx, scopeOf(ctx), ctx.input.params.id));
      return pdfResponse(ctx.koa, content, { ascii: `voucher-${ctx.input.params.id}`, zh: '补贴发放单据' });
    },
  }),
  defineRoute({
    id: 'subsidies.dues.pay',
    method: 'post',
    path: `${DUES}/:id/pay`,
    summary: '补贴实发：足额，或填写不足金额与不足额原因；一笔应发只能实发一次（重复 409）',
    ...onDue,
    access: 'subsidies.manage',
    body: payBody,
    status: 201,
    response: payment,
    handler: (ctx) =>
      ctx.write(async (trx) =>
        presentPayment(await payments.payDue(trx, scopeOf(ctx), ctx.input.params.id, ctx.input.body)),
      ),
  }),
];

const paymentRoutes: RouteDef[] = [
  defineRoute({
    id: 'subsidies.payments.list',
    method: 'get',
    path: '/api/subsidies/payments',
    summary: '补贴实发列表（按年月、发放状态过滤）',
    tag: TAG,
    access: 'subsidies.read',
    query: listPaymentsQuery,
    response: pageOfSchema(payment),
    async handler(ctx) {
      const { rows, total } = await payments.listPayments(ctx.db, scopeOf(ctx), ctx.input.query);
      const { page, page_size } = ctx.input.query;
      return { items: rows.map(presentPayment), total, page, page_size };
    },
  }),
  defineRoute({
    id: 'subsidies.payments.batch',
    method: 'post',
    path: '/api/subsidies/payments/batch',
    summary: '批量实发：某月本辖区尚未实发的应发全部足额发放（已实发的不会重复）',
    tag: TAG,
    access: 'subsidies.manage',
    body: batchPayBody,
    response: batchPayResponse,
    handler: (ctx) => ctx.write((trx) => payments.batchPay(trx, scopeOf(ctx), ctx.input.body)),
  }),
];

const planRoutes: RouteDef[] = [
  defineRoute({
    id: 'subsidies.fund_plans.list',
    method: 'get',
    path: PLANS,
    summary: '支持对象资金拨付配置计划列表',
    tag: TAG,
    access: 'subsidies.read',
    query: listFundPlansQuery,
    response: pageOfSchema(fundPlan),
    async handler(ctx) {
      const { rows, total } = await plans.listFundPlans(ctx.db, scopeOf(ctx), ctx.input.query);
      const { page, page_size } = ctx.input.query;
      return { items: rows.map(presentFundPlan), total, page, page_size };
    },
  }),
  defineRoute({
    id: 'subsidies.fund_plans.create',
    method: 'post',
    path: PLANS,
    summary: '制定拨付计划（已核定的供给单位或个人；拨付总金额不超过核定额度；按期别等额分期）',
    tag: TAG,
    access: 'subsidies.manage',
    body: createFundPlanBody,
    status: 201,
    response: fundPlan,
    handler: (ctx) =>
      ctx.write(async (trx) =>
        presentFundPlan(await plans.createFundPlan(trx, scopeOf(ctx), ctx.input.body)),
      ),
  }),
  defineRoute({
    id: 'subsidies.fund_plans.get',
    method: 'get',
    path: `${PLANS}/:id`,
    summary: '拨付计划详情',
    ...onPlan,
    access: 'subsidies.read',
    handler: async (ctx) =>
      presentFundPlan(await plans.findFundPlan(ctx.db, scopeOf(ctx), ctx.input.params.id)),
  }),
  defineRoute({
    id: 'subsidies.fund_plans.update',
    method: 'patch',
    path: `${PLANS}/:id`,
    summary: '修改或撤销拨付计划（已生成应发后只能撤销或改说明）',
    ...onPlan,
    access: 'subsidies.manage',
    body: updateFundPlanBody,
    handler: (ctx) =>
      ctx.write(async (trx) =>
        presentFundPlan(await plans.updateFundPlan(trx, scopeOf(ctx), ctx.input.params.id, ctx.input.body)),
      ),
  }),
  defineRoute({
    id: 'subsidies.fund_plans.remove',
    method: 'delete',
    path: `${PLANS}/:id`,
    summary: '删除拨付计划（尚未生成应发时）',
    tag: TAG,
    params: idParam,
    scopedEntity: 'subsidy_fund_plans',
    access: 'subsidies.manage',
    status: 204,
    response: z.undefined(),
    handler: (ctx) => ctx.write((trx) => plans.deleteFundPlan(trx, scopeOf(ctx), ctx.input.params.id)),
  }),
];

export const subsidyRoutes: RouteDef[] = [...dueRoutes, ...paymentRoutes, ...planRoutes];
