/**
 * The workflow engine's tables (业务流程管理, A.3.1): process templates (A.3.2), node templates (A.3.3), node
 * participants (A.3.4), transitions (A.3.5), process instances (A.3.6) and node instances (A.3.7) — every field
 * of the standard with its Chinese name — plus what the standard leaves to the implementation: the work items of
 * task nodes (wf_tasks), an append-only event history (wf_events) and the job queue of timers and SLA escalations
 * (wf_jobs), which is what makes timers survive a restart: they are rows, not in-memory timeouts.
 *
 * A template version is data: its rows are written once by the import and never changed afterwards, except
 * 是否激活 (one active version per process key, a partial unique index).
 */
import type { Knex } from 'knex';
import { addBookkeeping, addColumns, commentColumns, commentTable, enableAudit } from '../helpers.ts';

const NODE_TYPES = [
  'start',
  'task',
  'countersign',
  'exclusive',
  'parallel_split',
  'parallel_join',
  'timer',
  'end',
];
const inList = (column: string, values: string[]) =>
  `CHECK (${column} IN (${values.map((v) => `'${v}'`).join(', ')}))`;

export async function up(knex: Knex): Promise<void> {
  // A.3.2 业务流程模板
  await knex.raw('CREATE TABLE wf_process_templates (id bigserial PRIMARY KEY)');
  await addColumns(knex, 'wf_process_templates', [
    [
      'process_key',
      `text NOT NULL CHECK (process_key ~ '^[a-z][a-z0-9_]*$')`,
      '流程键（如 admission；各版本共用）',
    ],
    ['name', 'text NOT NULL', '流程名称'],
    ['description', 'text', '流程描述'],
    ['start_node', 'text NOT NULL', '开始节点（节点键）'],
    ['business_category', 'text', '业务分类（如 准入登记）'],
    ['defined_at', 'timestamptz NOT NULL DEFAULT now()', '定义时间'],
    ['extension', `jsonb NOT NULL DEFAULT '{}'`, '扩展属性（流程变量类型声明等）'],
    ['precondition', 'text', '前置条件'],
    ['postcondition', 'text', '后置条件'],
    ['version', 'integer NOT NULL CHECK (version >= 1)', '流程模板版本'],
    ['is_active', 'boolean NOT NULL DEFAULT false', '是否激活（每个流程键至多一个激活版本）'],
    ['definition', 'jsonb NOT NULL', '流程定义（导入的 JSON 原文，导出时原样给出）'],
    ['content_hash', 'text NOT NULL', '定义内容摘要（SHA-256，判断是否需要导入新版本）'],
  ]);
  await commentColumns(knex, 'wf_process_templates', { id: '流程模板编号' });
  await commentTable(knex, 'wf_process_templates', 'A.3.2 业务流程模板');
  await knex.raw(
    'ALTER TABLE wf_process_templates ADD CONSTRAINT wf_process_templates_version UNIQUE (process_key, version)',
  );
  await knex.raw(
    'CREATE UNIQUE INDEX wf_process_templates_one_active ON wf_process_templates (process_key) WHERE is_active',
  );
  await addBookkeeping(knex, 'wf_process_templates');
  await enableAudit(knex, 'wf_process_templates', { exclude: ['definition'] });

  // A.3.3 业务节点模板
  await knex.raw('CREATE TABLE wf_node_templates (id bigserial PRIMARY KEY)');
  await addColumns(knex, 'wf_node_templates', [
    ['template_id', 'bigint NOT NULL REFERENCES wf_process_templates(id) ON DELETE CASCADE', '流程模板编号'],
    ['node_key', `text NOT NULL CHECK (node_key ~ '^[a-z][a-z0-9_]*$')`, '节点键（如 first_review）'],
    ['name', 'text NOT NULL', '节点名称'],
    ['description', 'text', '节点描述'],
    [
      'node_type',
      `text NOT NULL ${inList('node_type', NODE_TYPES)}`,
      '节点类型：start 开始、task 任务、countersign 会签、exclusive 排他网关、parallel_split 并行分支、parallel_join 并行汇聚、timer 定时等待、end 结束',
    ],
    [
      'extension',
      `jsonb NOT NULL DEFAULT '{}'`,
      '扩展属性（sla_hours 时限、decisions 决定、countersign 会签方式、timer 定时、x/y 图上位置、outcome 结束结果）',
    ],
    ['precondition', 'text', '前置条件'],
    ['postcondition', 'text', '后置条件'],
    ['business_category', 'text', '业务分类'],
    ['process_version', 'integer NOT NULL', '流程版本'],
  ]);
  await commentColumns(knex, 'wf_node_templates', { id: '节点模板编号' });
  await commentTable(knex, 'wf_node_templates', 'A.3.3 业务节点模板');
  await knex.raw(
    'ALTER TABLE wf_node_templates ADD CONSTRAINT wf_node_templates_key UNIQUE (template_id, node_key)',
  );
  await addBookkeeping(knex, 'wf_node_templates');
  await enableAudit(knex, 'wf_node_templates');

  // A.3.4 节点参与者模板
  await knex.raw('CREATE TABLE wf_node_participants (id bigserial PRIMARY KEY)');
  await addColumns(knex, 'wf_node_participants', [
    [
      'node_template_id',
      'bigint NOT NULL REFERENCES wf_node_templates(id) ON DELETE CASCADE',
      '节点模板编号',
    ],
    [
      'role_code',
      'text NOT NULL',
      '参与者角色编号（人员角色代码，或 variable 类型时保存用户名列表的流程变量名）',
    ],
    [
      'role_type',
      `text NOT NULL ${inList('role_type', ['district', 'city', 'province', 'process', 'variable'])}`,
      '参与者角色类型：district 区县、city 市、province 省（候选人所在层级）、process 流程实例所在地区、variable 流程变量中的用户',
    ],
    ['position', 'smallint NOT NULL DEFAULT 0', '顺序（第一个角色参与者为任务的候选角色）'],
  ]);
  await commentColumns(knex, 'wf_node_participants', { id: '参与者编号' });
  await commentTable(knex, 'wf_node_participants', 'A.3.4 节点参与者模板');
  await knex.raw('CREATE INDEX wf_node_participants_node ON wf_node_participants (node_template_id)');
  await addBookkeeping(knex, 'wf_node_participants');
  await enableAudit(knex, 'wf_node_participants');

  // A.3.5 节点关联模板
  await knex.raw('CREATE TABLE wf_transitions (id bigserial PRIMARY KEY)');
  await addColumns(knex, 'wf_transitions', [
    ['template_id', 'bigint NOT NULL REFERENCES wf_process_templates(id) ON DELETE CASCADE', '流程模板编号'],
    ['from_node_id', 'bigint NOT NULL REFERENCES wf_node_templates(id) ON DELETE CASCADE', '前导节点编号'],
    ['to_node_id', 'bigint NOT NULL REFERENCES wf_node_templates(id) ON DELETE CASCADE', '后继节点编号'],
    ['priority', 'integer NOT NULL DEFAULT 0', '优先级（小者先判断）'],
    ['condition', 'text', '条件（规则表达式，基于流程变量；空为默认分支）'],
    ['name', 'text', '节点关联名称'],
    ['description', 'text', '节点关联描述'],
  ]);
  await commentColumns(knex, 'wf_transitions', { id: '节点关联编号' });
  await commentTable(knex, 'wf_transitions', 'A.3.5 节点关联模板');
  await knex.raw('CREATE INDEX wf_transitions_from ON wf_transitions (from_node_id)');
  await addBookkeeping(knex, 'wf_transitions');
  await enableAudit(knex, 'wf_transitions');

  // A.3.6 业务流程实例
  await knex.raw('CREATE TABLE wf_process_instances (id bigserial PRIMARY KEY)');
  await addColumns(knex, 'wf_process_instances', [
    ['template_id', 'bigint NOT NULL REFERENCES wf_process_templates(id)', '流程模板编号'],
    ['template_name', 'text NOT NULL', '流程模板名称'],
    ['name', 'text NOT NULL', '流程实例名称'],
    ['priority', 'integer NOT NULL DEFAULT 0', '优先级'],
    ['description', 'text', '描述'],
    ['business_category', 'text', '业务分类'],
    [
      'status',
      `text NOT NULL DEFAULT 'running' ${inList('status', ['running', 'completed', 'terminated'])}`,
      '当前状态：running 运行中、completed 已完成、terminated 已终止',
    ],
    ['started_at', 'timestamptz NOT NULL DEFAULT now()', '启动时间'],
    ['completed_at', 'timestamptz', '完成时间'],
    ['process_type', 'text NOT NULL', '流程类型（流程键，如 admission）'],
    ['precondition', 'text', '前置条件'],
    ['postcondition', 'text', '后置条件'],
    ['extension', `jsonb NOT NULL DEFAULT '{}'`, '扩展属性'],
    ['version', 'integer NOT NULL', '流程版本号'],
    ['business_type', 'text NOT NULL', '业务对象类型（如 household）'],
    ['business_id', 'bigint NOT NULL', '业务对象编号（如 households.id）'],
    ['region_code', 'region_code NOT NULL REFERENCES regions(code)', '行政区划代码（业务所在地区）'],
    ['variables', `jsonb NOT NULL DEFAULT '{}'`, '流程变量'],
    ['outcome', 'text', '结果（结束节点的 outcome，如 approved、denied）'],
  ]);
  await commentColumns(knex, 'wf_process_instances', { id: '流程实例编号' });
  await commentTable(knex, 'wf_process_instances', 'A.3.6 业务流程实例');
  await knex.raw(`ALTER TABLE wf_process_instances ADD CONSTRAINT wf_process_instances_done
    CHECK ((status = 'running') = (completed_at IS NULL))`);
  await knex.raw(`CREATE UNIQUE INDEX wf_process_instances_one_running
    ON wf_process_instances (business_type, business_id) WHERE status = 'running'`);
  await knex.raw(
    'CREATE INDEX wf_process_instances_business ON wf_process_instances (business_type, business_id)',
  );
  await knex.raw('CREATE INDEX wf_process_instances_region ON wf_process_instances (region_code)');
  // The inbox's search by application number (part of the instance name).
  await knex.raw(
    'CREATE INDEX wf_process_instances_name_trgm ON wf_process_instances USING gin (name gin_trgm_ops)',
  );
  await knex.raw('CREATE INDEX wf_process_instances_template ON wf_process_instances (template_id, status)');
  await addBookkeeping(knex, 'wf_process_instances');
  await enableAudit(knex, 'wf_process_instances');

  // A.3.7 业务节点实例
  await knex.raw('CREATE TABLE wf_node_instances (id bigserial PRIMARY KEY)');
  await addColumns(knex, 'wf_node_instances', [
    [
      'process_instance_id',
      'bigint NOT NULL REFERENCES wf_process_instances(id) ON DELETE CASCADE',
      '流程实例编号',
    ],
    ['previous_id', 'bigint REFERENCES wf_node_instances(id)', '前一节点实例编号'],
    ['node_template_id', 'bigint NOT NULL REFERENCES wf_node_templates(id)', '节点模板编号'],
    ['node_key', 'text NOT NULL', '节点键（节点模板的 node_key，便于按阶段查询）'],
    ['name', 'text NOT NULL', '实例名称'],
    ['node_type', `text NOT NULL ${inList('node_type', NODE_TYPES)}`, '实例类型（节点类型）'],
    ['extension', `jsonb NOT NULL DEFAULT '{}'`, '扩展属性（如会签结果、汇聚已到达的分支）'],
    [
      'status',
      `text NOT NULL DEFAULT 'active' ${inList('status', ['active', 'completed', 'returned', 'withdrawn', 'cancelled'])}`,
      '当前状态：active 进行中、completed 已完成、returned 已退回、withdrawn 已撤回、cancelled 已取消',
    ],
    ['entered_at', 'timestamptz NOT NULL DEFAULT now()', '创建时间（进入节点的时间）'],
    ['completed_at', 'timestamptz', '完成时间'],
    ['precondition', 'text', '前置条件'],
    ['postcondition', 'text', '后置条件'],
    ['priority', 'integer NOT NULL DEFAULT 0', '优先级'],
    ['description', 'text', '描述'],
    ['region_code', 'region_code NOT NULL', '行政区划代码（所属流程实例的地区）'],
    ['decision', 'text', '节点的决定（任务的决定或会签的汇总结果）'],
  ]);
  await commentColumns(knex, 'wf_node_instances', { id: '节点实例编号' });
  await commentTable(knex, 'wf_node_instances', 'A.3.7 业务节点实例');
  await knex.raw(`ALTER TABLE wf_node_instances ADD CONSTRAINT wf_node_instances_done
    CHECK ((status = 'active') = (completed_at IS NULL))`);
  await knex.raw('CREATE INDEX wf_node_instances_process ON wf_node_instances (process_instance_id)');
  await knex.raw('CREATE INDEX wf_node_instances_previous ON wf_node_instances (previous_id)');
  await knex.raw(`CREATE INDEX wf_node_instances_active ON wf_node_instances (node_template_id, region_code)
    WHERE status = 'active'`);
  await addBookkeeping(knex, 'wf_node_instances');
  await enableAudit(knex, 'wf_node_instances');

  // Work items of task and countersign nodes (not in Appendix A).
  await knex.raw('CREATE TABLE wf_tasks (id bigserial PRIMARY KEY)');
  await addColumns(knex, 'wf_tasks', [
    [
      'node_instance_id',
      'bigint NOT NULL REFERENCES wf_node_instances(id) ON DELETE CASCADE',
      '节点实例编号',
    ],
    [
      'process_instance_id',
      'bigint NOT NULL REFERENCES wf_process_instances(id) ON DELETE CASCADE',
      '流程实例编号',
    ],
    ['node_key', 'text NOT NULL', '节点键'],
    ['region_code', 'region_code NOT NULL', '行政区划代码（候选人所在地区；超时升级时改为上级地区）'],
    ['home_region_code', 'region_code NOT NULL', '行政区划代码（任务创建时候选人所在地区）'],
    ['candidate_role', 'text', '候选角色'],
    ['candidate_users', `text[] NOT NULL DEFAULT '{}'`, '候选用户（流程变量指定的用户名）'],
    ['assignee', 'text', '办理人（认领或被委托的用户名）'],
    ['owner', 'text', '原办理人（委托前的办理人）'],
    [
      'status',
      `text NOT NULL DEFAULT 'open' ${inList('status', ['open', 'claimed', 'completed', 'cancelled'])}`,
      '状态：open 待认领、claimed 已认领、completed 已办结、cancelled 已取消',
    ],
    ['decision', 'text', '决定（如 approve、pass）'],
    ['comment', 'text', '办理意见'],
    ['due_at', 'timestamptz', '办理期限'],
    ['overdue', 'boolean NOT NULL DEFAULT false', '是否超时'],
    ['escalation_level', 'smallint NOT NULL DEFAULT 0 CHECK (escalation_level >= 0)', '升级次数'],
    ['claimed_at', 'timestamptz', '认领时间'],
    ['completed_at', 'timestamptz', '办结时间'],
    ['version', 'integer NOT NULL DEFAULT 1', '版本（乐观锁，每次变更加一）'],
  ]);
  await commentColumns(knex, 'wf_tasks', { id: '任务编号' });
  await commentTable(knex, 'wf_tasks', '流程任务（任务与会签节点的待办）');
  await knex.raw(`ALTER TABLE wf_tasks ADD CONSTRAINT wf_tasks_claimed
    CHECK (status NOT IN ('claimed') OR assignee IS NOT NULL)`);
  await knex.raw(`ALTER TABLE wf_tasks ADD CONSTRAINT wf_tasks_completed
    CHECK ((status = 'completed') = (completed_at IS NOT NULL))`);
  // The inbox: candidates by role and region, tasks of an assignee, candidates by user name.
  // INCLUDE: the inbox sorts and filters its candidates from the index alone (no heap visit per task).
  const inboxColumns = 'INCLUDE (id, due_at, node_key, overdue, process_instance_id)';
  await knex.raw(`CREATE INDEX wf_tasks_inbox_role ON wf_tasks (candidate_role, region_code) ${inboxColumns}
    WHERE status = 'open' AND assignee IS NULL`);
  await knex.raw(`CREATE INDEX wf_tasks_inbox_escalated ON wf_tasks (candidate_role, home_region_code) ${inboxColumns}
    WHERE status = 'open' AND assignee IS NULL AND escalation_level > 0`);
  await knex.raw(
    `CREATE INDEX wf_tasks_assignee ON wf_tasks (assignee) ${inboxColumns} WHERE status IN ('open', 'claimed')`,
  );
  await knex.raw(`CREATE INDEX wf_tasks_candidate_users ON wf_tasks USING gin (candidate_users)
    WHERE status = 'open'`);
  await knex.raw('CREATE INDEX wf_tasks_node_instance ON wf_tasks (node_instance_id)');
  await knex.raw('CREATE INDEX wf_tasks_process ON wf_tasks (process_instance_id)');
  await knex.raw(
    `CREATE INDEX wf_tasks_overdue ON wf_tasks (region_code) WHERE overdue AND status IN ('open', 'claimed')`,
  );
  await addBookkeeping(knex, 'wf_tasks');
  await enableAudit(knex, 'wf_tasks');

  // Append-only history: the timeline of an instance. The application may only add and read.
  await knex.raw('CREATE TABLE wf_events (id bigserial PRIMARY KEY)');
  await addColumns(knex, 'wf_events', [
    [
      'type',
      `text NOT NULL ${inList('type', [
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
      ])}`,
      '事件类型',
    ],
    ['process_instance_id', 'bigint NOT NULL REFERENCES wf_process_instances(id)', '流程实例编号'],
    ['node_instance_id', 'bigint REFERENCES wf_node_instances(id)', '节点实例编号'],
    ['task_id', 'bigint REFERENCES wf_tasks(id)', '任务编号'],
    ['node_key', 'text', '节点键'],
    ['actor', 'text NOT NULL', '操作人（用户名，定时任务为 system）'],
    ['at', 'timestamptz NOT NULL DEFAULT clock_timestamp()', '发生时间'],
    ['decision', 'text', '决定'],
    ['comment', 'text', '意见'],
    ['data', `jsonb NOT NULL DEFAULT '{}'`, '其他数据'],
    ['region_code', 'region_code NOT NULL', '行政区划代码'],
  ]);
  await commentTable(knex, 'wf_events', '流程事件历史（只可追加）');
  await knex.raw('CREATE INDEX wf_events_process ON wf_events (process_instance_id, id)');
  await knex.raw(`
    CREATE FUNCTION wf_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION 'wf_events is append-only' USING ERRCODE = 'insufficient_privilege'; END $$`);
  await knex.raw(`CREATE TRIGGER wf_events_no_change BEFORE UPDATE OR DELETE ON wf_events
    FOR EACH ROW EXECUTE FUNCTION wf_events_append_only()`);
  await knex.raw(`CREATE TRIGGER wf_events_no_truncate BEFORE TRUNCATE ON wf_events
    FOR EACH STATEMENT EXECUTE FUNCTION wf_events_append_only()`);
  await knex.raw('REVOKE UPDATE, DELETE, TRUNCATE ON wf_events FROM hss_app');

  // The job queue of timers and SLA escalations: rows, so they survive a restart of the server.
  await knex.raw('CREATE TABLE wf_jobs (id bigserial PRIMARY KEY)');
  await addColumns(knex, 'wf_jobs', [
    [
      'kind',
      `text NOT NULL ${inList('kind', ['timer', 'sla'])}`,
      '任务种类：timer 定时节点到期、sla 办理期限到期',
    ],
    ['run_at', 'timestamptz NOT NULL', '执行时间'],
    ['payload', `jsonb NOT NULL DEFAULT '{}'`, '其他参数'],
    [
      'node_instance_id',
      'bigint REFERENCES wf_node_instances(id) ON DELETE CASCADE',
      '节点实例编号（定时节点）',
    ],
    ['task_id', 'bigint REFERENCES wf_tasks(id) ON DELETE CASCADE', '任务编号（办理期限）'],
    ['locked_by', 'text', '执行者（进程标识）'],
    ['locked_until', 'timestamptz', '锁定至'],
    ['attempts', 'integer NOT NULL DEFAULT 0', '尝试次数'],
    ['done_at', 'timestamptz', '完成时间（取消的任务也记完成）'],
    ['last_error', 'text', '最近一次错误'],
    ['created_at', 'timestamptz NOT NULL DEFAULT now()', '增加时间'],
  ]);
  await commentTable(knex, 'wf_jobs', '流程定时任务队列（定时节点与超时升级）');
  await knex.raw('CREATE INDEX wf_jobs_due ON wf_jobs (run_at) WHERE done_at IS NULL');
  await knex.raw('CREATE INDEX wf_jobs_node_instance ON wf_jobs (node_instance_id) WHERE done_at IS NULL');
  await knex.raw('CREATE INDEX wf_jobs_task ON wf_jobs (task_id) WHERE done_at IS NULL');
  // A new job wakes the workers at once (delivered on commit) instead of at their next poll.
  await knex.raw(`
    CREATE FUNCTION wf_jobs_notify() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN PERFORM pg_notify('wf_jobs', ''); RETURN NULL; END $$`);
  await knex.raw(`CREATE TRIGGER wf_jobs_notify AFTER INSERT ON wf_jobs
    FOR EACH STATEMENT EXECUTE FUNCTION wf_jobs_notify()`);
}

export async function down(knex: Knex): Promise<void> {
  for (const table of [
    'wf_jobs',
    'wf_events',
    'wf_tasks',
    'wf_node_instances',
    'wf_process_instances',
    'wf_transitions',
    'wf_node_participants',
    'wf_node_templates',
    'wf_process_templates',
  ])
    await knex.raw(`DROP TABLE IF EXISTS ${table} CASCADE`);
  await knex.raw('DROP FUNCTION IF EXISTS wf_events_append_only()');
  await knex.raw('DROP FUNCTION IF EXISTS wf_jobs_notify()');
}
