/** Shapes template rows for the API (no personal data in templates). */
import { placeholdersOf } from './service.ts';
import type { TemplateRow, TemplateVersionRow } from './store.ts';

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
