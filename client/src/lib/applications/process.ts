/** The case's process instance as the workflow routes answer it, and the words of its events. */
import { data, http, type Answer } from '../api.ts';
import { t, type MessageKey } from '../i18n/index.svelte.ts';
import type { Task } from '../inbox/tasks.ts';

type InstanceAnswer = Answer<'/api/workflow/instances/{id}', 'get'>;
type TaskAnswer = InstanceAnswer['tasks'][number];

export interface ProcessEvent {
  id: number;
  type: string;
  node_key: string | null;
  actor: string;
  at: string;
  decision: string | null;
  comment: string | null;
}

export interface NodeInstance {
  id: number;
  node_key: string;
  name: string;
  node_type: string;
  status: string;
  entered_at: string;
  completed_at: string | null;
}

export interface InstanceDetail {
  instance: {
    id: number;
    status: string;
    outcome: string | null;
    name: string;
    variables: Record<string, unknown>;
  };
  nodes: NodeInstance[];
  tasks: Task[];
  events: ProcessEvent[];
  /** Keys of the nodes active now. */
  current: string[];
}

const EVENT_TYPES = [
  'process_started',
  'node_entered',
  'node_completed',
  'claimed',
  'completed',
  'delegated',
  'returned',
  'withdrawn',
  'signer_added',
  'cancelled',
  'escalated',
  'timer_fired',
  'signalled',
  'variables_set',
  'process_ended',
];

export function eventWords(type: string): string {
  return EVENT_TYPES.includes(type) ? t(`case.process.event.${type}` as MessageKey) : type;
}

const toTask = (task: TaskAnswer): Task => ({
  id: task.id,
  version: task.version,
  status: task.status,
  node_key: task.node_key,
  node_name: task.node_name,
  node_type: task.node_type,
  assignee: task.assignee,
  owner: task.owner,
  due_at: task.due_at,
  overdue: task.overdue,
  decisions: task.decisions.map((d) => ({ code: d.code, label: d.label ?? '' })),
  candidate_role: task.candidate_role,
  candidate_users: task.candidate_users,
});

/** The process instance with its node instances, tasks and events (GET /api/workflow/instances/{id}). */
export async function loadInstance(id: number, signal: AbortSignal): Promise<InstanceDetail> {
  const answer = await data(http.GET('/api/workflow/instances/{id}', { params: { path: { id } }, signal }));
  return {
    instance: answer.instance,
    nodes: answer.nodes,
    tasks: answer.tasks.map(toTask),
    events: answer.events,
    current: answer.current_nodes,
  };
}

/** The task steps already done and not current: where a task may be returned to (退回), once each, in order. */
export function earlierSteps(detail: InstanceDetail): { node_key: string; name: string }[] {
  const done = detail.nodes.filter(
    (n) =>
      (n.node_type === 'task' || n.node_type === 'countersign') &&
      n.status === 'completed' &&
      !detail.current.includes(n.node_key),
  );
  return done
    .filter((n, i) => done.findIndex((m) => m.node_key === n.node_key) === i)
    .map((n) => ({ node_key: n.node_key, name: n.name }));
}

/** When a waiting (timer) node ends, from the process variable it waits for (e.g. 公示期: notice_ends_at). */
export function waitingUntil(detail: InstanceDetail): { node: string; until: number } | null {
  const node = detail.nodes.find((n) => n.node_type === 'timer' && n.status === 'active');
  const ends = detail.instance.variables.notice_ends_at;
  if (!node || typeof ends !== 'number') return null;
  return { node: node.name, until: ends * 1000 };
}
