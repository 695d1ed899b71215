/**
 * Security-project ledgers (CJJ/T 196 9.2.3, A.6.1, A.6.2):
 * - `security_ledger_entries` (A.6.2 保障项目台账收支明细交换): one row per receipt or issue of funds, housing
 *   (套数 + 建筑面积) or secured households (户数 + 人数). Rows are written by `ledger_post(...)` only — from the
 *   triggers below, from the API (manual fund receipts) and from other subsystems' triggers (subsidy payments) —
 *   and never change afterwards (append-only, like a paper ledger: a mistake is corrected by a reversing entry).
 * - `security_ledgers` (A.6.1 保障项目台账): one row per region, 周期类型 and 统计周期, closed from the entries;
 *   every 期末 column is GENERATED as 期初 + 本期增加 − 本期减少, so closing = opening + in − out holds by
 *   construction. An entry can never be dated into or before a closed period of its region or a region above
 *   (ledger_post refuses it), so a closed row
 *   always agrees with its entries.
 *
 * Automatic postings (triggers):
 * - housing_units handed over (inserted handed over, or handed_over false → true): housing in, one entry per
 *   region and 移交批次编号 of the statement (transition tables, so a bulk handover is one entry per batch);
 *   handed_over true → false: housing out (a correction).
 * - unit_selections inserted active: housing out (the unit's region) and households/persons in (the household's
 *   region: the family is now secured); an active selection cancelled: the reversing entries.
 *
 * For other subsystems: `ledger_post(p_region_code, p_resource_type, p_direction, p_received_on, p_households,
 * p_persons, p_amount, p_units, p_floor_area, p_batch_no, p_handed_by, p_received_by, p_source, p_source_id,
 * p_note, p_ledger_class)` returns the new entry's id; call it with named arguments, e.g. a subsidy payment:
 *   PERFORM ledger_post(p_region_code => NEW.region_code, p_resource_type => 'funds', p_direction => 'out',
 *                       p_amount => NEW.paid_amount, p_source => 'subsidy_payment', p_source_id => NEW.id,
 *                       p_batch_no => NEW.payment_no);
 * It raises ERRCODE 'HS409' (→ 409) when the date is on or before the end of a closed period of the region.
 */
import type { Knex } from 'knex';
import { addBookkeeping, addColumns, commentTable, enableAudit, type ColumnSpec } from '../helpers.ts';

const inList = (column: string, values: readonly string[]) =>
  `CHECK (${column} IN (${values.map((v) => `'${v}'`).join(', ')}))`;
const REGION: ColumnSpec = ['region_code', 'region_code NOT NULL REFERENCES regions(code)', '行政区划代码'];

export const LEDGER_RESOURCE_TYPES = ['funds', 'housing', 'households'] as const;
export const LEDGER_PERIOD_TYPES = ['month', 'quarter', 'half_year', 'year'] as const;
export const LEDGER_SOURCES = [
  'manual',
  'unit_handover',
  'unit_selection',
  'selection_cancelled',
  'subsidy_payment',
  'opening_balance',
] as const;

/** An advisory lock key: posting holds it shared, closing a period holds it exclusive ("LEDG"). */
export const LEDGER_LOCK = 0x4c454447;

/** The significant digits of a 12-digit region code (province 2 … community 12), as server/access/scope.ts. */
const PREFIX_OF = (column: string) => `CASE
  WHEN substr(${column}, 3) = '0000000000' THEN left(${column}, 2)
  WHEN substr(${column}, 5) = '00000000' THEN left(${column}, 4)
  WHEN substr(${column}, 7) = '000000' THEN left(${column}, 6)
  WHEN substr(${column}, 10) = '000' THEN left(${column}, 9)
  ELSE ${column}::text END`;

async function createEntries(knex: Knex): Promise<void> {
  await knex.raw('CREATE SEQUENCE security_ledger_entry_no');
  await knex.raw('CREATE TABLE security_ledger_entries (id bigserial PRIMARY KEY)');
  await addColumns(knex, 'security_ledger_entries', [
    ['entry_no', 'text NOT NULL UNIQUE', '明细账编号（MX- 年份- 序号）'],
    ['batch_no', 'text', '交接批次编号（房屋移交批次、资金拨付批次等）'],
    [
      'resource_type',
      `text NOT NULL ${inList('resource_type', LEDGER_RESOURCE_TYPES)}`,
      '资源类别：funds 资金、housing 住房（套数与建筑面积）、households 保障对象（户数与人数）',
    ],
    ['ledger_class', `text NOT NULL DEFAULT 'security'`, '台账分类（security 保障项目台账，9.2.3）'],
    REGION,
    [
      'direction',
      `text NOT NULL ${inList('direction', ['in', 'out'])}`,
      '收支类型：in 收入（增加）、out 支出（减少）',
    ],
    ['households', 'integer NOT NULL DEFAULT 0 CHECK (households >= 0)', '保障户数'],
    ['persons', 'integer NOT NULL DEFAULT 0 CHECK (persons >= 0)', '保障人数'],
    ['amount', 'numeric(14,2) NOT NULL DEFAULT 0 CHECK (amount >= 0)', '金额（元）'],
    ['units', 'integer NOT NULL DEFAULT 0 CHECK (units >= 0)', '套数'],
    ['floor_area', 'numeric(14,2) NOT NULL DEFAULT 0 CHECK (floor_area >= 0)', '建筑面积（平方米）'],
    ['received_on', 'date NOT NULL', '接收日期（记账日期）'],
    ['handed_by', 'text', '移交人'],
    ['received_by', 'text', '接收人'],
    [
      'source',
      `text NOT NULL ${inList('source', LEDGER_SOURCES)}`,
      '来源：manual 手工登记、unit_handover 房屋移交、unit_selection 选房、selection_cancelled 选房撤销（冲销）、subsidy_payment 补贴实发、opening_balance 期初建账',
    ],
    ['source_id', 'bigint', '来源记录编号（房屋、选房、补贴实发等记录的 id）'],
    ['note', 'text', '摘要'],
  ]);
  // Each kind of resource carries its own quantities only, and at least one of them.
  await knex.raw(`ALTER TABLE security_ledger_entries ADD CONSTRAINT security_ledger_entries_quantities CHECK (
    CASE resource_type
      WHEN 'funds' THEN amount > 0 AND households = 0 AND persons = 0 AND units = 0 AND floor_area = 0
      WHEN 'housing' THEN (units > 0 OR floor_area > 0) AND amount = 0 AND households = 0 AND persons = 0
      ELSE (households > 0 OR persons > 0) AND amount = 0 AND units = 0 AND floor_area = 0 END)`);
  await knex.raw(
    'CREATE INDEX security_ledger_entries_region ON security_ledger_entries (region_code, received_on)',
  );
  await knex.raw(
    'CREATE INDEX security_ledger_entries_source ON security_ledger_entries (source, source_id)',
  );
  await addBookkeeping(knex, 'security_ledger_entries');
  // Append-only: a posted entry is corrected by a reversing entry, never edited, so closed periods stay true.
  await knex.raw(`CREATE FUNCTION security_ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION USING ERRCODE = 'HS409', MESSAGE = 'ledger_immutable: ledger entries are append-only'; END $$`);
  await knex.raw(`CREATE TRIGGER security_ledger_entries_no_change BEFORE UPDATE OR DELETE ON security_ledger_entries
    FOR EACH ROW EXECUTE FUNCTION security_ledger_append_only()`);
  await knex.raw(`CREATE TRIGGER security_ledger_entries_no_truncate BEFORE TRUNCATE ON security_ledger_entries
    FOR EACH STATEMENT EXECUTE FUNCTION security_ledger_append_only()`);
  await knex.raw('REVOKE UPDATE, DELETE, TRUNCATE ON security_ledger_entries FROM hss_app');
  // The entries are themselves an append-only record of what moved (with 增加人), so they are not copied into
  // the operation log row by row; the changes that post them (units, selections, manual posts) are audited.
  await commentTable(knex, 'security_ledger_entries', 'A.6.2 保障项目台账收支明细交换');
}

/** Opening, in, out and the generated closing of one resource: 期末 = 期初 + 本期增加 − 本期减少. */
function balance(key: string, type: string, names: [string, string, string, string]): ColumnSpec[] {
  const [opening, added, removed, closing] = names;
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

async function createLedgers(knex: Knex): Promise<void> {
  await knex.raw('CREATE TABLE security_ledgers (id bigserial PRIMARY KEY)');
  await addColumns(knex, 'security_ledgers', [
    ['ledger_no', 'text NOT NULL UNIQUE', '台账编号（TZ- 行政区划- 统计周期）'],
    ['ledger_class', `text NOT NULL DEFAULT 'security'`, '台账分类（security 保障项目台账，9.2.3）'],
    ...balance('funds', 'numeric(16,2)', [
      '期初资金余额',
      '本期资金增加额',
      '本期资金减少额',
      '期末资金余额',
    ]),
    ...balance('units', 'integer', [
      '期初住房套数余额',
      '本期住房增加套数',
      '本期住房减少套数',
      '期末住房套数余额',
    ]),
    ...balance('area', 'numeric(16,2)', [
      '期初住房面积余额',
      '本期住房增加面积',
      '本期住房减少面积',
      '期末住房面积余额',
    ]),
    ...balance('households', 'integer', [
      '期初保障户数余额',
      '本期新增保障户数',
      '本期减少保障户数',
      '期末保障户数余额',
    ]),
    ...balance('persons', 'integer', [
      '期初保障人数余额',
      '本期新增保障人数',
      '本期减少保障人数',
      '期末保障人数余额',
    ]),
    [
      'period_type',
      `text NOT NULL ${inList('period_type', LEDGER_PERIOD_TYPES)}`,
      '周期类型：month 月、quarter 季、half_year 半年、year 年',
    ],
    ['period', 'text NOT NULL', '统计周期（如 2026-11、2026Q4、2026H2、2026）'],
    REGION,
    ['stat_date', 'date NOT NULL DEFAULT current_date', '统计日期（结账日期）'],
    ['period_start', 'date NOT NULL', '统计周期起始日期'],
    ['period_end', 'date NOT NULL', '统计周期终止日期'],
    ['entry_count', 'integer NOT NULL DEFAULT 0 CHECK (entry_count >= 0)', '本期明细笔数'],
    [
      'region_prefix',
      `text GENERATED ALWAYS AS (${PREFIX_OF('region_code')}) STORED`,
      '行政区划代码有效位（自动生成）',
    ],
  ]);
  await knex.raw(`ALTER TABLE security_ledgers
    ADD CONSTRAINT security_ledgers_dates CHECK (period_end >= period_start),
    ADD CONSTRAINT security_ledgers_once UNIQUE (region_code, ledger_class, period_type, period)`);
  await knex.raw('CREATE INDEX security_ledgers_region ON security_ledgers (region_code)');
  await knex.raw('CREATE INDEX security_ledgers_dates ON security_ledgers (period_start, period_end)');
  await addBookkeeping(knex, 'security_ledgers');
  await enableAudit(knex, 'security_ledgers');
  await commentTable(knex, 'security_ledgers', 'A.6.1 保障项目台账');
}

/** `ledger_post`: the one way an entry is written. See the file comment for its use by other subsystems. */
const LEDGER_POST = `
CREATE FUNCTION ledger_post(
  p_region_code text,
  p_resource_type text,
  p_direction text,
  p_received_on date DEFAULT current_date,
  p_households integer DEFAULT 0,
  p_persons integer DEFAULT 0,
  p_amount numeric DEFAULT 0,
  p_units integer DEFAULT 0,
  p_floor_area numeric DEFAULT 0,
  p_batch_no text DEFAULT NULL,
  p_handed_by text DEFAULT NULL,
  p_received_by text DEFAULT NULL,
  p_source text DEFAULT 'manual',
  p_source_id bigint DEFAULT NULL,
  p_note text DEFAULT NULL,
  p_ledger_class text DEFAULT 'security'
) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
  day date := coalesce(p_received_on, current_date);
  closed text;
  new_id bigint;
BEGIN
  -- Shared with other posters, exclusive against closing: a period is never closed under a posting in flight.
  -- The books of a region are closed up to the end of its latest closed period (whatever the period type), so
  -- nothing is ever dated into or before a closed period and the next period's opening is this one's closing.
  PERFORM pg_advisory_xact_lock_shared(${LEDGER_LOCK});
  SELECT l.ledger_no INTO closed FROM security_ledgers l
   WHERE l.ledger_class = p_ledger_class AND day <= l.period_end
     AND p_region_code LIKE l.region_prefix || '%'
   LIMIT 1;
  IF closed IS NOT NULL THEN
    RAISE EXCEPTION USING ERRCODE = 'HS409',
      MESSAGE = format('ledger_period_closed: %s is in closed ledger %s', day, closed);
  END IF;
  INSERT INTO security_ledger_entries (entry_no, batch_no, resource_type, ledger_class, region_code, direction,
      households, persons, amount, units, floor_area, received_on, handed_by, received_by, source, source_id, note)
  VALUES ('MX-' || extract(year FROM day)::int || '-' || lpad(nextval('security_ledger_entry_no')::text, 8, '0'),
      p_batch_no, p_resource_type, p_ledger_class, p_region_code, p_direction, coalesce(p_households, 0),
      coalesce(p_persons, 0), coalesce(p_amount, 0), coalesce(p_units, 0), coalesce(p_floor_area, 0), day,
      p_handed_by, coalesce(p_received_by, hss_actor()), p_source, p_source_id, p_note)
  RETURNING id INTO new_id;
  RETURN new_id;
END $$`;

/** Units entering (or leaving) the stock of handed-over housing: one entry per region and handover batch. */
const HANDOVER_IN = (changed: string) => `
    FOR g IN
      SELECT n.region_code, n.handover_batch_no, n.handed_over_by,
             coalesce(n.handed_over_at::date, current_date) AS day, count(*)::int AS units,
             coalesce(sum(n.floor_area), 0) AS area, min(n.id) AS first_id
        FROM new_rows n ${changed}
       GROUP BY 1, 2, 3, 4
    LOOP
      PERFORM ledger_post(p_region_code => g.region_code, p_resource_type => 'housing', p_direction => 'in',
        p_received_on => g.day, p_units => g.units, p_floor_area => g.area, p_batch_no => g.handover_batch_no,
        p_handed_by => g.handed_over_by, p_source => 'unit_handover',
        p_source_id => CASE WHEN g.units = 1 THEN g.first_id END, p_note => format('房屋移交 %s 套', g.units));
    END LOOP;`;

/**
 * Units entering (or leaving) the stock of handed-over housing: one entry per region and handover batch. The
 * INSERT and UPDATE branches are separate statements because an INSERT trigger has no `old_rows` to plan against.
 */
const HANDOVER = `
CREATE FUNCTION security_ledger_units_handover() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE g record;
BEGIN
  IF TG_OP = 'INSERT' THEN
    ${HANDOVER_IN('WHERE n.handed_over')}
    RETURN NULL;
  END IF;
  ${HANDOVER_IN('JOIN old_rows o ON o.id = n.id WHERE n.handed_over AND NOT o.handed_over')}
  FOR g IN
    SELECT n.region_code, n.handover_batch_no, count(*)::int AS units, coalesce(sum(n.floor_area), 0) AS area,
           min(n.id) AS first_id
      FROM new_rows n JOIN old_rows o ON o.id = n.id
     WHERE o.handed_over AND NOT n.handed_over
     GROUP BY 1, 2
  LOOP
    PERFORM ledger_post(p_region_code => g.region_code, p_resource_type => 'housing', p_direction => 'out',
      p_units => g.units, p_floor_area => g.area, p_batch_no => g.handover_batch_no, p_source => 'unit_handover',
      p_source_id => CASE WHEN g.units = 1 THEN g.first_id END, p_note => format('撤销房屋移交 %s 套', g.units));
  END LOOP;
  RETURN NULL;
END $$`;

/**
 * A unit chosen: housing out of the stock (the unit's region), a household and its members in (the household's
 * region); the same entries reversed when an active selection is cancelled.
 */
const SELECTION = `
CREATE FUNCTION security_ledger_selection() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  unit record;
  size integer;
  housing text;
  family text;
  why text;
BEGIN
  IF TG_OP = 'INSERT' AND NEW.status = 'active' THEN
    housing := 'out'; family := 'in'; why := 'unit_selection';
  ELSIF TG_OP = 'UPDATE' AND OLD.status = 'active' AND NEW.status = 'cancelled' THEN
    housing := 'in'; family := 'out'; why := 'selection_cancelled';
  ELSE
    RETURN NULL;
  END IF;
  SELECT u.region_code, u.floor_area, u.handover_batch_no INTO unit FROM housing_units u WHERE u.id = NEW.unit_id;
  SELECT h.household_size INTO size FROM households h WHERE h.id = NEW.household_id;
  PERFORM ledger_post(p_region_code => unit.region_code, p_resource_type => 'housing', p_direction => housing,
    p_units => 1, p_floor_area => coalesce(unit.floor_area, 0), p_batch_no => unit.handover_batch_no,
    p_source => why, p_source_id => NEW.id,
    p_note => format('%s %s（%s）', CASE why WHEN 'unit_selection' THEN '选房配出' ELSE '选房撤销冲回' END,
                     NEW.unit_no, NEW.application_no));
  PERFORM ledger_post(p_region_code => NEW.region_code, p_resource_type => 'households', p_direction => family,
    p_households => 1, p_persons => coalesce(size, 0), p_source => why, p_source_id => NEW.id,
    p_note => format('%s %s', CASE why WHEN 'unit_selection' THEN '实施保障' ELSE '撤销保障' END, NEW.application_no));
  RETURN NULL;
END $$`;

export async function up(knex: Knex): Promise<void> {
  await createEntries(knex);
  await createLedgers(knex);
  await knex.raw(LEDGER_POST);
  await knex.raw(HANDOVER);
  await knex.raw(SELECTION);
  await knex.raw(`CREATE TRIGGER housing_units_ledger_insert AFTER INSERT ON housing_units
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION security_ledger_units_handover()`);
  await knex.raw(`CREATE TRIGGER housing_units_ledger_update AFTER UPDATE ON housing_units
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION security_ledger_units_handover()`);
  await knex.raw(`CREATE TRIGGER unit_selections_ledger AFTER INSERT OR UPDATE OF status ON unit_selections
    FOR EACH ROW EXECUTE FUNCTION security_ledger_selection()`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TRIGGER IF EXISTS unit_selections_ledger ON unit_selections');
  await knex.raw('DROP TRIGGER IF EXISTS housing_units_ledger_update ON housing_units');
  await knex.raw('DROP TRIGGER IF EXISTS housing_units_ledger_insert ON housing_units');
  await knex.raw('DROP FUNCTION IF EXISTS security_ledger_selection()');
  await knex.raw('DROP FUNCTION IF EXISTS security_ledger_units_handover()');
  await knex.raw(
    'DROP FUNCTION IF EXISTS ledger_post(text, text, text, date, integer, integer, numeric, integer, numeric, text, text, text, text, bigint, text, text)',
  );
  await knex.raw('DROP TABLE IF EXISTS security_ledgers');
  await knex.raw('DROP TABLE IF EXISTS security_ledger_entries');
  await knex.raw('DROP FUNCTION IF EXISTS security_ledger_append_only()');
  await knex.raw('DROP SEQUENCE IF EXISTS security_ledger_entry_no');
}
