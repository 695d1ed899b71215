/**
 * /api/documents: the editable templates of the documents the office issues (`documents.manage`), and the
 * registration notices of an application (准予/不予登记通知书) for printing.
 */
import { defineRoute, type RouteDef } from '../http/route.ts';
import type { Scope } from '../access/scope.ts';
import { presentDocument, presentTemplate, presentTemplateVersion } from './presenter.ts';
import { notFound } from '../http/errors.ts';
import {
  documentList,
  pdfResponse as pdfSchema,
  templateKeyParam,
  templateListResponse,
  templateResponse,
  templateVersionsResponse,
  updateTemplateBody,
} from './schema.ts';
import { NOTICE_KINDS, registrationNotice, type RegistrationNoticeKind } from './registration.ts';
import { idParam } from '../shared/validators.ts';
import { pdfResponse } from './send.ts';
import * as service from './service.ts';
import * as store from './store.ts';

const TAG = 'documents';
const TEMPLATE = '/api/documents/templates/:key';
const scopeOf = (ctx: { scope: Scope | undefined }) => ctx.scope!;

export const documentRoutes: RouteDef[] = [
  defineRoute({
    id: 'documents.templates.list',
    method: 'get',
    path: '/api/documents/templates',
    summary: '文书模板列表（准予登记通知书、不予登记通知书、公示）及可用占位符',
    tag: TAG,
    access: 'documents.manage',
    response: templateListResponse,
    handler: async (ctx) => ({ templates: (await store.listTemplates(ctx.db)).map(presentTemplate) }),
  }),
  defineRoute({
    id: 'documents.templates.get',
    method: 'get',
    path: TEMPLATE,
    summary: '文书模板（当前版本）',
    tag: TAG,
    access: 'documents.manage',
    params: templateKeyParam,
    response: templateResponse,
    handler: async (ctx) => presentTemplate(await service.templateOf(ctx.db, ctx.input.params.key)),
  }),
  defineRoute({
    id: 'documents.templates.update',
    method: 'put',
    path: TEMPLATE,
    summary: '修改文书模板（市级及以上；保存为新版本；未知占位符 400；依据的版本已过时 409）',
    tag: TAG,
    access: 'documents.manage',
    params: templateKeyParam,
    body: updateTemplateBody,
    response: templateResponse,
    handler: async (ctx) =>
      presentTemplate(
        await ctx.write((trx) =>
          service.updateTemplate(trx, scopeOf(ctx), ctx.input.params.key, ctx.input.body),
        ),
      ),
  }),
  defineRoute({
    id: 'documents.templates.versions',
    method: 'get',
    path: `${TEMPLATE}/versions`,
    summary: '文书模板的历史版本（新的在前）',
    tag: TAG,
    access: 'documents.manage',
    params: templateKeyParam,
    response: templateVersionsResponse,
    async handler(ctx) {
      await service.templateOf(ctx.db, ctx.input.params.key);
      const versions = await store.templateVersions(ctx.db, ctx.input.params.key);
      return { versions: versions.map(presentTemplateVersion) };
    },
  }),
  defineRoute({
    id: 'documents.templates.preview',
    method: 'get',
    path: `${TEMPLATE}/preview.pdf`,
    summary: '用示例数据预览文书模板（PDF，不存档）',
    tag: TAG,
    access: 'documents.manage',
    params: templateKeyParam,
    response: pdfSchema,
    produces: 'application/pdf',
    async handler(ctx) {
      const { key } = ctx.input.params;
      const pdf = await service.previewTemplate(ctx.db, key, scopeOf(ctx).regionCode);
      return pdfResponse(ctx.koa, pdf, { ascii: `preview-${key}`, zh: `模板预览-${key}` });
    },
  }),
  defineRoute({
    id: 'documents.of_application',
    method: 'get',
    path: '/api/applications/:id/documents',
    summary: '申请已生成的文书（准予/不予登记通知书）：文号、生成时间、SHA-256、下载地址',
    tag: TAG,
    access: 'applications.read',
    params: idParam,
    scopedEntity: 'households',
    response: documentList,
    async handler(ctx) {
      const { id } = ctx.input.params;
      if (!(await store.householdForNotice(ctx.db, id, scopeOf(ctx)))) throw notFound('申请');
      const rows = await store.documentsOf(ctx.db, 'household', id);
      return { items: rows.map(presentDocument) };
    },
  }),
  // One route per kind (not a `:kind` param): the URLs stay …/notices/approved.pdf and …/notices/denied.pdf.
  ...(Object.keys(NOTICE_KINDS) as RegistrationNoticeKind[]).map((kind) =>
    defineRoute({
      id: `documents.registration_notice.${kind}`,
      method: 'get',
      path: `/api/applications/:id/notices/${kind}.pdf`,
      summary: `${NOTICE_KINDS[kind].label}（PDF，供打印送达申请人；申请尚未作出该决定时 404）`,
      tag: TAG,
      access: 'applications.read',
      params: idParam,
      scopedEntity: 'households',
      response: pdfSchema,
      produces: 'application/pdf',
      async handler(ctx) {
        const { id } = ctx.input.params;
        const document = await registrationNotice(ctx.db, scopeOf(ctx), id, kind);
        return pdfResponse(
          ctx.koa,
          document.content,
          { ascii: `notice-${kind}-${id}`, zh: `${NOTICE_KINDS[kind].label}-${document.document_no}` },
          { sha256: document.sha256 },
        );
      },
    }),
  ),
];
