/**
 * Workflow rows → API JSON. No personal data lives in these tables (instance names carry the application number,
 * not names), so nothing needs masking here; the business subsystems present their own records.
 */
import type { z } from 'zod';
import type { EventRow, NodeInstanceRow, ProcessInstanceRow, TemplateRow } from './model.ts';
import type { TaskItemRow } from './read-store.ts';
import type {
  eventResponse,
  instanceResponse,
  nodeInstanceResponse,
  taskResponse,
  templateResponse,
} from './schema.ts';

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);
const hours = (v: unknown) => (v === null || v === undefined ? null : Math.round(Number(v) * 100) / 100);

export function presentTask(t: TaskItemRow): z.infer<typeof taskResponse> {
  const decisions = (t.node_extension.decisions ?? []) as { code: string; label?: string }[];
  return {
    id: t.id,
    node_key: t.node_key,
    node_name: t.node_name,
    node_type: t.node_type,
    decisions,
    status: t.status,
    region_code: t.region_code,
    candidate_role: t.candidate_role,
    candidate_users: t.candidate_users,
    assignee: t.assignee,
    owner: t.owner,
    decision: t.decision,
    comment: t.comment,
    due_at: iso(t.due_at),
    overdue: t.overdue,
    escalation_level: t.escalation_level,
    created_at: t.created_at.toISOString(),
    claimed_at: iso(t.claimed_at),
    completed_at: iso(t.completed_at),
    version: t.version,
    process: {
      id: t.process_instance_id,
      name: t.process_name,
      process_type: t.process_type,
      status: t.process_status,
      business_type: t.business_type,
      business_id: t.business_id,
      region_code: t.process_region_code,
    },
  };
}

export const presentInstance = (p: ProcessInstanceRow): z.infer<typeof instanceResponse> => ({
  id: p.id,
  template_id: p.template_id,
  template_name: p.template_name,
  name: p.name,
  description: p.description,
  priority: p.priority,
  business_category: p.business_category,
  process_type: p.process_type,
  version: p.version,
  status: p.status,
  outcome: p.outcome,
  started_at: p.started_at.toISOString(),
  completed_at: iso(p.completed_at),
  business_type: p.business_type,
  business_id: p.business_id,
  region_code: p.region_code,
  variables: p.variables,
});

export const presentNodeInstance = (n: NodeInstanceRow): z.infer<typeof nodeInstanceResponse> => ({
  id: n.id,
  previous_id: n.previous_id,
  node_key: n.node_key,
  name: n.name,
  node_type: n.node_type,
  status: n.status,
  decision: n.decision,
  entered_at: n.entered_at.toISOString(),
  completed_at: iso(n.completed_at),
  region_code: n.region_code,
  extension: n.extension,
});

export const presentEvent = (e: EventRow): z.infer<typeof eventResponse> => ({
  id: e.id,
  type: e.type,
  node_key: e.node_key,
  node_instance_id: e.node_instance_id,
  task_id: e.task_id,
  actor: e.actor,
  at: e.at.toISOString(),
  decision: e.decision,
  comment: e.comment,
  data: e.data,
  region_code: e.region_code,
});

export const presentTemplate = (t: TemplateRow): z.infer<typeof templateResponse> => ({
  id: t.id,
  process_key: t.process_key,
  name: t.name,
  description: t.description,
  start_node: t.start_node,
  business_category: t.business_category,
  defined_at: t.defined_at.toISOString(),
  version: t.version,
  is_active: t.is_active,
  content_hash: t.content_hash,
  precondition: t.precondition,
  postcondition: t.postcondition,
});

/** Statistics rows: counts as numbers, durations in hours rounded to 0.01. */
export const presentStats = (rows: Record<string, unknown>[]) =>
  rows.map((r) => ({
    key: typeof r.key === 'string' ? r.key : '',
    label: typeof r.label === 'string' ? r.label : '',
    total: Number(r.total ?? 0),
    open: Number(r.open ?? 0),
    completed: Number(r.completed ?? 0),
    overdue: Number(r.overdue ?? 0),
    avg_hours: hours(r.avg_hours),
    p50_hours: hours(r.p50_hours),
    p90_hours: hours(r.p90_hours),
  }));
