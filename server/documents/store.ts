/** SQL for document templates, their versions and generated documents. */
import type { Db, Tx } from '../db/knex.ts';
import { scoped, type Scope } from '../access/scope.ts';
import type { TemplateKey, TemplateText } from './templates.ts';

type Conn = Db | Tx;

export interface TemplateRow extends TemplateText {
  id: number;
  key: TemplateKey;
  name: string;
  version: number;
  created_at: Date;
  created_by: string;
  updated_at: Date;
  updated_by: string;
}

export interface TemplateVersionRow extends TemplateText {
  version: number;
  note: string | null;
  created_at: Date;
  created_by: string;
}

export interface GeneratedDocumentRow {
  id: number;
  kind: TemplateKey;
  template_version: number;
  document_no: string;
  /** contract: security_contracts; subsidy_due: one due's voucher; subsidy_month: a month's vouchers (id yyyymm). */
  business_type: 'household' | 'notice_batch' | 'contract' | 'subsidy_due' | 'subsidy_month';
  business_id: number;
  region_code: string;
  media_type: string;
  sha256: string;
  byte_size: number;
  created_at: Date;
  created_by: string;
}

export type StoredDocument = GeneratedDocumentRow & { content: Buffer };

const DOCUMENT_COLUMNS = [
  'id',
  'kind',
  'template_version',
  'document_no',
  'business_type',
  'business_id',
  'region_code',
  'media_type',
  'sha256',
  'byte_size',
  'created_at',
  'created_by',
];

export const listTemplates = (conn: Conn): Promise<TemplateRow[]> =>
  conn('document_templates').select('*').orderBy('id') as Promise<TemplateRow[]>;

export async function findTemplate(
  conn: Conn,
  key: string,
  options: { lock?: boolean } = {},
): Promise<TemplateRow | undefined> {
  const query = conn('document_templates').where('key', key);
  if (options.lock) void query.forUpdate();
  return (await query.first('*')) as TemplateRow | undefined;
}

export const templateVersions = (conn: Conn, key: string): Promise<TemplateVersionRow[]> =>
  conn('document_template_versions')
    .where({ template_key: key })
    .orderBy('version', 'desc')
    .select(
      'version',
      'title',
      'number_prefix',
      'addressee',
      'body',
      'signature',
      'note',
      'created_at',
      'created_by',
    );

export async function saveTemplateVersion(
  trx: Tx,
  key: TemplateKey,
  version: number,
  text: TemplateText,
  note: string | null,
): Promise<TemplateRow> {
  await trx('document_template_versions').insert({ template_key: key, version, ...text, note });
  const [row] = (await trx('document_templates')
    .where({ key })
    .update({ ...text, version })
    .returning('*')) as TemplateRow[];
  return row!;
}

/** The city and district a region belongs to, by name: the issuing office of its documents. */
export async function issuerNames(
  conn: Conn,
  regionCode: string,
): Promise<{ city: string; district: string }> {
  const city = `${regionCode.slice(0, 4)}00000000`;
  const district = `${regionCode.slice(0, 6)}000000`;
  const rows: { code: string; name: string }[] = await conn('regions')
    .whereIn('code', [city, district])
    .select('code', 'name');
  const name = (code: string) => rows.find((r) => r.code === code)?.name ?? '';
  return { city: name(city), district: district === city ? '' : name(district) };
}

/**
 * The next serial number of a document kind for an issuer in a year. The advisory lock serialises two
 * documents numbered at once (the UNIQUE 文号 would refuse the second anyway, but as a 500).
 */
export async function nextDocumentSerial(trx: Tx, numberPrefix: string): Promise<number> {
  await trx.raw('SELECT pg_advisory_xact_lock(hashtext(?))', [`document_no:${numberPrefix}`]);
  const row = await trx('generated_documents')
    .where('document_no', 'like', `${numberPrefix.replace(/[\\%_]/g, '\\$&')}%`)
    .count({ n: '*' })
    .first();
  return Number(row?.n ?? 0) + 1;
}

export async function insertDocument(
  trx: Tx,
  row: Omit<GeneratedDocumentRow, 'id' | 'created_at' | 'created_by'> & { content: Buffer },
): Promise<GeneratedDocumentRow> {
  const [inserted] = await trx('generated_documents')
    .insert(row)
    .returning<GeneratedDocumentRow[]>(DOCUMENT_COLUMNS);
  return inserted!;
}

/** The latest document of a kind for a business record, with its bytes. */
export async function latestDocument(
  conn: Conn,
  businessType: GeneratedDocumentRow['business_type'],
  businessId: number,
  kind: TemplateKey,
): Promise<StoredDocument | undefined> {
  return conn('generated_documents')
    .where({ business_type: businessType, business_id: businessId, kind })
    .orderBy('id', 'desc')
    .first<StoredDocument | undefined>([...DOCUMENT_COLUMNS, 'content']);
}

export async function documentById(conn: Conn, id: number): Promise<StoredDocument | undefined> {
  return conn('generated_documents')
    .where({ id })
    .first<StoredDocument | undefined>([...DOCUMENT_COLUMNS, 'content']);
}

export const documentsOf = (
  conn: Conn,
  businessType: GeneratedDocumentRow['business_type'],
  businessId: number,
): Promise<GeneratedDocumentRow[]> =>
  conn('generated_documents')
    .where({ business_type: businessType, business_id: businessId })
    .orderBy('id', 'desc')
    .select(DOCUMENT_COLUMNS);

export interface HouseholdForNotice {
  id: number;
  applicant_name: string;
  application_no: string;
  registration_year: number;
  household_size: number;
  region_code: string;
}

const HOUSEHOLD_FOR_NOTICE = [
  'id',
  'applicant_name',
  'application_no',
  'registration_year',
  'household_size',
  'region_code',
];

/** A household for its registration notice: within the caller's scope, or any (the process end runs as system). */
export async function householdForNotice(
  conn: Conn,
  id: number,
  scope?: Pick<Scope, 'regionPrefix'>,
): Promise<HouseholdForNotice | undefined> {
  const query = conn('households').where({ id });
  if (scope) scoped(query, scope);
  return query.first<HouseholdForNotice | undefined>(HOUSEHOLD_FOR_NOTICE);
}
