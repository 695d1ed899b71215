/** Request and response schemas of the lottery routes (摇号, CJJ/T 196 A.7.1 配给顺序; docs/lottery.md). */
import { z } from 'zod';
import { pageQuery, regionCode } from '../shared/validators.ts';

export const DRAW_STATUSES = ['committed', 'drawn', 'cancelled'] as const;
export type DrawStatus = (typeof DRAW_STATUSES)[number];

/** `ties`: households of equal ordering score share a cohort; `single`: one cohort, a pure lottery. */
export const COHORT_MODES = ['ties', 'single'] as const;

// Tabs and line ends would break the canonical seed text (one contribution a line, fields by tabs).
const party = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .regex(/^[^\p{Cc}]+$/u, '不得含制表符、换行等控制字符')
  .describe('贡献方（如 申请人代表1、公证员）');
const digits = z
  .string()
  .trim()
  .regex(/^\d{1,32}$/, '须为 1–32 位数字')
  .describe('该方录入的数字');

export const contributionsField = z
  .array(z.object({ party, value: digits }))
  .min(1, '至少须有一方贡献种子')
  .max(20)
  .superRefine((list, ctx) => {
    const seen = new Set<string>();
    list.forEach((c, i) => {
      if (seen.has(c.party)) ctx.addIssue({ code: 'custom', path: [i, 'party'], message: '贡献方重复' });
      seen.add(c.party);
    });
  })
  .describe('种子贡献（按录入顺序；各方代表现场录入的数字，摇号时与服务器密钥一起公布）');

export const createDrawBody = z.object({
  plan_id: z.number().int().positive().describe('已发布的配置方案'),
  title: z.string().trim().min(1).max(100).describe('摇号名称'),
  scheduled_at: z.iso
    .datetime({ offset: true, message: '须为带时区的 ISO 8601 时间' })
    .optional()
    .describe('计划摇号时间'),
  cohorts: z
    .enum(COHORT_MODES)
    .default('ties')
    .describe('分组：ties 同分并列者为一组（组间按得分，组内摇号）、single 全体一组（纯摇号）'),
  region_code: regionCode.optional().describe('摇号所属地区（默认方案所在地区；须与方案一致）'),
});
export type CreateDrawInput = z.infer<typeof createDrawBody>;

export const runDrawBody = z.object({ contributions: contributionsField });
export type RunDrawInput = z.infer<typeof runDrawBody>;

export const cancelDrawBody = z.object({
  reason: z.string().trim().min(1).max(500).describe('撤销原因（公开）'),
});

export const listDrawsQuery = z.object({
  plan_id: z.coerce.number().int().positive().optional().describe('只看该方案的摇号'),
  status: z.enum(DRAW_STATUSES).optional(),
  region: regionCode.optional().describe('只看该地区及下级'),
  ...pageQuery,
});
export type ListDrawsQuery = z.infer<typeof listDrawsQuery>;

export const drawLinesQuery = z.object({
  q: z.string().trim().min(1).max(50).optional().describe('申请编号或公开编码'),
  page: pageQuery.page,
  page_size: z.coerce.number().int().min(1).max(500).default(50),
});
export type DrawLinesQuery = z.infer<typeof drawLinesQuery>;

export const planOrderQuery = z.object({
  q: z.string().trim().min(1).max(50).optional().describe('申请编号'),
  ...pageQuery,
});
export type PlanOrderQuery = z.infer<typeof planOrderQuery>;

// ── responses ─────────────────────────────────────────────────────────────────────────────────────────────

const contribution = z.object({ party: z.string(), value: z.string() });
const cohort = z.object({
  cohort: z.string().describe('分组'),
  cohort_rank: z.number().int().describe('分组先后'),
  size: z.number().int(),
});

/** What staff see of a draw: never the server secret before the draw. */
export const draw = z.object({
  id: z.number().int(),
  draw_no: z.string().describe('摇号编号'),
  title: z.string(),
  status: z.enum(DRAW_STATUSES),
  algorithm: z.string(),
  plan: z.object({ id: z.number().int(), plan_no: z.string(), name: z.string() }),
  region_code: z.string(),
  region_name: z.string(),
  roster_size: z.number().int(),
  roster_hash: z.string(),
  seed_commitment: z.string(),
  scheduled_at: z.string().nullable(),
  committed_at: z.string(),
  contributions: z.array(contribution),
  server_secret: z.string().nullable().describe('服务器密钥（摇号后才有）'),
  seed: z.string().nullable(),
  result_hash: z.string().nullable(),
  drawn_at: z.string().nullable(),
  drawn_by: z.string().nullable(),
  cancel_reason: z.string().nullable(),
  public_url: z.string().describe('公开验证页'),
  created_by: z.string(),
});

export const drawList = z.object({
  items: z.array(draw),
  total: z.number().int(),
  page: z.number().int(),
  page_size: z.number().int(),
});

export const drawDetail = draw.extend({
  cohorts: z.array(cohort),
  lines: z.object({
    items: z.array(
      z.object({
        position: z.number().int().nullable().describe('摇号后的顺序（摇号前为空）'),
        roster_index: z.number().int(),
        entry_code: z.string(),
        cohort: z.string(),
        cohort_rank: z.number().int(),
        score: z.string().nullable().describe('轮候排序得分'),
        household_id: z.number().int(),
        application_no: z.string(),
        applicant_name: z.string().nullable().describe('申请人（无个人信息权限时脱敏）'),
      }),
    ),
    total: z.number().int(),
    page: z.number().int(),
    page_size: z.number().int(),
  }),
  personal_data_masked: z.boolean(),
});

export const planOrder = z.object({
  plan: z.object({ id: z.number().int(), plan_no: z.string(), name: z.string(), status: z.string() }),
  items: z.array(
    z.object({
      order_no: z.number().int().describe('配给顺序'),
      group_name: z.string().describe('配给分组'),
      household_id: z.number().int(),
      application_no: z.string().describe('申请人编号（申请编号）'),
      applicant_name: z.string().nullable(),
      household_status: z.string().describe('方案中的配置状态'),
      draw_no: z.string().nullable(),
      region_code: z.string(),
    }),
  ),
  total: z.number().int(),
  page: z.number().int(),
  page_size: z.number().int(),
  personal_data_masked: z.boolean(),
});
