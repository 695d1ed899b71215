/**
 * Shapes notices for staff. Without `personal_data.read` names keep the family name only (server/shared/mask.ts)
 * and a reporter's identity is withheld: 举报人 are promised confidentiality on the notice itself.
 */
import type { Scope } from '../access/scope.ts';
import { maskName } from '../shared/mask.ts';
import { CHANNELS, REPORT_CHANNELS, type Channel } from './schema.ts';
import type { ReportFileRow, ReportRow } from './report-store.ts';
import type { StageRow } from './stage-store.ts';
import type { BatchRow, NoticeRow } from './store.ts';

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const masked = (scope: Scope) => !scope.permissions.has('personal_data.read');

export function presentBatch(row: BatchRow) {
  const { ends_at_epoch: _epoch, ...rest } = row;
  return {
    ...rest,
    channels: row.channels.map((code) => ({ code, label: CHANNELS[code as Channel] ?? code })),
    published_at: iso(row.published_at),
    closed_at: iso(row.closed_at),
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}

export function presentNotice(row: NoticeRow, scope: Scope) {
  return {
    ...row,
    applicant_name: masked(scope) ? maskName(row.applicant_name) : row.applicant_name,
    settled_at: iso(row.settled_at),
    personal_data_masked: masked(scope),
  };
}

export function presentCandidate(row: StageRow, scope: Scope) {
  const { assignee: _assignee, ...rest } = row;
  return {
    ...rest,
    applicant_name: masked(scope) ? maskName(row.applicant_name) : row.applicant_name,
    personal_data_masked: masked(scope),
  };
}

export function presentReport(rest: ReportRow, scope: Scope, files: ReportFileRow[] = []) {
  return {
    id: rest.id,
    report_no: rest.report_no,
    notice_no: rest.notice_no,
    application_no: rest.application_no,
    household_id: rest.household_id,
    reported_at: rest.reported_at.toISOString(),
    content: rest.content,
    channel: {
      code: rest.channel,
      label: REPORT_CHANNELS[rest.channel as keyof typeof REPORT_CHANNELS] ?? rest.channel,
    },
    reporter: masked(scope) ? null : rest.reporter,
    investigator: rest.investigator,
    investigation_method: rest.investigation_method,
    investigation_result: rest.investigation_result,
    substantiated: rest.substantiated,
    investigated_at: iso(rest.investigated_at),
    region_code: rest.region_code,
    files: files
      .filter((f) => f.report_id === rest.id)
      .map(({ report_id: _report, ...f }) => ({ ...f, url: `/api/archive/${f.archive_file_id}` })),
    created_at: rest.created_at.toISOString(),
    created_by: rest.created_by,
  };
}
