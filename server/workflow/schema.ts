/** zod schemas of the workflow API: inbox filters, task actions, template import, statistics; and the answers. */
import { z } from 'zod';
import { pageQuery } from '../shared/validators.ts';

const comment = z.string().trim().max(2000).describe('办理意见');
const version = z.number().int().positive().describe('任务版本（乐观锁：读取时的 version，不符则 409）');
const username = z.string().trim().min(1).max(64);
const boolQuery = z.enum(['true', 'false']).transform((v) => v === 'true');

export const inboxQuery = z.object({
  view: z
    .enum(['mine', 'candidate', 'all'])
    .default('all')
    .describe('mine 我的（已认领/被委托），candidate 可认领，all 两者'),
  process: z.string().trim().max(60).optional().describe('流程键，如 admission'),
  node: z.string().trim().max(60).optional().describe('节点键，如 first_review'),
  overdue: boolQuery.optional(),
  q: z.string().trim().max(60).optional().describe('流程实例名称（含申请编号）中的文字'),
  ...pageQuery,
});

const variableValue = z.union([
  z.string().max(2000),
  z.number().finite(),
  z.boolean(),
  z.null(),
  z.array(z.string().max(200)).max(100),
]);

export const claimBody = z.object({ version: version.optional() }).default({});

export const completeBody = z.object({
  decision: z.string().trim().max(40).optional().describe('决定代码（节点列出的 decisions 之一）'),
  comment: comment.optional(),
  variables: z
    .record(
      z.string().regex(/^[a-z][a-z0-9_]*$/, '变量名须为小写字母开头的小写字母、数字或下划线'),
      variableValue,
    )
    .optional()
    .describe('同时设定的流程变量'),
  version: version.optional(),
});

export const delegateBody = z.object({
  to: username.describe('受托人用户名'),
  comment: comment.optional(),
  version: version.optional(),
});

export const returnBody = z.object({
  to_node_key: z.string().trim().max(60).optional().describe('退回到的节点键（默认前一任务环节）'),
  comment: comment.min(1, '退回须填写意见'),
  version: version.optional(),
});

export const withdrawBody = z.object({ comment: comment.optional() }).default({});

export const addSignerBody = z.object({
  username: username.describe('加签人用户名'),
  comment: comment.optional(),
});

const region = z
  .string()
  .regex(/^\d{2,12}$/, '地区代码须为 2–12 位数字')
  .optional()
  .describe('只统计此地区及其下级（须在本人地区内，否则按本人地区）');

export const templateQuery = z.object({ region });

export const importQuery = z.object({ activate: boolQuery.default(false).describe('导入后立即激活') });

export const statsQuery = z.object({
  by: z.enum(['process', 'node', 'handler', 'region']).default('process'),
  process: z.string().trim().max(60).optional(),
  from: z.iso.date().optional().describe('开始日期（含）'),
  to: z.iso.date().optional().describe('结束日期（含）'),
  region,
});

export const overdueQuery = z.object({
  process: z.string().trim().max(60).optional(),
  region,
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});

// ---- answers --------------------------------------------------------------------------------------------

const at = z.string().nullable();
const decision = z.object({ code: z.string(), label: z.string().optional() });

export const taskResponse = z.object({
  id: z.number(),
  node_key: z.string(),
  node_name: z.string(),
  node_type: z.string(),
  decisions: z.array(decision),
  status: z.enum(['open', 'claimed', 'completed', 'cancelled']),
  region_code: z.string(),
  candidate_role: z.string().nullable(),
  candidate_users: z.array(z.string()),
  assignee: z.string().nullable(),
  owner: z.string().nullable(),
  decision: z.string().nullable(),
  comment: z.string().nullable(),
  due_at: at,
  overdue: z.boolean(),
  escalation_level: z.number(),
  created_at: z.string(),
  claimed_at: at,
  completed_at: at,
  version: z.number(),
  process: z.object({
    id: z.number(),
    name: z.string(),
    process_type: z.string(),
    status: z.string(),
    business_type: z.string(),
    business_id: z.number(),
    region_code: z.string(),
  }),
});

export const taskListResponse = z.object({ items: z.array(taskResponse), total: z.number() });
export const tasksResponse = z.object({ items: z.array(taskResponse) });

export const nodeInstanceResponse = z.object({
  id: z.number(),
  previous_id: z.number().nullable(),
  node_key: z.string(),
  name: z.string(),
  node_type: z.string(),
  status: z.string(),
  decision: z.string().nullable(),
  entered_at: z.string(),
  completed_at: at,
  region_code: z.string(),
  extension: z.record(z.string(), z.unknown()),
});

export const eventResponse = z.object({
  id: z.number(),
  type: z.string(),
  node_key: z.string().nullable(),
  node_instance_id: z.number().nullable(),
  task_id: z.number().nullable(),
  actor: z.string(),
  at: z.string(),
  decision: z.string().nullable(),
  comment: z.string().nullable(),
  data: z.record(z.string(), z.unknown()),
  region_code: z.string(),
});

export const instanceResponse = z.object({
  id: z.number(),
  template_id: z.number(),
  template_name: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  priority: z.number(),
  business_category: z.string().nullable(),
  process_type: z.string(),
  version: z.number(),
  status: z.string(),
  outcome: z.string().nullable(),
  started_at: z.string(),
  completed_at: at,
  business_type: z.string(),
  business_id: z.number(),
  region_code: z.string(),
  variables: z.record(z.string(), z.unknown()),
});

export const instanceDetailResponse = z.object({
  instance: instanceResponse,
  current_nodes: z.array(z.string()),
  nodes: z.array(nodeInstanceResponse),
  tasks: z.array(taskResponse),
  events: z.array(eventResponse),
});

export const templateResponse = z.object({
  id: z.number(),
  process_key: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  start_node: z.string(),
  business_category: z.string().nullable(),
  defined_at: z.string(),
  version: z.number(),
  is_active: z.boolean(),
  content_hash: z.string(),
  precondition: z.string().nullable(),
  postcondition: z.string().nullable(),
});

export const templateListResponse = z.object({ items: z.array(templateResponse) });

export const templateDetailResponse = templateResponse.extend({
  nodes: z.array(
    z.object({
      id: z.number(),
      node_key: z.string(),
      name: z.string(),
      description: z.string().nullable(),
      node_type: z.string(),
      extension: z.record(z.string(), z.unknown()),
      participants: z.array(z.object({ role_code: z.string(), role_type: z.string() })),
      active: z.number().describe('当前停留在此节点的流程实例数（本人地区内）'),
    }),
  ),
  transitions: z.array(
    z.object({
      id: z.number(),
      from: z.string(),
      to: z.string(),
      priority: z.number(),
      condition: z.string().nullable(),
      name: z.string().nullable(),
      description: z.string().nullable(),
    }),
  ),
});

export const exportResponse = z.record(z.string(), z.unknown()).describe('流程定义 JSON（可再导入）');

const statsRow = z.object({
  key: z.string(),
  label: z.string(),
  total: z.number(),
  open: z.number(),
  completed: z.number(),
  overdue: z.number(),
  avg_hours: z.number().nullable(),
  p50_hours: z.number().nullable(),
  p90_hours: z.number().nullable(),
});
export const statsResponse = z.object({
  by: z.string(),
  region_code: z.string().describe('统计范围（地区代码）'),
  items: z.array(statsRow),
});
export const overdueResponse = z.object({ items: z.array(taskResponse) });
