/**
 * An application's records beside the household (A.3.8): its housing (A.3.9), members (A.3.10), assets (A.3.11),
 * electronic archive (A.3.15) and the verifiers' reports (审核报告, 6.2.1; not in Appendix A).
 *
 * Each child row repeats the household's 申请编号, 准入登记年度 and region (the standard lists the first two as
 * fields of every table, the region scopes the operation log). A composite foreign key to those four columns of
 * `households` keeps the copies equal to the household's: ON UPDATE CASCADE carries a household's move (a new
 * 户籍地址 → a new community) or a corrected number into every child row. Households are never deleted (they are
 * withdrawn), so the children's evidence is never cascaded away: deleting a household with children fails.
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

const money = (column: string, precision = 14) => `numeric(${precision},2) CHECK (${column} >= 0)`;
const area = (column: string) => `numeric(10,2) CHECK (${column} >= 0)`;

/** The household a row belongs to, and the copies the composite foreign key keeps equal to the household's. */
const OWNER: readonly ColumnSpec[] = [
  ['household_id', 'bigint NOT NULL', '申请家庭（households.id）'],
  ['application_no', 'text NOT NULL', '申请编号（随申请家庭，外键保持一致）'],
  ['registration_year', 'smallint NOT NULL', '准入登记年度（随申请家庭，外键保持一致）'],
  ['region_code', 'region_code NOT NULL', '行政区划代码（随申请家庭，外键保持一致）'],
];

const REVIEW_STATUSES = `('pending', 'passed', 'failed')`;

/** Creates a child table of `households` with its owner columns, composite FK and index. */
async function createChild(knex: Knex, table: string, idComment: string): Promise<void> {
  await knex.raw(`CREATE TABLE ?? (id bigserial PRIMARY KEY)`, [table]);
  await commentColumns(knex, table, { id: idComment });
  await addColumns(knex, table, OWNER);
  await knex.raw(
    `ALTER TABLE ?? ADD CONSTRAINT ?? FOREIGN KEY (household_id, application_no, registration_year, region_code)
       REFERENCES households (id, application_no, registration_year, region_code) ON UPDATE CASCADE`,
    [table, `${table}_household_fk`],
  );
  await knex.raw(`CREATE INDEX ?? ON ?? (household_id)`, [`${table}_household`, table]);
  await knex.raw(`CREATE INDEX ?? ON ?? (region_code)`, [`${table}_region`, table]);
}

/** 办理阶段/审核人/审核时间/审核状态 per record (verification, 6.2.1): pending until a verifier decides. */
async function addReview(knex: Knex, table: string): Promise<void> {
  await addBookkeeping(knex, table, { review: true });
  await knex.raw(
    `ALTER TABLE ?? ALTER COLUMN review_status SET DEFAULT 'pending',
       ALTER COLUMN review_status SET NOT NULL,
       ADD CONSTRAINT ?? CHECK (review_status IN ${REVIEW_STATUSES}),
       ADD CONSTRAINT ?? CHECK ((review_status = 'pending') = (reviewed_at IS NULL))`,
    [table, `${table}_review_status`, `${table}_reviewed`],
  );
  await commentColumns(knex, table, {
    review_status: '审核状态：pending 待审核、passed 审核通过、failed 审核不通过',
    handling_stage: '办理阶段（审核时申请所处的流程节点，如 verify）',
  });
}

const address = (key: string, label: string, type = 'text'): ColumnSpec => [
  `address_${key}`,
  type,
  `房屋地址-${label}`,
];

const HOUSING: readonly ColumnSpec[] = [
  address('district', '县（市）-区'),
  address('street', '街道'),
  address('community', '社区'),
  address('road', '路（街、里、巷、小区）'),
  address('house_no', '号'),
  address('building', '座（栋）'),
  address('room', '室'),
  ['occupancy', 'text', '房屋住用状况（代码表 housing_occupancy）'],
  ['title_cert_no', 'text', '产权证编号'],
  ['owner_name', 'text', '产权人姓名'],
  ['owner_id_number', 'text', '产权人身份证（号码）'],
  ['owner_is_member', 'boolean', '产权人是否家庭成员'],
  ['owner_unit', 'text', '产权单位'],
  [
    'owner_unit_org_code',
    `text CHECK (owner_unit_org_code ~ '^[0-9A-Z]{8}-{0,1}[0-9X]$|^[0-9A-Z]{18}$')`,
    '产权单位组织机构代码（GB 11714 九位或统一社会信用代码十八位）',
  ],
  ['house_nature', 'text', '房屋性质（代码表 house_nature）'],
  ['house_type', 'text', '房屋类型（代码表 housing_type）'],
  ['self_contained', 'boolean', '成套情况：true 成套住宅、false 非成套'],
  ['repair_state', 'text', '房屋完好程度（代码表 housing_condition）'],
  ['structure', 'text', '房屋结构（代码表 building_structure）'],
  ['layout', 'text', '房屋户型（代码表 layout）'],
  ['facilities', 'text', '房屋配套设施（水、电、燃气、供暖、卫生间、厨房等，文字）'],
  ['property_management', 'text', '小区物业管理模式（代码表 property_management）'],
  ['floor_area', area('floor_area'), '建筑面积（平方米；计入家庭总建筑面积）'],
  ['built_year', 'smallint CHECK (built_year BETWEEN 1800 AND 2100)', '建成年份'],
  ['rent', money('rent', 12), '租金（元/月）'],
  ['ownership_share_class', 'text', '住房产权比例分类（代码表 ownership_share_class）'],
  ['property_right_nature', 'text', '产权性质（代码表 property_right_nature）'],
  ['ownership_ratio', 'numeric(5,2) CHECK (ownership_ratio BETWEEN 0 AND 100)', '产权比例（%）'],
  ['house_value', money('house_value'), '房屋价值（元）'],
  ['property_company', 'text', '物业单位'],
  ['address_category', 'text', '家庭成员房屋地址类别（代码表 member_address_category）'],
  ['disposal_intention', 'text', '房屋配给后原住房处置意向（代码表 original_housing_disposal）'],
];

const flag = (column: string, label: string): ColumnSpec => [column, 'boolean NOT NULL DEFAULT false', label];

const MEMBERS: readonly ColumnSpec[] = [
  ['relation', 'text NOT NULL', '与户主关系（代码表 relationship，与申请人的关系；申请人本人为 01）'],
  ['name', 'text NOT NULL', '家庭成员姓名'],
  ['id_type', `text NOT NULL DEFAULT '111'`, '身份证件类别（代码表 id_type）'],
  ['id_number', 'text NOT NULL', '身份证件号码'],
  ['hukou_type', 'text', '户口性质（代码表 hukou_type）'],
  ['hukou_years', 'numeric(4,1) CHECK (hukou_years >= 0)', '户口年限（本地户籍年限，年）'],
  flag('is_resident', '是否常住'),
  ['sex', 'text', '性别（代码表 gender）'],
  ['born_on', 'date', '出生日期'],
  ['ethnicity', 'text', '民族（代码表 ethnicity）'],
  ['phone', 'text', '联系电话'],
  ['employment', 'text', '就业情况（代码表 employment_status）'],
  ['employer', 'text', '工作单位'],
  ['employer_nature', 'text', '单位性质（代码表 employer_nature）'],
  ['occupation', 'text', '职业性质（文字，参照 GB/T 6565 职业分类）'],
  ['education', 'text', '文化程度（代码表 education）'],
  ['marital_status', 'text', '婚姻状况（代码表 marital_status）'],
  ['annual_income', `${money('annual_income')} NOT NULL DEFAULT 0`, '年收入（元；计入家庭年总收入）'],
  ['special_group', 'text', '特殊人员代码（代码表 special_group）'],
  ['disability_category', 'text', '残疾类别（代码表 disability_category）'],
  [
    'disability_grade',
    'smallint CHECK (disability_grade BETWEEN 1 AND 4)',
    '残疾等级（一级最重；代码表 disability_grade）',
  ],
  ['honor_level', 'text', '荣誉称号级别（代码表 honor_level）'],
  ['honor_category', 'text', '荣誉称号类别（文字，如 劳动模范）'],
  ['medal_category', 'text', '荣誉奖章类别（文字，如 五一劳动奖章）'],
  flag('is_recruited_talent', '是否引进人才'),
  flag('is_migrant_worker', '是否外来务工人员'),
  flag('has_housing_fund', '是否享受住房公积金'),
  flag('had_welfare_housing', '是否享受过福利房（是则申请时提示核查）'),
  flag('has_housing_subsidy', '是否享受住房补贴（是则申请时提示核查）'),
  ['lives_together', 'boolean NOT NULL DEFAULT true', '是否共同居住'],
  ['income_source', 'text', '收入来源（文字，如 工资、经营、养老金）'],
  flag('has_criminal_record', '是否有犯罪记录'),
  ['pension_insurance_no', 'text', '养老保险号'],
  ['medical_insurance_no', 'text', '医疗保险号'],
  ['unemployment_insurance_no', 'text', '失业保险号'],
  ['maternity_insurance_no', 'text', '生育保险号'],
  ['injury_insurance_no', 'text', '工伤保险号'],
  ['social_insurance_no', 'text', '五保合一号（社会保险五险合一编号）'],
  ['housing_fund_account', 'text', '公积金账号'],
  ['wubao_cert_no', 'text', '五保证编号（农村五保供养证）'],
  ['hardship_cert_no', 'text', '职工特困证号码'],
];

const ASSETS: readonly ColumnSpec[] = [
  ['owner_name', 'text NOT NULL', '所有人姓名'],
  ['category', 'text NOT NULL', '资产类别（代码表 asset_category）'],
  ['quantity', 'numeric(12,2) NOT NULL DEFAULT 1 CHECK (quantity >= 0)', '数量'],
  ['total_value', money('total_value'), '总价值（元；计入家庭资产总值）'],
];

const ARCHIVE: readonly ColumnSpec[] = [
  ['archive_type', 'text NOT NULL', '档案类型（代码表 archive_type）'],
  ['handling_stage', 'text', '办理阶段（上传时申请所处的流程节点，如 accept）'],
  ['name', 'text NOT NULL CHECK (length(name) BETWEEN 1 AND 200)', '档案名称（上传时的文件名或说明）'],
  [
    'content_sha256',
    `text NOT NULL CHECK (content_sha256 ~ '^[0-9a-f]{64}$')`,
    '档案内容（文件不入库：按 SHA-256 存于内容寻址目录 ARCHIVE_DIR，此列为其摘要）',
  ],
  [
    'media_type',
    `text NOT NULL CHECK (media_type IN ('application/pdf', 'image/jpeg', 'image/png'))`,
    '文件类型（由文件内容识别，不取扩展名）',
  ],
  ['size_bytes', 'integer NOT NULL CHECK (size_bytes > 0)', '文件大小（字节）'],
  ['registered_at', 'timestamptz NOT NULL DEFAULT now()', '登记时间'],
];

const REPORTS: readonly ColumnSpec[] = [
  ['verifier', 'text NOT NULL', '审核人（用户名）'],
  ['conclusion', `text NOT NULL CHECK (conclusion IN ('pass', 'fail'))`, '审核结论：pass 通过、fail 不通过'],
  ['findings', 'text NOT NULL', '审核意见（核查经过与发现）'],
  ['handling_stage', 'text', '办理阶段（报告时申请所处的流程节点）'],
  ['concluded_at', 'timestamptz NOT NULL DEFAULT now()', '审核时间'],
];

export async function up(knex: Knex): Promise<void> {
  // The target of the children's composite foreign key (id alone is unique already; this names the copies).
  await knex.raw(`ALTER TABLE households ADD CONSTRAINT households_application_key
    UNIQUE (id, application_no, registration_year, region_code)`);
  // Application numbers given by the wizard when the caseworker leaves them empty.
  await knex.raw('CREATE SEQUENCE application_no_seq');

  await createChild(knex, 'household_housing', '房屋编号（本表记录编号，自动生成）');
  await addColumns(knex, 'household_housing', HOUSING);
  await addReview(knex, 'household_housing');
  await enableAudit(knex, 'household_housing');
  await commentTable(knex, 'household_housing', 'A.3.9 申请家庭住房信息');

  await createChild(knex, 'household_members', '家庭成员编号（自动生成）');
  await addColumns(knex, 'household_members', MEMBERS);
  await knex.raw(`ALTER TABLE household_members
    ADD CONSTRAINT household_members_person UNIQUE (household_id, id_type, id_number),
    ADD CONSTRAINT household_members_disability CHECK ((disability_category IS NULL) = (disability_grade IS NULL))`);
  // One applicant (本人) per household; the duplicate check across the province reads id_number.
  await knex.raw(`CREATE UNIQUE INDEX household_members_applicant ON household_members (household_id)
    WHERE relation = '01'`);
  await knex.raw('CREATE INDEX household_members_id_number ON household_members (id_number)');
  await addReview(knex, 'household_members');
  await enableAudit(knex, 'household_members');
  await commentTable(knex, 'household_members', 'A.3.10 申请家庭成员信息');

  await createChild(knex, 'household_assets', '资产编号（自动生成）');
  await addColumns(knex, 'household_assets', ASSETS);
  await addReview(knex, 'household_assets');
  await enableAudit(knex, 'household_assets');
  await commentTable(knex, 'household_assets', 'A.3.11 申请家庭资产信息');

  await createChild(knex, 'archive_files', '档案编号（自动生成）');
  await addColumns(knex, 'archive_files', ARCHIVE);
  await addBookkeeping(knex, 'archive_files');
  await enableAudit(knex, 'archive_files');
  await commentTable(knex, 'archive_files', 'A.3.15 电子档案信息');

  await createChild(knex, 'verification_reports', '审核报告编号（自动生成）');
  await addColumns(knex, 'verification_reports', REPORTS);
  await addBookkeeping(knex, 'verification_reports');
  await enableAudit(knex, 'verification_reports');
  await commentTable(
    knex,
    'verification_reports',
    '审核报告（CJJ/T 196 6.2.1 审核：核查结论与意见；附录 A 未列）',
  );
}

export async function down(knex: Knex): Promise<void> {
  for (const table of [
    'verification_reports',
    'archive_files',
    'household_assets',
    'household_members',
    'household_housing',
  ])
    await knex.schema.dropTable(table);
  await knex.raw('DROP SEQUENCE application_no_seq');
  await knex.raw('ALTER TABLE households DROP CONSTRAINT households_application_key');
}
