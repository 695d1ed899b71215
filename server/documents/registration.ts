/**
 * 准予登记通知书 and 不予登记通知书 (CJJ/T 196 6.2.1 item 6): rendered from the editable templates with the
 * household's data when the admission process ends, and served to staff for printing. The applicant's name is
 * NOT masked here: the notice is delivered to the applicant.
 */
import type { Db, Tx } from '../db/knex.ts';
import type { Scope } from '../access/scope.ts';
import { notFound } from '../http/errors.ts';
import { renderDocument } from './service.ts';
import * as store from './store.ts';

export const NOTICE_KINDS = {
  approved: { template: 'registration_approved', label: '准予登记通知书' },
  denied: { template: 'registration_denied', label: '不予登记通知书' },
} as const;
export type RegistrationNoticeKind = keyof typeof NOTICE_KINDS;

/** What the decision adds to the household's data: the confirmed mode, or the reason for the denial. */
export type RegistrationNoticeExtra<K extends RegistrationNoticeKind> = K extends 'approved'
  ? { security_mode: string; plan_summary?: string }
  : { reason: string };

/**
 * Renders and records the notice in the caller's transaction (REG calls it from the admission process's end
 * hook). Returns the recorded document (its bytes are in generated_documents).
 */
export async function renderRegistrationNotice<K extends RegistrationNoticeKind>(
  trx: Tx,
  householdId: number,
  kind: K,
  extra: RegistrationNoticeExtra<K>,
  date?: Date,
): Promise<store.GeneratedDocumentRow> {
  const household = await store.householdForNotice(trx, householdId);
  if (!household) throw notFound('申请家庭');
  const given = extra as Partial<Record<'security_mode' | 'plan_summary' | 'reason', string>>;
  const values: Record<string, string> = {
    applicant_name: household.applicant_name,
    application_no: household.application_no,
    registration_year: String(household.registration_year),
    household_size: String(household.household_size),
    // Printed sentences must read whole even when the plan says little.
    security_mode: given.security_mode?.trim() || '按住房保障有关规定确定',
    plan_summary: given.plan_summary?.trim() ? `，${given.plan_summary.trim()}` : '',
    reason: given.reason?.trim() || '经审核，申请家庭不符合住房保障准入条件',
  };
  const { document } = await renderDocument(trx, {
    kind: NOTICE_KINDS[kind].template,
    businessType: 'household',
    businessId: household.id,
    regionCode: household.region_code,
    values,
    date,
  });
  return document;
}

/** The latest recorded notice of a household in the caller's scope (404 before the decision is made). */
export async function registrationNotice(
  conn: Db | Tx,
  scope: Scope,
  householdId: number,
  kind: RegistrationNoticeKind,
): Promise<store.GeneratedDocumentRow & { content: Buffer }> {
  const household = await store.householdForNotice(conn, householdId, scope);
  if (!household) throw notFound('申请');
  const document = await store.latestDocument(conn, 'household', householdId, NOTICE_KINDS[kind].template);
  if (!document) throw notFound(NOTICE_KINDS[kind].label);
  return document;
}
