/**
 * Documents the office issues: templates edited by `documents.manage` (each save a new version), rendered to PDF
 * and recorded with their 文号, SHA-256 and bytes in the caller's transaction — a notice exists exactly when the
 * decision it announces was committed.
 */
import { createHash } from 'node:crypto';
import type { Db, Tx } from '../db/knex.ts';
import type { Scope } from '../access/scope.ts';
import { conflict, forbidden, notFound, serviceUnavailable } from '../http/errors.ts';
import { chineseDate, DocumentFontMissing, renderPdf, type DocumentTable } from './pdf.ts';
import {
  assertKnownPlaceholders,
  fill,
  paragraphsOf,
  PLACEHOLDERS,
  type TemplateKey,
  type TemplateText,
} from './templates.ts';
import * as store from './store.ts';

type Conn = Db | Tx;

export const TEMPLATE_LABEL = '文书模板';

export async function templateOf(conn: Conn, key: string): Promise<store.TemplateRow> {
  const template = await store.findTemplate(conn, key);
  if (!template) throw notFound(TEMPLATE_LABEL);
  return template;
}

/**
 * Saves an edit as the next version; `version` is the one the editor started from (a stale edit gets 409). The
 * templates serve every district (the office's name comes from {{district_name}}), so only users at city level or
 * above edit them: a district's edit would change its neighbours' notices.
 */
export async function updateTemplate(
  trx: Tx,
  scope: Pick<Scope, 'regionPrefix'>,
  key: string,
  input: TemplateText & { version: number; note?: string | null },
): Promise<store.TemplateRow> {
  if (scope.regionPrefix.length > 4) throw forbidden('文书模板全市通用，由市级及以上用户维护');
  const current = await store.findTemplate(trx, key, { lock: true });
  if (!current) throw notFound(TEMPLATE_LABEL);
  assertKnownPlaceholders(current.key, input, 'body');
  if (input.version !== current.version)
    throw conflict(`模板已被他人修改为第 ${current.version} 版，请刷新后在新版本上修改`);
  const { version: _from, note, ...text } = input;
  return store.saveTemplateVersion(trx, current.key, current.version + 1, text, note ?? null);
}

export interface RenderRequest {
  kind: TemplateKey;
  businessType: store.GeneratedDocumentRow['business_type'];
  businessId: number;
  /** The region of the business record: the issuing office is its district (or city). */
  regionCode: string;
  /** Values of the kind's own placeholders (the issuer's are added here). */
  values: Record<string, string>;
  table?: DocumentTable;
  /** The document's date (落款日期); now by default. */
  date?: Date;
}

async function pdfOf(...args: Parameters<typeof renderPdf>): Promise<Buffer> {
  try {
    return await renderPdf(...args);
  } catch (error) {
    // The operator's setup, not the user's request: a clear 503 instead of a generic 500.
    if (error instanceof DocumentFontMissing) throw serviceUnavailable(error.message);
    throw error;
  }
}

/** The issuing office's part of the values, and the 文号's prefix (e.g. 南岗区住保准字〔2026〕). */
async function issuerValues(conn: Conn, template: store.TemplateRow, regionCode: string, date: Date) {
  const issuer = await store.issuerNames(conn, regionCode);
  const numberPrefix = `${issuer.district || issuer.city}${template.number_prefix}〔${chineseDate(date).slice(0, 4)}〕`;
  return {
    numberPrefix,
    values: { city_name: issuer.city, district_name: issuer.district, date: chineseDate(date) },
  };
}

/** The template filled with `values` (which include `document_no`), rendered. */
function compose(
  template: store.TemplateRow,
  values: Record<string, string>,
  table: DocumentTable | undefined,
  date: Date,
): Promise<Buffer> {
  return pdfOf({
    title: fill(template.title, values),
    number: values.document_no!,
    addressee: fill(template.addressee, values),
    paragraphs: paragraphsOf(fill(template.body, values)),
    table,
    office: fill(template.signature, values),
    date,
  });
}

/** Fills the current template, numbers, renders and records the document; returns the row and the bytes. */
export async function renderDocument(
  trx: Tx,
  request: RenderRequest,
): Promise<{ document: store.GeneratedDocumentRow; content: Buffer }> {
  const template = await templateOf(trx, request.kind);
  const date = request.date ?? new Date();
  const issuer = await issuerValues(trx, template, request.regionCode, date);
  const documentNo = `${issuer.numberPrefix}${await store.nextDocumentSerial(trx, issuer.numberPrefix)}号`;
  const values = { ...request.values, ...issuer.values, document_no: documentNo };
  const content = await compose(template, values, request.table, date);
  const document = await store.insertDocument(trx, {
    kind: request.kind,
    template_version: template.version,
    document_no: documentNo,
    business_type: request.businessType,
    business_id: request.businessId,
    region_code: request.regionCode,
    media_type: 'application/pdf',
    sha256: createHash('sha256').update(content).digest('hex'),
    byte_size: content.length,
    content,
  });
  return { document, content };
}

/** The document as it would be printed now, without a 文号 and not recorded (a draft's preview). */
export async function previewDocument(
  conn: Conn,
  request: Pick<RenderRequest, 'kind' | 'regionCode' | 'values' | 'table'>,
): Promise<Buffer> {
  const template = await templateOf(conn, request.kind);
  const date = new Date();
  const issuer = await issuerValues(conn, template, request.regionCode, date);
  const values = { ...request.values, ...issuer.values, document_no: `${issuer.numberPrefix}（发布时编号）` };
  return compose(template, values, request.table, date);
}

/** Sample values for a template's preview: what each placeholder will look like on paper. */
const SAMPLE: Record<string, string> = {
  applicant_name: '张三',
  application_no: 'SQ-2026-0001',
  registration_year: '2026',
  household_size: '3',
  security_mode: '公共租赁住房实物配租',
  plan_summary: '，配给房屋建筑面积 50 平方米',
  reason: '家庭人均年收入高于本市低收入家庭标准',
  title: '2026年第1批住房保障申请审核结果公示',
  notice_no: 'GS-2026-230103-001',
  start_date: '2026年12月1日',
  end_date: '2026年12月14日',
  channels: '公告、网络',
  places: '社区公示栏、区政府网站',
  contact: '电话 0451-86000000',
  count: '1',
  // Contracts and vouchers (issue 7).
  contract_no: 'HTZ2026000001',
  signatory_name: '张三',
  signatory_id_number: '230103198506121234',
  agent_line: '',
  term: '3年',
  starts_on: '2026年12月1日',
  ends_on: '2029年11月30日',
  auto_renew: '是',
  unit_no: 'AU-0001',
  unit_address: '保障房项目1号楼101室',
  floor_area: '50.00',
  rent_monthly: '500.00',
  price: '300000.00',
  subsidy_amount: '600.00',
  standard_amount: '600.00',
  subsidy_method: '银行代发',
  subsidy_start: '2026年12月',
  period: '2026年12月',
  total: '600.00',
  paid_count: '0',
};

const SAMPLE_TABLE: DocumentTable = {
  columns: [
    { header: '序号', width: 1 },
    { header: '申请编号', width: 3 },
    { header: '申请人', width: 2 },
  ],
  rows: [['1', 'SQ-2026-0001', '张*']],
};

/** The current template rendered with sample data, for the editor; not recorded. */
export async function previewTemplate(conn: Conn, key: string, regionCode: string): Promise<Buffer> {
  const template = await templateOf(conn, key);
  return previewDocument(conn, {
    kind: template.key,
    regionCode,
    values: SAMPLE,
    table: template.key === 'notice_batch' ? SAMPLE_TABLE : undefined,
  });
}

export const placeholdersOf = (key: TemplateKey) =>
  Object.entries(PLACEHOLDERS[key]).map(([name, description]) => ({ name, description }));
