/**
 * Public notices (公示, CJJ/T 196 6.2.1 item 3, A.3.12) with the reports received during them (举报, A.3.13),
 * and the documents the office prints: editable templates with their version history and every generated PDF.
 *
 * A.3.12 is split over two tables that share the clause: `notice_batches` holds what one notice (公示编号) says
 * for all its applications (period, channels, places), `notices` one row per application in it (办理阶段,
 * 公示是否通过). Reports (A.3.13) name their notice by (公示编号, 申请编号), a composite key of `notices`, so a
 * report can only be filed against an application that was on that notice.
 *
 * Generated PDFs keep their bytes IN the row (bytea), not in a file store: a batch is published in one
 * transaction that renders the notice and moves every application on; bytes written to disk would survive a
 * rollback (or be missing after a crash between disk and commit), while a bytea commits with the state that
 * refers to it and is backed up with it. Documents are small (tens of KB: fonts are subset), and the column is
 * excluded from the operation log.
 */
import type { Knex } from 'knex';
import { addBookkeeping, addColumns, commentTable, enableAudit } from '../helpers.ts';

const TEMPLATE_KEYS = `('registration_approved', 'registration_denied', 'notice_batch')`;

/** The standard's 公示方式 (6.2 text: 公告、报纸、电视、网络). */
const CHANNELS = `ARRAY['announcement', 'newspaper', 'television', 'internet']`;
/** 举报方式: how the report reached the office. */
const REPORT_CHANNELS = `('letter', 'phone', 'visit', 'internet', 'other')`;

const DEFAULT_TEMPLATES = [
  {
    key: 'registration_approved',
    name: '准予登记通知书',
    title: '准予登记通知书',
    number_prefix: '住保准字',
    addressee: '{{applicant_name}}：',
    body: [
      '你（户）于{{registration_year}}年提出的住房保障申请（申请编号：{{application_no}}），经审核、公示、初审和复审，符合住房保障准入条件，准予登记为住房保障对象。',
      '保障方式：{{security_mode}}{{plan_summary}}。',
      '请持本通知书及有效身份证件，按照有关规定办理后续手续。家庭人口、住房、收入和财产状况发生变化的，应当及时如实申报。',
      '特此通知。',
    ].join('\n\n'),
    signature: '{{city_name}}{{district_name}}住房保障中心',
  },
  {
    key: 'registration_denied',
    name: '不予登记通知书',
    title: '不予登记通知书',
    number_prefix: '住保不准字',
    addressee: '{{applicant_name}}：',
    body: [
      '你（户）于{{registration_year}}年提出的住房保障申请（申请编号：{{application_no}}），经审核，不予登记。',
      '理由：{{reason}}',
      '如对本决定有异议，可自收到本通知书之日起六十日内依法申请行政复议，或者六个月内依法提起行政诉讼。',
      '特此通知。',
    ].join('\n\n'),
    signature: '{{city_name}}{{district_name}}住房保障中心',
  },
  {
    key: 'notice_batch',
    name: '住房保障申请公示',
    title: '{{title}}',
    number_prefix: '住保公示',
    addressee: '',
    body: [
      '根据住房保障有关规定，现将下列{{count}}户申请家庭的审核结果予以公示。公示期自{{start_date}}起至{{end_date}}止。',
      '公示方式：{{channels}}。公示地点：{{places}}。',
      '公示期间，任何单位和个人对公示对象有异议的，可以通过信函、电话、来访或网络向我单位实名反映（{{contact}}），我单位将依法予以查证并为反映人保密。',
    ].join('\n\n'),
    signature: '{{city_name}}{{district_name}}住房保障中心',
  },
];

export async function up(knex: Knex): Promise<void> {
  // ── Document templates and their versions ────────────────────────────────────────────────────────────────
  await knex.raw('CREATE TABLE document_templates (id bigserial PRIMARY KEY)');
  await addColumns(knex, 'document_templates', [
    ['key', `text NOT NULL UNIQUE CHECK (key IN ${TEMPLATE_KEYS})`, '模板代码'],
    ['name', 'text NOT NULL', '模板名称'],
    ['title', 'text NOT NULL', '文书标题（可含 {{占位符}}）'],
    ['number_prefix', 'text NOT NULL', '文号前缀（文号 = 前缀〔年度〕序号号）'],
    ['addressee', `text NOT NULL DEFAULT ''`, '主送（称呼，可含 {{占位符}}）'],
    ['body', 'text NOT NULL', '正文（空行分段，可含 {{占位符}}）'],
    ['signature', 'text NOT NULL', '落款单位（可含 {{占位符}}）'],
    ['version', 'integer NOT NULL DEFAULT 1 CHECK (version >= 1)', '当前版本号'],
  ]);
  await addBookkeeping(knex, 'document_templates');
  await enableAudit(knex, 'document_templates');
  await commentTable(knex, 'document_templates', '文书模板（准予/不予登记通知书、公示）');

  // Each saved edit is a new row here: the history a printed document's template_version points into.
  await knex.raw('CREATE TABLE document_template_versions (id bigserial PRIMARY KEY)');
  await addColumns(knex, 'document_template_versions', [
    ['template_key', 'text NOT NULL REFERENCES document_templates(key)', '模板代码'],
    ['version', 'integer NOT NULL CHECK (version >= 1)', '版本号'],
    ['title', 'text NOT NULL', '文书标题'],
    ['number_prefix', 'text NOT NULL', '文号前缀'],
    ['addressee', 'text NOT NULL', '主送'],
    ['body', 'text NOT NULL', '正文'],
    ['signature', 'text NOT NULL', '落款单位'],
    ['note', 'text', '修改说明'],
  ]);
  await knex.raw(
    'ALTER TABLE document_template_versions ADD CONSTRAINT document_template_versions_unique UNIQUE (template_key, version)',
  );
  await addBookkeeping(knex, 'document_template_versions');
  await enableAudit(knex, 'document_template_versions');
  await commentTable(knex, 'document_template_versions', '文书模板历史版本');

  for (const template of DEFAULT_TEMPLATES) {
    await knex('document_templates').insert(template);
    const { key, name: _name, ...text } = template;
    await knex('document_template_versions').insert({
      template_key: key,
      version: 1,
      ...text,
      note: '初始版本',
    });
  }

  // ── Generated documents ──────────────────────────────────────────────────────────────────────────────────
  await knex.raw('CREATE TABLE generated_documents (id bigserial PRIMARY KEY)');
  await addColumns(knex, 'generated_documents', [
    ['kind', `text NOT NULL CHECK (kind IN ${TEMPLATE_KEYS})`, '文书种类（模板代码）'],
    ['template_version', 'integer NOT NULL', '所用模板版本号'],
    ['document_no', 'text NOT NULL UNIQUE', '文号'],
    [
      'business_type',
      `text NOT NULL CHECK (business_type IN ('household', 'notice_batch'))`,
      '业务类型（household 申请家庭、notice_batch 公示批次）',
    ],
    ['business_id', 'bigint NOT NULL', '业务编号（申请家庭或公示批次的 id）'],
    ['region_code', 'region_code NOT NULL REFERENCES regions(code)', '行政区划代码（业务所属地区）'],
    ['media_type', `text NOT NULL DEFAULT 'application/pdf'`, '媒体类型'],
    ['sha256', `text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$')`, 'SHA-256 摘要（十六进制）'],
    ['byte_size', 'integer NOT NULL CHECK (byte_size > 0)', '字节数'],
    ['content', 'bytea NOT NULL', '文件内容（与业务状态同一事务提交，见迁移说明）'],
  ]);
  await knex.raw(`ALTER TABLE generated_documents ADD CONSTRAINT generated_documents_size
    CHECK (byte_size = octet_length(content))`);
  // PDFs are compressed already: do not let TOAST try again.
  await knex.raw('ALTER TABLE generated_documents ALTER COLUMN content SET STORAGE EXTERNAL');
  await knex.raw(
    'CREATE INDEX generated_documents_business ON generated_documents (business_type, business_id, kind, id DESC)',
  );
  await knex.raw('CREATE INDEX generated_documents_region ON generated_documents (region_code)');
  await addBookkeeping(knex, 'generated_documents');
  await enableAudit(knex, 'generated_documents', { exclude: ['content'] });
  await commentTable(knex, 'generated_documents', '已生成文书（PDF）');

  // ── Notice batches: A.3.12, the notice itself ────────────────────────────────────────────────────────────
  await knex.raw('CREATE TABLE notice_batches (id bigserial PRIMARY KEY)');
  await addColumns(knex, 'notice_batches', [
    ['notice_no', 'text NOT NULL UNIQUE', '公示编号（GS-年度-区划-序号，自动生成）'],
    ['title', 'text NOT NULL', '公示标题'],
    ['region_code', 'region_code NOT NULL REFERENCES regions(code)', '行政区划代码（发布公示的地区）'],
    ['starts_on', 'date NOT NULL', '公示开始时间（日期，含当日，北京时间）'],
    ['ends_on', 'date NOT NULL', '公示截止时间（日期，含当日，北京时间当日 24 时截止）'],
    [
      'channels',
      `text[] NOT NULL CHECK (cardinality(channels) > 0 AND channels <@ ${CHANNELS})`,
      '公示方式（announcement 公告、newspaper 报纸、television 电视、internet 网络，可多选）',
    ],
    [
      'places',
      `text[] NOT NULL CHECK (cardinality(places) > 0 AND array_position(places, '') IS NULL)`,
      '公示地点（如社区公示栏、政府网站）',
    ],
    ['contact', 'text NOT NULL', '异议受理方式（电话、地址，印在公示上）'],
    [
      'status',
      `text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published', 'closed'))`,
      '公示状态：draft 草稿、published 公示中、closed 已结束',
    ],
    ['published_at', 'timestamptz', '发布时间'],
    ['closed_at', 'timestamptz', '结束时间'],
    ['document_id', 'bigint REFERENCES generated_documents(id)', '公示文书（发布时生成，姓名脱敏）'],
  ]);
  await knex.raw(`ALTER TABLE notice_batches
    ADD CONSTRAINT notice_batches_period CHECK (ends_on >= starts_on),
    ADD CONSTRAINT notice_batches_published CHECK (
      (status = 'draft') = (published_at IS NULL) AND (status = 'draft') = (document_id IS NULL)),
    ADD CONSTRAINT notice_batches_closed CHECK ((status = 'closed') = (closed_at IS NOT NULL))`);
  await knex.raw('CREATE INDEX notice_batches_region ON notice_batches (region_code)');
  await knex.raw(
    `CREATE INDEX notice_batches_public ON notice_batches (starts_on DESC) WHERE status <> 'draft'`,
  );
  await addBookkeeping(knex, 'notice_batches');
  await enableAudit(knex, 'notice_batches');
  await commentTable(knex, 'notice_batches', 'A.3.12 公示信息：公示批次（同一公示编号的期间、方式、地点）');

  // ── Notices: A.3.12, one row per application on a notice ─────────────────────────────────────────────────
  await knex.raw('CREATE TABLE notices (id bigserial PRIMARY KEY)');
  await addColumns(knex, 'notices', [
    [
      'notice_no',
      'text NOT NULL REFERENCES notice_batches(notice_no) ON UPDATE CASCADE ON DELETE CASCADE',
      '公示编号',
    ],
    ['application_no', 'text NOT NULL REFERENCES households(application_no) ON UPDATE CASCADE', '申请编号'],
    ['handling_stage', `text NOT NULL DEFAULT 'notice'`, '办理阶段（列入公示时的流程节点，notice 公示）'],
    ['passed', 'boolean', '公示是否通过（公示期满后填写：无查证属实或未查结的举报为通过；空为尚未期满）'],
    ['settled_at', 'timestamptz', '公示结果确定时间'],
    ['region_code', 'region_code NOT NULL REFERENCES regions(code)', '行政区划代码（申请家庭所在社区）'],
  ]);
  await knex.raw(`ALTER TABLE notices
    ADD CONSTRAINT notices_unique UNIQUE (notice_no, application_no),
    ADD CONSTRAINT notices_settled CHECK ((passed IS NULL) = (settled_at IS NULL))`);
  // An application is on at most one notice whose result is still open (a failed one may be noticed again).
  await knex.raw('CREATE UNIQUE INDEX notices_one_open ON notices (application_no) WHERE passed IS NULL');
  await knex.raw('CREATE INDEX notices_region ON notices (region_code)');
  await addBookkeeping(knex, 'notices');
  await enableAudit(knex, 'notices');
  await commentTable(knex, 'notices', 'A.3.12 公示信息：公示对象（每个申请一行）');

  // ── Reports during the notice period: A.3.13 ─────────────────────────────────────────────────────────────
  await knex.raw('CREATE TABLE notice_reports (id bigserial PRIMARY KEY)');
  await addColumns(knex, 'notice_reports', [
    ['report_no', 'text NOT NULL UNIQUE', '举报编号（公示编号-JB序号，自动生成）'],
    ['notice_no', 'text NOT NULL', '公示编号'],
    ['application_no', 'text NOT NULL', '申请编号'],
    ['reported_at', 'timestamptz NOT NULL', '举报时间（须在公示期内）'],
    ['content', `text NOT NULL CHECK (content <> '')`, '举报内容'],
    [
      'channel',
      `text NOT NULL CHECK (channel IN ${REPORT_CHANNELS})`,
      '举报方式（letter 信函、phone 电话、visit 来访、internet 网络、other 其他）',
    ],
    ['reporter', 'text', '举报人及联系方式（可匿名；不公开）'],
    // The standard prints 查证入 (a misprint of 查证人, the person who checks); the field keeps its printed name.
    ['investigator', 'text', '查证入（即查证人：负责查证的工作人员）'],
    ['investigation_method', 'text', '查证方式（如入户调查、信息比对、单位函询）'],
    ['investigation_result', 'text', '查证结果'],
    ['substantiated', 'boolean', '举报是否属实（查证结论；空为尚未查结）'],
    ['investigated_at', 'timestamptz', '查结时间'],
    [
      'region_code',
      'region_code NOT NULL REFERENCES regions(code)',
      '行政区划代码（被举报申请家庭所在社区）',
    ],
  ]);
  await knex.raw(`ALTER TABLE notice_reports
    ADD CONSTRAINT notice_reports_notice FOREIGN KEY (notice_no, application_no)
      REFERENCES notices(notice_no, application_no) ON UPDATE CASCADE,
    ADD CONSTRAINT notice_reports_investigated CHECK (
      (substantiated IS NULL) = (investigated_at IS NULL)
      AND (substantiated IS NULL OR (investigator IS NOT NULL AND investigation_method IS NOT NULL
                                      AND investigation_result IS NOT NULL)))`);
  await knex.raw('CREATE INDEX notice_reports_notice_idx ON notice_reports (notice_no, application_no)');
  await knex.raw('CREATE INDEX notice_reports_region ON notice_reports (region_code)');
  await addBookkeeping(knex, 'notice_reports');
  await enableAudit(knex, 'notice_reports');
  await commentTable(knex, 'notice_reports', 'A.3.13 公示期间举报信息');

  // 6.2 申请公示: "对举报材料进行电子文件存档 … 对查证文档、证明文件进行电子文件存档". The files are the household's
  // electronic archive (A.3.15); this table says which of them belong to which report, and as what.
  await knex.raw('CREATE TABLE notice_report_files (id bigserial PRIMARY KEY)');
  await addColumns(knex, 'notice_report_files', [
    ['report_id', 'bigint NOT NULL REFERENCES notice_reports(id) ON DELETE CASCADE', '举报编号（内部 id）'],
    ['archive_file_id', 'bigint NOT NULL REFERENCES archive_files(id)', '电子档案（A.3.15 档案编号）'],
    [
      'purpose',
      `text NOT NULL CHECK (purpose IN ('report', 'investigation'))`,
      '材料用途：report 举报材料、investigation 查证材料',
    ],
    ['region_code', 'region_code NOT NULL REFERENCES regions(code)', '行政区划代码（同举报）'],
  ]);
  await knex.raw(`ALTER TABLE notice_report_files
    ADD CONSTRAINT notice_report_files_unique UNIQUE (report_id, archive_file_id)`);
  await knex.raw('CREATE INDEX notice_report_files_archive ON notice_report_files (archive_file_id)');
  await addBookkeeping(knex, 'notice_report_files');
  await enableAudit(knex, 'notice_report_files');
  await commentTable(knex, 'notice_report_files', '举报及查证材料（电子档案）');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('notice_report_files');
  await knex.schema.dropTableIfExists('notice_reports');
  await knex.schema.dropTableIfExists('notices');
  await knex.schema.dropTableIfExists('notice_batches');
  await knex.schema.dropTableIfExists('generated_documents');
  await knex.schema.dropTableIfExists('document_template_versions');
  await knex.schema.dropTableIfExists('document_templates');
}
