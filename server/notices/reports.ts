/**
 * Reports received during a notice (公示期间举报, A.3.13): recorded only while the notice runs — its period in
 * whole Beijing days — then investigated by a named person (查证人, 查证方式, 查证结果) to a finding: substantiated
 * or not. A substantiated report, or one still open when the period ends, fails the notice (workflow.ts).
 */
import type { Db, Tx } from '../db/knex.ts';
import type { Scope } from '../access/scope.ts';
import { conflict, fieldError, notFound, validationFailed, type FieldError } from '../http/errors.ts';
import type { CreateReportInput, InvestigationInput, ReportFilesInput, UpdateReportInput } from './schema.ts';
import { dayInChinese } from './document.ts';
import { batchOf } from './service.ts';
import * as reportStore from './report-store.ts';
import * as store from './store.ts';

export const REPORT_LABEL = '举报';

const periodText = (batch: store.BatchRow) =>
  `${dayInChinese(batch.starts_on)}至${dayInChinese(batch.ends_on)}`;

export async function reportOf(
  conn: Db | Tx,
  scope: Scope,
  id: number,
  lock = false,
): Promise<reportStore.ReportRow> {
  const report = await reportStore.findReport(conn, scope, id, { lock });
  if (!report) throw notFound(REPORT_LABEL);
  return report;
}

export async function createReport(
  trx: Tx,
  scope: Scope,
  batchId: number,
  input: CreateReportInput,
): Promise<reportStore.ReportRow> {
  const batch = await batchOf(trx, scope, batchId);
  if (batch.status === 'draft') throw conflict(`公示批次 ${batch.notice_no} 尚未发布，不受理举报`);
  const notice = (await store.noticesOf(trx, batch.notice_no)).find(
    (n) => n.household_id === input.household_id,
  );
  if (!notice) throw fieldError('body.household_id', '该申请不在本批公示中');
  if (input.reported_at) {
    if (new Date(input.reported_at) > new Date())
      throw fieldError('body.reported_at', '举报时间不能晚于现在');
    if (!(await store.periodHolds(trx, batch.id, input.reported_at)))
      throw fieldError('body.reported_at', `举报时间须在公示期（${periodText(batch)}）内`);
  } else if (!(await store.periodHolds(trx, batch.id))) {
    throw conflict(`现在不在公示期内：本批公示期为${periodText(batch)}，公示期外的举报不予受理`);
  }
  if (notice.passed !== null) throw conflict(`申请 ${notice.application_no} 的公示结果已确定，不再受理举报`);
  const id = await reportStore.insertReport(trx, {
    report_no: await reportStore.nextReportNo(trx, batch.notice_no),
    notice_no: batch.notice_no,
    application_no: notice.application_no,
    reported_at: input.reported_at ?? trx.fn.now(),
    content: input.content,
    channel: input.channel,
    reporter: input.reporter ?? null,
    region_code: notice.region_code,
  });
  return reportOf(trx, scope, id);
}

/**
 * Records the investigation and its finding. A finding may be corrected while the notice runs; once its result is
 * settled the finding it was settled on stays (a report first investigated afterwards is still recorded).
 */
export async function investigate(
  trx: Tx,
  scope: Scope,
  id: number,
  input: InvestigationInput,
): Promise<reportStore.ReportRow> {
  const report = await reportOf(trx, scope, id, true);
  if (report.substantiated !== null && (await noticeSettled(trx, report)))
    throw conflict('公示结果已按此查证结论确定，不能再修改查证结论');
  await reportStore.updateReport(trx, id, { ...input, investigated_at: trx.fn.now() });
  return reportOf(trx, scope, id);
}

/** Whether the report's notice has its result: the household's latest notice is another, or is settled. */
async function noticeSettled(conn: Db | Tx, report: reportStore.ReportRow): Promise<boolean> {
  const notice = await store.latestNoticeOf(conn, report.household_id);
  return !notice || notice.notice_no !== report.notice_no || notice.passed !== null;
}

/** A report may be corrected or withdrawn (entered by mistake) until it is investigated or its notice settled. */
async function editableReport(
  trx: Tx,
  scope: Scope,
  id: number,
  what: string,
): Promise<reportStore.ReportRow> {
  const report = await reportOf(trx, scope, id, true);
  if (report.substantiated !== null) throw conflict(`举报已查结，不能${what}`);
  if (await noticeSettled(trx, report)) throw conflict(`公示结果已确定，不能${what}举报`);
  return report;
}

export async function updateReport(
  trx: Tx,
  scope: Scope,
  id: number,
  input: UpdateReportInput,
): Promise<reportStore.ReportRow> {
  await editableReport(trx, scope, id, '修改');
  await reportStore.updateReport(trx, id, input);
  return reportOf(trx, scope, id);
}

export async function deleteReport(trx: Tx, scope: Scope, id: number): Promise<void> {
  await editableReport(trx, scope, id, '删除');
  await reportStore.deleteReport(trx, id);
}

/**
 * Names the report's materials (举报材料) and the investigation's (查证材料) among the household's electronic
 * archive; any time, also after the finding — the record of how a report was checked may grow.
 */
export async function setReportFiles(
  trx: Tx,
  scope: Scope,
  id: number,
  input: ReportFilesInput,
): Promise<reportStore.ReportRow> {
  const report = await reportOf(trx, scope, id, true);
  const ids = input.files.map((f) => f.archive_file_id);
  const own = new Set(await reportStore.householdArchiveIds(trx, report.household_id, ids));
  const errors: FieldError[] = [];
  input.files.forEach((file, index) => {
    const path = `body.files.${index}.archive_file_id`;
    if (!own.has(file.archive_file_id)) errors.push({ path, message: '不是被举报申请的电子档案' });
    else if (ids.indexOf(file.archive_file_id) !== index) errors.push({ path, message: '重复的档案' });
  });
  if (errors.length) throw validationFailed(errors);
  await reportStore.replaceFiles(trx, report, input.files);
  return report;
}
