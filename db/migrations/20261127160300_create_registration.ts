/**
 * Review and registration (CJJ/T 196 6.2.1 items 4–5, A.3.14, A.3.16–A.3.18):
 * - `admission_plans` (A.3.14 拟保障实施方案信息): one current plan per household, computed from the enabled rules
 *   at first review (初审) and confirmed or modified at second review (复审); `admission_plan_revisions` keeps every
 *   content version with who/when (the bookkeeping of the revision row) and before/after.
 * - `registry_book` (A.3.16 保障对象准入登记簿交换信息): the exchange record written when the admission process ends
 *   approved, a snapshot of the household as registered.
 * - `supplier_unit_approvals` / `supplier_person_approvals` (A.3.17 / A.3.18): support applications of suppliers of
 *   security housing and their approved amounts (核定额度 never above 申请额度).
 */
import type { Knex } from 'knex';
import { addBookkeeping, addColumns, commentTable, enableAudit, type ColumnSpec } from '../helpers.ts';

const money = (column: string) => `numeric(14,2) CHECK (${column} >= 0)`;
const area = (column: string) => `numeric(10,2) CHECK (${column} >= 0)`;
const REGION: ColumnSpec = ['region_code', 'region_code NOT NULL REFERENCES regions(code)', '行政区划代码'];

/**
 * The household a plan or registry entry belongs to (one each), with the copies of its 申请编号, 准入登记年度 and
 * region that a composite foreign key keeps equal to the household's (as the application's child tables do,
 * migration 20261127160100): a household's move or corrected number cascades, and the scope follows it.
 */
const owner = (note: string): ColumnSpec[] => [
  ['household_id', 'bigint NOT NULL UNIQUE', `申请家庭（households.id；${note}）`],
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
}

/** The household's identity and 户籍 address, as A.3.8 and A.3.16 share them. */
const hukou = (key: string, label: string): ColumnSpec => [`hukou_${key}`, 'text', `户籍所在地-${label}`];

async function createPlans(knex: Knex): Promise<void> {
  await knex.raw('CREATE TABLE admission_plans (id bigserial PRIMARY KEY)');
  await addColumns(knex, 'admission_plans', [
    ['plan_no', 'text NOT NULL UNIQUE', '方案编号（FA- 加申请编号）'],
    ...owner('一户一个现行方案'),
    ['project_code', 'text', '拟保障项目类别（保障项目编号，A.1.1；无符合条件的保障方式时为空）'],
    ['project_name', 'text', '拟保障项目名称'],
    ['mode_code', 'text', '拟住房保障方式（保障方式编号，A.1.2）'],
    ['mode_name', 'text', '拟住房保障方式名称'],
    ['mode_type', 'text', '拟住房保障方式类别（代码表 security_mode）'],
    [
      'condition_codes',
      `text[] NOT NULL DEFAULT '{}'`,
      '保障准入条件编号（该保障方式已满足的准入条件编号，A.1.4–A.1.6）',
    ],
    [
      'standard_amount',
      money('standard_amount'),
      '标准额度（元；规则保障标准的计算结果，单位见 standard_unit）',
    ],
    ['standard_unit', 'text', '标准额度单位（如 元/月）'],
    ['proposed_subsidy', money('proposed_subsidy'), '拟补贴额度（元；不超过标准额度）'],
    ['proposed_area', area('proposed_area'), '拟配给房屋面积（平方米）'],
    ['proposed_layout', 'text', '拟配给房屋户型（代码表 layout）'],
    ['eligible_modes', `text[] NOT NULL DEFAULT '{}'`, '符合条件的保障方式编号（全部）'],
    ['rule_version_id', 'bigint NOT NULL REFERENCES rule_versions(id)', '计算所用保障规则版本'],
    ['evaluation', 'jsonb NOT NULL', '规则判断结果（因素取值、各保障方式的判断解释与保障标准）'],
    ['computed_at', 'timestamptz NOT NULL DEFAULT now()', '计算时间'],
    ['revision', 'integer NOT NULL DEFAULT 1 CHECK (revision >= 1)', '方案修订号'],
  ]);
  await ownedByHousehold(knex, 'admission_plans');
  await addBookkeeping(knex, 'admission_plans', { review: true });
  await knex.raw(`ALTER TABLE admission_plans
    ADD CONSTRAINT admission_plans_stage CHECK (handling_stage IN ('first_review', 'second_review', 'registered', 'denied')),
    ADD CONSTRAINT admission_plans_status CHECK (review_status IN ('proposed', 'first_approved', 'modified', 'confirmed', 'denied')),
    ADD CONSTRAINT admission_plans_mode_eligible CHECK (mode_code IS NULL OR mode_code = ANY (eligible_modes)),
    ADD CONSTRAINT admission_plans_subsidy_within_standard
      CHECK (proposed_subsidy IS NULL OR (standard_amount IS NOT NULL AND proposed_subsidy <= standard_amount))`);
  await knex.raw('CREATE INDEX admission_plans_region ON admission_plans (region_code)');
  await enableAudit(knex, 'admission_plans');
  await commentTable(knex, 'admission_plans', 'A.3.14 拟保障实施方案信息');

  // Who and when of a revision are its 增加人/增加时间 (set from the transaction's actor by the trigger).
  await knex.raw('CREATE TABLE admission_plan_revisions (id bigserial PRIMARY KEY)');
  await addColumns(knex, 'admission_plan_revisions', [
    ['plan_id', 'bigint NOT NULL REFERENCES admission_plans(id) ON DELETE CASCADE', '方案'],
    ['revision', 'integer NOT NULL CHECK (revision >= 1)', '方案修订号'],
    [
      'action',
      `text NOT NULL CHECK (action IN ('computed', 'recomputed', 'modified'))`,
      '修订类别：computed 初审计算、recomputed 重新计算、modified 复审修改',
    ],
    ['stage', 'text NOT NULL', '办理阶段（修订时）'],
    ['reason', 'text', '修改理由'],
    ['before', 'jsonb', '修订前方案（首次计算为空）'],
    ['after', 'jsonb NOT NULL', '修订后方案'],
    REGION,
  ]);
  await knex.raw(
    'ALTER TABLE admission_plan_revisions ADD CONSTRAINT admission_plan_revisions_unique UNIQUE (plan_id, revision)',
  );
  await addBookkeeping(knex, 'admission_plan_revisions');
  await enableAudit(knex, 'admission_plan_revisions');
  await commentTable(knex, 'admission_plan_revisions', '拟保障实施方案修订记录（谁、何时、修改前后）');
}

async function createRegistryBook(knex: Knex): Promise<void> {
  await knex.raw('CREATE TABLE registry_book (id bigserial PRIMARY KEY)');
  await addColumns(knex, 'registry_book', [
    ...owner('一户一条登记'),
    ['survey_no', 'text', '调查编号（对象调查子系统的调查编号；未经调查为空）'],
    ['applicant_name', 'text NOT NULL', '申请人姓名'],
    ['id_type', 'text NOT NULL', '证件类别（代码表 id_type）'],
    ['id_number', 'text NOT NULL', '证件号码'],
    ['phone', 'text', '联系电话'],
    hukou('district', '县（市）-区'),
    hukou('street', '街道'),
    hukou('community', '社区'),
    hukou('road', '路（街、里、巷、小区）'),
    hukou('house_no', '号'),
    hukou('building', '座（栋）'),
    hukou('room', '室'),
    ['household_size', 'smallint NOT NULL CHECK (household_size BETWEEN 1 AND 30)', '家庭人口数'],
    ['per_capita_income', money('per_capita_income'), '家庭人均年收入（元）'],
    ['total_income', money('total_income'), '家庭年总收入（元）'],
    ['per_capita_assets', money('per_capita_assets'), '家庭人均资产（元）'],
    ['total_assets', money('total_assets'), '家庭总资产（元）'],
    ['per_capita_floor_area', area('per_capita_floor_area'), '家庭人均建筑面积（平方米）'],
    ['total_floor_area', area('total_floor_area'), '家庭总建筑面积（平方米）'],
    ['in_shanty_area', 'boolean NOT NULL', '是否居住在棚户区'],
    ['is_minimum_living', 'boolean NOT NULL', '是否为最低生活保障家庭'],
    ['minimum_living_cert_no', 'text', '最低生活保障证号'],
    ['applied_at', 'timestamptz NOT NULL', '申请时间'],
    ['income_level', 'text', '申请家庭收入层次类别（代码表 income_level，取自保障项目的收入分类）'],
    ['special_group', 'text', '特定群体类别（代码表 special_group）'],
    ['applied_project', 'text', '申请保障项目类别（保障项目编号，A.1.1）'],
    ['applied_project_name', 'text', '申请保障项目名称'],
    ['applied_mode', 'text', '申请保障方式（代码表 security_mode）'],
    ['registered_at', 'timestamptz NOT NULL DEFAULT now()', '登记时间'],
    ['implemented_at', 'timestamptz', '实施保障时间（配租配售或发放补贴时填写）'],
    ['implemented_mode', 'text', '实施住房保障方式（代码表 security_mode）'],
    ['exited_at', 'timestamptz', '保障退出时间'],
    [
      'security_status',
      `text NOT NULL DEFAULT 'waiting' CHECK (security_status IN ('waiting', 'secured', 'exited'))`,
      '保障状态：waiting 轮候中、secured 保障中、exited 已退出',
    ],
    ['last_review_year', 'smallint CHECK (last_review_year BETWEEN 1990 AND 2100)', '最后年审年度'],
    ['plan_id', 'bigint REFERENCES admission_plans(id)', '准予登记时的拟保障实施方案'],
  ]);
  await ownedByHousehold(knex, 'registry_book');
  await knex.raw(`ALTER TABLE registry_book
    ADD CONSTRAINT registry_book_secured CHECK (security_status = 'waiting' OR implemented_at IS NOT NULL),
    ADD CONSTRAINT registry_book_exited CHECK ((security_status = 'exited') = (exited_at IS NOT NULL)),
    ADD CONSTRAINT registry_book_implemented_mode CHECK ((implemented_at IS NULL) = (implemented_mode IS NULL))`);
  await knex.raw('CREATE INDEX registry_book_region ON registry_book (region_code)');
  await knex.raw('CREATE INDEX registry_book_year ON registry_book (registration_year, region_code)');
  await addBookkeeping(knex, 'registry_book');
  await enableAudit(knex, 'registry_book');
  await commentTable(knex, 'registry_book', 'A.3.16 保障对象准入登记簿交换信息');
}

/** The support application and approval fields A.3.17 and A.3.18 share (申请支持对象类别 … 审核单位). */
const SUPPORT_COLUMNS: ColumnSpec[] = [
  ['support_object_class', 'text', '申请支持对象类别（支持项目的支持对象类型）'],
  ['support_project_code', 'text NOT NULL', '申请支持项目类别（支持项目编号，A.1.8）'],
  ['support_mode_code', 'text NOT NULL', '申请支持方式（支持方式编号，A.1.9）'],
  ['support_condition_code', 'text', '申请支持条件编号（支持方式申请条件编号，A.1.10）'],
  ['rule_version_id', 'bigint NOT NULL REFERENCES rule_versions(id)', '核对支持项目所用的保障规则版本'],
  ['standard_amount', money('standard_amount'), '标准额度（元）'],
  ['subsidy_due', money('subsidy_due'), '应补贴额度（元）'],
  ['payable', money('payable'), '应缴纳额度（元）'],
  ['deduction', money('deduction'), '核减额度（元）'],
  ['requested_amount', `${money('requested_amount')} NOT NULL`, '申请额度（元）'],
  ['applied_at', 'timestamptz NOT NULL DEFAULT now()', '申请时间'],
  ['approved_amount', money('approved_amount'), '核定额度（元；不超过申请额度）'],
  ['reviewed_at', 'timestamptz', '审核时间'],
  ['reviewing_unit', 'text', '审核单位（审核人所属机构）'],
  ['reviewing_unit_code', 'region_code REFERENCES regions(code)', '审核单位行政区划代码'],
  ['reviewed_by', 'text', '审核人'],
  ['review_comment', 'text', '审核意见'],
  [
    'status',
    `text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved'))`,
    '审批状态：pending 待审核、approved 已核定',
  ],
  REGION,
];

async function createSupplierTable(
  knex: Knex,
  table: string,
  prefix: string,
  own: ColumnSpec[],
  comment: string,
): Promise<void> {
  const sequence = `${table}_no`;
  await knex.raw(`CREATE SEQUENCE ${sequence}`);
  await knex.raw(`CREATE TABLE ${table} (id bigserial PRIMARY KEY)`);
  await addColumns(knex, table, [
    [
      'approval_no',
      `text NOT NULL UNIQUE DEFAULT ('${prefix}' || to_char(now(), 'YYYY') || lpad(nextval('${sequence}')::text, 6, '0'))`,
      `审批编号（${prefix} + 年份 + 序号，自动生成）`,
    ],
    ...own,
    ...SUPPORT_COLUMNS,
  ]);
  await knex.raw(`ALTER TABLE ${table}
    ADD CONSTRAINT ${table}_approved_within_requested CHECK (approved_amount IS NULL OR approved_amount <= requested_amount),
    ADD CONSTRAINT ${table}_approved_complete CHECK ((status = 'approved') =
      (approved_amount IS NOT NULL AND reviewed_at IS NOT NULL AND reviewing_unit IS NOT NULL))`);
  await knex.raw(`CREATE INDEX ${table}_region ON ${table} (region_code, status)`);
  await addBookkeeping(knex, table);
  await enableAudit(knex, table);
  await commentTable(knex, table, comment);
}

export async function up(knex: Knex): Promise<void> {
  await createPlans(knex);
  await createRegistryBook(knex);
  await createSupplierTable(
    knex,
    'supplier_unit_approvals',
    'DW',
    [
      ['unit_no', 'text NOT NULL', '单位编号（统一社会信用代码或组织机构代码）'],
      ['unit_name', 'text NOT NULL', '单位名称'],
      ['project_id', 'bigint NOT NULL REFERENCES projects(id)', '项目（由项目确定供给单位身份）'],
      ['project_no', 'text NOT NULL', '项目编号'],
      ['project_name', 'text NOT NULL', '项目名称'],
    ],
    'A.3.17 保障住房供给单位登记审批信息',
  );
  await createSupplierTable(
    knex,
    'supplier_person_approvals',
    'GR',
    [
      ['applicant_name', 'text NOT NULL', '申请人姓名'],
      ['applicant_id_type', `text NOT NULL DEFAULT '111'`, '申请人证件类别（代码表 id_type）'],
      ['applicant_id_number', 'text NOT NULL', '申请人证件证号'],
      ['project_id', 'bigint REFERENCES projects(id)', '项目（供给房源所在项目，可空）'],
    ],
    'A.3.18 保障住房供给个人登记审批信息',
  );
}

export async function down(knex: Knex): Promise<void> {
  for (const table of [
    'supplier_person_approvals',
    'supplier_unit_approvals',
    'registry_book',
    'admission_plan_revisions',
    'admission_plans',
  ])
    await knex.schema.dropTable(table);
  await knex.raw('DROP SEQUENCE supplier_person_approvals_no, supplier_unit_approvals_no');
}
