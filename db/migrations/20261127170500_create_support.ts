/**
 * The support side of allocation and deployment (CJJ/T 196 9.2.3, 9.3.1, 10.2.2; Appendix A.6.3, A.6.4, A.6.7,
 * A.6.8, A.7.8):
 * - `support_ledger_entries` (A.6.4 支持项目台账收支明细交换): funds and land in and out per support project and
 *   region, written by `support_ledger_post(...)` only. Entries are never changed or deleted (a mistake is corrected
 *   by a reversing entry), and none may be dated on or before the end of a closed period (closed books), so a closed
 *   ledger always agrees with its entries. Same shape as the security ledgers (20261127170100, A.6.1/A.6.2).
 * - `support_ledgers` (A.6.3 支持项目台账): one per region, support project and period, written when the
 *   period is closed from the entries; 期末 = 期初 + 本期增加 − 本期减少 holds by construction (generated columns),
 *   and a period's 期初 must equal the previous period's 期末 (trigger).
 * - `support_plans` (A.6.7 支持项目资源配置方案) and `support_plan_objects` (A.6.8 支持项目配置方案支持对象明细): a plan
 *   per support project/mode and period whose objects are approved supplier applications (A.3.17/A.3.18); an
 *   approval is in at most one live plan.
 * - `land_supplies` (A.7.8 土地供应记录信息): land supplied from a reserve parcel (宗地编号 = parcel_no), optionally to
 *   a project; supplying posts a land-out entry to the support ledger in the same transaction.
 */
import type { Knex } from 'knex';
import { addBookkeeping, addColumns, commentTable, enableAudit, type ColumnSpec } from '../helpers.ts';

const money = (column: string) => `numeric(14,2) NOT NULL DEFAULT 0 CHECK (${column} >= 0)`;
const area = (column: string) => `numeric(14,2) NOT NULL DEFAULT 0 CHECK (${column} >= 0)`;
const inList = (column: string, values: readonly string[]) =>
  `CHECK (${column} IN (${values.map((v) => `'${v}'`).join(', ')}))`;
const REGION: ColumnSpec = ['region_code', 'region_code NOT NULL REFERENCES regions(code)', '行政区划代码'];
/** A generated `no` column: prefix + year + six-digit sequence (as the supplier approvals' numbers). */
const numbered = (sequence: string, prefix: string) =>
  `text NOT NULL UNIQUE DEFAULT ('${prefix}' || to_char(now(), 'YYYY') || lpad(nextval('${sequence}')::text, 6, '0'))`;

export const PERIOD_TYPES = ['month', 'quarter', 'half_year', 'year'] as const;
export const RESOURCE_TYPES = ['funds', 'land'] as const;
export const SUPPORT_LEDGER_SOURCES = [
  'manual',
  'land_supply',
  'land_supply_cancelled',
  'land_supply_changed',
  'plan_allocation',
] as const;
export const SUPPORT_PLAN_STATUSES = ['draft', 'published', 'cancelled'] as const;
export const SUPPORT_OBJECT_STATUSES = ['planned', 'allocated', 'withdrawn'] as const;
/** 土地取得方式: the ways a land use right is obtained (土地管理法 第 54 条; 城镇国有土地使用权出让和转让暂行条例). */
export const ACQUISITION_METHODS = ['划拨', '出让', '租赁', '作价出资（入股）', '授权经营'] as const;

/** An advisory lock key: posting holds it shared, closing a period holds it exclusive ("SUPL"). */
export const SUPPORT_LEDGER_LOCK = 0x5355504c;

/** The significant digits of a 12-digit region code (province 2 … community 12), as server/access/scope.ts. */
const PREFIX_OF = (column: string) => `CASE
  WHEN substr(${column}, 3) = '0000000000' THEN left(${column}, 2)
  WHEN substr(${column}, 5) = '00000000' THEN left(${column}, 4)
  WHEN substr(${column}, 7) = '000000' THEN left(${column}, 6)
  WHEN substr(${column}, 10) = '000' THEN left(${column}, 9)
  ELSE ${column}::text END`;

async function createEntries(knex: Knex): Promise<void> {
  await knex.raw('CREATE SEQUENCE support_ledger_entry_no');
  await knex.raw('CREATE TABLE support_ledger_entries (id bigserial PRIMARY KEY)');
  await addColumns(knex, 'support_ledger_entries', [
    ['entry_no', 'text NOT NULL UNIQUE', '明细账编号（ZMX- 年份- 序号）'],
    ['batch_no', 'text', '交接批次编号（资金拨付批次、土地供应记录编号等）'],
    [
      'resource_type',
      `text NOT NULL ${inList('resource_type', RESOURCE_TYPES)}`,
      '资源类别：funds 资金、land 土地',
    ],
    [
      'ledger_class',
      `text NOT NULL DEFAULT 'support' CHECK (ledger_class = 'support')`,
      '台账分类（support 支持项目台账，9.2.3）',
    ],
    ['project_code', 'text NOT NULL', '支持项目编号（A.1.8；支持项目台账按支持项目分账）'],
    REGION,
    [
      'direction',
      `text NOT NULL ${inList('direction', ['in', 'out'])}`,
      '收支类型：in 收入（增加）、out 支出（减少）',
    ],
    ['amount', 'numeric(14,2) NOT NULL DEFAULT 0 CHECK (amount >= 0)', '金额（元）'],
    ['land_area', 'numeric(14,2) NOT NULL DEFAULT 0 CHECK (land_area >= 0)', '土地面积（平方米）'],
    ['received_on', 'date NOT NULL', '接收日期（记账日期）'],
    ['handed_by', 'text', '移交人'],
    ['received_by', 'text', '接收人'],
    [
      'source',
      `text NOT NULL ${inList('source', SUPPORT_LEDGER_SOURCES)}`,
      '来源：manual 手工登记、land_supply 土地供应、land_supply_cancelled 土地供应撤销（冲销）、land_supply_changed 土地供应面积更正、plan_allocation 支持对象配给（补贴支出）',
    ],
    ['source_id', 'bigint', '来源记录编号（土地供应记录、支持对象明细等的 id）'],
    ['note', 'text', '摘要'],
  ]);
  // One resource per entry: funds carry an amount, land an area (A.6.4 has both fields; 资源类别 says which).
  await knex.raw(`ALTER TABLE support_ledger_entries ADD CONSTRAINT support_ledger_entries_quantities CHECK (
    CASE resource_type WHEN 'funds' THEN amount > 0 AND land_area = 0 ELSE land_area > 0 AND amount = 0 END)`);
  await knex.raw(
    'CREATE INDEX support_ledger_entries_region ON support_ledger_entries (region_code, received_on)',
  );
  await knex.raw('CREATE INDEX support_ledger_entries_source ON support_ledger_entries (source, source_id)');
  await addBookkeeping(knex, 'support_ledger_entries');
  // Append-only: a posted entry is corrected by a reversing entry, never edited, so closed periods stay true.
  await knex.raw(`CREATE FUNCTION support_ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION USING ERRCODE = 'HS409', MESSAGE = 'ledger_immutable: ledger entries are append-only'; END $$`);
  await knex.raw(`CREATE TRIGGER support_ledger_entries_no_change BEFORE UPDATE OR DELETE ON support_ledger_entries
    FOR EACH ROW EXECUTE FUNCTION support_ledger_append_only()`);
  await knex.raw(`CREATE TRIGGER support_ledger_entries_no_truncate BEFORE TRUNCATE ON support_ledger_entries
    FOR EACH STATEMENT EXECUTE FUNCTION support_ledger_append_only()`);
  await knex.raw('REVOKE UPDATE, DELETE, TRUNCATE ON support_ledger_entries FROM hss_app');
  // As the security ledger's entries: an append-only record with 增加人, not copied into the operation log; the
  // changes that post them (manual posts, land supplies, allocations) are audited.
  await commentTable(knex, 'support_ledger_entries', 'A.6.4 支持项目台账收支明细交换');
}

/** Opening, in, out and the generated closing of one resource: 期末 = 期初 + 本期增加 − 本期减少. */
function balance(key: string, names: [string, string, string, string]): ColumnSpec[] {
  const [opening, added, removed, closing] = names;
  const type = 'numeric(16,2)';
  return [
    [`opening_${key}`, `${type} NOT NULL DEFAULT 0`, opening],
    [`${key}_in`, `${type} NOT NULL DEFAULT 0 CHECK (${key}_in >= 0)`, added],
    [`${key}_out`, `${type} NOT NULL DEFAULT 0 CHECK (${key}_out >= 0)`, removed],
    [
      `closing_${key}`,
      `${type} GENERATED ALWAYS AS (opening_${key} + ${key}_in - ${key}_out) STORED`,
      `${closing}（= 期初 + 本期增加 − 本期减少，自动生成）`,
    ],
  ];
}

/**
 * A closed ledger never changes, and its 期初 must be the 期末 of the previous period of the same region, support
 * project and period type (when that one is closed): the chain of periods reconciles by construction too.
 */
const LEDGER_GUARD = `
CREATE FUNCTION support_ledger_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE prev support_ledgers;
BEGIN
  IF TG_OP <> 'INSERT' THEN
    RAISE EXCEPTION USING ERRCODE = 'HS409', MESSAGE = format('ledger_closed: ledger %s is closed', OLD.ledger_no);
  END IF;
  SELECT * INTO prev FROM support_ledgers l
   WHERE l.region_code = NEW.region_code AND l.project_code = NEW.project_code
     AND l.period_type = NEW.period_type AND l.period_end = NEW.period_start - 1;
  IF FOUND AND (prev.closing_funds <> NEW.opening_funds OR prev.closing_land <> NEW.opening_land) THEN
    RAISE EXCEPTION USING ERRCODE = 'HS409',
      MESSAGE = format('ledger_opening: the opening of %s differs from the closing of %s', NEW.period, prev.period);
  END IF;
  RETURN NEW;
END $$`;

async function createLedgers(knex: Knex): Promise<void> {
  await knex.raw('CREATE TABLE support_ledgers (id bigserial PRIMARY KEY)');
  await addColumns(knex, 'support_ledgers', [
    ['ledger_no', 'text NOT NULL UNIQUE', '台账编号（ZTZ- 行政区划- 支持项目- 上报周期）'],
    [
      'ledger_class',
      `text NOT NULL DEFAULT 'support' CHECK (ledger_class = 'support')`,
      '台账分类（support 支持项目台账，9.2.3）',
    ],
    ['project_code', 'text NOT NULL', '支持项目编号（A.1.8；支持项目台账按支持项目分账）'],
    ...balance('funds', ['期初资金余额', '本期资金增加额', '本期资金减少额', '期末资金余额']),
    ...balance('land', ['期初土地面积余额', '本期土地增加面积', '本期土地减少面积', '期末土地面积余额']),
    [
      'period_type',
      `text NOT NULL ${inList('period_type', PERIOD_TYPES)}`,
      '周期类型：month 月、quarter 季、half_year 半年、year 年',
    ],
    ['period', 'text NOT NULL', '上报周期（如 2026-11、2026Q4、2026H2、2026）'],
    REGION,
    [
      'direction',
      `text GENERATED ALWAYS AS (CASE
        WHEN (funds_in > 0 OR land_in > 0) AND (funds_out > 0 OR land_out > 0) THEN 'both'
        WHEN funds_in > 0 OR land_in > 0 THEN 'in'
        WHEN funds_out > 0 OR land_out > 0 THEN 'out' ELSE 'none' END) STORED`,
      '收支类型（本期发生：in 仅收入、out 仅支出、both 收支均有、none 无发生；自动生成）',
    ],
    ['stat_date', 'date NOT NULL DEFAULT current_date', '统计日期（结账日期）'],
    ['period_start', 'date NOT NULL', '上报周期起始日期'],
    ['period_end', 'date NOT NULL', '上报周期终止日期'],
    ['entry_count', 'integer NOT NULL DEFAULT 0 CHECK (entry_count >= 0)', '本期明细笔数'],
    [
      'region_prefix',
      `text GENERATED ALWAYS AS (${PREFIX_OF('region_code')}) STORED`,
      '行政区划代码有效位（自动生成）',
    ],
  ]);
  await knex.raw(`ALTER TABLE support_ledgers
    ADD CONSTRAINT support_ledgers_dates CHECK (period_end >= period_start),
    ADD CONSTRAINT support_ledgers_once UNIQUE (region_code, project_code, period_type, period)`);
  await knex.raw('CREATE INDEX support_ledgers_region ON support_ledgers (region_code)');
  await knex.raw('CREATE INDEX support_ledgers_dates ON support_ledgers (period_start, period_end)');
  await knex.raw(LEDGER_GUARD);
  await knex.raw(`CREATE TRIGGER support_ledgers_guard BEFORE INSERT OR UPDATE OR DELETE ON support_ledgers
    FOR EACH ROW EXECUTE FUNCTION support_ledger_guard()`);
  await addBookkeeping(knex, 'support_ledgers');
  await enableAudit(knex, 'support_ledgers');
  await commentTable(knex, 'support_ledgers', 'A.6.3 支持项目台账');
}

/**
 * `support_ledger_post`: the one way a support entry is written (the API, land supplies, allocations, and other
 * subsystems' triggers alike). Refuses (HS409 → 409) a date on or before the end of a closed period of the
 * region and project: a later period's 期初 was computed from everything before it.
 */
const LEDGER_POST = `
CREATE FUNCTION support_ledger_post(
  p_region_code text,
  p_project_code text,
  p_resource_type text,
  p_direction text,
  p_received_on date DEFAULT current_date,
  p_amount numeric DEFAULT 0,
  p_land_area numeric DEFAULT 0,
  p_batch_no text DEFAULT NULL,
  p_handed_by text DEFAULT NULL,
  p_received_by text DEFAULT NULL,
  p_source text DEFAULT 'manual',
  p_source_id bigint DEFAULT NULL,
  p_note text DEFAULT NULL
) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
  day date := coalesce(p_received_on, current_date);
  closed text;
  new_id bigint;
BEGIN
  -- Shared with other posters, exclusive against closing: a period is never closed under a posting in flight.
  PERFORM pg_advisory_xact_lock_shared(${SUPPORT_LEDGER_LOCK});
  SELECT l.ledger_no INTO closed FROM support_ledgers l
   WHERE l.project_code = p_project_code AND day <= l.period_end AND p_region_code LIKE l.region_prefix || '%'
   ORDER BY l.period_end DESC LIMIT 1;
  IF closed IS NOT NULL THEN
    RAISE EXCEPTION USING ERRCODE = 'HS409',
      MESSAGE = format('ledger_period_closed: %s is not after closed ledger %s', day, closed);
  END IF;
  INSERT INTO support_ledger_entries (entry_no, batch_no, resource_type, project_code, region_code, direction,
      amount, land_area, received_on, handed_by, received_by, source, source_id, note)
  VALUES ('ZMX-' || extract(year FROM day)::int || '-' || lpad(nextval('support_ledger_entry_no')::text, 8, '0'),
      p_batch_no, p_resource_type, p_project_code, p_region_code, p_direction, coalesce(p_amount, 0),
      coalesce(p_land_area, 0), day, p_handed_by, coalesce(p_received_by, hss_actor()), p_source, p_source_id,
      p_note)
  RETURNING id INTO new_id;
  RETURN new_id;
END $$`;

async function createPlans(knex: Knex): Promise<void> {
  await knex.raw('CREATE SEQUENCE support_plan_no');
  await knex.raw('CREATE TABLE support_plans (id bigserial PRIMARY KEY)');
  await addColumns(knex, 'support_plans', [
    ['plan_no', numbered('support_plan_no', 'ZCFA'), '方案编号（ZCFA + 年份 + 序号，自动生成）'],
    ['name', 'text NOT NULL', '方案名称'],
    ['project_code', 'text NOT NULL', '支持项目编号（A.1.8）'],
    [
      'period_type',
      `text NOT NULL ${inList('period_type', [...PERIOD_TYPES, 'batch'])}`,
      '期别类型：month 月、quarter 季、half_year 半年、year 年、batch 批次',
    ],
    ['period', 'text NOT NULL', '方案周期（如 2026-11、2026Q4、2026、2026-第3批）'],
    ['mode_code', 'text NOT NULL', '支持方式（支持方式编号，A.1.9）'],
    ['object_type', 'text', '支持对象类型（取自支持项目，如 房地产开发企业）'],
    ['total_objects', 'integer NOT NULL DEFAULT 0 CHECK (total_objects >= 0)', '本期支持对象数量'],
    ['total_land_area', area('total_land_area'), '本期土地分配总面积（平方米）'],
    ['total_subsidy', money('total_subsidy'), '本期补贴总金额（元）'],
    ['project_name', 'text', '支持项目名称'],
    ['mode_name', 'text', '支持方式名称'],
    ['rule_version_id', 'bigint NOT NULL REFERENCES rule_versions(id)', '制定方案所用保障规则版本'],
    [
      'status',
      `text NOT NULL DEFAULT 'draft' ${inList('status', SUPPORT_PLAN_STATUSES)}`,
      '方案状态：draft 草稿、published 已发布、cancelled 已撤销',
    ],
    ['published_at', 'timestamptz', '发布时间（发布即交由配给管理执行，9.2.2 第 2 款）'],
    ['published_by', 'text', '发布人'],
    ['description', 'text', '说明'],
    REGION,
  ]);
  await knex.raw(`ALTER TABLE support_plans
    ADD CONSTRAINT support_plans_published CHECK ((status = 'draft') = (published_at IS NULL))`);
  await knex.raw('CREATE INDEX support_plans_region ON support_plans (region_code)');
  await addBookkeeping(knex, 'support_plans');
  await enableAudit(knex, 'support_plans');
  await commentTable(knex, 'support_plans', 'A.6.7 支持项目资源配置方案');

  await knex.raw('CREATE TABLE support_plan_objects (id bigserial PRIMARY KEY)');
  await addColumns(knex, 'support_plan_objects', [
    ['object_no', 'text NOT NULL', '支持对象编号（供给单位或个人登记审批的审批编号，A.3.17/A.3.18）'],
    ['project_code', 'text NOT NULL', '支持项目编号'],
    ['mode_code', 'text NOT NULL', '支持方式（支持方式编号）'],
    ['plan_id', 'bigint NOT NULL REFERENCES support_plans(id) ON DELETE CASCADE', '所属方案'],
    ['plan_no', 'text NOT NULL', '方案编号'],
    [
      'status',
      `text NOT NULL DEFAULT 'planned' ${inList('status', SUPPORT_OBJECT_STATUSES)}`,
      '配置状态：planned 已列入、allocated 已配给、withdrawn 撤出',
    ],
    ['allocated_at', 'timestamptz', '分配时间'],
    [
      'object_kind',
      `text NOT NULL ${inList('object_kind', ['unit', 'person'])}`,
      '支持对象类别：unit 单位、person 个人',
    ],
    ['unit_approval_id', 'bigint REFERENCES supplier_unit_approvals(id)', '供给单位登记审批（A.3.17）'],
    ['person_approval_id', 'bigint REFERENCES supplier_person_approvals(id)', '供给个人登记审批（A.3.18）'],
    ['object_name', 'text NOT NULL', '支持对象名称（单位名称或申请人姓名）'],
    ['subsidy_amount', money('subsidy_amount'), '补贴金额（元；不超过核定额度）'],
    ['land_area', area('land_area'), '拟分配土地面积（平方米）'],
    REGION,
  ]);
  await knex.raw(`ALTER TABLE support_plan_objects
    ADD CONSTRAINT support_plan_objects_kind CHECK (
      (object_kind = 'unit' AND unit_approval_id IS NOT NULL AND person_approval_id IS NULL) OR
      (object_kind = 'person' AND person_approval_id IS NOT NULL AND unit_approval_id IS NULL)),
    ADD CONSTRAINT support_plan_objects_once UNIQUE (plan_id, object_no),
    ADD CONSTRAINT support_plan_objects_allocated CHECK ((status = 'allocated') = (allocated_at IS NOT NULL))`);
  // An approved application is in at most one live plan: two plans never promise the same support.
  await knex.raw(`CREATE UNIQUE INDEX support_plan_objects_live ON support_plan_objects (object_no)
    WHERE status IN ('planned', 'allocated')`);
  await knex.raw('CREATE INDEX support_plan_objects_plan ON support_plan_objects (plan_id)');
  await knex.raw('CREATE INDEX support_plan_objects_region ON support_plan_objects (region_code)');
  await addBookkeeping(knex, 'support_plan_objects');
  await enableAudit(knex, 'support_plan_objects');
  await commentTable(knex, 'support_plan_objects', 'A.6.8 支持项目配置方案支持对象明细');
}

async function createLandSupplies(knex: Knex): Promise<void> {
  await knex.raw('CREATE SEQUENCE land_supply_no');
  await knex.raw('CREATE TABLE land_supplies (id bigserial PRIMARY KEY)');
  await addColumns(knex, 'land_supplies', [
    ['record_no', numbered('land_supply_no', 'TDGY'), '记录编号（TDGY + 年份 + 序号，自动生成）'],
    ['parcel_id', 'bigint NOT NULL REFERENCES land_parcels(id)', '宗地（土地储备地块，A.5.11）'],
    ['parcel_no', 'text NOT NULL', '宗地编号（储备地块的地块编号）'],
    ['project_id', 'bigint REFERENCES projects(id)', '建设项目（可空）'],
    ['project_no', 'text', '项目编号'],
    ['parcel_name', 'text NOT NULL', '宗地名称'],
    ['approval_doc_name', 'text NOT NULL', '用地批准文件名称'],
    ['approval_doc_no', 'text NOT NULL', '用地批准文号'],
    ['approved_on', 'date NOT NULL', '用地批准日期'],
    [
      'acquisition_method',
      `text NOT NULL ${inList('acquisition_method', ACQUISITION_METHODS)}`,
      `取得方式（${ACQUISITION_METHODS.join('、')}）`,
    ],
    ['land_area', 'numeric(14,2) NOT NULL CHECK (land_area > 0)', '土地面积（平方米；缺省取宗地面积）'],
    ['land_value', 'numeric(16,2) CHECK (land_value >= 0)', '土地估值（元）'],
    ['use_years', 'smallint CHECK (use_years BETWEEN 1 AND 70)', '土地使用年限（年；划拨可空）'],
    ['supplied_on', 'date NOT NULL', '供应日期（记入支持项目台账的接收日期）'],
    ['ledger_project_code', 'text NOT NULL', '记入的支持项目台账（支持项目编号，A.1.8）'],
    ['ledger_entry_id', 'bigint REFERENCES support_ledger_entries(id)', '记入台账的土地支出明细（A.6.4）'],
    ['received_by', 'text NOT NULL', '接收人（用地单位）'],
    REGION,
  ]);
  // A parcel is supplied once (the record is its state; a mistaken supply is deleted and its entry reversed).
  await knex.raw('CREATE UNIQUE INDEX land_supplies_parcel ON land_supplies (parcel_id)');
  await knex.raw('CREATE INDEX land_supplies_region ON land_supplies (region_code)');
  await knex.raw('CREATE INDEX land_supplies_project ON land_supplies (project_id)');
  await addBookkeeping(knex, 'land_supplies');
  await enableAudit(knex, 'land_supplies');
  await commentTable(knex, 'land_supplies', 'A.7.8 土地供应记录信息');
}

export async function up(knex: Knex): Promise<void> {
  await createEntries(knex);
  await createLedgers(knex);
  await knex.raw(LEDGER_POST);
  await createPlans(knex);
  await createLandSupplies(knex);
}

export async function down(knex: Knex): Promise<void> {
  for (const table of [
    'land_supplies',
    'support_plan_objects',
    'support_plans',
    'support_ledger_entries',
    'support_ledgers',
  ])
    await knex.raw(`DROP TABLE IF EXISTS ${table} CASCADE`);
  for (const sequence of ['land_supply_no', 'support_plan_no', 'support_ledger_entry_no'])
    await knex.raw(`DROP SEQUENCE IF EXISTS ${sequence}`);
  await knex.raw(
    'DROP FUNCTION IF EXISTS support_ledger_post(text, text, text, text, date, numeric, numeric, text, text, text, text, bigint, text)',
  );
  await knex.raw('DROP FUNCTION IF EXISTS support_ledger_append_only()');
  await knex.raw('DROP FUNCTION IF EXISTS support_ledger_guard()');
}
