/**
 * 保障规则 (CJJ/T 196 ch. 4, A.1.1-A.1.12) as versioned data. Every A.1 row belongs to a rule version
 * (4.2.1 items 2-3: 规则模版 modified, enabled and stopped); rows refer to one another by their stable codes
 * inside the version, so a version is copied by copying rows and two versions are compared by code.
 *
 * An enabled or disabled version is immutable, enforced here and not only in the service: a trigger refuses
 * INSERT/UPDATE/DELETE of the rows of a non-draft version (SQLSTATE HS409), and the version row itself may only
 * go draft → enabled → disabled.
 */
import type { Knex } from 'knex';
import {
  addBookkeeping,
  addColumns,
  commentColumns,
  commentTable,
  enableAudit,
  type ColumnSpec,
} from '../helpers.ts';

const ENABLED: ColumnSpec[] = [
  ['enabled', 'boolean NOT NULL DEFAULT true', '是否启用（停用的条目不参与判断）'],
  ['enabled_at', 'timestamptz', '启用时间（所属版本启用时填写）'],
];

interface RuleTable {
  table: string;
  comment: string;
  code: string;
  columns: ColumnSpec[];
  /** Code references inside the version: column → referenced table. */
  references?: Record<string, string>;
  /** Whether the clause has 是否启用/启用时间. */
  enabled?: boolean;
}

const RULE_TABLES: RuleTable[] = [
  {
    table: 'rule_projects',
    comment: 'A.1.1 保障项目',
    code: '保障项目编号',
    columns: [
      ['name', 'text NOT NULL', '保障项目'],
      ['income_class', 'text', '收入分类（代码表 income_level）'],
      ['special_group_class', 'text', '特殊人群分类（代码表 special_group）'],
      ['description', 'text', '说明'],
    ],
  },
  {
    table: 'rule_modes',
    comment: 'A.1.2 保障对象保障方式',
    code: '保障方式编号',
    columns: [
      ['project_code', 'text NOT NULL', '保障项目编号'],
      ['name', 'text NOT NULL', '保障方式'],
      ['mode_type', 'text', '保障方式类别（代码表 security_mode）'],
      ['description', 'text', '说明'],
    ],
    references: { project_code: 'rule_projects' },
  },
  {
    table: 'rule_condition_categories',
    comment: 'A.1.3 保障对象申请条件分类',
    code: '保障对象申请条件分类编号',
    columns: [
      ['parent_code', 'text', '父级保障对象申请条件分类编号'],
      ['name', 'text NOT NULL', '保障对象申请条件分类名称'],
    ],
    references: { parent_code: 'rule_condition_categories' },
    enabled: false,
  },
  {
    table: 'rule_combinations',
    comment: 'A.1.6 保障对象申请条件组合判断',
    code: '保障方式申请条件组合定性判断编号',
    columns: [
      ['parent_code', 'text', '保障对象申请条件组合定性判断父级条件编号（空为保障方式的根）'],
      ['mode_code', 'text NOT NULL', '保障方式编号'],
      [
        'operator',
        `text NOT NULL CHECK (operator IN ('AND', 'OR', 'NOT'))`,
        '逻辑关系（AND 且、OR 或、NOT 非）',
      ],
      ['name', 'text', '组合判断名称'],
    ],
    references: { parent_code: 'rule_combinations', mode_code: 'rule_modes' },
  },
  {
    table: 'rule_quantitative_conditions',
    comment: 'A.1.4 保障对象申请条件定量判断',
    code: '保障方式申请条件编号',
    columns: [
      ['name', 'text NOT NULL', '保障方式申请条件'],
      ['combination_code', 'text', '保障方式申请条件组合定性判断编号（所属组合判断；空为保障方式的根条件）'],
      ['mode_code', 'text NOT NULL', '保障方式编号'],
      ['category_code', 'text', '保障对象申请条件分类编号'],
      ['factor', 'text NOT NULL', '判断因素（因素登记表中的代码）'],
      ['unit', 'text', '保障条件和保障标准计量方式'],
      ['lower_value', 'numeric(16,4)', '条件起始值（空为无下限）'],
      ['lower_op', `text CHECK (lower_op IN ('>', '>='))`, '与起始值逻辑关系（> 或 >=）'],
      ['upper_value', 'numeric(16,4)', '条件终止值（空为无上限）'],
      ['upper_op', `text CHECK (upper_op IN ('<', '<='))`, '与终止值逻辑关系（< 或 <=）'],
    ],
    references: {
      combination_code: 'rule_combinations',
      mode_code: 'rule_modes',
      category_code: 'rule_condition_categories',
    },
  },
  {
    table: 'rule_qualitative_conditions',
    comment: 'A.1.5 保障对象申请条件定性判断',
    code: '保障方式申请条件编号',
    columns: [
      ['combination_code', 'text', '保障方式申请条件组合定性判断编号（所属组合判断；空为保障方式的根条件）'],
      ['name', 'text NOT NULL', '保障方式申请条件'],
      ['category_code', 'text', '保障对象申请条件分类编号'],
      ['mode_code', 'text NOT NULL', '保障方式编号'],
      ['factor', 'text NOT NULL', '判断因素（因素登记表中的代码）'],
      [
        'expected_value',
        `text NOT NULL CHECK (expected_value IN ('true', 'false'))`,
        '申请条件逻辑因素值（true 是、false 否）',
      ],
    ],
    references: {
      combination_code: 'rule_combinations',
      mode_code: 'rule_modes',
      category_code: 'rule_condition_categories',
    },
  },
  {
    table: 'rule_standards',
    comment: 'A.1.7 保障对象保障标准',
    code: '保障标准编号',
    columns: [
      ['mode_code', 'text NOT NULL', '保障方式编号'],
      ['name', 'text NOT NULL', '保障标准名称'],
      ['factor', 'text NOT NULL', '保障标准取用因素（因素登记表中的代码）'],
      ['unit', 'text', '保障标准计量方式'],
      [
        'household_size',
        'smallint CHECK (household_size BETWEEN 1 AND 30)',
        '人户数（适用的家庭人口数，空为不分人数；取不大于家庭人口数的最大一档）',
      ],
      ['standard_value', 'numeric(16,4)', '因素值现有标准'],
      ['formula', 'text', '取用因素实际值（计算公式，空则取现有标准；可用因素、参数和 standard_value）'],
      ['parameters', `jsonb NOT NULL DEFAULT '{}'`, '公式参数（名称 → 数值）'],
      ['result_unit', 'text', '计算结果单位'],
    ],
    references: { mode_code: 'rule_modes' },
  },
  {
    table: 'rule_support_projects',
    comment: 'A.1.8 支持项目',
    code: '支持项目编号',
    columns: [
      ['name', 'text NOT NULL', '支持项目'],
      ['supplier_type', 'text', '支持对象类型'],
      ['description', 'text', '说明'],
    ],
  },
  {
    table: 'rule_support_modes',
    comment: 'A.1.9 支持对象支持方式',
    code: '支持方式编号',
    columns: [
      ['project_code', 'text NOT NULL', '支持项目编号'],
      ['name', 'text NOT NULL', '支持方式'],
    ],
    references: { project_code: 'rule_support_projects' },
  },
  {
    table: 'rule_support_conditions',
    comment: 'A.1.10 支持对象申请条件',
    code: '支持方式申请条件编号',
    columns: [
      ['mode_code', 'text NOT NULL', '支持方式编号'],
      ['condition', 'text NOT NULL', '支持条件'],
      ['detail', 'text', '具体条件'],
    ],
    references: { mode_code: 'rule_support_modes' },
  },
  {
    table: 'rule_support_standards',
    comment: 'A.1.11 支持对象支持标准',
    code: '支持方式支持标准编号',
    columns: [
      ['mode_code', 'text NOT NULL', '支持方式编号'],
      ['current_standard', 'text NOT NULL', '现有标准'],
      ['executed_standard', 'text', '执行标准'],
      ['unit', 'text', '计量单位'],
    ],
    references: { mode_code: 'rule_support_modes' },
  },
  {
    table: 'rule_ordering_factors',
    comment: '轮候排队规则（4.2.1 第 1 款：已登记家庭的轮候排队规则，加权因素）',
    code: '排序因素编号',
    columns: [
      ['name', 'text NOT NULL', '排序因素名称'],
      ['factor', 'text NOT NULL', '排序因素（因素登记表中的代码）'],
      ['weight', 'numeric(8,3) NOT NULL CHECK (weight >= 0)', '权重'],
      [
        'direction',
        `text NOT NULL DEFAULT 'higher_first' CHECK (direction IN ('higher_first', 'lower_first'))`,
        '方向（higher_first 值越大越优先、lower_first 值越小越优先）',
      ],
      ['cap', 'numeric(16,4) CHECK (cap > 0)', '归一化上限（数值因素除以此值后封顶为 1；逻辑因素不填）'],
    ],
  },
];

const GUARD = `
CREATE FUNCTION rule_row_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE version_status text; version_region text;
BEGIN
  IF TG_OP <> 'INSERT' THEN
    SELECT status INTO version_status FROM rule_versions WHERE id = OLD.version_id;
    IF version_status IS DISTINCT FROM 'draft' AND version_status IS NOT NULL THEN
      RAISE EXCEPTION USING ERRCODE = 'HS409',
        MESSAGE = format('version_immutable: rule version %s is %s', OLD.version_id, version_status);
    END IF;
  END IF;
  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  SELECT status, region_code INTO version_status, version_region FROM rule_versions WHERE id = NEW.version_id;
  IF version_status IS DISTINCT FROM 'draft' THEN
    RAISE EXCEPTION USING ERRCODE = 'HS409',
      MESSAGE = format('version_immutable: rule version %s is %s', NEW.version_id, coalesce(version_status, 'missing'));
  END IF;
  NEW.region_code := version_region;
  RETURN NEW;
END $$`;

const VERSION_GUARD = `
CREATE FUNCTION rule_version_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  lifecycle text[] := ARRAY['status', 'disabled_at', 'disabled_by', 'effective_to', 'updated_at', 'updated_by'];
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF OLD.status <> 'draft' THEN
      RAISE EXCEPTION USING ERRCODE = 'HS409', MESSAGE = format('version_immutable: rule version %s is %s', OLD.id, OLD.status);
    END IF;
    RETURN OLD;
  END IF;
  IF OLD.status = 'disabled'
     OR (OLD.status = 'enabled' AND (NEW.status <> 'disabled' OR to_jsonb(NEW) - lifecycle <> to_jsonb(OLD) - lifecycle))
     OR (OLD.status = 'draft' AND NEW.status = 'disabled') THEN
    RAISE EXCEPTION USING ERRCODE = 'HS409',
      MESSAGE = format('version_immutable: rule version %s is %s', OLD.id, OLD.status);
  END IF;
  RETURN NEW;
END $$`;

/** A.1.12 as a view derived from the versions in force each year, so the exchange can never drift from them. */
const EXCHANGE_VIEW = `
CREATE VIEW rule_exchange AS
WITH years AS (
  SELECT v.id AS version_id, v.template_code, v.version_no, v.region_code, y.year
    FROM rule_versions v,
         generate_series(extract(year FROM v.effective_from)::int,
                         extract(year FROM coalesce(v.effective_to, greatest(current_date, v.effective_from)))::int) AS y(year)
   WHERE v.status <> 'draft'
),
security AS (
  SELECT m.version_id, p.name AS project_name, p.income_class, p.special_group_class, m.code AS mode_code,
         m.name AS mode_name
    FROM rule_modes m JOIN rule_projects p ON p.version_id = m.version_id AND p.code = m.project_code
   WHERE m.enabled AND p.enabled
),
support AS (
  SELECT m.version_id, p.name AS support_project_name, p.supplier_type, m.code AS mode_code, m.name AS mode_name
    FROM rule_support_modes m JOIN rule_support_projects p ON p.version_id = m.version_id AND p.code = m.project_code
   WHERE m.enabled AND p.enabled
),
items AS (
  SELECT s.version_id, 'quantitative' AS record_kind, q.code AS item_code, s.project_name, s.income_class,
         s.special_group_class, NULL AS support_project_name, NULL AS supplier_type, s.mode_name,
         q.name || '（' || q.factor || '）' AS condition_factor, NULL AS support_condition_factor,
         NULL AS standard_factor, NULL AS support_standard_factor,
         CASE WHEN q.lower_op = '>=' THEN '[' ELSE '(' END || coalesce(q.lower_value::float8::text, '-∞') || ', '
           || coalesce(q.upper_value::float8::text, '+∞') || CASE WHEN q.upper_op = '<=' THEN ']' ELSE ')' END
           || coalesce(' ' || q.unit, '') AS condition_value,
         NULL AS standard_value
    FROM rule_quantitative_conditions q JOIN security s ON s.version_id = q.version_id AND s.mode_code = q.mode_code
   WHERE q.enabled
  UNION ALL
  SELECT s.version_id, 'qualitative', q.code, s.project_name, s.income_class, s.special_group_class, NULL, NULL,
         s.mode_name, q.name || '（' || q.factor || '）', NULL, NULL, NULL,
         CASE q.expected_value WHEN 'true' THEN '是' ELSE '否' END, NULL
    FROM rule_qualitative_conditions q JOIN security s ON s.version_id = q.version_id AND s.mode_code = q.mode_code
   WHERE q.enabled
  UNION ALL
  SELECT s.version_id, 'standard', t.code, s.project_name, s.income_class, s.special_group_class, NULL, NULL,
         s.mode_name, NULL, NULL, t.name || '（' || t.factor || '）', NULL, NULL,
         concat_ws('；',
           CASE WHEN t.household_size IS NOT NULL THEN t.household_size || ' 人户' END,
           CASE WHEN t.standard_value IS NOT NULL THEN '现有标准 ' || t.standard_value::float8 || coalesce(' ' || t.unit, '') END,
           CASE WHEN t.formula IS NOT NULL THEN '计算公式 ' || t.formula END)
    FROM rule_standards t JOIN security s ON s.version_id = t.version_id AND s.mode_code = t.mode_code
   WHERE t.enabled
  UNION ALL
  SELECT s.version_id, 'support_condition', c.code, NULL, NULL, NULL, s.support_project_name, s.supplier_type,
         s.mode_name, NULL, c.condition, NULL, NULL, c.detail, NULL
    FROM rule_support_conditions c JOIN support s ON s.version_id = c.version_id AND s.mode_code = c.mode_code
   WHERE c.enabled
  UNION ALL
  SELECT s.version_id, 'support_standard', t.code, NULL, NULL, NULL, s.support_project_name, s.supplier_type,
         s.mode_name, NULL, NULL, NULL, t.current_standard, NULL,
         concat_ws('；', '执行标准 ' || t.executed_standard, t.unit)
    FROM rule_support_standards t JOIN support s ON s.version_id = t.version_id AND s.mode_code = t.mode_code
   WHERE t.enabled
)
SELECT y.year, y.region_code, i.project_name, i.income_class, i.special_group_class, i.support_project_name,
       i.supplier_type, i.mode_name, i.condition_factor, i.support_condition_factor, i.standard_factor,
       i.support_standard_factor, i.condition_value, i.standard_value, y.version_id, y.template_code, y.version_no,
       i.record_kind, i.item_code
  FROM years y JOIN items i ON i.version_id = y.version_id`;

const EXCHANGE_COLUMNS: Record<string, string> = {
  year: '保障规则年度',
  region_code: '行政区划代码',
  project_name: '保障项目',
  income_class: '收入分类（代码表 income_level）',
  special_group_class: '特殊人群分类（代码表 special_group）',
  support_project_name: '支持项目',
  supplier_type: '支持对象类型',
  mode_name: '保障（支持）方式',
  condition_factor: '保障条件因素',
  support_condition_factor: '支持条件因素',
  standard_factor: '保障标准因素',
  support_standard_factor: '支持标准因素',
  condition_value: '保障（支持）条件因素值',
  standard_value: '保障（支持）标准因素值',
  version_id: '规则版本 ID',
  template_code: '规则模版编号',
  version_no: '版本号',
  record_kind: '记录类别（quantitative、qualitative、standard、support_condition、support_standard）',
  item_code: '条目编号',
};

async function createVersions(knex: Knex): Promise<void> {
  await knex.raw('CREATE TABLE rule_versions (id bigserial PRIMARY KEY)');
  await addColumns(knex, 'rule_versions', [
    ['template_code', 'text NOT NULL', '规则模版编号'],
    ['template_name', 'text NOT NULL', '规则模版名称'],
    ['version_no', 'integer NOT NULL CHECK (version_no > 0)', '版本号'],
    [
      'status',
      `text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'enabled', 'disabled'))`,
      '状态：draft 草稿、enabled 已启用、disabled 已停用（启用后不可修改）',
    ],
    ['effective_from', 'date NOT NULL', '生效日期'],
    ['effective_to', 'date', '失效日期（空为长期有效）'],
    ['region_code', 'region_code NOT NULL REFERENCES regions(code)', '行政区划代码（制定规则的地区）'],
    ['description', 'text', '说明'],
    ['based_on_id', 'bigint REFERENCES rule_versions(id)', '复制自的版本'],
    ['enabled_at', 'timestamptz', '启用时间'],
    ['enabled_by', 'text', '启用人'],
    ['disabled_at', 'timestamptz', '停用时间'],
    ['disabled_by', 'text', '停用人'],
  ]);
  await knex.raw(`ALTER TABLE rule_versions
    ADD CONSTRAINT rule_versions_number UNIQUE (template_code, version_no),
    ADD CONSTRAINT rule_versions_dates CHECK (effective_to IS NULL OR effective_to >= effective_from)`);
  // One version of a template is in force at a time.
  await knex.raw(
    `CREATE UNIQUE INDEX rule_versions_one_enabled ON rule_versions (template_code) WHERE status = 'enabled'`,
  );
  await knex.raw('CREATE INDEX rule_versions_region ON rule_versions (region_code)');
  await addBookkeeping(knex, 'rule_versions');
  await enableAudit(knex, 'rule_versions');
  await knex.raw(VERSION_GUARD);
  await knex.raw(`CREATE TRIGGER rule_versions_guard BEFORE UPDATE OR DELETE ON rule_versions
    FOR EACH ROW EXECUTE FUNCTION rule_version_guard()`);
  await commentTable(knex, 'rule_versions', '保障规则模版版本（4.2.1 第 2、3 款：修改生成模版，启用和停止）');
}

async function createRuleTable(knex: Knex, spec: RuleTable): Promise<void> {
  const { table } = spec;
  await knex.raw(
    `CREATE TABLE ?? (id bigserial PRIMARY KEY,
    version_id bigint NOT NULL REFERENCES rule_versions(id) ON DELETE CASCADE)`,
    [table],
  );
  const regionComment =
    table === 'rule_projects' || table === 'rule_support_projects'
      ? '行政区划代码（取自所属规则版本）'
      : '所属规则版本的行政区划代码（自动带出）';
  await addColumns(knex, table, [
    [
      'code',
      `text NOT NULL CHECK (code ~ '^[A-Za-z0-9_.-]{1,40}$')`,
      `${spec.code}（版本内唯一，跨版本稳定）`,
    ],
    ...spec.columns,
    ['region_code', 'region_code NOT NULL REFERENCES regions(code)', regionComment],
    ...(spec.enabled === false ? [] : ENABLED),
  ]);
  await commentColumns(knex, table, { version_id: '所属规则版本' });
  await knex.raw(`ALTER TABLE ?? ADD CONSTRAINT ?? UNIQUE (version_id, code)`, [table, `${table}_code`]);
  for (const [column, target] of Object.entries(spec.references ?? {})) {
    await knex.raw(
      `ALTER TABLE ?? ADD CONSTRAINT ?? FOREIGN KEY (version_id, ??) REFERENCES ?? (version_id, code)`,
      [table, `${table}_${column}_fkey`, column, target],
    );
  }
  await knex.raw(`CREATE INDEX ?? ON ?? (region_code)`, [`${table}_region`, table]);
  await addBookkeeping(knex, table);
  await enableAudit(knex, table);
  await knex.raw(
    `CREATE TRIGGER ?? BEFORE INSERT OR UPDATE OR DELETE ON ?? FOR EACH ROW EXECUTE FUNCTION rule_row_guard()`,
    [`${table}_guard`, table],
  );
  await commentTable(knex, table, spec.comment);
}

async function createEvaluations(knex: Knex): Promise<void> {
  await knex.raw(`CREATE TABLE rule_evaluations (
    id bigserial PRIMARY KEY,
    version_id bigint NOT NULL REFERENCES rule_versions(id),
    household_id bigint REFERENCES households(id),
    region_code region_code NOT NULL REFERENCES regions(code),
    eligible_modes text[] NOT NULL,
    result jsonb NOT NULL,
    evaluated_at timestamptz NOT NULL DEFAULT now(),
    evaluated_by text NOT NULL DEFAULT hss_actor(),
    request_id text DEFAULT nullif(current_setting('hss.request_id', true), ''))`);
  await commentColumns(knex, 'rule_evaluations', {
    version_id: '所用规则版本',
    household_id: '申请家庭（空为测试家庭）',
    region_code: '行政区划代码（家庭所在社区，测试家庭为规则版本的地区）',
    eligible_modes: '符合条件的保障方式编号',
    result: '判断结果与解释树（JSON）',
    evaluated_at: '判断时间',
    evaluated_by: '判断人',
    request_id: '请求编号',
  });
  await knex.raw('CREATE INDEX rule_evaluations_version ON rule_evaluations (version_id)');
  await knex.raw('CREATE INDEX rule_evaluations_household ON rule_evaluations (household_id)');
  // A record of what was decided and why: appended, never rewritten.
  await knex.raw('REVOKE UPDATE, DELETE, TRUNCATE ON rule_evaluations FROM hss_app');
  await commentTable(knex, 'rule_evaluations', '保障规则判断记录（每次判断所用的规则版本与解释）');
}

export async function up(knex: Knex): Promise<void> {
  await createVersions(knex);
  await knex.raw(GUARD);
  for (const spec of RULE_TABLES) await createRuleTable(knex, spec);
  await knex.raw(EXCHANGE_VIEW);
  await knex.raw(
    `COMMENT ON VIEW rule_exchange IS 'A.1.12 保障规则交换信息（由各年度生效的规则版本派生的视图）'`,
  );
  await commentColumns(knex, 'rule_exchange', EXCHANGE_COLUMNS);
  await createEvaluations(knex);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE rule_evaluations');
  await knex.raw('DROP VIEW rule_exchange');
  for (const spec of [...RULE_TABLES].reverse()) await knex.raw('DROP TABLE ?? CASCADE', [spec.table]);
  await knex.raw('DROP TABLE rule_versions');
  await knex.raw('DROP FUNCTION rule_row_guard()');
  await knex.raw('DROP FUNCTION rule_version_guard()');
}
