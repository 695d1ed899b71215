/**
 * Public notices on the portal (公示, CJJ/T 196 6.2.1 item 3): the published batches with their period, channels
 * and places, and the applicants as the posted notice lists them — the name masked as 张*三, the application number
 * and district, the household size. Never an ID number, phone, income or address; the response schema lists
 * exactly these fields, and the PDF is the one recorded when the batch was published.
 */
import type { Context } from 'koa';
import { z } from 'zod';
import { defineRoute, type RouteDef } from '../http/route.ts';
import { notFound } from '../http/errors.ts';
import { idParam, regionCode } from '../shared/validators.ts';
import { maskPublicName } from '../documents/mask.ts';
import { documentById } from '../documents/store.ts';
import { pdfResponse as pdfSchema } from '../documents/schema.ts';
import { pdfResponse } from '../documents/send.ts';
import { channelLabels } from '../notices/document.ts';
import * as store from '../notices/public-store.ts';
import type { Db } from '../db/knex.ts';

const publicNotice = z.object({
  id: z.number().int(),
  notice_no: z.string().describe('公示编号'),
  title: z.string(),
  region_name: z.string().describe('发布公示的地区'),
  starts_on: z.string().describe('公示开始时间'),
  ends_on: z.string().describe('公示截止时间'),
  channels: z.array(z.string()).describe('公示方式'),
  places: z.array(z.string()).describe('公示地点'),
  contact: z.string().describe('异议受理方式'),
  status: z.enum(['published', 'closed']).describe('published 公示中（或待期满处理）、closed 已结束'),
  document_url: z.string().describe('公示文件（PDF）'),
  applicants: z.array(
    z.object({
      name: z.string().describe('申请人姓名（脱敏：张*三）'),
      application_no: z.string().describe('申请编号'),
      district_name: z.string().describe('所在区县'),
      household_size: z.number().int().describe('家庭人口数'),
    }),
  ),
});

const noticeList = z.object({ items: z.array(publicNotice) });

const noticeQuery = z.object({
  region: regionCode.optional().describe('只看该地区（如区县）发布的公示'),
});

async function publicList(db: Db, region?: string): Promise<z.infer<typeof publicNotice>[]> {
  const batches = await store.publicBatches(db, { region, limit: 50 });
  const entries = batches.length
    ? await store.publicNotices(
        db,
        batches.map((b) => b.notice_no),
      )
    : [];
  return batches.map((b) => ({
    id: b.id,
    notice_no: b.notice_no,
    title: b.title,
    region_name: b.region_name,
    starts_on: b.starts_on,
    ends_on: b.ends_on,
    channels: channelLabels(b.channels),
    places: b.places,
    contact: b.contact,
    status: b.status === 'closed' ? 'closed' : 'published',
    document_url: `/api/portal/notices/${b.id}/document.pdf`,
    applicants: entries
      .filter((e) => e.notice_no === b.notice_no)
      .map((e) => ({
        name: maskPublicName(e.applicant_name),
        application_no: e.application_no,
        district_name: e.district_name,
        household_size: e.household_size,
      })),
  }));
}

function publicCache(koa: Context): void {
  koa.set('Cache-Control', 'public, max-age=60, stale-while-revalidate=300');
}

export const portalNoticeRoutes: RouteDef[] = [
  defineRoute({
    id: 'portal.notices',
    method: 'get',
    path: '/api/portal/notices',
    summary: '公众门户：住房保障申请公示（公示期、方式、地点，申请人姓名脱敏的名单）',
    tag: 'portal',
    access: 'public',
    query: noticeQuery,
    response: noticeList,
    async handler(ctx) {
      const items = await publicList(ctx.db, ctx.input.query.region);
      publicCache(ctx.koa);
      return { items };
    },
  }),
  defineRoute({
    id: 'portal.notice_document',
    method: 'get',
    path: '/api/portal/notices/:id/document.pdf',
    summary: '公众门户：公示文件（PDF，姓名脱敏）',
    tag: 'portal',
    access: 'public',
    params: idParam,
    response: pdfSchema,
    produces: 'application/pdf',
    async handler(ctx) {
      const [batch] = await store.publicBatches(ctx.db, { id: ctx.input.params.id, limit: 1 });
      const document = batch?.document_id ? await documentById(ctx.db, batch.document_id) : undefined;
      if (!batch || !document) throw notFound('公示');
      return pdfResponse(
        ctx.koa,
        document.content,
        { ascii: batch.notice_no, zh: batch.title },
        { public: true, sha256: document.sha256 },
      );
    },
  }),
];
