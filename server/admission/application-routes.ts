/** Applications (the wizard): household with housing, members and assets, checks, electronic archive, verification. */
import { z } from 'zod';
import { defineRoute, type RouteDef } from '../http/route.ts';
import { idParam } from '../shared/validators.ts';
import { maskName } from '../shared/mask.ts';
import { archiveMaxBytes } from '../config.ts';
import { pageOfSchema } from '../spatial/features.ts';
import { scopeOf } from '../spatial/feature-routes.ts';
import {
  applicationCase,
  applicationSummary,
  archiveItem,
  archiveQuery,
  createApplicationBody,
  listApplicationsQuery,
  updateApplicationBody,
  verificationBody,
  verifiersBody,
  type ApplicationChanges,
} from './application-schema.ts';
import { createApplication, getCase, updateApplication } from './application-service.ts';
import { listApplications } from './stage-store.ts';
import { presentArchive, presentCase, presentSummary } from './application-presenter.ts';
import { addArchiveFile, ARCHIVE_MEDIA_TYPES, openArchiveFile } from './archive.ts';
import { findArchive, listArchive } from './archive-store.ts';
import { recordVerification } from './verification.ts';
import { assignVerifiers } from './verifiers.ts';
// Registers the admission process's hooks with the engine.
import './process-hooks.ts';
import { findHousehold } from './store.ts';
import { notFound } from '../http/errors.ts';
import { HOUSEHOLD_LABEL } from './service.ts';

const tag = 'admission';
const onHousehold = { tag, scopedEntity: 'households', params: idParam };

/** RFC 6266: an ASCII fallback name and the real (often Chinese) one in UTF-8. */
const inline = (id: number, name: string) =>
  `inline; filename="archive-${id}"; filename*=UTF-8''${encodeURIComponent(name)}`;

export const applicationRoutes: RouteDef[] = [
  defineRoute({
    id: 'applications.list',
    method: 'get',
    path: '/api/applications',
    summary:
      '申请列表（办理阶段 = 准入流程当前节点；按阶段、区划、年度、申请编号过滤；format=geojson 为按阶段的申请地图，姓名脱敏）',
    tag,
    access: 'applications.read',
    query: listApplicationsQuery,
    response: pageOfSchema(applicationSummary),
    async handler(ctx) {
      const scope = scopeOf(ctx);
      const { format, ...filter } = ctx.input.query;
      const { rows, total } = await listApplications(ctx.db, scope, filter);
      const items = rows.map((row) => presentSummary(row, scope));
      if (format !== 'geojson') return { items, total, page: filter.page, page_size: filter.page_size };
      ctx.koa.type = 'application/geo+json';
      // The map shows where cases stand, not who they are: the name is masked for everyone.
      return JSON.stringify({
        type: 'FeatureCollection',
        features: items.map((item) => ({
          type: 'Feature',
          id: item.id,
          geometry: item.geometry ?? null,
          properties: {
            id: item.id,
            application_no: item.application_no,
            stage: item.stage,
            applicant_name: maskName(item.applicant_name as string | null),
            region_code: item.region_code,
          },
        })),
        numberMatched: total,
        numberReturned: items.length,
      });
    },
  }),
  defineRoute({
    id: 'applications.create',
    method: 'post',
    path: '/api/applications',
    summary:
      '录入申请（向导）：申请家庭、住房、成员、资产一次提交；人均收入与面积由系统计算；全省重复申请等检查；启动准入流程',
    tag,
    access: 'applications.manage',
    body: createApplicationBody,
    response: applicationCase,
    status: 201,
    handler: (ctx) =>
      ctx.write(async (trx) => {
        const scope = scopeOf(ctx);
        const id = await createApplication(trx, scope, ctx.input.body);
        return presentCase(await getCase(trx, scope, id), scope);
      }),
  }),
  defineRoute({
    id: 'applications.get',
    method: 'get',
    path: '/api/applications/:id',
    summary: '申请案卷：申请家庭、住房、成员、资产、电子档案、检查结果、审核报告、流程当前节点与待办',
    ...onHousehold,
    access: 'applications.read',
    response: applicationCase,
    async handler(ctx) {
      const scope = scopeOf(ctx);
      return presentCase(await getCase(ctx.db, scope, ctx.input.params.id), scope);
    },
  }),
  defineRoute({
    id: 'applications.update',
    method: 'patch',
    path: '/api/applications/:id',
    summary: '修改申请（仅受理、审核阶段；给出的住房/成员/资产列表整体替换，重新计算并检查）',
    ...onHousehold,
    access: 'applications.manage',
    body: updateApplicationBody,
    response: applicationCase,
    handler: (ctx) =>
      ctx.write(async (trx) => {
        const scope = scopeOf(ctx);
        const body = ctx.input.body as ApplicationChanges;
        await updateApplication(trx, scope, ctx.input.params.id, body);
        return presentCase(await getCase(trx, scope, ctx.input.params.id), scope);
      }),
  }),
  defineRoute({
    id: 'applications.verification',
    method: 'post',
    path: '/api/applications/:id/verification',
    summary: '录入审核结果：逐条记录的审核状态与审核报告（结论 pass/fail）；之后在待办中完成审核任务',
    ...onHousehold,
    access: 'applications.verify',
    body: verificationBody,
    response: applicationCase,
    status: 201,
    handler: (ctx) =>
      ctx.write(async (trx) => {
        const scope = scopeOf(ctx);
        await recordVerification(trx, scope, ctx.input.params.id, ctx.input.body);
        return presentCase(await getCase(trx, scope, ctx.input.params.id), scope);
      }),
  }),
  defineRoute({
    id: 'applications.verifiers',
    method: 'put',
    path: '/api/applications/:id/verifiers',
    summary: '指定审核人（受理阶段）：审核节点为每位审核人生成一个会签任务',
    ...onHousehold,
    access: 'applications.manage',
    body: verifiersBody,
    response: applicationCase,
    handler: (ctx) =>
      ctx.write(async (trx) => {
        const scope = scopeOf(ctx);
        await assignVerifiers(trx, scope, ctx.input.params.id, ctx.input.body.usernames);
        return presentCase(await getCase(trx, scope, ctx.input.params.id), scope);
      }),
  }),
  defineRoute({
    id: 'applications.archive.list',
    method: 'get',
    path: '/api/applications/:id/archive',
    summary: '申请的电子档案列表',
    ...onHousehold,
    access: 'applications.read',
    response: z.object({ items: z.array(archiveItem) }),
    async handler(ctx) {
      const household = await findHousehold(ctx.db, scopeOf(ctx), ctx.input.params.id);
      if (!household) throw notFound(HOUSEHOLD_LABEL);
      return { items: (await listArchive(ctx.db, household.id)).map(presentArchive) };
    },
  }),
  defineRoute({
    id: 'applications.archive.upload',
    method: 'post',
    path: '/api/applications/:id/archive',
    summary:
      '上传电子档案（PDF、JPEG、PNG，按文件内容识别类型；大小上限 ARCHIVE_MAX_MB，默认 10 MB；记录 SHA-256）',
    ...onHousehold,
    access: 'applications.manage',
    query: archiveQuery,
    upload: { types: [...ARCHIVE_MEDIA_TYPES, 'application/octet-stream'], limit: archiveMaxBytes() },
    body: z.instanceof(Buffer),
    response: archiveItem,
    status: 201,
    handler: (ctx) =>
      ctx.write(async (trx) => {
        const scope = scopeOf(ctx);
        const id = await addArchiveFile(
          trx,
          scope,
          ctx.config.archive,
          ctx.input.params.id,
          ctx.input.query,
          ctx.input.body,
        );
        return presentArchive((await findArchive(trx, scope, id))!);
      }),
  }),
  defineRoute({
    id: 'archive.get',
    method: 'get',
    path: '/api/archive/:id',
    summary: '查看电子档案文件（按识别出的类型在浏览器内显示；限本辖区）',
    tag,
    scopedEntity: 'archive_files',
    params: idParam,
    access: 'applications.read',
    response: z.string().describe('文件内容（application/pdf、image/jpeg 或 image/png）'),
    async handler(ctx) {
      const { row, stream } = await openArchiveFile(
        ctx.db,
        scopeOf(ctx),
        ctx.config.archive.dir,
        ctx.input.params.id,
      );
      ctx.koa.type = row.media_type;
      ctx.koa.length = row.size_bytes;
      ctx.koa.set('Content-Disposition', inline(row.id, row.name));
      // The type was detected from the content: the browser must not guess another one.
      ctx.koa.set('X-Content-Type-Options', 'nosniff');
      // Personal documents: never kept by shared caches.
      ctx.koa.set('Cache-Control', 'private, no-store');
      return stream;
    },
  }),
];
