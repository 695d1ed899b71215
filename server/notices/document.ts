/**
 * The notice as printed and posted (公示文件, CJJ/T 196 6.2 申请公示: "生成公示文件，实现公示文件打印、导出"):
 * the `notice_batch` template with the batch's period, channels and places, and a table of the applications —
 * application number, the name masked as 张*三, household size and district. No ID numbers, phones or incomes.
 */
import type { Db, Tx } from '../db/knex.ts';
import { maskPublicName } from '../documents/mask.ts';
import { previewDocument, renderDocument } from '../documents/service.ts';
import { CHANNELS, type Channel } from './schema.ts';
import { publicNotices } from './public-store.ts';
import type * as store from './store.ts';

/** 2026-12-01 → 2026年12月1日 (a calendar day: no time zone involved). */
export const dayInChinese = (day: string) => {
  const [y, m, d] = day.split('-').map(Number);
  return `${y}年${m}月${d}日`;
};

export const channelLabels = (codes: string[]) => codes.map((c) => CHANNELS[c as Channel] ?? c);

/** The notice's values and applicant table, from the batch and its applications as the public may see them. */
async function noticeContent(conn: Db | Tx, batch: store.BatchRow) {
  const entries = await publicNotices(conn, [batch.notice_no]);
  return {
    kind: 'notice_batch' as const,
    regionCode: batch.region_code,
    values: {
      title: batch.title,
      notice_no: batch.notice_no,
      start_date: dayInChinese(batch.starts_on),
      end_date: dayInChinese(batch.ends_on),
      channels: channelLabels(batch.channels).join('、'),
      places: batch.places.join('、'),
      contact: batch.contact,
      count: String(entries.length),
    },
    table: {
      columns: [
        { header: '序号', width: 1 },
        { header: '申请编号', width: 3.2 },
        { header: '申请人', width: 1.6 },
        { header: '家庭人口', width: 1.4 },
        { header: '所在区县', width: 2 },
      ],
      rows: entries.map((e, i) => [
        String(i + 1),
        e.application_no,
        maskPublicName(e.applicant_name),
        String(e.household_size),
        e.district_name,
      ]),
    },
  };
}

/** Renders and records the notice at publication. */
export async function renderNoticeDocument(trx: Tx, batch: store.BatchRow) {
  return renderDocument(trx, {
    ...(await noticeContent(trx, batch)),
    businessType: 'notice_batch',
    businessId: batch.id,
  });
}

/** The notice as it will be published, for checking a draft; not recorded, no 文号 yet. */
export async function previewNoticeDocument(conn: Db | Tx, batch: store.BatchRow): Promise<Buffer> {
  return previewDocument(conn, await noticeContent(conn, batch));
}
