/**
 * The engine's SQL: templates (written once per version), instances, node instances, tasks, events and jobs.
 * Reads for users go through `scoped()` in queries.ts; these functions act on rows the engine already found.
 */
import type { Knex } from 'knex';
import type { ProcessDefinition } from './definition.ts';
import type {
  EventRow,
  EventType,
  NodeInstanceRow,
  NodeTemplateRow,
  ParticipantRow,
  ProcessInstanceRow,
  TaskRow,
  TemplateRow,
  TransitionRow,
} from './model.ts';

type Conn = Knex | Knex.Transaction;

// ---- templates -------------------------------------------------------------------------------------------

export const templateById = (conn: Conn, id: number): Promise<TemplateRow | undefined> =>
  conn('wf_process_templates').where({ id }).first();

export const activeTemplate = (conn: Conn, key: string): Promise<TemplateRow | undefined> =>
  conn('wf_process_templates').where({ process_key: key, is_active: true }).first();

export async function templateParts(conn: Conn, templateId: number) {
  const nodes = await conn<NodeTemplateRow>('wf_node_templates')
    .where({ template_id: templateId })
    .orderBy('id');
  const participants = await conn<ParticipantRow>('wf_node_participants')
    .whereIn(
      'node_template_id',
      nodes.map((n) => n.id),
    )
    .orderBy(['node_template_id', 'position']);
  const transitions = await conn<TransitionRow>('wf_transitions')
    .where({ template_id: templateId })
    .orderBy(['priority', 'id']);
  return { nodes, participants, transitions };
}

/** One importer per key at a time, so two imports never both take the same next version. */
export async function lockTemplateKey(trx: Knex.Transaction, key: string): Promise<void> {
  await trx.raw('SELECT pg_advisory_xact_lock(hashtext(?))', [`wf_template:${key}`]);
}

/** Writes a new version of a definition: the template row, its nodes, participants and transitions. */
export async function insertTemplate(
  trx: Knex.Transaction,
  def: ProcessDefinition,
  raw: unknown,
  hash: string,
): Promise<TemplateRow> {
  await lockTemplateKey(trx, def.key);
  const { max } = (await trx('wf_process_templates')
    .where({ process_key: def.key })
    .max({ max: 'version' })
    .first()) as { max: number | null };
  const version = (max ?? 0) + 1;
  const start = def.nodes.find((n) => n.type === 'start')!;
  const [template] = (await trx('wf_process_templates')
    .insert({
      process_key: def.key,
      name: def.name,
      description: def.description ?? null,
      start_node: start.key,
      business_category: def.business_category ?? null,
      extension: JSON.stringify({ ...def.extension, variables: def.variables }),
      precondition: def.precondition ?? null,
      postcondition: def.postcondition ?? null,
      version,
      definition: JSON.stringify(raw),
      content_hash: hash,
    })
    .returning('*')) as TemplateRow[];
  const nodes: { id: number; node_key: string }[] = await trx('wf_node_templates')
    .insert(
      def.nodes.map((n) => ({
        template_id: template!.id,
        node_key: n.key,
        name: n.name,
        description: n.description ?? null,
        node_type: n.type,
        extension: JSON.stringify(n.extension),
        precondition: n.precondition ?? null,
        postcondition: n.postcondition ?? null,
        business_category: def.business_category ?? null,
        process_version: version,
      })),
    )
    .returning(['id', 'node_key']);
  const idOf = new Map(nodes.map((n) => [n.node_key, n.id]));
  const participants = def.nodes.flatMap((n) =>
    n.participants.map((p, position) => ({
      node_template_id: idOf.get(n.key),
      role_code: p.role,
      role_type: p.type,
      position,
    })),
  );
  if (participants.length) await trx('wf_node_participants').insert(participants);
  await trx('wf_transitions').insert(
    def.transitions.map((t) => ({
      template_id: template!.id,
      from_node_id: idOf.get(t.from),
      to_node_id: idOf.get(t.to),
      priority: t.priority,
      condition: t.condition || null,
      name: t.name ?? null,
      description: t.description ?? null,
    })),
  );
  return template!;
}

export async function activateTemplate(trx: Knex.Transaction, template: TemplateRow): Promise<TemplateRow> {
  await trx('wf_process_templates')
    .where({ process_key: template.process_key, is_active: true })
    .whereNot({ id: template.id })
    .update({ is_active: false });
  const [row] = (await trx('wf_process_templates')
    .where({ id: template.id })
    .update({ is_active: true })
    .returning('*')) as TemplateRow[];
  return row!;
}

// ---- instances ---------------------------------------------------------------------------------------------

export async function insertInstance(
  trx: Knex.Transaction,
  row: Omit<
    ProcessInstanceRow,
    'id' | 'status' | 'started_at' | 'completed_at' | 'outcome' | 'priority' | 'extension'
  > & { priority?: number },
): Promise<ProcessInstanceRow> {
  const [inserted] = (await trx('wf_process_instances')
    .insert({ ...row, variables: JSON.stringify(row.variables) })
    .returning('*')) as ProcessInstanceRow[];
  return inserted!;
}

export const instanceById = (conn: Conn, id: number): Promise<ProcessInstanceRow | undefined> =>
  conn('wf_process_instances').where({ id }).first();

export const runningInstanceOf = (
  conn: Conn,
  businessType: string,
  businessId: number,
): Promise<ProcessInstanceRow | undefined> =>
  conn('wf_process_instances')
    .where({ business_type: businessType, business_id: businessId, status: 'running' })
    .first();

export const latestInstanceOf = (
  conn: Conn,
  businessType: string,
  businessId: number,
): Promise<ProcessInstanceRow | undefined> =>
  conn('wf_process_instances')
    .where({ business_type: businessType, business_id: businessId })
    .orderByRaw(`(status = 'running') DESC, id DESC`)
    .first();

/** Locks the instance row: every state change of one instance is serialised on it (lock order: instance, tasks). */
export const lockInstance = (trx: Knex.Transaction, id: number): Promise<ProcessInstanceRow | undefined> =>
  trx('wf_process_instances').where({ id }).forUpdate().first();

export async function updateInstance(
  trx: Knex.Transaction,
  id: number,
  patch: Partial<Pick<ProcessInstanceRow, 'status' | 'completed_at' | 'outcome' | 'variables'>>,
): Promise<void> {
  const values: Record<string, unknown> = { ...patch };
  if (patch.variables) values.variables = JSON.stringify(patch.variables);
  await trx('wf_process_instances').where({ id }).update(values);
}

export async function insertNodeInstance(
  trx: Knex.Transaction,
  row: Pick<
    NodeInstanceRow,
    | 'process_instance_id'
    | 'previous_id'
    | 'node_template_id'
    | 'node_key'
    | 'name'
    | 'node_type'
    | 'region_code'
  > & { extension?: Record<string, unknown>; status?: 'active' | 'completed' },
): Promise<NodeInstanceRow> {
  const [inserted] = (await trx('wf_node_instances')
    .insert({
      ...row,
      extension: JSON.stringify(row.extension ?? {}),
      entered_at: trx.raw('clock_timestamp()'),
      // A node that never waits (a gateway) is written once, already completed.
      completed_at: row.status === 'completed' ? trx.raw('clock_timestamp()') : null,
    })
    .returning('*')) as NodeInstanceRow[];
  return inserted!;
}

export async function finishNodeInstance(
  trx: Knex.Transaction,
  id: number,
  status: Exclude<NodeInstanceRow['status'], 'active'>,
  decision: string | null = null,
): Promise<void> {
  await trx('wf_node_instances')
    .where({ id, status: 'active' })
    .update({ status, decision, completed_at: trx.raw('clock_timestamp()') });
}

export async function updateNodeExtension(
  trx: Knex.Transaction,
  id: number,
  extension: Record<string, unknown>,
): Promise<void> {
  await trx('wf_node_instances')
    .where({ id })
    .update({ extension: JSON.stringify(extension) });
}

export const nodeInstanceById = (conn: Conn, id: number): Promise<NodeInstanceRow | undefined> =>
  conn('wf_node_instances').where({ id }).first();

export const nodeInstancesOf = (conn: Conn, processId: number): Promise<NodeInstanceRow[]> =>
  conn('wf_node_instances').where({ process_instance_id: processId }).orderBy('id');

export const activeNodeInstances = (conn: Conn, processId: number): Promise<NodeInstanceRow[]> =>
  conn('wf_node_instances').where({ process_instance_id: processId, status: 'active' }).orderBy('id');

// ---- tasks ---------------------------------------------------------------------------------------------------

export type NewTask = Pick<
  TaskRow,
  | 'node_instance_id'
  | 'process_instance_id'
  | 'node_key'
  | 'region_code'
  | 'candidate_role'
  | 'candidate_users'
  | 'assignee'
  | 'status'
  | 'due_at'
>;

export async function insertTasks(trx: Knex.Transaction, tasks: NewTask[]): Promise<TaskRow[]> {
  if (!tasks.length) return [];
  return (await trx('wf_tasks')
    .insert(
      tasks.map((t) => ({
        ...t,
        home_region_code: t.region_code,
        claimed_at: t.assignee ? trx.raw('now()') : null,
      })),
    )
    .returning('*')) as TaskRow[];
}

export const taskById = (conn: Conn, id: number): Promise<TaskRow | undefined> =>
  conn('wf_tasks').where({ id }).first();

export const lockTask = (trx: Knex.Transaction, id: number): Promise<TaskRow | undefined> =>
  trx('wf_tasks').where({ id }).forUpdate().first();

/** Changes a task and bumps its version (the optimistic lock clients send back). */
export async function updateTask(
  trx: Knex.Transaction,
  id: number,
  patch: Partial<Omit<TaskRow, 'id' | 'version'>> & Record<string, unknown>,
): Promise<TaskRow> {
  const [row] = (await trx('wf_tasks')
    .where({ id })
    .update({ ...patch, version: trx.raw('version + 1') })
    .returning('*')) as TaskRow[];
  return row!;
}

export const tasksOf = (
  conn: Conn,
  processId: number,
  statuses?: TaskRow['status'][],
): Promise<TaskRow[]> => {
  const query = conn('wf_tasks').where({ process_instance_id: processId }).orderBy('id');
  return (statuses ? query.whereIn('status', statuses) : query) as Promise<TaskRow[]>;
};

export const tasksOfNodeInstance = (conn: Conn, nodeInstanceId: number): Promise<TaskRow[]> =>
  conn('wf_tasks').where({ node_instance_id: nodeInstanceId }).orderBy('id');

/** Cancels the open and claimed tasks of node instances (and their pending SLA jobs). */
export async function cancelTasks(trx: Knex.Transaction, nodeInstanceIds: number[]): Promise<TaskRow[]> {
  if (!nodeInstanceIds.length) return [];
  const rows = (await trx('wf_tasks')
    .whereIn('node_instance_id', nodeInstanceIds)
    .whereIn('status', ['open', 'claimed'])
    .update({ status: 'cancelled', version: trx.raw('version + 1') })
    .returning('*')) as TaskRow[];
  if (rows.length)
    await trx('wf_jobs')
      .whereNull('done_at')
      .where('kind', 'sla')
      .whereIn(
        'task_id',
        rows.map((r) => r.id),
      )
      .update({ done_at: trx.raw('now()'), last_error: 'cancelled' });
  return rows;
}

export const userByName = (
  conn: Conn,
  username: string,
): Promise<{ id: number; username: string; region_code: string; disabled: boolean } | undefined> =>
  conn('staff_users')
    .whereRaw('lower(username) = lower(?)', [username])
    .first('id', 'username', 'region_code', 'disabled');

// ---- events and jobs --------------------------------------------------------------------------------------

export interface NewEvent {
  type: EventType;
  process_instance_id: number;
  node_instance_id?: number | null;
  task_id?: number | null;
  node_key?: string | null;
  actor: string;
  decision?: string | null;
  comment?: string | null;
  data?: Record<string, unknown>;
  region_code: string;
}

export async function insertEvents(trx: Knex.Transaction, events: NewEvent[]): Promise<void> {
  if (!events.length) return;
  await trx('wf_events').insert(events.map((e) => ({ ...e, data: JSON.stringify(e.data ?? {}) })));
}

export const eventsOf = (conn: Conn, processId: number): Promise<EventRow[]> =>
  conn('wf_events').where({ process_instance_id: processId }).orderBy('id');

export async function insertJob(
  trx: Knex.Transaction,
  kind: 'timer' | 'sla',
  runAt: Date,
  target: { node_instance_id?: number; task_id?: number },
  payload: Record<string, unknown> = {},
): Promise<void> {
  await trx('wf_jobs').insert({ kind, run_at: runAt, ...target, payload: JSON.stringify(payload) });
}

/** A completed task needs no escalation any more. */
export async function finishTaskJobs(trx: Knex.Transaction, taskId: number): Promise<void> {
  await trx('wf_jobs')
    .whereNull('done_at')
    .where({ task_id: taskId })
    .update({ done_at: trx.raw('now()') });
}

/** Marks pending timer jobs of a node instance done (the timer was signalled or its process ended). */
export async function cancelTimerJobs(trx: Knex.Transaction, nodeInstanceIds: number[]): Promise<void> {
  if (!nodeInstanceIds.length) return;
  await trx('wf_jobs')
    .whereNull('done_at')
    .where('kind', 'timer')
    .whereIn('node_instance_id', nodeInstanceIds)
    .update({ done_at: trx.raw('now()'), last_error: 'cancelled' });
}
