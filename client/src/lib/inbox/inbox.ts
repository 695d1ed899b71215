/** The inbox's rows and the admission process's task steps (the node filter). */
import type { Answer } from '../api.ts';
import type { Task } from './tasks.ts';

export type InboxItem = Answer<'/api/workflow/tasks', 'get'>['items'][number];

/** Task steps of the admission process (server/admission/process.ts), in process order. */
export const ADMISSION_NODES = ['accept', 'verify', 'notice', 'first_review', 'second_review'] as const;

/** The case page of a task's business record (admission tasks belong to a household's application). */
export function caseHref(item: InboxItem): string | null {
  return item.process.business_type === 'household' ? `/applications/${item.process.business_id}` : null;
}

export function toTask(item: InboxItem): Task {
  return {
    id: item.id,
    version: item.version,
    status: item.status,
    node_key: item.node_key,
    node_name: item.node_name,
    node_type: item.node_type,
    assignee: item.assignee,
    owner: item.owner,
    due_at: item.due_at,
    overdue: item.overdue,
    decisions: item.decisions.map((d) => ({ code: d.code, label: d.label ?? '' })),
    candidate_role: item.candidate_role,
    candidate_users: item.candidate_users,
  };
}
