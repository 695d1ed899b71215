/**
 * Where applications meet the workflow engine: the wizard starts the admission process in its own transaction (so
 * an application never exists without its process, nor a process without its application), and the case shows
 * the process's current nodes and open tasks.
 */
import { readTogether, type Db, type Tx } from '../db/knex.ts';
import type { Scope } from '../access/scope.ts';
import { maskName } from '../shared/mask.ts';
import { actorOf, instanceOf, nodeInstancesOf, startProcess, tasksOf } from '../workflow/engine.ts';
import { ADMISSION_PROCESS_KEY } from './process.ts';
import type { HouseholdRow } from './store.ts';

/** Starts the admission process for a household just entered; its business object is the household. */
export async function startAdmission(trx: Tx, scope: Scope, household: HouseholdRow): Promise<number> {
  const instance = await startProcess(trx, actorOf(scope), {
    processKey: ADMISSION_PROCESS_KEY,
    businessType: 'household',
    businessId: household.id,
    regionCode: household.region_code,
    // Inboxes and monitoring show this name to roles without personal data: the applicant's name is masked.
    name: `准入登记 ${String(household.application_no)} ${maskName(household.applicant_name as string)}`,
  });
  return instance.id;
}

export interface ProcessView {
  instance_id: number;
  status: string;
  outcome: string | null;
  current_nodes: string[];
  /** Usernames assigned at accept to verify (the `verifiers` variable). */
  verifiers: string[];
  tasks: Record<string, unknown>[];
}

/** A household's admission process (the running one, else the latest): current nodes and open tasks. */
export async function processOf(conn: Db | Tx, householdId: number): Promise<ProcessView | null> {
  const instance = await instanceOf(conn, 'household', householdId);
  if (!instance) return null;
  const [nodes, tasks] = await readTogether(conn, [
    () => nodeInstancesOf(conn, instance.id),
    () => tasksOf(conn, instance.id),
  ] as const);
  return {
    instance_id: instance.id,
    status: instance.status,
    outcome: instance.outcome,
    current_nodes: nodes.filter((n) => n.status === 'active').map((n) => n.node_key),
    verifiers: Array.isArray(instance.variables.verifiers) ? (instance.variables.verifiers as string[]) : [],
    tasks: tasks
      .filter((t) => t.status === 'open' || t.status === 'claimed')
      .map((t) => ({
        id: t.id,
        node_key: t.node_key,
        status: t.status,
        candidate_role: t.candidate_role,
        candidate_users: t.candidate_users,
        assignee: t.assignee,
        due_at: t.due_at?.toISOString() ?? null,
        overdue: t.overdue,
        version: t.version,
      })),
  };
}
