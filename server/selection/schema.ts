/** Request and response schemas of online unit selection (网上选房, A.7.2). */
import { z } from 'zod';
import { pageQuery, regionCode } from '../shared/validators.ts';

export const SESSION_STATUSES = ['scheduled', 'open', 'paused', 'closed'] as const;
export const TURN_STATUSES = ['waiting', 'active', 'picked', 'skipped', 'forfeited'] as const;

const id = (label: string) => z.number().int().positive().describe(label);
const reason = (label: string) => z.string().trim().min(1, `请填写${label}`).max(500).describe(label);

export const createSessionBody = z.object({
  plan_id: id('配置方案（已发布、实物配置、已有配给顺序）'),
  title: z.string().trim().min(1).max(100).describe('选房场次名称'),
  turn_seconds: z.number().int().min(10).max(86400).describe('每户选房时限（秒，10–86400）'),
  max_skips: z.number().int().min(0).max(10).default(1).describe('超时顺延次数（超过即视为放弃）'),
  starts_at: z.iso
    .datetime({ offset: true, message: '须为带时区的 ISO 8601 时间' })
    .nullish()
    .describe('开始时间（到时由服务器自动开始；为空则由工作人员开始）'),
  region_code: regionCode.optional().describe('场次所属地区（默认且须为配置方案的地区）'),
});
export type CreateSessionInput = z.infer<typeof createSessionBody>;

export const listSessionsQuery = z.object({
  status: z.enum(SESSION_STATUSES).optional(),
  plan_id: z.coerce.number().int().positive().optional(),
  region: regionCode.optional().describe('只看该地区及下级'),
  ...pageQuery,
});
export type ListSessionsQuery = z.infer<typeof listSessionsQuery>;

export const plansQuery = z.object({ region: regionCode.optional() });

export const turnBody = z.object({
  turn_id: id('当前轮次（防止轮次已变时误操作）'),
});

export const proxyPickBody = z.object({
  turn_id: id('代选的轮次（须为当前轮次）'),
  unit_id: id('所选房屋'),
  proxy_reason: reason('代选原因'),
});
export type ProxyPickInput = z.infer<typeof proxyPickBody>;

export const issueCodesBody = z.object({
  turn_ids: z
    .array(z.number().int().positive())
    .max(5000)
    .optional()
    .describe('重新签发选房码的轮次（默认为本场次尚未结束的全部轮次）；旧码与登录随即失效'),
});

export const listSelectionsQuery = z.object({
  session_id: z.coerce.number().int().positive().optional(),
  plan_id: z.coerce.number().int().positive().optional(),
  reviewed: z.enum(['true', 'false']).optional().describe('是否已审核'),
  status: z.enum(['active', 'cancelled']).optional(),
  region: regionCode.optional(),
  ...pageQuery,
});
export type ListSelectionsQuery = z.infer<typeof listSelectionsQuery>;

export const reviewBody = z
  .object({
    approved: z.boolean().describe('审核是否通过；不通过则撤销选房、房源回到可选'),
    comment: z.string().trim().max(500).nullish().describe('审核意见（不通过时必填）'),
  })
  .refine((b) => b.approved || (b.comment ?? '').length > 0, {
    message: '审核不通过时须填写审核意见',
    path: ['comment'],
  });
export type ReviewInput = z.infer<typeof reviewBody>;

export const sinceQuery = z.object({
  since: z.coerce.number().int().min(0).optional().describe('客户端已有的版本（重连时；总是先收到当前状态）'),
});

export const loginBody = z.object({
  application_no: z.string().trim().min(1).max(50).describe('申请编号'),
  code: z
    .string()
    .trim()
    .regex(/^\d{8}$/, '选房码为 8 位数字')
    .describe('选房码（选房通知书上的 8 位数字）'),
});

export const applicantPickBody = z.object({ unit_id: id('所选房屋') });

// Responses (documented in OpenAPI; the presenters build them).
const current = z
  .object({
    turn_id: z.number().int(),
    order_no: z.number().int(),
    name: z.string().nullable().describe('姓名（脱敏，张*）'),
    deadline: z.string().nullable().describe('本轮截止时间（暂停时为空）'),
    remaining_seconds: z.number().int(),
    household_id: z.number().int().optional(),
    application_no: z.string().optional(),
  })
  .nullable();
const counts = z.object({
  units_total: z.number().int(),
  units_available: z.number().int(),
  turns_total: z.number().int(),
  turns_waiting: z.number().int(),
  picked: z.number().int(),
  forfeited: z.number().int(),
});
const sessionFields = {
  id: z.number().int(),
  session_no: z.string(),
  title: z.string(),
  status: z.enum(SESSION_STATUSES),
  turn_seconds: z.number().int(),
  max_skips: z.number().int(),
  starts_at: z.string().nullable(),
  closed_at: z.string().nullable(),
  version: z.number().int(),
  current,
  counts,
  server_time: z.string(),
};
export const sessionState = z.object({
  ...sessionFields,
  plan_id: z.number().int(),
  plan_no: z.string(),
  plan_name: z.string(),
  region_code: z.string(),
  created_at: z.string(),
  created_by: z.string().nullable(),
});
export const sessionList = z.object({
  items: z.array(sessionState),
  total: z.number().int(),
  page: z.number().int(),
  page_size: z.number().int(),
});
export const issuedCodes = z.object({
  items: z.array(
    z.object({
      turn_id: z.number().int(),
      order_no: z.number().int(),
      application_no: z.string(),
      applicant_name: z.string().nullable(),
      code: z.string().describe('选房码（只在此返回一次，打印在选房通知书上）'),
    }),
  ),
});
export const createdSession = sessionState.extend({ codes: issuedCodes.shape.items });
export const planList = z.object({
  items: z.array(
    z.object({
      id: z.number().int(),
      plan_no: z.string(),
      name: z.string(),
      region_code: z.string(),
      ordered: z.number().int(),
      units_available: z.number().int(),
      households_planned: z.number().int(),
    }),
  ),
});
const room = z.object({
  unit_id: z.number().int(),
  unit_no: z.string(),
  room_no: z.string(),
  floor: z.number().int(),
  floor_area: z.number().nullable(),
  layout: z.string().nullable(),
  rent_monthly: z.number().nullable(),
  status: z.enum(['available', 'selected']),
});
export const floorTables = z.object({
  version: z.number().int(),
  buildings: z.array(
    z.object({
      building_id: z.number().int(),
      building_no: z.string(),
      name: z.string(),
      project_name: z.string().nullable(),
      columns: z.array(z.string()).describe('户位（房号去掉楼层）'),
      floors: z.array(z.object({ floor: z.number().int(), rooms: z.array(room.nullable()) })),
    }),
  ),
});
export const turnList = z.object({
  items: z.array(
    z.object({
      id: z.number().int(),
      order_no: z.number().int(),
      household_id: z.number().int(),
      application_no: z.string(),
      applicant_name: z.string().nullable(),
      status: z.enum(TURN_STATUSES),
      skips: z.number().int(),
      started_at: z.string().nullable(),
      deadline: z.string().nullable(),
      ended_at: z.string().nullable(),
      region_code: z.string(),
    }),
  ),
  personal_data_masked: z.boolean(),
});
export const selection = z.object({
  id: z.number().int(),
  session_id: z.number().int().nullable(),
  plan_id: z.number().int(),
  household_id: z.number().int(),
  application_no: z.string(),
  applicant_name: z.string().nullable(),
  order_no: z.number().int().nullable(),
  unit_id: z.number().int(),
  unit_no: z.string(),
  room_no: z.string().nullable(),
  building_name: z.string().nullable(),
  status: z.enum(['active', 'cancelled']),
  picked_at: z.string(),
  proxy_by: z.string().nullable(),
  proxy_reason: z.string().nullable(),
  is_reviewed: z.boolean(),
  reviewed_at: z.string().nullable(),
  reviewed_by: z.string().nullable(),
  review_comment: z.string().nullable(),
  cancel_reason: z.string().nullable(),
  region_code: z.string(),
});
export const selectionList = z.object({
  items: z.array(selection),
  total: z.number().int(),
  page: z.number().int(),
  page_size: z.number().int(),
});
export const publicState = z.object({ ...sessionFields, buildings: floorTables.shape.buildings });
export const applicantState = z.object({
  session_id: z.number().int(),
  order_no: z.number().int(),
  name: z.string().nullable(),
  turn_status: z.enum(TURN_STATUSES),
  is_my_turn: z.boolean(),
  deadline: z.string().nullable(),
  ahead: z.number().int().describe('排在前面的户数（未轮到时）'),
  skips: z.number().int(),
  selection: z.object({ unit_id: z.number().int(), unit_no: z.string(), picked_at: z.string() }).nullable(),
});
export const pickResult = z.object({
  selection_id: z.number().int(),
  unit_id: z.number().int(),
  unit_no: z.string(),
  version: z.number().int(),
});
