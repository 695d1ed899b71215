/**
 * /api/notices: notice batches (公示批次, A.3.12) — draft, name the applications, publish (renders the masked
 * notice and moves each application's process on) — and the reports received during them (举报, A.3.13) with
 * their investigation. Reading needs `applications.read`, changing `notices.manage`; all in the caller's region.
 */
import { defineRoute, type RouteContext, type RouteDef } from '../http/route.ts';
import type { Scope } from '../access/scope.ts';
import type { Db, Tx } from '../db/knex.ts';
import { idParam } from '../shared/validators.ts';
import { pdfResponse as pdfSchema } from '../documents/schema.ts';
import { pdfResponse } from '../documents/send.ts';
import { presentBatch, presentCandidate, presentNotice, presentReport } from './presenter.ts';
import {
  batchApplicationsBody,
  batchDetail,
  batchList,
  candidateList,
  createBatchBody,
  createReportBody,
  investigationBody,
  listBatchesQuery,
  report,
  reportFilesBody,
  reportList,
  updateBatchBody,
  updateReportBody,
} from './schema.ts';
import * as reports from './reports.ts';
import * as service from './service.ts';
import * as reportStore from './report-store.ts';
import * as stageStore from './stage-store.ts';
import * as store from './store.ts';

const TAG = 'notices';
const BATCH = '/api/notices/batches/:id';
const scopeOf = (ctx: { scope: Scope | undefined }) => ctx.scope!;

type Ctx = RouteContext<{ id: number }, unknown, unknown>;

/** One report as answered after a write: with its materials. */
const presentOne = async (ctx: Pick<Ctx, 'scope' | 'db'>, row: reportStore.ReportRow) =>
  presentReport(row, scopeOf(ctx), await reportStore.filesOf(ctx.db, [row.id]));

/** A batch with its applications, as the caller may see them. */
async function detail(ctx: Pick<Ctx, 'scope'>, conn: Db | Tx, batch: store.BatchRow) {
  const notices = await store.noticesOf(conn, batch.notice_no);
  return { ...presentBatch(batch), notices: notices.map((n) => presentNotice(n, scopeOf(ctx))) };
}

/** A write to the batch `:id` in one transaction, answered with the batch as it is afterwards. */
const batchWrite = (ctx: Ctx, work: (trx: Tx, scope: Scope, id: number) => Promise<store.BatchRow>) =>
  ctx.write(async (trx) => detail(ctx, trx, await work(trx, scopeOf(ctx), ctx.input.params.id)));

export const noticeRoutes: RouteDef[] = [
  defineRoute({
    id: 'notices.batches.list',
    method: 'get',
    path: '/api/notices/batches',
    summary: '公示批次列表（状态、地区、公示编号或标题）',
    tag: TAG,
    access: 'applications.read',
    query: listBatchesQuery,
    response: batchList,
    async handler(ctx) {
      const { rows, total } = await store.listBatches(ctx.db, scopeOf(ctx), ctx.input.query);
      return {
        items: rows.map(presentBatch),
        total,
        page: ctx.input.query.page,
        page_size: ctx.input.query.page_size,
      };
    },
  }),
  defineRoute({
    id: 'notices.batches.create',
    method: 'post',
    path: '/api/notices/batches',
    summary: '新建公示批次（草稿）：标题、公示期、公示方式、公示地点、异议受理方式',
    tag: TAG,
    access: 'notices.manage',
    body: createBatchBody,
    response: batchDetail,
    status: 201,
    handler: (ctx) =>
      ctx.write(async (trx) =>
        detail(ctx, trx, await service.createBatch(trx, scopeOf(ctx), ctx.input.body)),
      ),
  }),
  defineRoute({
    id: 'notices.batches.get',
    method: 'get',
    path: BATCH,
    summary: '公示批次详情及公示名单（A.3.12，含公示是否通过、举报数）',
    tag: TAG,
    access: 'applications.read',
    params: idParam,
    scopedEntity: 'notice_batches',
    response: batchDetail,
    handler: async (ctx) =>
      detail(ctx, ctx.db, await service.batchOf(ctx.db, scopeOf(ctx), ctx.input.params.id)),
  }),
  defineRoute({
    id: 'notices.batches.update',
    method: 'patch',
    path: BATCH,
    summary: '修改草稿公示批次（已发布 409）',
    tag: TAG,
    access: 'notices.manage',
    params: idParam,
    body: updateBatchBody,
    scopedEntity: 'notice_batches',
    response: batchDetail,
    handler: (ctx) =>
      batchWrite(ctx, (trx, scope, id) => service.updateBatch(trx, scope, id, ctx.input.body)),
  }),
  defineRoute({
    id: 'notices.batches.remove',
    method: 'delete',
    path: BATCH,
    summary: '删除草稿公示批次（已发布 409）',
    tag: TAG,
    access: 'notices.manage',
    params: idParam,
    scopedEntity: 'notice_batches',
    status: 204,
    handler: (ctx) => ctx.write((trx) => service.deleteBatch(trx, scopeOf(ctx), ctx.input.params.id)),
  }),
  defineRoute({
    id: 'notices.batches.applications',
    method: 'put',
    path: `${BATCH}/applications`,
    summary: '设定草稿批次的公示名单（处于“公示”环节、本地区内、未列入其他未结束公示的申请）',
    tag: TAG,
    access: 'notices.manage',
    params: idParam,
    body: batchApplicationsBody,
    scopedEntity: 'notice_batches',
    response: batchDetail,
    handler: (ctx) =>
      batchWrite(ctx, (trx, scope, id) =>
        service.setApplications(trx, scope, id, ctx.input.body.household_ids),
      ),
  }),
  defineRoute({
    id: 'notices.batches.candidates',
    method: 'get',
    path: `${BATCH}/candidates`,
    summary: '可列入本批的申请：本批地区内、流程处于“公示”环节且未列入未结束的公示',
    tag: TAG,
    access: 'notices.manage',
    params: idParam,
    scopedEntity: 'notice_batches',
    response: candidateList,
    async handler(ctx) {
      const batch = await service.batchOf(ctx.db, scopeOf(ctx), ctx.input.params.id);
      const rows = await stageStore.noticeCandidates(ctx.db, scopeOf(ctx), batch.region_code);
      return { items: rows.map((r) => presentCandidate(r, scopeOf(ctx))) };
    },
  }),
  defineRoute({
    id: 'notices.batches.publish',
    method: 'post',
    path: `${BATCH}/publish`,
    summary: '发布公示：生成脱敏的公示文件并完成名单中各申请的“公示”环节（同一事务）',
    tag: TAG,
    access: 'notices.manage',
    params: idParam,
    scopedEntity: 'notice_batches',
    response: batchDetail,
    handler: (ctx) => batchWrite(ctx, (trx, scope, id) => service.publishBatch(trx, scope, id)),
  }),
  defineRoute({
    id: 'notices.batches.close',
    method: 'post',
    path: `${BATCH}/close`,
    summary: '结束期满的公示：尚未确定的公示结果按举报查证情况确定（通常由公示期定时器逐户完成）',
    tag: TAG,
    access: 'notices.manage',
    params: idParam,
    scopedEntity: 'notice_batches',
    response: batchDetail,
    handler: (ctx) => batchWrite(ctx, (trx, scope, id) => service.closeBatch(trx, scope, id)),
  }),
  defineRoute({
    id: 'notices.batches.document',
    method: 'get',
    path: `${BATCH}/document.pdf`,
    summary: '公示文件（PDF，姓名脱敏，可打印张贴；草稿批次为发布前预览，不编文号、不存档）',
    tag: TAG,
    access: 'applications.read',
    params: idParam,
    scopedEntity: 'notice_batches',
    response: pdfSchema,
    produces: 'application/pdf',
    async handler(ctx) {
      const { batch, content, sha256 } = await service.batchDocument(
        ctx.db,
        scopeOf(ctx),
        ctx.input.params.id,
      );
      return pdfResponse(ctx.koa, content, { ascii: batch.notice_no, zh: batch.title }, { sha256 });
    },
  }),
  defineRoute({
    id: 'notices.reports.list',
    method: 'get',
    path: `${BATCH}/reports`,
    summary: '本批公示期间的举报及查证情况（A.3.13）',
    tag: TAG,
    access: 'applications.read',
    params: idParam,
    scopedEntity: 'notice_batches',
    response: reportList,
    async handler(ctx) {
      const batch = await service.batchOf(ctx.db, scopeOf(ctx), ctx.input.params.id);
      const rows = await reportStore.reportsOf(ctx.db, scopeOf(ctx), batch.notice_no);
      const files = await reportStore.filesOf(
        ctx.db,
        rows.map((r) => r.id),
      );
      return { items: rows.map((r) => presentReport(r, scopeOf(ctx), files)) };
    },
  }),
  defineRoute({
    id: 'notices.reports.create',
    method: 'post',
    path: `${BATCH}/reports`,
    summary: '登记公示期间的举报（仅在公示期内受理）',
    tag: TAG,
    access: 'notices.manage',
    params: idParam,
    body: createReportBody,
    scopedEntity: 'notice_batches',
    response: report,
    status: 201,
    handler: async (ctx) =>
      presentOne(
        ctx,
        await ctx.write((trx) =>
          reports.createReport(trx, scopeOf(ctx), ctx.input.params.id, ctx.input.body),
        ),
      ),
  }),
  defineRoute({
    id: 'notices.reports.update',
    method: 'patch',
    path: '/api/notices/reports/:id',
    summary: '修改举报内容、方式或举报人（查结或公示结果确定前）',
    tag: TAG,
    access: 'notices.manage',
    params: idParam,
    body: updateReportBody,
    scopedEntity: 'notice_reports',
    response: report,
    handler: async (ctx) =>
      presentOne(
        ctx,
        await ctx.write((trx) =>
          reports.updateReport(trx, scopeOf(ctx), ctx.input.params.id, ctx.input.body),
        ),
      ),
  }),
  defineRoute({
    id: 'notices.reports.remove',
    method: 'delete',
    path: '/api/notices/reports/:id',
    summary: '删除误录的举报（查结或公示结果确定前；操作日志保留原记录）',
    tag: TAG,
    access: 'notices.manage',
    params: idParam,
    scopedEntity: 'notice_reports',
    status: 204,
    handler: (ctx) => ctx.write((trx) => reports.deleteReport(trx, scopeOf(ctx), ctx.input.params.id)),
  }),
  defineRoute({
    id: 'notices.reports.files',
    method: 'put',
    path: '/api/notices/reports/:id/files',
    summary: '举报材料与查证材料：从被举报申请的电子档案中指定（整体替换）',
    tag: TAG,
    access: 'notices.manage',
    params: idParam,
    body: reportFilesBody,
    scopedEntity: 'notice_reports',
    response: report,
    async handler(ctx) {
      const row = await ctx.write((trx) =>
        reports.setReportFiles(trx, scopeOf(ctx), ctx.input.params.id, ctx.input.body),
      );
      return presentOne(ctx, row);
    },
  }),
  defineRoute({
    id: 'notices.reports.investigate',
    method: 'put',
    path: '/api/notices/reports/:id/investigation',
    summary: '记录举报的查证（查证人、查证方式、查证结果）及结论（是否属实）',
    tag: TAG,
    access: 'notices.manage',
    params: idParam,
    body: investigationBody,
    scopedEntity: 'notice_reports',
    response: report,
    handler: async (ctx) =>
      presentOne(
        ctx,
        await ctx.write((trx) => reports.investigate(trx, scopeOf(ctx), ctx.input.params.id, ctx.input.body)),
      ),
  }),
];
