/** SQL for the reports received during a notice (A.3.13), in the caller's scope. */
import type { Db, Tx } from '../db/knex.ts';
import { scoped, type Scope } from '../access/scope.ts';

type Conn = Db | Tx;
type InScope = Pick<Scope, 'regionPrefix'>;

export interface ReportRow {
  id: number;
  report_no: string;
  notice_no: string;
  application_no: string;
  household_id: number;
  reported_at: Date;
  content: string;
  channel: string;
  reporter: string | null;
  investigator: string | null;
  investigation_method: string | null;
  investigation_result: string | null;
  substantiated: boolean | null;
  investigated_at: Date | null;
  region_code: string;
  created_at: Date;
  created_by: string;
}

/** Reports that stop a notice from passing: substantiated, or not yet investigated when the period ends. */
export async function blockingReports(
  conn: Conn,
  noticeNo: string,
  applicationNo: string,
): Promise<{ substantiated: number; pending: number }> {
  const row = await conn('notice_reports')
    .where({ notice_no: noticeNo, application_no: applicationNo })
    .first<{ substantiated: number; pending: number }>(
      conn.raw('count(*) FILTER (WHERE substantiated)::int AS substantiated'),
      conn.raw('count(*) FILTER (WHERE substantiated IS NULL)::int AS pending'),
    );
  return row;
}

function reportsQuery(conn: Conn) {
  return conn('notice_reports as j')
    .join('households as h', 'h.application_no', 'j.application_no')
    .select('j.*', 'h.id as household_id');
}

export const reportsOf = (conn: Conn, scope: InScope, noticeNo: string): Promise<ReportRow[]> =>
  scoped(reportsQuery(conn), scope, 'j.region_code')
    .where('j.notice_no', noticeNo)
    .orderBy('j.id') as Promise<ReportRow[]>;

export async function findReport(
  conn: Conn,
  scope: InScope,
  id: number,
  options: { lock?: boolean } = {},
): Promise<ReportRow | undefined> {
  const query = scoped(reportsQuery(conn), scope, 'j.region_code').where('j.id', id);
  if (options.lock) void query.forUpdate('j');
  return query.first<ReportRow | undefined>();
}

export async function nextReportNo(trx: Tx, noticeNo: string): Promise<string> {
  await trx.raw('SELECT pg_advisory_xact_lock(hashtext(?))', [`report_no:${noticeNo}`]);
  const row = await trx('notice_reports').where({ notice_no: noticeNo }).count({ n: '*' }).first();
  return `${noticeNo}-JB${String(Number(row?.n ?? 0) + 1).padStart(3, '0')}`;
}

export async function insertReport(trx: Tx, row: Record<string, unknown>): Promise<number> {
  const [inserted] = await trx('notice_reports').insert(row).returning<{ id: number }[]>('id');
  return inserted!.id;
}

export async function updateReport(trx: Tx, id: number, changes: Record<string, unknown>): Promise<void> {
  await trx('notice_reports').where({ id }).update(changes);
}

export async function deleteReport(trx: Tx, id: number): Promise<void> {
  await trx('notice_reports').where({ id }).delete();
}

export interface ReportFileRow {
  report_id: number;
  archive_file_id: number;
  purpose: 'report' | 'investigation';
  name: string;
  archive_type: string;
  media_type: string;
  size_bytes: number;
}

/** The archive files of reports, with what the archive says of them. */
export const filesOf = (conn: Conn, reportIds: number[]): Promise<ReportFileRow[]> =>
  conn('notice_report_files as f')
    .join('archive_files as a', 'a.id', 'f.archive_file_id')
    .whereIn('f.report_id', reportIds)
    .orderBy(['f.report_id', 'f.id'])
    .select(
      'f.report_id',
      'f.archive_file_id',
      'f.purpose',
      'a.name',
      'a.archive_type',
      'a.media_type',
      'a.size_bytes',
    ) as Promise<ReportFileRow[]>;

/** Which of these archive files belong to the household. */
export const householdArchiveIds = (conn: Conn, householdId: number, ids: number[]): Promise<number[]> =>
  conn('archive_files').where({ household_id: householdId }).whereIn('id', ids).pluck('id') as Promise<
    number[]
  >;

export async function replaceFiles(
  trx: Tx,
  report: Pick<ReportRow, 'id' | 'region_code'>,
  files: { archive_file_id: number; purpose: string }[],
): Promise<void> {
  await trx('notice_report_files').where({ report_id: report.id }).delete();
  if (files.length)
    await trx('notice_report_files').insert(
      files.map((f) => ({ ...f, report_id: report.id, region_code: report.region_code })),
    );
}
