/**
 * Notice records inserted directly (no service rules), for tests that need them to exist — e.g. the region-leak
 * test attacking another district's batch and report: a draft batch in the household's district with the
 * household on it and one report.
 */
import type { Db } from '../db/knex.ts';

export async function insertNoticeRecords(
  db: Db,
  householdId: number,
  tag: string,
): Promise<{ batch: number; report: number }> {
  const household = await db('households')
    .where({ id: householdId })
    .first<{ application_no: string; region_code: string } | undefined>('application_no', 'region_code');
  if (!household) throw new Error(`no household ${householdId}`);
  const noticeNo = `GS-TEST-${tag}`;
  const [batch] = await db('notice_batches')
    .insert({
      notice_no: noticeNo,
      title: `测试公示 ${tag}`,
      region_code: `${household.region_code.slice(0, 6)}000000`,
      starts_on: '2026-12-01',
      ends_on: '2026-12-14',
      channels: ['announcement'],
      places: ['社区公示栏'],
      contact: '电话 0451-86000000',
    })
    .returning<{ id: number }[]>('id');
  await db('notices').insert({
    notice_no: noticeNo,
    application_no: household.application_no,
    region_code: household.region_code,
  });
  const [report] = await db('notice_reports')
    .insert({
      report_no: `${noticeNo}-JB001`,
      notice_no: noticeNo,
      application_no: household.application_no,
      reported_at: '2026-12-02T10:00:00+08:00',
      content: '测试举报',
      channel: 'letter',
      region_code: household.region_code,
    })
    .returning<{ id: number }[]>('id');
  return { batch: batch!.id, report: report!.id };
}
