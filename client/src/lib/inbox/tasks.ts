/**
 * Tasks of the workflow engine as the inbox and the case page use them, and the one function that performs a
 * task action (claim, complete, delegate, return, withdraw, add a signer) through the typed client.
 */
import { data, http } from '../api.ts';
import { getLocale, t, type MessageKey } from '../i18n/index.svelte.ts';

export type ActionName = 'claim' | 'complete' | 'delegate' | 'return' | 'withdraw' | 'add-signer';

export interface Decision {
  code: string;
  label: string;
}

/** What the actions need of a task (an inbox row or a task of the case's process instance). */
export interface Task {
  id: number;
  version: number;
  status: 'open' | 'claimed' | 'completed' | 'cancelled';
  node_key: string;
  node_name: string;
  node_type: string;
  assignee: string | null;
  owner: string | null;
  due_at: string | null;
  overdue: boolean;
  decisions: Decision[];
  /** Who may claim it while open: a role (in the task's region) or named users. */
  candidate_role: string | null;
  candidate_users: string[];
}

/** Whether `me` may claim an open task (the server decides; this only hides a button it would refuse). */
export function mayClaim(task: Task, me: { username: string; roles: { code: string }[] } | null): boolean {
  if (!me || task.status !== 'open' || task.assignee) return false;
  return task.candidate_users.includes(me.username) || me.roles.some((r) => r.code === task.candidate_role);
}

/** A decision's words: ours for the known codes (so English works), else the definition's label. */
export function decisionLabel(decision: Decision): string {
  const key = `inbox.task.decision.${decision.code}` as MessageKey;
  const known = ['submit', 'pass', 'fail', 'approve', 'deny', 'modify'].includes(decision.code);
  if (known && (getLocale() === 'en' || !decision.label)) return t(key);
  return decision.label || decision.code;
}

export interface ActionInput {
  decision?: string | undefined;
  comment?: string | undefined;
  username: string;
  toNodeKey?: string | undefined;
}

/** Performs `action` on `task`; answers the task as it is afterwards (the server's word). */
export async function taskAction(task: Task, action: ActionName, input: ActionInput): Promise<Task> {
  const path = { params: { path: { id: task.id } } };
  const comment = input.comment;
  switch (action) {
    case 'claim':
      await data(http.POST('/api/workflow/tasks/{id}/claim', { ...path, body: { version: task.version } }));
      break;
    case 'complete':
      await data(
        http.POST('/api/workflow/tasks/{id}/complete', {
          ...path,
          body: {
            decision: input.decision,
            comment,
            version: task.version,
          },
        }),
      );
      break;
    case 'delegate':
      await data(
        http.POST('/api/workflow/tasks/{id}/delegate', { ...path, body: { to: input.username, comment } }),
      );
      break;
    case 'return':
      await data(
        http.POST('/api/workflow/tasks/{id}/return', {
          ...path,
          body: { to_node_key: input.toNodeKey, comment: comment ?? '' },
        }),
      );
      break;
    case 'withdraw':
      await data(http.POST('/api/workflow/tasks/{id}/withdraw', { ...path, body: { comment } }));
      break;
    case 'add-signer':
      await data(
        http.POST('/api/workflow/tasks/{id}/add-signer', {
          ...path,
          body: { username: input.username, comment },
        }),
      );
      break;
  }
  return task;
}
