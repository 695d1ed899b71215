/** Shapes template rows for the API (no personal data in templates). */
import { placeholdersOf } from './service.ts';
import type { GeneratedDocumentRow, TemplateRow, TemplateVersionRow } from './store.ts';

export const presentTemplate = (row: TemplateRow) => ({
  key: row.key,
  name: row.name,
  title: row.title,
  number_prefix: row.number_prefix,
  addressee: row.addressee,
  body: row.body,
  signature: row.signature,
  version: row.version,
  updated_at: row.updated_at.toISOString(),
  updated_by: row.updated_by,
  placeholders: placeholdersOf(row.key),
});

export const presentTemplateVersion = (row: TemplateVersionRow) => ({
  ...row,
  created_at: row.created_at.toISOString(),
});

const LABELS: Record<GeneratedDocumentRow['kind'], string> = {
  registration_approved: '准予登记通知书',
  registration_denied: '不予登记通知书',
  notice_batch: '公示文件',
  contract_rental: '保障性住房租赁合同',
  contract_sale: '保障性住房买卖合同',
  contract_subsidy: '住房租赁补贴协议',
  subsidy_voucher: '补贴发放单据',
};

const URL_KIND: Partial<Record<GeneratedDocumentRow['kind'], string>> = {
  registration_approved: 'approved',
  registration_denied: 'denied',
};

export const presentDocument = (row: GeneratedDocumentRow) => ({
  id: row.id,
  kind: row.kind,
  label: LABELS[row.kind],
  document_no: row.document_no,
  template_version: row.template_version,
  sha256: row.sha256,
  byte_size: row.byte_size,
  created_at: row.created_at.toISOString(),
  created_by: row.created_by,
  // The notice routes serve the latest of each kind: older ones are listed for the record, not linked.
  url:
    row.business_type === 'household' && URL_KIND[row.kind]
      ? `/api/applications/${row.business_id}/notices/${URL_KIND[row.kind]}.pdf`
      : null,
});
