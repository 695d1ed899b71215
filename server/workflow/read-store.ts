/**
 * What users read of the workflow: the inbox, a task, an instance, templates with their active-node counts,
 * statistics and overdue lists — all restricted to the reader's region through `scoped()`.
 */
import type { Knex } from 'knex';
import { scoped, type Scope } from '../access/scope.ts';
import type { Db } from '../db/knex.ts';
import type { ProcessInstanceRow, TaskRow, TemplateRow } from './model.ts';
import { containsPattern } from '../shared/like.ts';

/** A task with what the inbox shows beside it: node, process instance, business object. */
export interface TaskItemRow extends TaskRow {
  node_name: string;
  node_type: string;
  node_extension: Record<string, unknown>;
  process_name: string;
  process_type: string;
  process_status: string;
  business_type: string;
  business_id: number;
  process_region_code: string;
}

export interface InboxFilter {
  view: 'mine' | 'candidate' | 'all';
  process?: string;
  node?: string;
  overdue?: boolean;
  q?: string;
  page: number;
  page_size: number;
}

type Inbox = Pick<Scope, 'username' | 'roles' | 'regionPrefix'>;

const taskItems = (db: Db | Knex.Transaction) =>
  db('wf_tasks as t')
    .join('wf_process_instances as p', 'p.id', 't.process_instance_id')
    .join('wf_node_templates as n', function () {
      this.on('n.template_id', 'p.template_id').andOn('n.node_key', 't.node_key');
    })
    .select(
      't.*',
      'n.name as node_name',
      'n.node_type',
      'n.extension as node_extension',
      'p.name as process_name',
      'p.process_type',
      'p.status as process_status',
      'p.business_type',
      'p.business_id',
      'p.region_code as process_region_code',
    );

/** What the inbox filters and sorts on: every part of it is answered from an index alone (see the migration). */
const INBOX_COLUMNS = ['id', 'due_at', 'node_key', 'overdue', 'process_instance_id'];

/**
 * The inbox's tasks: my tasks (assigned to me, open or claimed) and/or the open unassigned tasks I am a candidate
 * for (my role in my region — or in the region it was escalated from — or my name among the candidate users).
 * The parts are made disjoint so they are appended (UNION ALL), never de-duplicated by hashing 10,000 rows.
 */
function inboxTasks(db: Db, who: Inbox, view: InboxFilter['view']) {
  const roles = who.roles.length ? who.roles : ['-'];
  const like = `${who.regionPrefix}%`;
  const open = () => db('wf_tasks').select(INBOX_COLUMNS).where({ status: 'open' }).whereNull('assignee');
  const mine = db('wf_tasks')
    .select(INBOX_COLUMNS)
    .where('assignee', who.username)
    .whereIn('status', ['open', 'claimed']);
  const inRegion = scoped(open().whereIn('candidate_role', roles), who);
  const escalatedFrom = scoped(
    open().whereIn('candidate_role', roles).where('escalation_level', '>', 0),
    who,
    'home_region_code',
  ).whereNot('region_code', 'like', like);
  const byName = open()
    .whereRaw('candidate_users @> ARRAY[?]::text[]', [who.username])
    .whereRaw(
      `NOT coalesce(candidate_role = ANY(?) AND (region_code LIKE ? OR (escalation_level > 0 AND home_region_code LIKE ?)), false)`,
      [roles, like, like],
    );
  const candidate = inRegion.unionAll(escalatedFrom).unionAll(byName);
  if (view === 'mine') return mine;
  if (view === 'candidate') return candidate;
  return candidate.unionAll(mine);
}

/**
 * A page of the inbox and its total. The tasks are filtered, counted and sorted on the index columns first; only
 * the page's rows are joined with their node and instance — so a reviewer with 10,000 candidates costs one index
 * range read, not 10,000 joins.
 */
export async function inbox(db: Db, who: Inbox, filter: InboxFilter) {
  const base = () => {
    const q = db.from(inboxTasks(db, who, filter.view).as('u'));
    if (filter.node) void q.where('u.node_key', filter.node);
    if (filter.overdue !== undefined) void q.where('u.overdue', filter.overdue);
    if (filter.process)
      void q.whereExists(
        db('wf_process_instances as p')
          .whereRaw('p.id = u.process_instance_id')
          .where('p.process_type', filter.process),
      );
    if (filter.q)
      void q.whereIn(
        'u.process_instance_id',
        db('wf_process_instances').select('id').whereILike('name', containsPattern(filter.q)),
      );
    return q;
  };
  const pageOf = base()
    .select<{ id: number }[]>('u.id')
    .orderByRaw('u.due_at ASC NULLS LAST, u.id')
    .limit(filter.page_size)
    .offset((filter.page - 1) * filter.page_size);
  const countOf = base().count<{ n: number | string }[]>({ n: '*' });
  const [page, counted] = await Promise.all([pageOf, countOf]);
  const ids = page.map((r) => r.id);
  const items: TaskItemRow[] = ids.length
    ? await taskItems(db).whereIn('t.id', ids).orderByRaw('t.due_at ASC NULLS LAST, t.id')
    : [];
  return { items, total: Number(counted[0]?.n ?? 0) };
}

/** One task with its context if the reader may see it (its region in scope, or theirs by name); else undefined. */
export async function taskItem(
  db: Db | Knex.Transaction,
  who: Inbox,
  id: number,
): Promise<TaskItemRow | undefined> {
  return (await taskItems(db)
    .where('t.id', id)
    .where((q) => {
      void q
        .where('t.region_code', 'like', `${who.regionPrefix}%`)
        .orWhere('t.home_region_code', 'like', `${who.regionPrefix}%`)
        .orWhere('t.assignee', who.username)
        .orWhere('t.owner', who.username)
        .orWhereRaw('t.candidate_users @> ARRAY[?]::text[]', [who.username]);
    })
    .first()) as TaskItemRow | undefined;
}

export const tasksOfInstance = (db: Db, processId: number): Promise<TaskItemRow[]> =>
  taskItems(db).where('t.process_instance_id', processId).orderBy('t.id') as Promise<TaskItemRow[]>;

export const instanceInScope = (db: Db, scope: Scope, id: number): Promise<ProcessInstanceRow | undefined> =>
  scoped(db('wf_process_instances').where({ id }), scope).first();

export const templates = (db: Db): Promise<TemplateRow[]> =>
  db('wf_process_templates').orderBy(['process_key', 'version']) as Promise<TemplateRow[]>;

/** Active node instances per node of a template (or of every version of its key), in the scope. */
export async function activeCounts(db: Db, scope: Pick<Scope, 'regionPrefix'>, templateIds: number[]) {
  const rows = (await scoped(
    db('wf_node_instances as ni')
      .join('wf_node_templates as n', 'n.id', 'ni.node_template_id')
      .whereIn('n.template_id', templateIds)
      .where('ni.status', 'active')
      .groupBy('n.node_key')
      .select('n.node_key')
      .count({ n: '*' }),
    scope,
    'ni.region_code',
  )) as { node_key: string; n: number | string }[];
  return new Map(rows.map((r) => [r.node_key, Number(r.n)]));
}

// ---- statistics ----------------------------------------------------------------------------------------------

export type StatsBy = 'process' | 'node' | 'handler' | 'region';

export interface StatsFilter {
  by: StatsBy;
  process?: string;
  from?: string;
  to?: string;
}

/**
 * Counts and durations of completed work, grouped: by process (instances, start → end), by node, handler or
 * region (tasks, created → completed); with open and overdue counts. Durations in hours.
 */
export async function stats(db: Db, scope: Pick<Scope, 'regionPrefix'>, filter: StatsFilter) {
  const period = (q: Knex.QueryBuilder, column: string) => {
    if (filter.from) void q.where(column, '>=', filter.from);
    if (filter.to) void q.where(column, '<', db.raw(`?::date + 1`, [filter.to]));
    return q;
  };
  const durations = (start: string, end: string) =>
    db.raw(
      `count(*) FILTER (WHERE ${end} IS NOT NULL) AS completed,
       avg(extract(epoch FROM ${end} - ${start}) / 3600) AS avg_hours,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM ${end} - ${start}) / 3600) AS p50_hours,
       percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM ${end} - ${start}) / 3600) AS p90_hours`,
    );
  if (filter.by === 'process') {
    const q = scoped(
      db('wf_process_instances as p')
        .groupBy('p.process_type')
        .select(
          'p.process_type as key',
          db.raw('min(p.template_name) AS label'),
          db.raw('count(*) AS total'),
          db.raw(`count(*) FILTER (WHERE p.status = 'running') AS open`),
          durations('p.started_at', 'p.completed_at'),
          db.raw(
            `(SELECT count(DISTINCT t.process_instance_id) FROM wf_tasks t
                   JOIN wf_process_instances pp ON pp.id = t.process_instance_id
                   WHERE pp.process_type = p.process_type AND t.overdue AND t.status IN ('open', 'claimed')
                     AND pp.region_code LIKE ?) AS overdue`,
            [`${scope.regionPrefix}%`],
          ),
        )
        .orderBy('key'),
      scope,
      'p.region_code',
    );
    if (filter.process) void q.where('p.process_type', filter.process);
    return (await period(q, 'p.started_at')) as Record<string, unknown>[];
  }
  // By region: the child regions of the reader's (a city's districts, a district's streets).
  const digits = [2, 4, 6, 9, 12].find((n) => n > scope.regionPrefix.length) ?? 12;
  const childRegion = `rpad(substr(p.region_code, 1, ${digits}), 12, '0')`;
  const key = {
    node: 't.node_key',
    handler: `coalesce(t.assignee, '')`,
    region: childRegion,
  }[filter.by];
  const label = {
    node: 'min(n.name)',
    handler: `coalesce(min(u.display_name), '')`,
    region: `coalesce(min(r.name), '')`,
  }[filter.by];
  const q = scoped(
    db('wf_tasks as t')
      .join('wf_process_instances as p', 'p.id', 't.process_instance_id')
      .join('wf_node_templates as n', function () {
        this.on('n.template_id', 'p.template_id').andOn('n.node_key', 't.node_key');
      })
      .leftJoin('staff_users as u', 'u.username', 't.assignee')
      .leftJoin('regions as r', 'r.code', db.raw(childRegion))
      .whereNot('t.status', 'cancelled')
      .groupByRaw(key)
      .select(
        db.raw(`${key} AS key`),
        db.raw(`${label} AS label`),
        db.raw('count(*) AS total'),
        db.raw(`count(*) FILTER (WHERE t.status IN ('open', 'claimed')) AS open`),
        durations('t.created_at', 't.completed_at'),
        db.raw(`count(*) FILTER (WHERE t.overdue AND t.status IN ('open', 'claimed')) AS overdue`),
      )
      .orderBy('key'),
    scope,
    'p.region_code',
  );
  if (filter.process) void q.where('p.process_type', filter.process);
  return (await period(q, 't.created_at')) as Record<string, unknown>[];
}

/** Open tasks past their due date (or already escalated), oldest due first. */
export async function overdue(
  db: Db,
  scope: Pick<Scope, 'regionPrefix'>,
  filter: { process?: string; limit: number },
) {
  const q = scoped(taskItems(db), scope, 'p.region_code')
    .whereIn('t.status', ['open', 'claimed'])
    .where((w) => {
      void w.where('t.overdue', true).orWhere('t.due_at', '<', db.fn.now());
    })
    .orderBy('t.due_at')
    .limit(filter.limit);
  if (filter.process) void q.where('p.process_type', filter.process);
  return (await q) as TaskItemRow[];
}
