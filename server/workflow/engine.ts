/**
 * The workflow engine (6.2.2, 6.2.3): starts processes from their active template, moves tokens through task,
 * countersign, gateway, timer and end nodes, and lets users claim, complete, delegate, return, withdraw and add
 * signers. Every function works inside the CALLER's transaction, so a state change commits or rolls back together
 * with the business data; the engine never opens a transaction of its own (except `ensureDefinition`).
 *
 * Concurrency: every change to an instance first locks its row (SELECT … FOR UPDATE), then the task rows; with
 * one lock order there are no deadlocks, and a second completion of a task waits, sees it completed and gets 409.
 *
 * Business subsystems hook in with `onNode` / `onProcessEnd` (registered when their module is imported); hooks
 * run in the same transaction and may refuse a step by throwing (e.g. a 400 "no plan yet").
 */
import type { Knex } from 'knex';
import type { Db, Tx } from '../db/knex.ts';
import { setActor } from '../db/tx.ts';
import { conflict, fieldError, forbidden, notFound } from '../http/errors.ts';
import { regionLevel, regionPrefix } from '../access/scope.ts';
import { evaluate, type Node as Expression, type Values } from '../rules/expression/index.ts';
import {
  definitionHash,
  isTaskNode,
  parseCondition,
  validateDefinition,
  type NodeExtension,
  type ParticipantType,
} from './definition.ts';
import {
  SYSTEM_ACTOR,
  type EventRow,
  type NodeInstanceRow,
  type NodeTemplateRow,
  type ParticipantRow,
  type ProcessInstanceRow,
  type TaskRow,
  type TemplateRow,
  type TransitionRow,
  type WorkflowActor,
} from './model.ts';
import * as store from './store.ts';

export { actorOf, SYSTEM_ACTOR } from './model.ts';
export type {
  WorkflowActor,
  ProcessInstanceRow,
  NodeInstanceRow,
  TaskRow,
  EventRow,
  TemplateRow,
} from './model.ts';

type Conn = Knex | Knex.Transaction;

// ---- compiled templates (immutable per version, so cached by id) -------------------------------------------

export interface CompiledNode extends NodeTemplateRow {
  participants: ParticipantRow[];
  /** Outgoing transitions by priority, conditions parsed once. */
  outgoing: (TransitionRow & { ast: Expression | null })[];
  incoming: number;
}

export interface CompiledTemplate {
  template: TemplateRow;
  byKey: Map<string, CompiledNode>;
  byId: Map<number, CompiledNode>;
}

const compiled = new Map<number, Promise<CompiledTemplate>>();

async function compile(conn: Conn, templateId: number): Promise<CompiledTemplate> {
  const template = await store.templateById(conn, templateId);
  if (!template) throw notFound('流程模板');
  const { nodes, participants, transitions } = await store.templateParts(conn, templateId);
  const declared = new Map(
    Object.entries((template.extension.variables ?? {}) as Record<string, 'boolean' | 'number'>),
  );
  for (const node of nodes) for (const d of node.extension.decisions ?? []) declared.set(d.code, 'boolean');
  const byId = new Map<number, CompiledNode>(
    nodes.map((n) => [
      n.id,
      {
        ...n,
        participants: participants.filter((p) => p.node_template_id === n.id),
        outgoing: transitions
          .filter((t) => t.from_node_id === n.id)
          .map((t) => ({ ...t, ast: t.condition ? parseCondition(t.condition, declared).ast : null })),
        incoming: transitions.filter((t) => t.to_node_id === n.id).length,
      },
    ]),
  );
  return { template, byId, byKey: new Map([...byId.values()].map((n) => [n.node_key, n])) };
}

/** The compiled template (nodes, participants, parsed transitions); templates never change once written. */
export function templateOf(conn: Conn, templateId: number): Promise<CompiledTemplate> {
  let entry = compiled.get(templateId);
  if (!entry) {
    entry = compile(conn, templateId);
    compiled.set(templateId, entry);
    entry.catch(() => compiled.delete(templateId));
  }
  return entry;
}

// ---- hooks -----------------------------------------------------------------------------------------------

export interface NodeHookContext {
  instance: ProcessInstanceRow;
  nodeInstance: NodeInstanceRow;
  node: { key: string; name: string; type: string; extension: NodeExtension };
  actor: WorkflowActor;
  /** The task being completed (beforeComplete, and beforeLeave of a task node). */
  task?: TaskRow;
  decision?: string;
  comment?: string;
  /** The instance's variables as they are now (after the completion's own variables). */
  variables: Record<string, unknown>;
  /** Sets process variables (e.g. a timer's beforeLeave sets `notice_passed` before the gateway reads it). */
  setVariables(vars: Record<string, unknown>): Promise<void>;
}

export interface NodeHooks {
  /** Throw a validation/conflict error to refuse completing the task (e.g. "no plan yet"). */
  beforeComplete?(trx: Tx, ctx: NodeHookContext): Promise<void>;
  onEnter?(trx: Tx, ctx: NodeHookContext): Promise<void>;
  beforeLeave?(trx: Tx, ctx: NodeHookContext): Promise<void>;
}

export interface ProcessEndContext {
  instance: ProcessInstanceRow;
  outcome: string | null;
  actor: WorkflowActor;
}

const nodeHooks = new Map<string, NodeHooks[]>();
const endHooks = new Map<string, ((trx: Tx, ctx: ProcessEndContext) => Promise<void>)[]>();

/** Registers hooks of a node of a process (by process key and node key, so they apply to every version). */
export function onNode(processKey: string, nodeKey: string, hooks: NodeHooks): void {
  const key = `${processKey}/${nodeKey}`;
  nodeHooks.set(key, [...(nodeHooks.get(key) ?? []), hooks]);
}

/** Registers a hook run when a process of `processKey` reaches an end node (outcome = the end node's). */
export function onProcessEnd(
  processKey: string,
  hook: (trx: Tx, ctx: ProcessEndContext) => Promise<void>,
): void {
  endHooks.set(processKey, [...(endHooks.get(processKey) ?? []), hook]);
}

// ---- a run: one engine operation on one locked instance ---------------------------------------------------

interface Run {
  trx: Tx;
  actor: WorkflowActor;
  instance: ProcessInstanceRow;
  tpl: CompiledTemplate;
  /** Guards against a gateway cycle that never reaches a wait state. */
  steps: number;
  /** Events not yet written: one INSERT per operation instead of one per step (fewer round trips under lock). */
  pending: store.NewEvent[];
}

const MAX_STEPS = 500;
const HOUR = 3600_000;

async function openRun(trx: Tx, actor: WorkflowActor, processId: number): Promise<Run> {
  const instance = await store.lockInstance(trx, processId);
  if (!instance) throw notFound('流程实例');
  return { trx, actor, instance, tpl: await templateOf(trx, instance.template_id), steps: 0, pending: [] };
}

function nodeOf(run: Run, ni: Pick<NodeInstanceRow, 'node_template_id'>): CompiledNode {
  return run.tpl.byId.get(ni.node_template_id)!;
}

function hookContext(
  run: Run,
  node: CompiledNode,
  ni: NodeInstanceRow,
  extra: Partial<NodeHookContext> = {},
) {
  return {
    instance: run.instance,
    nodeInstance: ni,
    node: { key: node.node_key, name: node.name, type: node.node_type, extension: node.extension },
    actor: run.actor,
    variables: run.instance.variables,
    setVariables: (vars: Record<string, unknown>) => mergeVariables(run, vars),
    ...extra,
  } satisfies NodeHookContext;
}

async function runHooks(
  run: Run,
  node: CompiledNode,
  ni: NodeInstanceRow,
  which: keyof NodeHooks,
  extra: Partial<NodeHookContext> = {},
): Promise<void> {
  const registered = nodeHooks.get(`${run.tpl.template.process_key}/${node.node_key}`) ?? [];
  if (registered.some((h) => h[which] !== undefined)) await flush(run);
  for (const hooks of registered) {
    const hook = hooks[which]?.bind(hooks);
    if (hook) await hook(run.trx, hookContext(run, node, ni, extra));
  }
}

async function mergeVariables(run: Run, vars: Record<string, unknown>): Promise<void> {
  run.instance.variables = { ...run.instance.variables, ...vars };
  await store.updateInstance(run.trx, run.instance.id, { variables: run.instance.variables });
}

/** Writes the run's pending events (before hooks, which may read the history, and when the operation ends). */
async function flush(run: Run): Promise<void> {
  const events = run.pending.splice(0);
  await store.insertEvents(run.trx, events);
}

const event = (run: Run, e: Omit<store.NewEvent, 'process_instance_id' | 'actor' | 'region_code'>) =>
  void run.pending.push({
    ...e,
    process_instance_id: run.instance.id,
    actor: run.actor.username,
    region_code: run.instance.region_code,
  });

/** The values conditions see: numbers and booleans of the variables (anything else is unknown, i.e. null). */
function conditionValues(variables: Record<string, unknown>): Values {
  const values: Record<string, number | boolean | null> = {};
  for (const [name, value] of Object.entries(variables))
    values[name] = typeof value === 'number' || typeof value === 'boolean' ? value : null;
  return values;
}

/** The region whose candidates a participant names, from the instance's region. */
export function participantRegion(type: Exclude<ParticipantType, 'variable'>, regionCode: string): string {
  switch (type) {
    case 'district':
      return `${regionCode.slice(0, 6)}000000`;
    case 'city':
      return `${regionCode.slice(0, 4)}00000000`;
    case 'province':
      return `${regionCode.slice(0, 2)}0000000000`;
    case 'process':
      return regionCode;
  }
}

/** The parent of a region code (a province stays itself): where an overdue task escalates to. */
export function parentRegion(code: string): string {
  const keep = [2, 2, 4, 6, 9][regionLevel(code) - 1]!;
  return code.slice(0, keep).padEnd(12, '0');
}

function usersIn(value: unknown): string[] {
  if (typeof value === 'string' && value) return [value];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string' && v.length > 0);
  return [];
}

// ---- moving through the graph ---------------------------------------------------------------------------------

async function enter(
  run: Run,
  node: CompiledNode,
  previousId: number | null,
  options: { assignee?: string } = {},
): Promise<void> {
  if (++run.steps > MAX_STEPS) throw conflict(`流程在节点 ${node.node_key} 处循环，未能到达等待状态`);
  if (run.instance.status !== 'running') return;
  if (node.node_type === 'parallel_join') return arriveAtJoin(run, node, previousId);
  if (isPassThrough(run, node)) return passThrough(run, node, previousId);
  const ni = await store.insertNodeInstance(run.trx, {
    process_instance_id: run.instance.id,
    previous_id: previousId,
    node_template_id: node.id,
    node_key: node.node_key,
    name: node.name,
    node_type: node.node_type,
    region_code: run.instance.region_code,
  });
  event(run, { type: 'node_entered', node_instance_id: ni.id, node_key: node.node_key });
  await runHooks(run, node, ni, 'onEnter');
  switch (node.node_type) {
    case 'start':
    case 'exclusive':
    case 'parallel_split':
      return leave(run, node, ni);
    case 'task':
    case 'countersign':
      await createTasks(run, node, ni, options.assignee);
      return;
    case 'timer':
      await store.insertJob(run.trx, 'timer', timerDue(run, node, ni), { node_instance_id: ni.id });
      return;
    case 'end':
      return finish(run, node, ni);
  }
}

function timerDue(run: Run, node: CompiledNode, ni: NodeInstanceRow): Date {
  const timer = node.extension.timer ?? {};
  if (timer.until_variable) {
    const value = run.instance.variables[timer.until_variable];
    const seconds =
      typeof value === 'number' ? value : typeof value === 'string' ? Date.parse(value) / 1000 : NaN;
    if (!Number.isFinite(seconds))
      throw conflict(
        `定时节点 ${node.node_key} 需要流程变量 ${timer.until_variable}（到期时间），但它没有值`,
      );
    return new Date(seconds * 1000);
  }
  return new Date(ni.entered_at.getTime() + (timer.after_hours ?? 0) * HOUR);
}

/** A token reaches a join: counted on the join's one active instance; the last expected branch moves on. */
async function arriveAtJoin(run: Run, node: CompiledNode, previousId: number | null): Promise<void> {
  const active = (await store.activeNodeInstances(run.trx, run.instance.id)).find(
    (n) => n.node_template_id === node.id,
  );
  const arrived = [...((active?.extension.arrived as number[] | undefined) ?? []), previousId ?? 0];
  let ni = active;
  if (!ni) {
    ni = await store.insertNodeInstance(run.trx, {
      process_instance_id: run.instance.id,
      previous_id: previousId,
      node_template_id: node.id,
      node_key: node.node_key,
      name: node.name,
      node_type: node.node_type,
      region_code: run.instance.region_code,
      extension: { arrived },
    });
    event(run, { type: 'node_entered', node_instance_id: ni.id, node_key: node.node_key });
  } else await store.updateNodeExtension(run.trx, ni.id, { ...ni.extension, arrived });
  if (arrived.length >= node.incoming)
    await leave(run, node, { ...ni, extension: { ...ni.extension, arrived } });
}

/** Leaves a node: its beforeLeave hooks, completed, then the next node(s) by the transitions. */
async function leave(
  run: Run,
  node: CompiledNode,
  ni: NodeInstanceRow,
  decision: string | null = null,
): Promise<void> {
  await runHooks(run, node, ni, 'beforeLeave', { decision: decision ?? undefined });
  await store.finishNodeInstance(run.trx, ni.id, 'completed', decision);
  event(run, { type: 'node_completed', node_instance_id: ni.id, node_key: node.node_key, decision });
  for (const t of targetsOf(node, run)) await enter(run, run.tpl.byId.get(t.to_node_id)!, ni.id);
}

/** Start nodes and gateways without hooks never wait: their instance is written once, already completed. */
function isPassThrough(run: Run, node: CompiledNode): boolean {
  return (
    ['start', 'exclusive', 'parallel_split'].includes(node.node_type) &&
    !nodeHooks.has(`${run.tpl.template.process_key}/${node.node_key}`)
  );
}

async function passThrough(run: Run, node: CompiledNode, previousId: number | null): Promise<void> {
  const targets = targetsOf(node, run);
  const ni = await store.insertNodeInstance(run.trx, {
    process_instance_id: run.instance.id,
    previous_id: previousId,
    node_template_id: node.id,
    node_key: node.node_key,
    name: node.name,
    node_type: node.node_type,
    region_code: run.instance.region_code,
    status: 'completed',
  });
  event(run, { type: 'node_entered', node_instance_id: ni.id, node_key: node.node_key });
  event(run, { type: 'node_completed', node_instance_id: ni.id, node_key: node.node_key, decision: null });
  for (const t of targets) await enter(run, run.tpl.byId.get(t.to_node_id)!, ni.id);
}

/** The transitions to follow from a node: every true or unconditioned one after a split; else the first true by
 * priority, or the default (unconditioned) branch. */
function targetsOf(node: CompiledNode, run: Run): CompiledNode['outgoing'] {
  const values = conditionValues(run.instance.variables);
  const holds = (t: CompiledNode['outgoing'][number]) => t.ast !== null && evaluate(t.ast, values) === true;
  let targets: CompiledNode['outgoing'];
  if (node.node_type === 'parallel_split') targets = node.outgoing.filter((t) => !t.ast || holds(t));
  else {
    const chosen = node.outgoing.find(holds) ?? node.outgoing.find((t) => !t.ast);
    targets = chosen ? [chosen] : [];
  }
  if (!targets.length && node.node_type !== 'end')
    throw conflict(`节点 ${node.node_key} 没有满足条件的后继（请检查流程变量）`);
  return targets;
}

/** An end node: the process completes with the node's outcome; anything still active is cancelled. */
async function finish(run: Run, node: CompiledNode, ni: NodeInstanceRow): Promise<void> {
  await store.finishNodeInstance(run.trx, ni.id, 'completed');
  const others = (await store.activeNodeInstances(run.trx, run.instance.id)).map((n) => n.id);
  await store.cancelTasks(run.trx, others);
  await store.cancelTimerJobs(run.trx, others);
  for (const id of others) await store.finishNodeInstance(run.trx, id, 'cancelled');
  const outcome = node.extension.outcome ?? null;
  const completedAt = new Date();
  await store.updateInstance(run.trx, run.instance.id, {
    status: 'completed',
    completed_at: completedAt,
    outcome,
  });
  run.instance = { ...run.instance, status: 'completed', completed_at: completedAt, outcome };
  event(run, {
    type: 'process_ended',
    node_instance_id: ni.id,
    node_key: node.node_key,
    data: { outcome },
  });
  await flush(run);
  for (const hook of endHooks.get(run.tpl.template.process_key) ?? [])
    await hook(run.trx, { instance: run.instance, outcome, actor: run.actor });
}

/** Creates the work items of a task or countersign node, with due dates and their SLA jobs. */
async function createTasks(
  run: Run,
  node: CompiledNode,
  ni: NodeInstanceRow,
  assignee?: string,
): Promise<TaskRow[]> {
  const roleParticipant = node.participants.find((p) => p.role_type !== 'variable');
  const users = [
    ...new Set(
      node.participants
        .filter((p) => p.role_type === 'variable')
        .flatMap((p) => usersIn(run.instance.variables[p.role_code])),
    ),
  ];
  const region = roleParticipant
    ? participantRegion(
        roleParticipant.role_type as Exclude<ParticipantType, 'variable'>,
        run.instance.region_code,
      )
    : participantRegion('district', run.instance.region_code);
  const sla = node.extension.sla_hours;
  const due = sla ? new Date(Date.now() + sla * HOUR) : null;
  const base = {
    node_instance_id: ni.id,
    process_instance_id: run.instance.id,
    node_key: node.node_key,
    region_code: region,
    due_at: due,
  };
  let rows: store.NewTask[];
  if (node.node_type === 'countersign' && users.length)
    rows = users.map((u) => ({
      ...base,
      candidate_role: null,
      candidate_users: [u],
      assignee: null,
      status: 'open',
    }));
  else {
    if (!roleParticipant && !users.length && !assignee)
      throw conflict(`节点 ${node.node_key} 没有候选人（流程变量中未指定办理人）`);
    rows = [
      {
        ...base,
        candidate_role: roleParticipant?.role_code ?? null,
        candidate_users: node.node_type === 'countersign' ? [] : users,
        assignee: assignee ?? null,
        status: assignee ? 'claimed' : 'open',
      },
    ];
  }
  const tasks = await store.insertTasks(run.trx, rows);
  if (due) for (const t of tasks) await store.insertJob(run.trx, 'sla', due, { task_id: t.id });
  return tasks;
}

// ---- starting ----------------------------------------------------------------------------------------------

export interface StartInput {
  processKey: string;
  businessType: string;
  businessId: number;
  regionCode: string;
  name: string;
  description?: string;
  priority?: number;
  variables?: Record<string, unknown>;
}

/** Starts a process of the active version of `processKey` for a business object; runs to the first wait state. */
export async function startProcess(
  trx: Tx,
  actor: WorkflowActor,
  input: StartInput,
): Promise<ProcessInstanceRow> {
  const template = await store.activeTemplate(trx, input.processKey);
  if (!template) throw conflict(`流程 ${input.processKey} 没有激活的版本`);
  const running = await store.runningInstanceOf(trx, input.businessType, input.businessId);
  if (running) throw conflict(`该业务已有进行中的流程（流程实例 ${running.id}）`);
  const instance = await store.insertInstance(trx, {
    template_id: template.id,
    template_name: template.name,
    name: input.name,
    priority: input.priority ?? 0,
    description: input.description ?? null,
    business_category: template.business_category,
    process_type: template.process_key,
    precondition: template.precondition,
    postcondition: template.postcondition,
    version: template.version,
    business_type: input.businessType,
    business_id: input.businessId,
    region_code: input.regionCode,
    variables: input.variables ?? {},
  });
  const run: Run = { trx, actor, instance, tpl: await templateOf(trx, template.id), steps: 0, pending: [] };
  event(run, {
    type: 'process_started',
    data: { template_id: template.id, version: template.version },
  });
  await enter(run, run.tpl.byKey.get(template.start_node)!, null);
  await flush(run);
  return (await store.instanceById(trx, instance.id))!;
}

// ---- tasks ---------------------------------------------------------------------------------------------------

/** Whether the actor may see the task at all (otherwise it does not exist for them: 404). */
export function canSeeTask(actor: WorkflowActor, task: TaskRow): boolean {
  return (
    task.region_code.startsWith(actor.regionPrefix) ||
    task.home_region_code.startsWith(actor.regionPrefix) ||
    task.assignee === actor.username ||
    task.owner === actor.username ||
    task.candidate_users.includes(actor.username)
  );
}

/** Whether the actor is one of the task's candidates (may claim it). */
export function isCandidate(actor: WorkflowActor, task: TaskRow): boolean {
  return (
    task.candidate_users.includes(actor.username) ||
    (task.candidate_role !== null &&
      actor.roles.includes(task.candidate_role) &&
      (task.region_code.startsWith(actor.regionPrefix) ||
        task.home_region_code.startsWith(actor.regionPrefix)))
  );
}

/** Locks the task's instance, then the task (one lock order); 404 if the actor may not see it. */
async function lockTaskRun(trx: Tx, actor: WorkflowActor, taskId: number) {
  const peek = await store.taskById(trx, taskId);
  if (!peek || (actor !== SYSTEM_ACTOR && !canSeeTask(actor, peek))) throw notFound('任务');
  const run = await openRun(trx, actor, peek.process_instance_id);
  const task = (await store.lockTask(trx, taskId))!;
  return { run, task, node: run.tpl.byKey.get(task.node_key)! };
}

function assertOpen(task: TaskRow): void {
  if (task.status === 'completed') throw conflict('任务已办结');
  if (task.status === 'cancelled') throw conflict('任务已取消');
}

function assertVersion(task: TaskRow, version: number | undefined): void {
  if (version !== undefined && version !== task.version)
    throw conflict(`任务已被他人修改（版本 ${task.version}，提交的是 ${version}），请刷新后重试`);
}

/** The actor holds the task: its assignee, or — for an open task — a candidate (who then claims it). */
function assertHolder(actor: WorkflowActor, task: TaskRow): void {
  if (task.assignee && task.assignee !== actor.username) throw conflict(`任务已由 ${task.assignee} 认领`);
  if (!task.assignee && !isCandidate(actor, task)) throw forbidden('您不是该任务的候选办理人');
}

export async function claimTask(
  trx: Tx,
  actor: WorkflowActor,
  taskId: number,
  version?: number,
): Promise<TaskRow> {
  const { run, task } = await lockTaskRun(trx, actor, taskId);
  assertOpen(task);
  assertVersion(task, version);
  if (task.assignee === actor.username) return task;
  assertHolder(actor, task);
  const claimed = await store.updateTask(trx, task.id, {
    status: 'claimed',
    assignee: actor.username,
    claimed_at: new Date(),
  });
  event(run, {
    type: 'claimed',
    task_id: task.id,
    node_instance_id: task.node_instance_id,
    node_key: task.node_key,
  });
  await flush(run);
  return claimed;
}

export interface CompleteInput {
  decision?: string;
  comment?: string;
  variables?: Record<string, unknown>;
  version?: number;
}

export async function completeTask(
  trx: Tx,
  actor: WorkflowActor,
  taskId: number,
  input: CompleteInput = {},
): Promise<TaskRow> {
  const { run, task, node } = await lockTaskRun(trx, actor, taskId);
  assertOpen(task);
  assertVersion(task, input.version);
  assertHolder(actor, task);
  const codes = (node.extension.decisions ?? []).map((d) => d.code);
  if (codes.length && !input.decision) throw fieldError('body.decision', `请选择决定：${codes.join('、')}`);
  if (input.decision && !codes.includes(input.decision))
    throw fieldError(
      'body.decision',
      codes.length ? `决定须为 ${codes.join('、')} 之一` : `节点 ${node.name} 没有可选的决定`,
    );
  if (input.variables) await mergeVariables(run, input.variables);
  const ni = (await store.nodeInstanceById(trx, task.node_instance_id))!;
  if (ni.status !== 'active') throw conflict('任务所在的环节已结束');
  await runHooks(run, node, ni, 'beforeComplete', {
    task,
    decision: input.decision,
    comment: input.comment,
  });
  // Before the first audited write: the operation log's chain lock is held from there until commit.
  if (task.due_at) await store.finishTaskJobs(trx, task.id);
  const done = await store.updateTask(trx, task.id, {
    status: 'completed',
    assignee: actor.username,
    claimed_at: task.claimed_at ?? new Date(),
    completed_at: new Date(),
    decision: input.decision ?? null,
    comment: input.comment ?? null,
  });
  event(run, {
    type: 'completed',
    task_id: task.id,
    node_instance_id: ni.id,
    node_key: node.node_key,
    decision: input.decision ?? null,
    comment: input.comment ?? null,
    data: input.variables ? { variables: Object.keys(input.variables) } : {},
  });
  if (node.node_type === 'countersign') await settleCountersign(run, node, ni, done);
  else {
    if (codes.length) await mergeVariables(run, decisionVariables(codes, input.decision!));
    await leave(run, node, ni, input.decision ?? null);
  }
  await flush(run);
  return done;
}

const decisionVariables = (codes: string[], decision: string) =>
  Object.fromEntries(codes.map((c) => [c, c === decision]));

/**
 * Whether a countersign node is settled after a task completed: `all` waits for every signer; `any` takes the
 * first decision; `ratio` settles as soon as the share of `pass` decisions reaches the ratio — or can no longer.
 */
async function settleCountersign(
  run: Run,
  node: CompiledNode,
  ni: NodeInstanceRow,
  latest: TaskRow,
): Promise<void> {
  const rule = node.extension.countersign ?? { mode: 'all' as const };
  const pass = rule.pass ?? 'pass';
  const tasks = (await store.tasksOfNodeInstance(run.trx, ni.id)).filter((t) => t.status !== 'cancelled');
  const done = tasks.filter((t) => t.status === 'completed');
  const pending = tasks.length - done.length;
  const passed = done.filter((t) => t.decision === pass).length;
  let settled: boolean | undefined; // undefined: wait; true/false: quorum passed or not
  if (rule.mode === 'any') settled = latest.decision === pass;
  else if (rule.mode === 'all') settled = pending ? undefined : passed === tasks.length;
  else {
    const need = Math.ceil((rule.ratio ?? 1) * tasks.length - 1e-9);
    settled = passed >= need ? true : passed + pending < need ? false : undefined;
  }
  await store.updateNodeExtension(run.trx, ni.id, {
    ...ni.extension,
    signers: tasks.length,
    completed: done.length,
    passed,
  });
  if (settled === undefined) return;
  const cancelled = await store.cancelTasks(run.trx, [ni.id]);
  for (const t of cancelled)
    event(run, { type: 'cancelled', task_id: t.id, node_instance_id: ni.id, node_key: node.node_key });
  const codes = (node.extension.decisions ?? []).map((d) => d.code);
  const failing = done.find((t) => t.decision !== pass)?.decision ?? codes.find((c) => c !== pass) ?? null;
  const aggregate = settled ? pass : failing;
  await mergeVariables(run, {
    ...decisionVariables(codes, aggregate ?? ''),
    [pass]: settled,
  });
  await leave(run, node, ni, aggregate);
}

export async function delegateTask(
  trx: Tx,
  actor: WorkflowActor,
  taskId: number,
  input: { to: string; comment?: string; version?: number },
): Promise<TaskRow> {
  const { run, task } = await lockTaskRun(trx, actor, taskId);
  assertOpen(task);
  assertVersion(task, input.version);
  assertHolder(actor, task);
  const target = await store.userByName(trx, input.to);
  if (!target || target.disabled) throw fieldError('body.to', `用户 ${input.to} 不存在或已停用`);
  if (!task.home_region_code.startsWith(regionPrefix(target.region_code)))
    throw fieldError('body.to', `用户 ${target.username} 不在任务所在地区，不能委托给他`);
  if (target.username === actor.username) throw fieldError('body.to', '不能委托给自己');
  const delegated = await store.updateTask(trx, task.id, {
    status: 'claimed',
    assignee: target.username,
    owner: task.owner ?? actor.username,
    claimed_at: new Date(),
  });
  event(run, {
    type: 'delegated',
    task_id: task.id,
    node_instance_id: task.node_instance_id,
    node_key: task.node_key,
    comment: input.comment ?? null,
    data: { from: actor.username, to: target.username },
  });
  await flush(run);
  return delegated;
}

/** Node instances before `ni` on its path (nearest first), following 前一节点实例编号. */
async function ancestorsOf(trx: Tx, ni: NodeInstanceRow): Promise<NodeInstanceRow[]> {
  const all = new Map((await store.nodeInstancesOf(trx, ni.process_instance_id)).map((n) => [n.id, n]));
  const path: NodeInstanceRow[] = [];
  for (let at = ni.previous_id; at !== null && path.length < 10_000;) {
    const n = all.get(at);
    if (!n) break;
    path.push(n);
    at = n.previous_id;
  }
  return path;
}

/** Who completed a task node instance last (the returned-to task goes back to them). */
async function handlerOf(trx: Tx, nodeInstanceId: number): Promise<string | undefined> {
  const done = (await store.tasksOfNodeInstance(trx, nodeInstanceId)).filter((t) => t.status === 'completed');
  return done.at(-1)?.assignee ?? undefined;
}

/**
 * 退回: sends the case back to the previous task node, or to any earlier task node on its path; the current
 * node's tasks are cancelled and the earlier node is entered anew, assigned to whoever handled it then.
 */
export async function returnTask(
  trx: Tx,
  actor: WorkflowActor,
  taskId: number,
  input: { toNodeKey?: string; comment: string; version?: number },
): Promise<TaskRow[]> {
  const { run, task, node } = await lockTaskRun(trx, actor, taskId);
  assertOpen(task);
  assertVersion(task, input.version);
  assertHolder(actor, task);
  const ni = (await store.nodeInstanceById(trx, task.node_instance_id))!;
  const earlier = (await ancestorsOf(trx, ni)).filter(
    (n) => isTaskNode(n.node_type) && n.node_key !== node.node_key && n.status === 'completed',
  );
  const target = input.toNodeKey ? earlier.find((n) => n.node_key === input.toNodeKey) : earlier[0];
  if (!target)
    throw fieldError(
      'body.to_node_key',
      input.toNodeKey
        ? `${input.toNodeKey} 不是此前经过的任务环节（可退回：${[...new Set(earlier.map((n) => n.node_key))].join('、') || '无'}）`
        : '没有可退回的前一任务环节',
    );
  const cancelled = await store.cancelTasks(trx, [ni.id]);
  await store.finishNodeInstance(trx, ni.id, 'returned');
  event(run, {
    type: 'returned',
    task_id: task.id,
    node_instance_id: ni.id,
    node_key: node.node_key,
    comment: input.comment,
    data: { to: target.node_key, cancelled_tasks: cancelled.map((t) => t.id) },
  });
  const targetNode = nodeOf(run, target);
  const assignee = targetNode.node_type === 'task' ? await handlerOf(trx, target.id) : undefined;
  await enter(run, targetNode, ni.id, { assignee });
  await flush(run);
  return store.tasksOf(trx, run.instance.id, ['open', 'claimed']);
}

/** The active node instances reached from `ni` through nodes that did not wait (gateways, splits). */
async function successorsOf(trx: Tx, ni: NodeInstanceRow): Promise<NodeInstanceRow[]> {
  const all = await store.nodeInstancesOf(trx, ni.process_instance_id);
  const found: NodeInstanceRow[] = [];
  const queue = [ni.id];
  while (queue.length) {
    const from = queue.shift()!;
    for (const n of all.filter((x) => x.previous_id === from)) {
      if (['exclusive', 'parallel_split', 'start'].includes(n.node_type) && n.status === 'completed')
        queue.push(n.id);
      else found.push(n);
    }
  }
  return found;
}

/**
 * 撤回: the handler of a completed task takes it back while the next handler has not claimed theirs yet: the
 * next node's tasks are cancelled, its instance withdrawn, and the task's node entered again, assigned to them.
 */
export async function withdrawTask(
  trx: Tx,
  actor: WorkflowActor,
  taskId: number,
  input: { comment?: string } = {},
): Promise<TaskRow[]> {
  const { run, task, node } = await lockTaskRun(trx, actor, taskId);
  if (task.status !== 'completed' || task.assignee !== actor.username)
    throw conflict('只能撤回自己已办结的任务');
  if (run.instance.status !== 'running') throw conflict('流程已结束，不能撤回');
  const ni = (await store.nodeInstanceById(trx, task.node_instance_id))!;
  if (ni.status !== 'completed') throw conflict('本环节尚未结束（会签未完成），不能撤回');
  const next = await successorsOf(trx, ni);
  if (!next.length) throw conflict('下一环节已处理，不能撤回');
  for (const n of next) {
    if (n.status !== 'active' || !isTaskNode(n.node_type)) throw conflict('下一环节已处理，不能撤回');
    const tasks = await store.tasksOfNodeInstance(trx, n.id);
    if (tasks.some((t) => t.status !== 'open' || t.assignee))
      throw conflict('下一环节的办理人已认领，不能撤回');
  }
  const ids = next.map((n) => n.id);
  await store.cancelTasks(trx, ids);
  for (const id of ids) await store.finishNodeInstance(trx, id, 'withdrawn');
  event(run, {
    type: 'withdrawn',
    task_id: task.id,
    node_instance_id: ni.id,
    node_key: node.node_key,
    comment: input.comment ?? null,
    data: { withdrawn_nodes: next.map((n) => n.node_key) },
  });
  // The taken-back node replaces the one completed before: same predecessor, so later returns see one path.
  await enter(run, node, ni.previous_id, {
    assignee: node.node_type === 'task' ? actor.username : undefined,
  });
  await flush(run);
  return store.tasksOf(trx, run.instance.id, ['open', 'claimed']);
}

/** 加签: adds a signer to the countersign node of `taskId` (a new task for that user in the same node). */
export async function addSigner(
  trx: Tx,
  actor: WorkflowActor,
  taskId: number,
  input: { username: string; comment?: string },
): Promise<TaskRow> {
  const { run, task, node } = await lockTaskRun(trx, actor, taskId);
  if (node.node_type !== 'countersign') throw conflict('只有会签环节可以加签');
  assertOpen(task);
  assertHolder(actor, task);
  const user = await store.userByName(trx, input.username);
  if (!user || user.disabled) throw fieldError('body.username', `用户 ${input.username} 不存在或已停用`);
  const siblings = await store.tasksOfNodeInstance(trx, task.node_instance_id);
  if (
    siblings.some(
      (t) =>
        ['open', 'claimed'].includes(t.status) &&
        (t.assignee === user.username || t.candidate_users.includes(user.username)),
    )
  )
    throw conflict(`${user.username} 已是本会签环节的签署人`);
  const [added] = await store.insertTasks(trx, [
    {
      node_instance_id: task.node_instance_id,
      process_instance_id: task.process_instance_id,
      node_key: task.node_key,
      region_code: task.home_region_code,
      candidate_role: null,
      candidate_users: [user.username],
      assignee: null,
      status: 'open',
      due_at: task.due_at,
    },
  ]);
  if (added!.due_at) await store.insertJob(trx, 'sla', added!.due_at, { task_id: added!.id });
  event(run, {
    type: 'signer_added',
    task_id: added!.id,
    node_instance_id: task.node_instance_id,
    node_key: task.node_key,
    comment: input.comment ?? null,
    data: { username: user.username, by_task: task.id },
  });
  await flush(run);
  return added!;
}

// ---- variables, signals, jobs ------------------------------------------------------------------------------

export async function setVariables(
  trx: Tx,
  processInstanceId: number,
  vars: Record<string, unknown>,
): Promise<void> {
  const run = await openRun(trx, SYSTEM_ACTOR, processInstanceId);
  await mergeVariables(run, vars);
  event(run, { type: 'variables_set', data: { names: Object.keys(vars) } });
  await flush(run);
}

/** Ends a waiting timer node early (e.g. the notice period is closed by hand). */
export async function signal(
  trx: Tx,
  processInstanceId: number,
  nodeKey: string,
  actor: WorkflowActor = SYSTEM_ACTOR,
): Promise<void> {
  const run = await openRun(trx, actor, processInstanceId);
  const ni = (await store.activeNodeInstances(trx, processInstanceId)).find((n) => n.node_key === nodeKey);
  if (!ni || ni.node_type !== 'timer') throw conflict(`流程不在等待节点 ${nodeKey}`);
  await store.cancelTimerJobs(trx, [ni.id]);
  event(run, { type: 'signalled', node_instance_id: ni.id, node_key: nodeKey });
  await leave(run, nodeOf(run, ni), ni);
  await flush(run);
}

/** A timer job came due: the waiting node moves on (nothing if it was signalled or its process ended). */
export async function fireTimer(trx: Tx, nodeInstanceId: number): Promise<void> {
  const peek = await store.nodeInstanceById(trx, nodeInstanceId);
  if (!peek) return;
  const run = await openRun(trx, SYSTEM_ACTOR, peek.process_instance_id);
  const ni = (await store.nodeInstanceById(trx, nodeInstanceId))!;
  if (ni.status !== 'active' || run.instance.status !== 'running') return;
  event(run, { type: 'timer_fired', node_instance_id: ni.id, node_key: ni.node_key });
  await leave(run, nodeOf(run, ni), ni);
  await flush(run);
}

/**
 * An SLA job came due: a task still open or claimed is marked overdue and escalated — its candidates widened to
 * the parent region — and the next escalation is scheduled one more SLA period later (up to the province).
 */
export async function escalateTask(trx: Tx, taskId: number): Promise<void> {
  const peek = await store.taskById(trx, taskId);
  if (!peek) return;
  const run = await openRun(trx, SYSTEM_ACTOR, peek.process_instance_id);
  const task = (await store.lockTask(trx, taskId))!;
  if (!['open', 'claimed'].includes(task.status)) return;
  const to = parentRegion(task.region_code);
  const escalated = await store.updateTask(trx, task.id, {
    overdue: true,
    escalation_level: task.escalation_level + 1,
    region_code: to,
  });
  event(run, {
    type: 'escalated',
    task_id: task.id,
    node_instance_id: task.node_instance_id,
    node_key: task.node_key,
    data: { level: escalated.escalation_level, from: task.region_code, to, due_at: task.due_at },
  });
  const sla = run.tpl.byKey.get(task.node_key)?.extension.sla_hours;
  if (sla && to !== task.region_code)
    await store.insertJob(trx, 'sla', new Date(Date.now() + sla * HOUR), { task_id: task.id });
  await flush(run);
}

// ---- reading -------------------------------------------------------------------------------------------------

/** The business object's process instance: the running one, else the latest. */
export const instanceOf = (
  conn: Conn,
  businessType: string,
  businessId: number,
): Promise<ProcessInstanceRow | undefined> => store.latestInstanceOf(conn, businessType, businessId);

export const tasksOf = (conn: Conn, processInstanceId: number): Promise<TaskRow[]> =>
  store.tasksOf(conn, processInstanceId);

export const historyOf = (conn: Conn, processInstanceId: number): Promise<EventRow[]> =>
  store.eventsOf(conn, processInstanceId);

export const nodeInstancesOf = (conn: Conn, processInstanceId: number): Promise<NodeInstanceRow[]> =>
  store.nodeInstancesOf(conn, processInstanceId);

// ---- definitions -----------------------------------------------------------------------------------------------

/** Validates and writes a new version of a definition (400 naming each fault under `at`); optionally activates it. */
export async function importDefinition(
  trx: Tx,
  json: unknown,
  options: { activate?: boolean; at?: string } = {},
): Promise<TemplateRow> {
  const definition = validateDefinition(json, options.at ?? 'body');
  const template = await store.insertTemplate(trx, definition, json, definitionHash(definition));
  return options.activate ? store.activateTemplate(trx, template) : template;
}

export async function activateDefinition(trx: Tx, templateId: number): Promise<TemplateRow> {
  const template = await store.templateById(trx, templateId);
  if (!template) throw notFound('流程模板');
  return store.activateTemplate(trx, template);
}

/**
 * Makes `json` the active version of its key unless the active version already has the same content: seeds and
 * test setup call this at start-up, so an unchanged definition is never re-imported.
 */
export async function ensureDefinition(db: Db | Tx, json: unknown): Promise<TemplateRow> {
  const definition = validateDefinition(json, 'definition');
  const hash = definitionHash(definition);
  const current = await store.activeTemplate(db, definition.key);
  if (current?.content_hash === hash) return current;
  return db.transaction(async (trx) => {
    await setActor(trx, { username: 'system', action: 'workflow.ensure_definition' });
    await store.lockTemplateKey(trx, definition.key);
    const active = await store.activeTemplate(trx, definition.key);
    if (active?.content_hash === hash) return active;
    const template = await store.insertTemplate(trx, definition, json, hash);
    return store.activateTemplate(trx, template);
  });
}
