/**
 * What the workflow routes do, for a user's scope: task actions through the engine (answering the task as the
 * inbox shows it), instance details with their timeline, templates with counts, import/export/activate.
 */
import { regionPrefix, type Scope } from '../access/scope.ts';
import type { Db, Tx } from '../db/knex.ts';
import { notFound } from '../http/errors.ts';
import * as engine from './engine.ts';
import { actorOf } from './model.ts';
import * as read from './read-store.ts';
import {
  presentEvent,
  presentInstance,
  presentNodeInstance,
  presentTask,
  presentTemplate,
} from './presenter.ts';
import { renderDiagram } from './diagram.ts';
import * as store from './store.ts';

export async function task(db: Db | Tx, scope: Scope, id: number) {
  const row = await read.taskItem(db, scope, id);
  if (!row) throw notFound('任务');
  return presentTask(row);
}

/** A task action in the caller's transaction; answers the acted-on task as it is afterwards. */
export async function act(
  trx: Tx,
  scope: Scope,
  id: number,
  action: (actor: engine.WorkflowActor) => Promise<unknown>,
) {
  await action(actorOf(scope));
  const row = await read.taskItem(trx, { ...scope, regionPrefix: '' }, id);
  return presentTask(row!);
}

/** Actions that move the case to other tasks (return, withdraw): answers the instance's open tasks. */
export async function actOnCase(
  trx: Tx,
  scope: Scope,
  action: (actor: engine.WorkflowActor) => Promise<engine.TaskRow[]>,
) {
  const tasks = await action(actorOf(scope));
  const items = [];
  for (const t of tasks)
    items.push(presentTask((await read.taskItem(trx, { ...scope, regionPrefix: '' }, t.id))!));
  return { items };
}

export async function instanceDetail(db: Db, scope: Scope, id: number) {
  const instance = await read.instanceInScope(db, scope, id);
  if (!instance) throw notFound('流程实例');
  const [nodes, tasks, events] = await Promise.all([
    engine.nodeInstancesOf(db, id),
    read.tasksOfInstance(db, id),
    engine.historyOf(db, id),
  ]);
  return {
    instance: presentInstance(instance),
    current_nodes: nodes.filter((n) => n.status === 'active').map((n) => n.node_key),
    nodes: nodes.map(presentNodeInstance),
    tasks: tasks.map(presentTask),
    events: events.map(presentEvent),
  };
}

export async function instanceDiagram(db: Db, scope: Scope, id: number): Promise<string> {
  const instance = await read.instanceInScope(db, scope, id);
  if (!instance) throw notFound('流程实例');
  const tpl = await engine.templateOf(db, instance.template_id);
  const nodes = await engine.nodeInstancesOf(db, id);
  const visited = new Set(nodes.filter((n) => n.status === 'completed').map((n) => n.node_key));
  const current = new Set(nodes.filter((n) => n.status === 'active').map((n) => n.node_key));
  return renderDiagram(tpl, { title: `${instance.name}（${instance.template_name}）`, current, visited });
}

async function templateOrNotFound(db: Db, id: number) {
  const template = await store.templateById(db, id);
  if (!template) throw notFound('流程模板');
  return template;
}

/** A region inside the reader's scope to narrow figures to (a region outside it falls back to the scope). */
export function countScope(scope: Scope, region?: string) {
  const prefix = region ? regionPrefix(region.padEnd(12, '0')) : '';
  return { regionPrefix: prefix.startsWith(scope.regionPrefix) ? prefix : scope.regionPrefix };
}

export async function templateDetail(db: Db, scope: Scope, id: number, region?: string) {
  const template = await templateOrNotFound(db, id);
  const tpl = await engine.templateOf(db, id);
  const counts = await read.activeCounts(db, countScope(scope, region), [id]);
  const nodes = [...tpl.byId.values()];
  return {
    ...presentTemplate(template),
    nodes: nodes.map((n) => ({
      id: n.id,
      node_key: n.node_key,
      name: n.name,
      description: n.description,
      node_type: n.node_type,
      extension: n.extension,
      participants: n.participants.map((p) => ({ role_code: p.role_code, role_type: p.role_type })),
      active: counts.get(n.node_key) ?? 0,
    })),
    transitions: nodes.flatMap((n) =>
      n.outgoing.map((t) => ({
        id: t.id,
        from: n.node_key,
        to: tpl.byId.get(t.to_node_id)!.node_key,
        priority: t.priority,
        condition: t.condition,
        name: t.name,
        description: t.description,
      })),
    ),
  };
}

export async function templateDiagram(db: Db, scope: Scope, id: number, region?: string): Promise<string> {
  const template = await templateOrNotFound(db, id);
  const tpl = await engine.templateOf(db, id);
  const counts = await read.activeCounts(db, countScope(scope, region), [id]);
  return renderDiagram(tpl, {
    title: `${template.name} v${template.version}`,
    counts,
    current: new Set([...counts.entries()].filter(([, n]) => n > 0).map(([k]) => k)),
  });
}

export async function exportTemplate(db: Db, id: number) {
  const template = await templateOrNotFound(db, id);
  return template.definition as Record<string, unknown>;
}

export const listTemplates = async (db: Db) => ({ items: (await read.templates(db)).map(presentTemplate) });

export async function importTemplate(trx: Tx, body: unknown, activate: boolean) {
  return presentTemplate(await engine.importDefinition(trx, body, { activate, at: 'body' }));
}

export async function activateTemplate(trx: Tx, id: number) {
  return presentTemplate(await engine.activateDefinition(trx, id));
}
