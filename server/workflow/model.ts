/** Row types of the workflow tables and the actor the engine acts for. */
import type { Scope } from '../access/scope.ts';
import type { NodeExtension, NodeType, ParticipantType } from './definition.ts';

/** Who performs an engine operation: a user (from their scope) or the system (timers, escalations). */
export interface WorkflowActor {
  username: string;
  roles: string[];
  regionCode: string;
  regionPrefix: string;
}

export const actorOf = (scope: Scope): WorkflowActor => ({
  username: scope.username,
  roles: scope.roles,
  regionCode: scope.regionCode,
  regionPrefix: scope.regionPrefix,
});

/** The job worker and seeds act as `system`: a candidate of nothing, so it never claims tasks itself. */
export const SYSTEM_ACTOR: WorkflowActor = {
  username: 'system',
  roles: [],
  regionCode: '',
  regionPrefix: '',
};

export interface TemplateRow {
  id: number;
  process_key: string;
  name: string;
  description: string | null;
  start_node: string;
  business_category: string | null;
  defined_at: Date;
  extension: Record<string, unknown>;
  precondition: string | null;
  postcondition: string | null;
  version: number;
  is_active: boolean;
  definition: unknown;
  content_hash: string;
}

export interface NodeTemplateRow {
  id: number;
  template_id: number;
  node_key: string;
  name: string;
  description: string | null;
  node_type: NodeType;
  extension: NodeExtension;
  precondition: string | null;
  postcondition: string | null;
  business_category: string | null;
  process_version: number;
}

export interface ParticipantRow {
  id: number;
  node_template_id: number;
  role_code: string;
  role_type: ParticipantType;
  position: number;
}

export interface TransitionRow {
  id: number;
  template_id: number;
  from_node_id: number;
  to_node_id: number;
  priority: number;
  condition: string | null;
  name: string | null;
  description: string | null;
}

export type ProcessStatus = 'running' | 'completed' | 'terminated';

export interface ProcessInstanceRow {
  id: number;
  template_id: number;
  template_name: string;
  name: string;
  priority: number;
  description: string | null;
  business_category: string | null;
  status: ProcessStatus;
  started_at: Date;
  completed_at: Date | null;
  process_type: string;
  precondition: string | null;
  postcondition: string | null;
  extension: Record<string, unknown>;
  version: number;
  business_type: string;
  business_id: number;
  region_code: string;
  variables: Record<string, unknown>;
  outcome: string | null;
}

export type NodeInstanceStatus = 'active' | 'completed' | 'returned' | 'withdrawn' | 'cancelled';

export interface NodeInstanceRow {
  id: number;
  process_instance_id: number;
  previous_id: number | null;
  node_template_id: number;
  node_key: string;
  name: string;
  node_type: NodeType;
  extension: Record<string, unknown>;
  status: NodeInstanceStatus;
  entered_at: Date;
  completed_at: Date | null;
  precondition: string | null;
  postcondition: string | null;
  priority: number;
  description: string | null;
  region_code: string;
  decision: string | null;
}

export type TaskStatus = 'open' | 'claimed' | 'completed' | 'cancelled';

export interface TaskRow {
  id: number;
  node_instance_id: number;
  process_instance_id: number;
  node_key: string;
  region_code: string;
  home_region_code: string;
  candidate_role: string | null;
  candidate_users: string[];
  assignee: string | null;
  owner: string | null;
  status: TaskStatus;
  decision: string | null;
  comment: string | null;
  due_at: Date | null;
  overdue: boolean;
  escalation_level: number;
  claimed_at: Date | null;
  completed_at: Date | null;
  version: number;
  created_at: Date;
  updated_at: Date;
}

export type EventType =
  | 'process_started'
  | 'node_entered'
  | 'node_completed'
  | 'claimed'
  | 'completed'
  | 'delegated'
  | 'returned'
  | 'withdrawn'
  | 'signer_added'
  | 'cancelled'
  | 'escalated'
  | 'timer_fired'
  | 'signalled'
  | 'variables_set'
  | 'process_ended';

export interface EventRow {
  id: number;
  type: EventType;
  process_instance_id: number;
  node_instance_id: number | null;
  task_id: number | null;
  node_key: string | null;
  actor: string;
  at: Date;
  decision: string | null;
  comment: string | null;
  data: Record<string, unknown>;
  region_code: string;
}

export interface JobRow {
  id: number;
  kind: 'timer' | 'sla';
  run_at: Date;
  payload: Record<string, unknown>;
  attempts: number;
}
