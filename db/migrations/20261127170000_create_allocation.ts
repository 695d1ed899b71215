/**
 * The spine of allocation and deployment (CJJ/T 196 ch. 9–10): plans, the verifiable lottery, the allocation order
 * and online unit selection. Ledgers, contracts, subsidies and the support side have their own migrations.
 * - `allocation_plans` (A.6.5): a plan per security mode and period, drafted from the ordered waiting list;
 *   published, it is handed to deployment (order, draw, selection or subsidies).
 * - `allocation_plan_households` (A.6.6) and `allocation_plan_resources` (A.6.9): its households and its resources
 *   (units or subsidy amounts) with their status. A household or a unit is in at most one live plan (partial unique
 *   indexes), so two plans can never promise the same flat.
 * - `lottery_draws` + `lottery_entries` (the frozen roster) + `lottery_results` (the drawn positions): a draw is
 *   committed (roster hash and seed commitment published) before it is drawn; once drawn it can never change or be
 *   re-run (trigger guard, no UPDATE/DELETE for the application role on entries and results, one draw per plan).
 * - `allocation_orders` (A.7.1): the order in which the plan's households choose (配给顺序, 配给分组).
 * - `selection_sessions` + `selection_turns` + `unit_selections` (A.7.2): the live online selection; a unit and a
 *   household are each in at most one active selection (partial unique indexes), whatever the application does.
 */
import type { Knex } from 'knex';
import { addBookkeeping, addColumns, commentTable, enableAudit, type ColumnSpec } from '../helpers.ts';

const money = (column: string) => `numeric(14,2) CHECK (${column} >= 0)`;
const area = (column: string) => `numeric(12,2) CHECK (${column} >= 0)`;
const inList = (column: string, values: readonly string[]) =>
  `CHECK (${column} IN (${values.map((v) => `'${v}'`).join(', ')}))`;
const REGION: ColumnSpec = ['region_code', 'region_code NOT NULL REFERENCES regions(code)', '行政区划代码'];

export const PLAN_STATUSES = ['draft', 'published', 'closed', 'cancelled'] as const;
export const PLAN_HOUSEHOLD_STATUSES = ['planned', 'allocated', 'forfeited', 'withdrawn'] as const;
export const PLAN_RESOURCE_STATUSES = ['available', 'allocated', 'withdrawn'] as const;

/** A household row's identity as the composite foreign key keeps it (as registration's tables do). */
const household = (comment: string): ColumnSpec[] => [
  ['household_id', 'bigint NOT NULL', comment],
  ['application_no', 'text NOT NULL', '申请编号'],
  ['registration_year', 'smallint NOT NULL', '准入登记年度'],
  ['region_code', 'region_code NOT NULL', '行政区划代码（随申请家庭）'],
];

async function ownedByHousehold(knex: Knex, table: string): Promise<void> {
  await knex.raw(
    `ALTER TABLE ?? ADD CONSTRAINT ?? FOREIGN KEY (household_id, application_no, registration_year, region_code)
       REFERENCES households (id, application_no, registration_year, region_code) ON UPDATE CASCADE`,
    [table, `${table}_household_fk`],
  );
  await knex.raw(`CREATE INDEX ?? ON ?? (household_id)`, [`${table}_household`, table]);
  await knex.raw(`CREATE INDEX ?? ON ?? (region_code)`, [`${table}_region`, table]);
}

async function createPlans(knex: Knex): Promise<void> {
  await knex.raw('CREATE SEQUENCE allocation_plan_no');
  await knex.raw('CREATE TABLE allocation_plans (id bigserial PRIMARY KEY)');
  await addColumns(knex, 'allocation_plans', [
    ['plan_no', 'text NOT NULL UNIQUE', '方案编号（PZ- 年份- 序号）'],
    ['mode_code', 'text NOT NULL', '保障方式（保障方式编号，A.1.2）'],
    ['project_code', 'text NOT NULL', '保障项目编号（A.1.1）'],
    ['name', 'text NOT NULL', '方案名称'],
    [
      'period_type',
      `text NOT NULL ${inList('period_type', ['month', 'quarter', 'half_year', 'year', 'batch'])}`,
      '期别类型：month 月、quarter 季、half_year 半年、year 年、batch 批次',
    ],
    ['period', 'text NOT NULL', '方案周期（如 2026-11、2026Q4、2026、2026-第3批）'],
    ['object_type', 'text NOT NULL', '保障对象类型（收入层次或特定群体，如 低收入家庭）'],
    ['total_households', 'integer NOT NULL DEFAULT 0 CHECK (total_households >= 0)', '本期保障总户数'],
    ['total_units', 'integer NOT NULL DEFAULT 0 CHECK (total_units >= 0)', '本期住房分配总套数'],
    ['total_area', `${area('total_area')} NOT NULL DEFAULT 0`, '本期住房分配总面积（平方米）'],
    ['total_subsidy', `${money('total_subsidy')} NOT NULL DEFAULT 0`, '本期补贴总金额（元）'],
    [
      'resource_kind',
      `text NOT NULL ${inList('resource_kind', ['units', 'subsidy'])}`,
      '配置资源：units 实物配租配售（房屋）、subsidy 货币补贴',
    ],
    ['mode_type', 'text', '保障方式类别（代码表 security_mode，取自保障方式）'],
    ['rule_version_id', 'bigint NOT NULL REFERENCES rule_versions(id)', '制定方案所用保障规则版本'],
    ['project_id', 'bigint REFERENCES projects(id)', '房源所在建设项目（实物配置时）'],
    ['starts_on', 'date NOT NULL', '分配开始日期'],
    ['ends_on', 'date NOT NULL', '分配结束日期'],
    ['status', `text NOT NULL DEFAULT 'draft' ${inList('status', PLAN_STATUSES)}`, '方案状态'],
    ['published_at', 'timestamptz', '发布时间（发布即交由配给管理执行，9.2.2 第 2 款）'],
    ['published_by', 'text', '发布人'],
    ['description', 'text', '说明'],
    REGION,
  ]);
  await knex.raw(`ALTER TABLE allocation_plans
    ADD CONSTRAINT allocation_plans_dates CHECK (ends_on >= starts_on),
    ADD CONSTRAINT allocation_plans_published CHECK ((status = 'draft') = (published_at IS NULL))`);
  await knex.raw('CREATE INDEX allocation_plans_region ON allocation_plans (region_code)');
  await addBookkeeping(knex, 'allocation_plans');
  await enableAudit(knex, 'allocation_plans');
  await commentTable(knex, 'allocation_plans', 'A.6.5 保障项目资源配置方案');

  await knex.raw('CREATE TABLE allocation_plan_households (id bigserial PRIMARY KEY)');
  await addColumns(knex, 'allocation_plan_households', [
    ...household('家庭编号（households.id）'),
    ['plan_id', 'bigint NOT NULL REFERENCES allocation_plans(id) ON DELETE CASCADE', '所属方案'],
    ['plan_no', 'text NOT NULL', '方案编号'],
    ['project_code', 'text NOT NULL', '保障项目编号'],
    ['mode_code', 'text NOT NULL', '保障方式（保障方式编号）'],
    [
      'status',
      `text NOT NULL DEFAULT 'planned' ${inList('status', PLAN_HOUSEHOLD_STATUSES)}`,
      '配置状态：planned 已列入、allocated 已分配、forfeited 放弃（未选房或弃选）、withdrawn 撤出',
    ],
    ['allocated_at', 'timestamptz', '分配时间'],
    ['waiting_rank', 'integer CHECK (waiting_rank >= 1)', '列入时的轮候排名'],
    ['score', 'numeric(12,4)', '列入时的轮候排序得分（排序规则）'],
    ['subsidy_amount', money('subsidy_amount'), '拟补贴金额（元/月；货币补贴方案）'],
  ]);
  await ownedByHousehold(knex, 'allocation_plan_households');
  await knex.raw(`ALTER TABLE allocation_plan_households
    ADD CONSTRAINT allocation_plan_households_once UNIQUE (plan_id, household_id),
    ADD CONSTRAINT allocation_plan_households_allocated CHECK ((status = 'allocated') = (allocated_at IS NOT NULL))`);
  // A household is in at most one live plan: two plans can never both promise it housing.
  await knex.raw(`CREATE UNIQUE INDEX allocation_plan_households_live ON allocation_plan_households (household_id)
    WHERE status IN ('planned', 'allocated')`);
  await addBookkeeping(knex, 'allocation_plan_households');
  await enableAudit(knex, 'allocation_plan_households');
  await commentTable(knex, 'allocation_plan_households', 'A.6.6 保障项目配置方案保障对象明细');

  await knex.raw('CREATE TABLE allocation_plan_resources (id bigserial PRIMARY KEY)');
  await addColumns(knex, 'allocation_plan_resources', [
    ['resource_no', 'text NOT NULL', '资源编号（房屋编号，或补贴资金的资金编号）'],
    [
      'resource_type',
      `text NOT NULL ${inList('resource_type', ['unit', 'subsidy'])}`,
      '资源类别：unit 房屋、subsidy 补贴资金',
    ],
    ['plan_id', 'bigint NOT NULL REFERENCES allocation_plans(id) ON DELETE CASCADE', '所属方案'],
    ['plan_no', 'text NOT NULL', '方案编号'],
    [
      'status',
      `text NOT NULL DEFAULT 'available' ${inList('status', PLAN_RESOURCE_STATUSES)}`,
      '配置状态：available 待分配、allocated 已分配、withdrawn 撤出',
    ],
    ['allocated_on', 'date', '分配日期'],
    ['unit_id', 'bigint REFERENCES housing_units(id)', '房屋（资源类别为房屋时）'],
    ['floor_area', area('floor_area'), '建筑面积（平方米；房屋）'],
    ['amount', money('amount'), '金额（元；补贴资金）'],
    REGION,
  ]);
  await knex.raw(`ALTER TABLE allocation_plan_resources
    ADD CONSTRAINT allocation_plan_resources_kind CHECK ((resource_type = 'unit') = (unit_id IS NOT NULL)),
    ADD CONSTRAINT allocation_plan_resources_once UNIQUE (plan_id, resource_no),
    ADD CONSTRAINT allocation_plan_resources_allocated CHECK ((status = 'allocated') = (allocated_on IS NOT NULL))`);
  // A unit is in at most one live plan.
  await knex.raw(`CREATE UNIQUE INDEX allocation_plan_resources_live_unit ON allocation_plan_resources (unit_id)
    WHERE unit_id IS NOT NULL AND status IN ('available', 'allocated')`);
  await knex.raw('CREATE INDEX allocation_plan_resources_region ON allocation_plan_resources (region_code)');
  await addBookkeeping(knex, 'allocation_plan_resources');
  await enableAudit(knex, 'allocation_plan_resources');
  await commentTable(knex, 'allocation_plan_resources', 'A.6.9 资源配置方案明细');
}

/** Refuses every change to a table written once (a drawn roster, drawn positions). */
const APPEND_ONLY = `
CREATE FUNCTION lottery_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION USING ERRCODE = 'HS409', MESSAGE = format('lottery_immutable: %s is append-only', TG_TABLE_NAME); END $$`;

/**
 * A draw moves once, from committed to drawn, filling only the reveal columns; a drawn or cancelled draw never
 * changes, and no draw is ever deleted. A committed draw may be cancelled (with a reason) before it is drawn.
 */
const DRAW_GUARD = `
CREATE FUNCTION lottery_draw_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  reveal text[] := ARRAY['status', 'contributions', 'server_secret', 'seed', 'result_hash', 'drawn_at', 'drawn_by',
                         'cancel_reason', 'updated_at', 'updated_by'];
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION USING ERRCODE = 'HS409', MESSAGE = format('lottery_immutable: draw %s cannot be deleted', OLD.draw_no);
  END IF;
  IF OLD.status <> 'committed' OR NEW.status NOT IN ('committed', 'drawn', 'cancelled')
     OR to_jsonb(NEW) - reveal <> to_jsonb(OLD) - reveal THEN
    RAISE EXCEPTION USING ERRCODE = 'HS409', MESSAGE = format('lottery_immutable: draw %s is %s', OLD.draw_no, OLD.status);
  END IF;
  RETURN NEW;
END $$`;

async function createLottery(knex: Knex): Promise<void> {
  await knex.raw(APPEND_ONLY);
  await knex.raw(DRAW_GUARD);
  await knex.raw('CREATE SEQUENCE lottery_draw_no');
  await knex.raw('CREATE TABLE lottery_draws (id bigserial PRIMARY KEY)');
  await addColumns(knex, 'lottery_draws', [
    ['draw_no', 'text NOT NULL UNIQUE', '摇号编号（YH- 年份- 序号，公开）'],
    ['plan_id', 'bigint NOT NULL REFERENCES allocation_plans(id)', '配置方案'],
    ['title', 'text NOT NULL', '摇号名称'],
    [
      'status',
      `text NOT NULL DEFAULT 'committed' ${inList('status', ['committed', 'drawn', 'cancelled'])}`,
      '状态：committed 已公布名单与承诺、drawn 已摇号、cancelled 已撤销（仅限摇号前）',
    ],
    ['algorithm', 'text NOT NULL', '算法标识（如 hss-lottery-v1，文档化的确定性算法）'],
    ['roster_size', 'integer NOT NULL CHECK (roster_size >= 0)', '名单人数'],
    ['roster_hash', 'text NOT NULL', '冻结名单的 SHA-256（摇号前公布）'],
    ['seed_commitment', 'text NOT NULL', '服务器密钥的 SHA-256 承诺（摇号前公布）'],
    ['scheduled_at', 'timestamptz', '计划摇号时间'],
    ['committed_at', 'timestamptz NOT NULL DEFAULT now()', '名单冻结与承诺公布时间'],
    ['contributions', `jsonb NOT NULL DEFAULT '[]'`, '种子贡献（各方代表录入的数字，摇号时公布）'],
    ['server_secret', 'text', '服务器密钥（摇号时揭示；之前绝不对外）'],
    ['seed', 'text', '最终种子（由贡献与密钥按算法合成）'],
    ['result_hash', 'text', '摇号结果（顺序）的 SHA-256'],
    ['drawn_at', 'timestamptz', '摇号时间'],
    ['drawn_by', 'text', '摇号操作人'],
    ['cancel_reason', 'text', '撤销原因'],
    REGION,
  ]);
  await knex.raw(`ALTER TABLE lottery_draws
    ADD CONSTRAINT lottery_draws_drawn CHECK ((status = 'drawn') = (seed IS NOT NULL AND server_secret IS NOT NULL
      AND result_hash IS NOT NULL AND drawn_at IS NOT NULL)),
    ADD CONSTRAINT lottery_draws_cancelled CHECK ((status = 'cancelled') = (cancel_reason IS NOT NULL))`);
  // One live draw per plan: a draw is never silently re-run (a cancelled one may be replaced, in the open).
  await knex.raw(
    `CREATE UNIQUE INDEX lottery_draws_one_per_plan ON lottery_draws (plan_id) WHERE status <> 'cancelled'`,
  );
  await knex.raw('CREATE INDEX lottery_draws_region ON lottery_draws (region_code)');
  await addBookkeeping(knex, 'lottery_draws');
  await enableAudit(knex, 'lottery_draws', { exclude: ['server_secret'] });
  await knex.raw(`CREATE TRIGGER lottery_draws_guard BEFORE UPDATE OR DELETE ON lottery_draws
    FOR EACH ROW EXECUTE FUNCTION lottery_draw_guard()`);
  await commentTable(knex, 'lottery_draws', '摇号（可公开验证：先公布名单哈希与种子承诺，再公布种子与顺序）');

  await knex.raw('CREATE TABLE lottery_entries (id bigserial PRIMARY KEY)');
  await addColumns(knex, 'lottery_entries', [
    ['draw_id', 'bigint NOT NULL REFERENCES lottery_draws(id)', '摇号'],
    [
      'roster_index',
      'integer NOT NULL CHECK (roster_index >= 0)',
      '冻结名单中的序号（从 0 起，名单哈希按此序）',
    ],
    ['entry_code', 'text NOT NULL', '公开编码（由申请编号与摇号编号派生，不含个人信息）'],
    ['cohort', 'text NOT NULL', '分组（同分并列组或配给分组；组内由摇号定序）'],
    ['cohort_rank', 'integer NOT NULL CHECK (cohort_rank >= 1)', '分组的先后（排序规则决定）'],
    ['score', 'numeric(12,4)', '轮候排序得分'],
    ['household_id', 'bigint NOT NULL REFERENCES households(id)', '申请家庭（不公开）'],
    ['application_no', 'text NOT NULL', '申请编号（不公开；本人凭其核对）'],
  ]);
  await knex.raw(`ALTER TABLE lottery_entries
    ADD CONSTRAINT lottery_entries_index UNIQUE (draw_id, roster_index),
    ADD CONSTRAINT lottery_entries_code UNIQUE (draw_id, entry_code),
    ADD CONSTRAINT lottery_entries_household UNIQUE (draw_id, household_id)`);
  await commentTable(knex, 'lottery_entries', '摇号冻结名单（只可追加）');

  await knex.raw('CREATE TABLE lottery_results (id bigserial PRIMARY KEY)');
  await addColumns(knex, 'lottery_results', [
    ['draw_id', 'bigint NOT NULL REFERENCES lottery_draws(id)', '摇号'],
    ['position', 'integer NOT NULL CHECK (position >= 1)', '摇号后的顺序（从 1 起）'],
    ['roster_index', 'integer NOT NULL', '名单序号'],
  ]);
  await knex.raw(`ALTER TABLE lottery_results
    ADD CONSTRAINT lottery_results_position UNIQUE (draw_id, position),
    ADD CONSTRAINT lottery_results_entry UNIQUE (draw_id, roster_index),
    ADD CONSTRAINT lottery_results_entry_fk FOREIGN KEY (draw_id, roster_index)
      REFERENCES lottery_entries (draw_id, roster_index)`);
  await commentTable(knex, 'lottery_results', '摇号结果（只可追加）');

  for (const table of ['lottery_entries', 'lottery_results']) {
    await knex.raw(
      `CREATE TRIGGER ?? BEFORE UPDATE OR DELETE ON ?? FOR EACH ROW EXECUTE FUNCTION lottery_append_only()`,
      [`${table}_no_change`, table],
    );
    await knex.raw(
      `CREATE TRIGGER ?? BEFORE TRUNCATE ON ?? FOR EACH STATEMENT EXECUTE FUNCTION lottery_append_only()`,
      [`${table}_no_truncate`, table],
    );
    await knex.raw(`REVOKE UPDATE, DELETE, TRUNCATE ON ?? FROM hss_app`, [table]);
  }
}

async function createOrders(knex: Knex): Promise<void> {
  await knex.raw('CREATE TABLE allocation_orders (id bigserial PRIMARY KEY)');
  await addColumns(knex, 'allocation_orders', [
    ...household('申请家庭（households.id）'),
    ['plan_id', 'bigint NOT NULL REFERENCES allocation_plans(id)', '配置方案'],
    ['draw_id', 'bigint REFERENCES lottery_draws(id)', '定序所用摇号（无并列时为空）'],
    ['order_no', 'integer NOT NULL CHECK (order_no >= 1)', '配给顺序（从 1 起）'],
    ['group_name', 'text NOT NULL', '配给分组'],
  ]);
  await knex.raw(`COMMENT ON COLUMN allocation_orders.application_no IS '申请人编号（申请编号）'`);
  await ownedByHousehold(knex, 'allocation_orders');
  await knex.raw(`ALTER TABLE allocation_orders
    ADD CONSTRAINT allocation_orders_position UNIQUE (plan_id, order_no),
    ADD CONSTRAINT allocation_orders_household_once UNIQUE (plan_id, household_id)`);
  await addBookkeeping(knex, 'allocation_orders');
  await enableAudit(knex, 'allocation_orders');
  await commentTable(knex, 'allocation_orders', 'A.7.1 保障对象配给顺序');
}

async function createSelection(knex: Knex): Promise<void> {
  await knex.raw('CREATE TABLE selection_sessions (id bigserial PRIMARY KEY)');
  await addColumns(knex, 'selection_sessions', [
    ['session_no', 'text NOT NULL UNIQUE', '选房场次编号'],
    ['plan_id', 'bigint NOT NULL REFERENCES allocation_plans(id)', '配置方案'],
    ['title', 'text NOT NULL', '选房场次名称'],
    [
      'status',
      `text NOT NULL DEFAULT 'scheduled' ${inList('status', ['scheduled', 'open', 'paused', 'closed'])}`,
      '状态：scheduled 待开始、open 进行中、paused 暂停、closed 已结束',
    ],
    ['turn_seconds', 'integer NOT NULL CHECK (turn_seconds BETWEEN 10 AND 86400)', '每户选房时限（秒）'],
    ['max_skips', 'smallint NOT NULL DEFAULT 1 CHECK (max_skips >= 0)', '超时顺延次数（超过即视为放弃）'],
    ['starts_at', 'timestamptz', '开始时间'],
    ['closed_at', 'timestamptz', '结束时间'],
    ['current_turn_id', 'bigint', '当前轮次'],
    ['version', 'integer NOT NULL DEFAULT 0', '版本（每次状态变化加一，供实时推送排序）'],
    REGION,
  ]);
  await knex.raw('CREATE INDEX selection_sessions_region ON selection_sessions (region_code)');
  await knex.raw('CREATE INDEX selection_sessions_plan ON selection_sessions (plan_id)');
  await addBookkeeping(knex, 'selection_sessions');
  await enableAudit(knex, 'selection_sessions');
  await commentTable(knex, 'selection_sessions', '选房场次（网上选房）');

  await knex.raw('CREATE TABLE selection_turns (id bigserial PRIMARY KEY)');
  await addColumns(knex, 'selection_turns', [
    ['session_id', 'bigint NOT NULL REFERENCES selection_sessions(id)', '选房场次'],
    ['order_id', 'bigint NOT NULL REFERENCES allocation_orders(id)', '配给顺序'],
    ['order_no', 'integer NOT NULL', '配给顺序号'],
    ['household_id', 'bigint NOT NULL REFERENCES households(id)', '申请家庭'],
    [
      'status',
      `text NOT NULL DEFAULT 'waiting' ${inList('status', ['waiting', 'active', 'picked', 'skipped', 'forfeited'])}`,
      '状态：waiting 未轮到、active 正在选房、picked 已选、skipped 超时顺延、forfeited 放弃',
    ],
    ['started_at', 'timestamptz', '本轮开始时间'],
    ['deadline', 'timestamptz', '本轮截止时间'],
    ['skips', 'smallint NOT NULL DEFAULT 0', '已顺延次数'],
    ['ended_at', 'timestamptz', '结束时间'],
    REGION,
  ]);
  await knex.raw(`ALTER TABLE selection_turns
    ADD CONSTRAINT selection_turns_once UNIQUE (session_id, household_id),
    ADD CONSTRAINT selection_turns_active CHECK ((status = 'active') = (deadline IS NOT NULL AND ended_at IS NULL))`);
  // Only one household has the turn in a session at a time.
  await knex.raw(
    `CREATE UNIQUE INDEX selection_turns_one_active ON selection_turns (session_id) WHERE status = 'active'`,
  );
  await knex.raw(
    'CREATE INDEX selection_turns_deadline ON selection_turns (deadline) WHERE status = ' + "'active'",
  );
  await addBookkeeping(knex, 'selection_turns');
  await enableAudit(knex, 'selection_turns');
  await commentTable(knex, 'selection_turns', '选房轮次（按配给顺序，含超时顺延与放弃）');

  await knex.raw('CREATE TABLE unit_selections (id bigserial PRIMARY KEY)');
  await addColumns(knex, 'unit_selections', [
    ...household('申请家庭（households.id）'),
    ['unit_id', 'bigint NOT NULL REFERENCES housing_units(id)', '房屋'],
    ['unit_no', 'text NOT NULL', '房屋编号'],
    ['session_id', 'bigint REFERENCES selection_sessions(id)', '选房场次'],
    ['turn_id', 'bigint REFERENCES selection_turns(id)', '选房轮次'],
    ['plan_id', 'bigint NOT NULL REFERENCES allocation_plans(id)', '配置方案'],
    [
      'status',
      `text NOT NULL DEFAULT 'active' ${inList('status', ['active', 'cancelled'])}`,
      '状态：active 有效、cancelled 已撤销（审核不通过或退房）',
    ],
    ['picked_at', 'timestamptz NOT NULL DEFAULT now()', '选房时间'],
    ['proxy_by', 'text', '代选人（工作人员代为选房时）'],
    ['proxy_reason', 'text', '代选原因'],
    ['is_reviewed', 'boolean NOT NULL DEFAULT false', '是否已审核'],
    ['reviewed_at', 'timestamptz', '审核时间'],
    ['reviewed_by', 'text', '审核人'],
    ['review_comment', 'text', '审核意见'],
    ['cancel_reason', 'text', '撤销原因'],
  ]);
  await knex.raw(`COMMENT ON COLUMN unit_selections.application_no IS '申请人编号（申请编号）'`);
  await ownedByHousehold(knex, 'unit_selections');
  await knex.raw(`ALTER TABLE unit_selections
    ADD CONSTRAINT unit_selections_reviewed CHECK (is_reviewed = (reviewed_at IS NOT NULL AND reviewed_by IS NOT NULL)),
    ADD CONSTRAINT unit_selections_cancelled CHECK ((status = 'cancelled') = (cancel_reason IS NOT NULL))`);
  // CJJ/T 196 10.2.1: no unit goes to two families and no family gets two units, whatever the application does.
  await knex.raw(
    `CREATE UNIQUE INDEX unit_selections_unit_once ON unit_selections (unit_id) WHERE status = 'active'`,
  );
  await knex.raw(
    `CREATE UNIQUE INDEX unit_selections_household_once ON unit_selections (household_id) WHERE status = 'active'`,
  );
  await knex.raw('CREATE INDEX unit_selections_session ON unit_selections (session_id)');
  await addBookkeeping(knex, 'unit_selections');
  await enableAudit(knex, 'unit_selections');
  await commentTable(knex, 'unit_selections', 'A.7.2 保障对象选房');
}

export async function up(knex: Knex): Promise<void> {
  await createPlans(knex);
  await createLottery(knex);
  await createOrders(knex);
  await createSelection(knex);
}

export async function down(knex: Knex): Promise<void> {
  for (const table of [
    'unit_selections',
    'selection_turns',
    'selection_sessions',
    'allocation_orders',
    'lottery_results',
    'lottery_entries',
    'lottery_draws',
    'allocation_plan_resources',
    'allocation_plan_households',
    'allocation_plans',
  ])
    await knex.raw(`DROP TABLE IF EXISTS ${table} CASCADE`);
  await knex.raw('DROP SEQUENCE IF EXISTS allocation_plan_no');
  await knex.raw('DROP SEQUENCE IF EXISTS lottery_draw_no');
  await knex.raw('DROP FUNCTION IF EXISTS lottery_draw_guard()');
  await knex.raw('DROP FUNCTION IF EXISTS lottery_append_only()');
}
