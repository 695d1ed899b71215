/** Request and response schemas of the notice routes (公示批次, A.3.12 公示信息, A.3.13 举报). */
import { z } from 'zod';
import { pageQuery, regionCode } from '../shared/validators.ts';

export const CHANNELS = {
  announcement: '公告',
  newspaper: '报纸',
  television: '电视',
  internet: '网络',
} as const;
export type Channel = keyof typeof CHANNELS;

export const REPORT_CHANNELS = {
  letter: '信函',
  phone: '电话',
  visit: '来访',
  internet: '网络',
  other: '其他',
} as const;

export const BATCH_STATUSES = ['draft', 'published', 'closed'] as const;

const day = (label: string) =>
  z.iso.date('须为 YYYY-MM-DD 格式的日期').describe(`${label}（YYYY-MM-DD，北京时间）`);
const channel = z.enum(Object.keys(CHANNELS) as [Channel]).describe('公示方式');
const place = z.string().trim().min(1).max(100);

const batchFields = {
  title: z.string().trim().min(1).max(100).describe('公示标题'),
  starts_on: day('公示开始时间'),
  ends_on: day('公示截止时间'),
  channels: z.array(channel).min(1).max(4).describe('公示方式（公告、报纸、电视、网络，可多选）'),
  places: z.array(place).min(1).max(20).describe('公示地点'),
  contact: z.string().trim().min(1).max(200).describe('异议受理方式（电话、地址）'),
};

const periodInOrder = (b: { starts_on?: string; ends_on?: string }) =>
  !b.starts_on || !b.ends_on || b.ends_on >= b.starts_on;
const PERIOD_ERROR = { message: '公示截止时间不得早于开始时间', path: ['ends_on'] };

export const createBatchBody = z
  .object({
    ...batchFields,
    region_code: regionCode.optional().describe('发布公示的地区（默认本人所在地区）'),
  })
  .refine(periodInOrder, PERIOD_ERROR);
export type CreateBatchInput = z.infer<typeof createBatchBody>;

export const updateBatchBody = z
  .object(batchFields)
  .partial()
  .refine((v) => Object.values(v).some((x) => x !== undefined), '至少修改一项')
  .refine(periodInOrder, PERIOD_ERROR);
export type UpdateBatchInput = z.infer<typeof updateBatchBody>;

export const batchApplicationsBody = z.object({
  household_ids: z
    .array(z.number().int().positive())
    .max(1000)
    .describe('列入本批公示的申请（申请家庭 id）；整体替换草稿中的名单'),
});

export const listBatchesQuery = z.object({
  status: z.enum(BATCH_STATUSES).optional(),
  region: regionCode.optional().describe('只看该地区及下级'),
  q: z.string().trim().max(50).optional().describe('公示编号或标题'),
  application_no: z
    .string()
    .trim()
    .min(1)
    .max(50)
    .optional()
    .describe('只看列有该申请的批次（案卷的公示记录）'),
  ...pageQuery,
});
export type ListBatchesQuery = z.infer<typeof listBatchesQuery>;

export const createReportBody = z.object({
  household_id: z.number().int().positive().describe('被举报的申请（申请家庭 id，须在本批公示中）'),
  content: z.string().trim().min(1).max(5000).describe('举报内容'),
  channel: z.enum(Object.keys(REPORT_CHANNELS) as [keyof typeof REPORT_CHANNELS]).describe('举报方式'),
  reporter: z.string().trim().max(200).nullish().describe('举报人及联系方式（可匿名）'),
  reported_at: z.iso
    .datetime({ offset: true, message: '须为带时区的 ISO 8601 时间' })
    .optional()
    .describe('举报时间（默认为现在；须在公示期内）'),
});
export type CreateReportInput = z.infer<typeof createReportBody>;

export const updateReportBody = z
  .object({
    content: createReportBody.shape.content,
    channel: createReportBody.shape.channel,
    reporter: createReportBody.shape.reporter,
  })
  .partial()
  .refine((v) => Object.values(v).some((x) => x !== undefined), '至少修改一项');
export type UpdateReportInput = z.infer<typeof updateReportBody>;

export const investigationBody = z.object({
  investigator: z.string().trim().min(1).max(100).describe('查证人'),
  investigation_method: z.string().trim().min(1).max(200).describe('查证方式'),
  investigation_result: z.string().trim().min(1).max(5000).describe('查证结果'),
  substantiated: z.boolean().describe('举报是否属实'),
});
export type InvestigationInput = z.infer<typeof investigationBody>;

export const reportFilesBody = z.object({
  files: z
    .array(
      z.object({
        archive_file_id: z.number().int().positive().describe('电子档案（先上传到该申请的电子档案）'),
        purpose: z.enum(['report', 'investigation']).describe('report 举报材料、investigation 查证材料'),
      }),
    )
    .max(50)
    .describe('本举报的材料（整体替换）'),
});
export type ReportFilesInput = z.infer<typeof reportFilesBody>;

// ── responses ─────────────────────────────────────────────────────────────────────────────────────────────

const labelled = z.object({ code: z.string(), label: z.string() });

export const batch = z.object({
  id: z.number().int(),
  notice_no: z.string().describe('公示编号'),
  title: z.string(),
  region_code: z.string(),
  region_name: z.string(),
  starts_on: z.string().describe('公示开始时间'),
  ends_on: z.string().describe('公示截止时间'),
  channels: z.array(labelled).describe('公示方式'),
  places: z.array(z.string()).describe('公示地点'),
  contact: z.string(),
  status: z.enum(BATCH_STATUSES),
  published_at: z.string().nullable(),
  closed_at: z.string().nullable(),
  document_id: z.number().int().nullable(),
  notice_count: z.number().int(),
  report_count: z.number().int(),
  created_at: z.string(),
  created_by: z.string(),
  updated_at: z.string(),
  updated_by: z.string(),
});

export const noticeEntry = z.object({
  id: z.number().int(),
  household_id: z.number().int(),
  application_no: z.string().describe('申请编号'),
  applicant_name: z.string().nullable().describe('申请人姓名（无个人信息权限时脱敏）'),
  household_size: z.number().int(),
  region_code: z.string(),
  region_name: z.string(),
  handling_stage: z.string().describe('办理阶段'),
  passed: z.boolean().nullable().describe('公示是否通过（期满前为空）'),
  settled_at: z.string().nullable(),
  report_count: z.number().int(),
  personal_data_masked: z.boolean(),
});

export const batchList = z.object({
  items: z.array(batch),
  total: z.number().int(),
  page: z.number().int(),
  page_size: z.number().int(),
});
export const batchDetail = batch.extend({ notices: z.array(noticeEntry) });

export const candidateList = z.object({
  items: z.array(
    z.object({
      household_id: z.number().int(),
      application_no: z.string(),
      applicant_name: z.string().nullable(),
      region_code: z.string(),
      region_name: z.string(),
      task_id: z.number().int(),
      personal_data_masked: z.boolean(),
    }),
  ),
});

export const report = z.object({
  id: z.number().int(),
  report_no: z.string().describe('举报编号'),
  notice_no: z.string().describe('公示编号'),
  application_no: z.string().describe('申请编号'),
  household_id: z.number().int(),
  reported_at: z.string().describe('举报时间'),
  content: z.string().describe('举报内容'),
  channel: labelled.describe('举报方式'),
  reporter: z.string().nullable().describe('举报人（无个人信息权限时不显示）'),
  investigator: z.string().nullable().describe('查证人'),
  investigation_method: z.string().nullable().describe('查证方式'),
  investigation_result: z.string().nullable().describe('查证结果'),
  substantiated: z.boolean().nullable().describe('是否属实（空为尚未查结）'),
  investigated_at: z.string().nullable(),
  region_code: z.string(),
  files: z
    .array(
      z.object({
        archive_file_id: z.number().int(),
        purpose: z.enum(['report', 'investigation']),
        name: z.string(),
        archive_type: z.string(),
        media_type: z.string(),
        size_bytes: z.number().int(),
        url: z.string().describe('在浏览器中查看'),
      }),
    )
    .describe('举报及查证材料（电子档案）'),
  created_at: z.string(),
  created_by: z.string(),
});
export const reportList = z.object({ items: z.array(report) });
