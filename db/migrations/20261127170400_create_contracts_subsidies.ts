/**
 * Deployment to households and suppliers (CJJ/T 196 10.2.1 items 1–3, 10.2.2 item 1; A.7.3–A.7.7):
 * - `security_contracts` (A.7.3 保障对象合同签约): rental (配租) and sale (配售) contracts from a reviewed, active unit
 *   selection, subsidy (补贴) contracts from a published subsidy plan's household. draft → signed → effective →
 *   renewed | terminated, each step guarded by a trigger (HS409) and its dates by CHECKs; a unit and a household
 *   are in at most one live contract (partial unique indexes); a renewal points at the contract it continues.
 * - `contract_archives` (A.7.4 配给合同电子档案): the signed scans; the bytes live in the admission archive's
 *   content-addressed store (ARCHIVE_DIR, server/admission/archive.ts), the row names them by SHA-256.
 * - `subsidy_fund_plans` (A.7.7 支持对象资金拨付配置计划): a total paid to an approved supplier (A.3.17/A.3.18) in
 *   equal instalments per period from a start month.
 * - `subsidy_dues` (A.7.5 补贴应发): one row per object, year, month and item (UNIQUE), so generating a month
 *   twice creates nothing new (INSERT … SELECT … ON CONFLICT DO NOTHING in server/subsidies/dues-store.ts).
 * - `subsidy_payments` (A.7.6 补贴实发): at most one per due (UNIQUE), a shortfall only with its reason (CHECK).
 * Also adds the contract and voucher document kinds to the documents module's templates (server/documents).
 */
import type { Knex } from 'knex';
import { addBookkeeping, addColumns, commentTable, enableAudit, type ColumnSpec } from '../helpers.ts';

const money = (column: string) => `numeric(14,2) CHECK (${column} >= 0)`;
const inList = (column: string, values: readonly string[]) =>
  `CHECK (${column} IN (${values.map((v) => `'${v}'`).join(', ')}))`;
const REGION: ColumnSpec = ['region_code', 'region_code NOT NULL REFERENCES regions(code)', '行政区划代码'];

export const CONTRACT_TYPES = ['rental', 'sale', 'subsidy'] as const;
export const CONTRACT_STATUSES = ['draft', 'signed', 'effective', 'renewed', 'terminated'] as const;
export const PAYMENT_METHODS = ['bank', 'cash', 'rent_offset'] as const;
const PERIOD_TYPES = ['month', 'quarter', 'half_year', 'year'] as const;

const OFFICE = '{{city_name}}{{district_name}}住房保障中心';
const PARTIES = [
  '甲方（出租人/发放单位）：' + OFFICE,
  '乙方：{{signatory_name}}（身份证号：{{signatory_id_number}}；申请编号：{{application_no}}）{{agent_line}}',
];

/**
 * The templates of the contracts (A.7.3) and the subsidy voucher (A.7.5), in the documents module's format
 * (server/documents/templates.ts declares their placeholders). Editable afterwards like the others.
 */
const CONTRACT_TEMPLATES = [
  {
    key: 'contract_rental',
    name: '保障性住房租赁合同',
    title: '保障性住房租赁合同',
    number_prefix: '住保租合字',
    addressee: '',
    body: [
      ...PARTIES,
      '根据住房保障有关规定，乙方经准入登记、轮候和选房，配租甲方管理的保障性住房。双方经协商一致，订立本合同（合同编号：{{contract_no}}）。',
      '第一条 房屋：{{unit_address}}（房屋编号：{{unit_no}}），建筑面积{{floor_area}}平方米。',
      '第二条 租金：月租金{{rent_monthly}}元，乙方于每月十日前缴纳当月租金。',
      '第三条 租赁期限：{{term}}，自{{starts_on}}起至{{ends_on}}止。是否自动续签：{{auto_renew}}。期满前乙方仍符合保障条件的，按规定续签。',
      '第四条 乙方应当按照合同约定的用途自住，不得转借、转租、闲置，不得改变房屋用途，不得破坏或擅自装修房屋。',
      '第五条 乙方家庭人口、收入、住房等情况发生变化的，应当在三十日内如实申报。乙方不再符合保障条件或违反本合同约定的，甲方有权解除合同、收回房屋。',
      '第六条 本合同自双方签署并经甲方登记生效之日起生效，一式三份，甲乙双方各执一份，住房保障主管部门备案一份。',
      '乙方（签字）：____________　　代理人（签字）：____________',
    ].join('\n\n'),
    signature: OFFICE,
  },
  {
    key: 'contract_sale',
    name: '保障性住房买卖合同',
    title: '保障性住房买卖合同',
    number_prefix: '住保售合字',
    addressee: '',
    body: [
      '甲方（出卖人）：' + OFFICE,
      PARTIES[1],
      '根据住房保障有关规定，乙方经准入登记、轮候和选房，购买甲方配售的保障性住房。双方经协商一致，订立本合同（合同编号：{{contract_no}}）。',
      '第一条 房屋：{{unit_address}}（房屋编号：{{unit_no}}），建筑面积{{floor_area}}平方米。',
      '第二条 价款：房屋总价款{{price}}元，乙方按双方约定的方式和期限付清。',
      '第三条 乙方购买的保障性住房属于有限产权，取得房屋所有权证未满规定年限的不得上市交易；确需转让的，由政府按规定优先回购。',
      '第四条 乙方应当按照规定用途自住，不得出租、出借或改变房屋用途。',
      '第五条 本合同自双方签署并经甲方登记生效之日起生效，一式三份，甲乙双方各执一份，住房保障主管部门备案一份。',
      '乙方（签字）：____________　　代理人（签字）：____________',
    ].join('\n\n'),
    signature: OFFICE,
  },
  {
    key: 'contract_subsidy',
    name: '住房租赁补贴协议',
    title: '住房租赁补贴协议',
    number_prefix: '住保补协字',
    addressee: '',
    body: [
      ...PARTIES,
      '根据住房保障有关规定，乙方经准入登记，以货币补贴方式实施住房保障。双方经协商一致，订立本协议（合同编号：{{contract_no}}）。',
      '第一条 补贴金额：每月{{subsidy_amount}}元（保障标准{{standard_amount}}元）。',
      '第二条 发放方式：{{subsidy_method}}，自{{subsidy_start}}起按月发放。',
      '第三条 协议期限：{{term}}，自{{starts_on}}起至{{ends_on}}止。是否自动续签：{{auto_renew}}。',
      '第四条 乙方家庭人口、收入、住房等情况发生变化的，应当在三十日内如实申报；不再符合条件的，甲方停止发放补贴，已多领取的应予退还。',
      '第五条 本协议自双方签署并经甲方登记生效之日起生效，一式两份，甲乙双方各执一份。',
      '乙方（签字）：____________　　代理人（签字）：____________',
    ].join('\n\n'),
    signature: OFFICE,
  },
  {
    key: 'subsidy_voucher',
    name: '补贴发放单据',
    title: '住房保障补贴发放单据',
    number_prefix: '住保补发字',
    addressee: '',
    body: [
      '补贴年月：{{period}}。本单据列明应发补贴{{count}}笔，应发合计{{total}}元，已实发{{paid_count}}笔。',
      '领取人核对金额无误后在签收栏签字。不足额发放的，以实发记录中的不足金额及原因为准。',
    ].join('\n\n'),
    signature: OFFICE,
  },
];

/** Document kinds before and after this migration (the documents module's CHECKs list them). */
const OLD_KINDS = ['registration_approved', 'registration_denied', 'notice_batch'];
const NEW_KINDS = [...OLD_KINDS, ...CONTRACT_TEMPLATES.map((t) => t.key)];
const OLD_BUSINESS = ['household', 'notice_batch'];
const NEW_BUSINESS = [...OLD_BUSINESS, 'contract', 'subsidy_due', 'subsidy_month'];

/**
 * The contract's life (10.2.1 item 2: 合同签署、续签、合同终止): only these moves, whatever the application does;
 * a finished contract (renewed or terminated) never changes again except its bookkeeping and PDF pointer.
 */
const CONTRACT_GUARD = `
CREATE FUNCTION security_contract_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.status = OLD.status THEN
    IF OLD.status IN ('renewed', 'terminated')
       AND to_jsonb(NEW) - ARRAY['document_id', 'updated_at', 'updated_by']
           <> to_jsonb(OLD) - ARRAY['document_id', 'updated_at', 'updated_by'] THEN
      RAISE EXCEPTION USING ERRCODE = 'HS409', MESSAGE = format('contract_state: %s is %s', OLD.contract_no, OLD.status);
    END IF;
    RETURN NEW;
  END IF;
  IF (OLD.status, NEW.status) NOT IN (('draft', 'signed'), ('draft', 'terminated'), ('signed', 'effective'),
      ('signed', 'terminated'), ('effective', 'renewed'), ('effective', 'terminated')) THEN
    RAISE EXCEPTION USING ERRCODE = 'HS409',
      MESSAGE = format('contract_state: %s cannot go from %s to %s', OLD.contract_no, OLD.status, NEW.status);
  END IF;
  RETURN NEW;
END $$`;

async function createContracts(knex: Knex): Promise<void> {
  await knex.raw(CONTRACT_GUARD);
  await knex.raw('CREATE SEQUENCE security_contract_no');
  await knex.raw('CREATE TABLE security_contracts (id bigserial PRIMARY KEY)');
  await addColumns(knex, 'security_contracts', [
    ['household_id', 'bigint NOT NULL', '申请家庭（households.id）'],
    ['application_no', 'text NOT NULL', '申请人编号（申请编号）'],
    ['registration_year', 'smallint NOT NULL', '准入登记年度'],
    ['region_code', 'region_code NOT NULL', '行政区划代码（随申请家庭）'],
    [
      'contract_type',
      `text NOT NULL ${inList('contract_type', CONTRACT_TYPES)}`,
      '合同类型：rental 配租、sale 配售、subsidy 补贴',
    ],
    ['contract_no', 'text NOT NULL UNIQUE', '合同编号（HT + 类型字母 + 年份 + 序号，自动生成）'],
    ['unit_id', 'bigint REFERENCES housing_units(id)', '房屋（配租、配售）'],
    ['unit_no', 'text', '房屋编号'],
    ['selection_id', 'bigint REFERENCES unit_selections(id)', '选房记录（A.7.2，配租、配售合同的来源）'],
    ['plan_id', 'bigint REFERENCES allocation_plans(id)', '配置方案（A.6.5）'],
    ['plan_household_id', 'bigint REFERENCES allocation_plan_households(id)', '方案保障对象明细（A.6.6）'],
    ['project_code', 'text', '保障项目编号（方案的保障项目，补贴应发的补贴项目编号）'],
    ['floor_area', 'numeric(10,2) CHECK (floor_area >= 0)', '建筑面积（平方米）'],
    ['rent_monthly', money('rent_monthly'), '月租金（元；配租，取自房屋）'],
    ['price', money('price'), '售价（元；配售）'],
    ['subsidy_amount', money('subsidy_amount'), '补贴金额（元/月；补贴合同）'],
    ['standard_amount', money('standard_amount'), '原标准金额（元/月；保障标准，补贴应发的原标准金额）'],
    [
      'subsidy_method',
      `text ${inList('subsidy_method', PAYMENT_METHODS)}`,
      '补贴发放方式：bank 银行代发、cash 现金、rent_offset 冲抵租金',
    ],
    ['subsidy_start_on', 'date', '发放起始时间（补贴合同；按月发放，自该日所在月起）'],
    ['signatory_name', 'text NOT NULL', '签约人（申请人姓名，取自申请家庭）'],
    ['signatory_id_number', 'text NOT NULL', '签约人身份证号（取自申请家庭）'],
    ['agent_name', 'text', '代理人（取自申请家庭的代理人）'],
    ['agent_id_number', 'text', '代理人身份证号'],
    ['term_months', 'smallint CHECK (term_months BETWEEN 1 AND 240)', '合同期限（月；配售为空）'],
    ['starts_on', 'date NOT NULL', '合同起始日期'],
    ['ends_on', 'date', '合同有效期（截止日期，含当日；配售为空即长期）'],
    ['signed_at', 'timestamptz', '合同签署时间'],
    ['effective_at', 'timestamptz', '合同生效时间'],
    ['expired_at', 'timestamptz', '合同失效时间（终止或被续签合同取代时）'],
    ['termination_reason', 'text', '终止原因'],
    ['auto_renew', 'boolean NOT NULL DEFAULT false', '是否自动续签'],
    [
      'status',
      `text NOT NULL DEFAULT 'draft' ${inList('status', CONTRACT_STATUSES)}`,
      '合同状态：draft 草拟、signed 已签署、effective 已生效、renewed 已续签（由新合同接续）、terminated 已终止',
    ],
    ['renewal_of', 'bigint UNIQUE REFERENCES security_contracts(id)', '续签的原合同（一份合同至多续签一次）'],
    ['document_id', 'bigint REFERENCES generated_documents(id)', '合同文本（PDF，最新生成）'],
  ]);
  await knex.raw(`ALTER TABLE security_contracts
    ADD CONSTRAINT security_contracts_household_fk FOREIGN KEY (household_id, application_no, registration_year,
      region_code) REFERENCES households (id, application_no, registration_year, region_code) ON UPDATE CASCADE,
    ADD CONSTRAINT security_contracts_unit CHECK ((contract_type = 'subsidy') = (unit_id IS NULL)
      AND (unit_id IS NULL) = (unit_no IS NULL) AND (contract_type <> 'subsidy') = (selection_id IS NOT NULL)),
    ADD CONSTRAINT security_contracts_rent CHECK (contract_type <> 'rental' OR rent_monthly IS NOT NULL),
    ADD CONSTRAINT security_contracts_price CHECK (contract_type <> 'sale' OR price IS NOT NULL),
    ADD CONSTRAINT security_contracts_subsidy CHECK ((contract_type = 'subsidy') = (subsidy_amount IS NOT NULL
      AND subsidy_method IS NOT NULL AND subsidy_start_on IS NOT NULL)),
    ADD CONSTRAINT security_contracts_term CHECK ((contract_type = 'sale') = (ends_on IS NULL)
      AND (ends_on IS NULL OR ends_on >= starts_on) AND (ends_on IS NULL) = (term_months IS NULL)),
    ADD CONSTRAINT security_contracts_auto_renew CHECK (NOT auto_renew OR contract_type <> 'sale'),
    ADD CONSTRAINT security_contracts_signed CHECK ((status IN ('signed', 'effective', 'renewed')) <= (signed_at IS NOT NULL)
      AND (status = 'draft') <= (signed_at IS NULL)),
    ADD CONSTRAINT security_contracts_effective CHECK ((status IN ('effective', 'renewed')) <= (effective_at IS NOT NULL)
      AND (status IN ('draft', 'signed')) <= (effective_at IS NULL)),
    ADD CONSTRAINT security_contracts_expired CHECK ((status IN ('renewed', 'terminated')) = (expired_at IS NOT NULL)),
    ADD CONSTRAINT security_contracts_terminated CHECK ((status = 'terminated') = (termination_reason IS NOT NULL))`);
  // A unit goes under one live contract, and a household holds one (10.2.1: no unit to two families).
  await knex.raw(`CREATE UNIQUE INDEX security_contracts_live_unit ON security_contracts (unit_id)
    WHERE unit_id IS NOT NULL AND status IN ('draft', 'signed', 'effective')`);
  await knex.raw(`CREATE UNIQUE INDEX security_contracts_live_household ON security_contracts (household_id)
    WHERE status IN ('draft', 'signed', 'effective')`);
  await knex.raw('CREATE INDEX security_contracts_region ON security_contracts (region_code, status)');
  // The dues generation and the auto-renewal read effective contracts by type and end date.
  await knex.raw(`CREATE INDEX security_contracts_effective ON security_contracts (contract_type, ends_on)
    WHERE status = 'effective'`);
  await addBookkeeping(knex, 'security_contracts');
  await enableAudit(knex, 'security_contracts');
  await knex.raw(`CREATE TRIGGER security_contracts_guard BEFORE UPDATE ON security_contracts
    FOR EACH ROW EXECUTE FUNCTION security_contract_guard()`);
  await commentTable(knex, 'security_contracts', 'A.7.3 保障对象合同签约');

  await knex.raw('CREATE SEQUENCE contract_archive_no');
  await knex.raw('CREATE TABLE contract_archives (id bigserial PRIMARY KEY)');
  await addColumns(knex, 'contract_archives', [
    [
      'archive_no',
      `text NOT NULL UNIQUE DEFAULT ('HTDA' || to_char(now(), 'YYYY') || lpad(nextval('contract_archive_no')::text, 6, '0'))`,
      '档案编号（HTDA + 年份 + 序号，自动生成）',
    ],
    ['contract_id', 'bigint NOT NULL REFERENCES security_contracts(id)', '合同'],
    ['contract_no', 'text NOT NULL', '合同编号'],
    ['application_no', 'text NOT NULL', '申请编号'],
    ['name', 'text NOT NULL', '档案名称（文件名）'],
    ['description', 'text', '档案内容说明（如 签字盖章的合同扫描件）'],
    [
      'content_sha256',
      `text NOT NULL CHECK (content_sha256 ~ '^[0-9a-f]{64}$')`,
      '档案内容的 SHA-256（文件按此存放）',
    ],
    [
      'media_type',
      `text NOT NULL ${inList('media_type', ['application/pdf', 'image/jpeg', 'image/png'])}`,
      '媒体类型（按文件内容识别）',
    ],
    ['size_bytes', 'integer NOT NULL CHECK (size_bytes > 0)', '字节数'],
    REGION,
  ]);
  await knex.raw('CREATE INDEX contract_archives_contract ON contract_archives (contract_id)');
  await knex.raw('CREATE INDEX contract_archives_region ON contract_archives (region_code)');
  await addBookkeeping(knex, 'contract_archives');
  await enableAudit(knex, 'contract_archives');
  await commentTable(knex, 'contract_archives', 'A.7.4 配给合同电子档案');
}

async function createFundPlans(knex: Knex): Promise<void> {
  await knex.raw('CREATE SEQUENCE subsidy_fund_plan_no');
  await knex.raw('CREATE TABLE subsidy_fund_plans (id bigserial PRIMARY KEY)');
  await addColumns(knex, 'subsidy_fund_plans', [
    [
      'plan_no',
      `text NOT NULL UNIQUE DEFAULT ('BF' || to_char(now(), 'YYYY') || lpad(nextval('subsidy_fund_plan_no')::text, 6, '0'))`,
      '支持对象拨付计划编号（BF + 年份 + 序号，自动生成）',
    ],
    [
      'supplier_kind',
      `text NOT NULL ${inList('supplier_kind', ['unit', 'person'])}`,
      '支持对象类别：unit 供给单位（A.3.17）、person 供给个人（A.3.18）',
    ],
    ['unit_approval_id', 'bigint REFERENCES supplier_unit_approvals(id)', '供给单位登记审批'],
    ['person_approval_id', 'bigint REFERENCES supplier_person_approvals(id)', '供给个人登记审批'],
    ['object_no', 'text NOT NULL', '支持对象编号（审批编号）'],
    ['object_name', 'text NOT NULL', '支持对象名称'],
    ['support_project_code', 'text NOT NULL', '支持项目编号（补贴应发的补贴项目编号）'],
    ['total_amount', `numeric(14,2) NOT NULL CHECK (total_amount > 0)`, '拨付总金额（元）'],
    [
      'period_type',
      `text NOT NULL ${inList('period_type', PERIOD_TYPES)}`,
      '期别类型：month 按月、quarter 按季、half_year 按半年、year 按年',
    ],
    [
      'cycles',
      'smallint NOT NULL CHECK (cycles BETWEEN 1 AND 600)',
      '计划发放周期（期数：拨付总金额分期发放的期数）',
    ],
    ['starts_on', 'date NOT NULL', '开始发放时间（自该日所在月起，每期首月应发）'],
    [
      'status',
      `text NOT NULL DEFAULT 'active' ${inList('status', ['active', 'cancelled'])}`,
      '计划状态：active 执行中、cancelled 已撤销（不再生成应发）',
    ],
    ['note', 'text', '说明'],
    REGION,
  ]);
  await knex.raw(`ALTER TABLE subsidy_fund_plans
    ADD CONSTRAINT subsidy_fund_plans_object CHECK (
      (supplier_kind = 'unit') = (unit_approval_id IS NOT NULL) AND (supplier_kind = 'person') = (person_approval_id IS NOT NULL))`);
  await knex.raw('CREATE INDEX subsidy_fund_plans_region ON subsidy_fund_plans (region_code, status)');
  await addBookkeeping(knex, 'subsidy_fund_plans');
  await enableAudit(knex, 'subsidy_fund_plans');
  await commentTable(knex, 'subsidy_fund_plans', 'A.7.7 支持对象资金拨付配置计划');
}

/**
 * Subsidy paid = funds out of the security ledger (A.6.2, 9.2.3), posted through the ledgers' one entry point
 * `ledger_post` (migration 20261127170100). Per statement, one entry per region and day: a batch payment of a
 * month is one ledger line per district rather than thousands. A closed period refuses it (HS409 → 409).
 */
const PAYMENT_POSTING = `
CREATE FUNCTION subsidy_payments_post() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE g record;
BEGIN
  FOR g IN
    SELECT region_code, paid_at::date AS day, sum(paid_amount) AS amount, count(*)::int AS n,
           min(id) AS first_id, min(payment_no) AS first_no
      FROM new_rows GROUP BY 1, 2
  LOOP
    PERFORM ledger_post(p_region_code => g.region_code, p_resource_type => 'funds', p_direction => 'out',
      p_received_on => g.day, p_amount => g.amount, p_source => 'subsidy_payment',
      p_source_id => CASE WHEN g.n = 1 THEN g.first_id END,
      p_batch_no => CASE WHEN g.n = 1 THEN g.first_no ELSE 'SF-' || to_char(g.day, 'YYYYMMDD') || '-' || g.first_id END,
      p_note => format('补贴实发 %s 笔', g.n));
  END LOOP;
  RETURN NULL;
END $$`;

const DUES_STATEMENT_AUDIT = `
CREATE FUNCTION subsidy_dues_audit_insert() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE summary jsonb;
BEGIN
  SELECT jsonb_build_object(
           'rows', count(*),
           'months', jsonb_agg(DISTINCT subsidy_year * 100 + subsidy_month),
           'object_types', jsonb_agg(DISTINCT object_type),
           'amount', coalesce(sum(amount), 0),
           'digest', encode(sha256(convert_to(coalesce(string_agg(format('%s:%s:%s', due_no, amount, region_code),
               E'\\n' ORDER BY due_no), ''), 'UTF8')), 'hex'))
    INTO summary FROM inserted;
  IF (summary ->> 'rows')::int = 0 THEN RETURN NULL; END IF;
  INSERT INTO operation_log (actor, actor_id, request_id, action, operation, entity, entity_id, region_code,
                             before, after, ip)
  VALUES (hss_actor(), nullif(current_setting('hss.actor_id', true), '')::bigint,
          nullif(current_setting('hss.request_id', true), ''),
          coalesce(nullif(current_setting('hss.action', true), ''), 'subsidy_dues.insert'),
          'insert', 'subsidy_dues', summary -> 'months' ->> 0,
          nullif(current_setting('hss.region', true), ''), NULL, summary,
          nullif(current_setting('hss.ip', true), ''));
  RETURN NULL;
END $$`;

async function createDues(knex: Knex): Promise<void> {
  await knex.raw('CREATE TABLE subsidy_dues (id bigserial PRIMARY KEY)');
  await addColumns(knex, 'subsidy_dues', [
    [
      'object_type',
      `text NOT NULL ${inList('object_type', ['household', 'supplier'])}`,
      '对象类型：household 保障对象（家庭）、supplier 支持对象（供给单位或个人）',
    ],
    ['object_no', 'text NOT NULL', '对象编号（申请编号，或支持对象的审批编号）'],
    ['object_name', 'text NOT NULL', '对象名称（申请人姓名或支持对象名称）'],
    ['item_no', 'text NOT NULL', '补贴项目编号（保障项目编号，或拨付计划编号）'],
    [
      'subsidy_type',
      `text NOT NULL ${inList('subsidy_type', ['rent_subsidy', 'support_fund'])}`,
      '补贴类型：rent_subsidy 住房租赁补贴、support_fund 支持对象资金拨付',
    ],
    ['standard_amount', `${money('standard_amount')} NOT NULL`, '原标准金额（元）'],
    ['amount', `${money('amount')} NOT NULL`, '补贴金额（元，本月应发）'],
    ['subsidy_year', 'smallint NOT NULL CHECK (subsidy_year BETWEEN 2000 AND 2100)', '补贴年度'],
    ['subsidy_month', 'smallint NOT NULL CHECK (subsidy_month BETWEEN 1 AND 12)', '补贴月份'],
    ['due_on', 'date NOT NULL', '应发时间（该月首日）'],
    ['is_printed', 'boolean NOT NULL DEFAULT false', '是否已打印单据'],
    ['printed_at', 'timestamptz', '单据打印时间（最近一次）'],
    ['household_id', 'bigint REFERENCES households(id)', '申请家庭（对象类型为家庭时）'],
    ['contract_id', 'bigint REFERENCES security_contracts(id)', '补贴合同（对象类型为家庭时）'],
    ['fund_plan_id', 'bigint REFERENCES subsidy_fund_plans(id)', '拨付计划（对象类型为支持对象时）'],
    REGION,
  ]);
  // 应发编号 follows from the key, so a re-run of a month names the same dues the same way.
  await knex.raw(`ALTER TABLE subsidy_dues ADD COLUMN due_no text GENERATED ALWAYS AS
    ('YF' || subsidy_year::text || lpad(subsidy_month::text, 2, '0') || '-' || object_no || '-' || item_no) STORED`);
  await knex.raw(
    `COMMENT ON COLUMN subsidy_dues.due_no IS '应发编号（YF + 年月 + 对象编号 + 补贴项目编号，自动生成）'`,
  );
  await knex.raw(`ALTER TABLE subsidy_dues
    ADD CONSTRAINT subsidy_dues_once UNIQUE (object_type, object_no, subsidy_year, subsidy_month, item_no),
    ADD CONSTRAINT subsidy_dues_amount_key UNIQUE (id, amount),
    ADD CONSTRAINT subsidy_dues_source CHECK ((object_type = 'household') = (contract_id IS NOT NULL AND household_id IS NOT NULL)
      AND (object_type = 'supplier') = (fund_plan_id IS NOT NULL)),
    ADD CONSTRAINT subsidy_dues_printed CHECK (is_printed = (printed_at IS NOT NULL))`);
  await knex.raw(
    'CREATE INDEX subsidy_dues_month ON subsidy_dues (subsidy_year, subsidy_month, region_code)',
  );
  await knex.raw('CREATE INDEX subsidy_dues_region ON subsidy_dues (region_code)');
  await addBookkeeping(knex, 'subsidy_dues');
  // A month's generation inserts up to 100,000 rows in one statement: logged once per statement (who, which
  // months, how many, the total and a SHA-256 digest of exactly the rows written), as allocation_orders is
  // (migration 20261127170200); updates (是否已打印单据) and deletes stay audited row by row.
  await knex.raw(DUES_STATEMENT_AUDIT);
  await knex.raw(`CREATE TRIGGER subsidy_dues_audit AFTER UPDATE OR DELETE ON subsidy_dues
    FOR EACH ROW EXECUTE FUNCTION audit_row('id', 'region_code')`);
  await knex.raw(`CREATE TRIGGER subsidy_dues_audit_insert AFTER INSERT ON subsidy_dues
    REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION subsidy_dues_audit_insert()`);
  await commentTable(knex, 'subsidy_dues', 'A.7.5 补贴应发');

  await knex.raw('CREATE SEQUENCE subsidy_payment_no');
  await knex.raw('CREATE TABLE subsidy_payments (id bigserial PRIMARY KEY)');
  await addColumns(knex, 'subsidy_payments', [
    [
      'payment_no',
      `text NOT NULL UNIQUE DEFAULT ('SF' || to_char(now(), 'YYYYMM') || lpad(nextval('subsidy_payment_no')::text, 8, '0'))`,
      '实发编号（SF + 年月 + 序号，自动生成）',
    ],
    ['due_id', 'bigint NOT NULL UNIQUE', '应发（一笔应发至多实发一次）'],
    ['due_no', 'text NOT NULL', '应发编号'],
    ['due_amount', 'numeric(14,2) NOT NULL', '应发金额（元，随应发）'],
    [
      'status',
      `text NOT NULL ${inList('status', ['paid', 'short'])}`,
      '发放状态：paid 足额发放、short 不足额发放',
    ],
    ['shortfall', `${money('shortfall')} NOT NULL DEFAULT 0`, '不足金额（元）'],
    ['shortfall_reason', 'text', '不足额原因（有不足金额时必填）'],
    ['paid_amount', 'numeric(14,2) GENERATED ALWAYS AS (due_amount - shortfall) STORED', '实发金额（元）'],
    ['paid_at', 'timestamptz NOT NULL DEFAULT now()', '实发时间'],
    [
      'method',
      `text NOT NULL ${inList('method', PAYMENT_METHODS)}`,
      '实发方式：bank 银行代发、cash 现金、rent_offset 冲抵租金',
    ],
    REGION,
  ]);
  await knex.raw(`ALTER TABLE subsidy_payments
    ADD CONSTRAINT subsidy_payments_due_fk FOREIGN KEY (due_id, due_amount) REFERENCES subsidy_dues (id, amount),
    ADD CONSTRAINT subsidy_payments_short CHECK ((status = 'short') = (shortfall > 0) AND shortfall <= due_amount),
    ADD CONSTRAINT subsidy_payments_reason CHECK ((shortfall > 0) = (coalesce(btrim(shortfall_reason), '') <> ''))`);
  await knex.raw('CREATE INDEX subsidy_payments_region ON subsidy_payments (region_code)');
  await addBookkeeping(knex, 'subsidy_payments');
  await enableAudit(knex, 'subsidy_payments');
  await commentTable(knex, 'subsidy_payments', 'A.7.6 补贴实发');
  await knex.raw(PAYMENT_POSTING);
  await knex.raw(`CREATE TRIGGER subsidy_payments_ledger AFTER INSERT ON subsidy_payments
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION subsidy_payments_post()`);
}

/** The documents module's CHECKs list its kinds: widened for contracts and vouchers, with their templates. */
async function addDocumentKinds(knex: Knex, kinds: string[], business: string[]): Promise<void> {
  const list = (values: string[]) => values.map((v) => `'${v}'`).join(', ');
  await knex.raw(`ALTER TABLE document_templates DROP CONSTRAINT document_templates_key_check,
    ADD CONSTRAINT document_templates_key_check CHECK (key IN (${list(kinds)}))`);
  await knex.raw(`ALTER TABLE generated_documents DROP CONSTRAINT generated_documents_kind_check,
    ADD CONSTRAINT generated_documents_kind_check CHECK (kind IN (${list(kinds)})),
    DROP CONSTRAINT generated_documents_business_type_check,
    ADD CONSTRAINT generated_documents_business_type_check CHECK (business_type IN (${list(business)}))`);
}

export async function up(knex: Knex): Promise<void> {
  await addDocumentKinds(knex, NEW_KINDS, NEW_BUSINESS);
  for (const template of CONTRACT_TEMPLATES) {
    await knex('document_templates').insert(template);
    const { key, name: _name, ...text } = template;
    await knex('document_template_versions').insert({
      template_key: key,
      version: 1,
      ...text,
      note: '初始版本',
    });
  }
  await createContracts(knex);
  await createFundPlans(knex);
  await createDues(knex);
}

export async function down(knex: Knex): Promise<void> {
  for (const table of [
    'subsidy_payments',
    'subsidy_dues',
    'subsidy_fund_plans',
    'contract_archives',
    'security_contracts',
  ])
    await knex.raw(`DROP TABLE IF EXISTS ${table} CASCADE`);
  for (const sequence of [
    'subsidy_payment_no',
    'subsidy_fund_plan_no',
    'contract_archive_no',
    'security_contract_no',
  ])
    await knex.raw(`DROP SEQUENCE IF EXISTS ${sequence}`);
  await knex.raw('DROP FUNCTION IF EXISTS security_contract_guard()');
  await knex.raw('DROP FUNCTION IF EXISTS subsidy_payments_post()');
  await knex.raw('DROP FUNCTION IF EXISTS subsidy_dues_audit_insert()');
  const keys = CONTRACT_TEMPLATES.map((t) => t.key);
  await knex('generated_documents').whereIn('kind', keys).delete();
  await knex('document_template_versions').whereIn('template_key', keys).delete();
  await knex('document_templates').whereIn('key', keys).delete();
  await addDocumentKinds(knex, OLD_KINDS, OLD_BUSINESS);
}
