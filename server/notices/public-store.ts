/**
 * SQL for the public notices (the portal): published batches only, and of their applications nothing personal
 * beyond the name the caller masks.
 */
import type { Db, Tx } from '../db/knex.ts';
import { regionPrefix, scoped } from '../access/scope.ts';
import { batchesQuery, TODAY, type BatchRow } from './store.ts';

type Conn = Db | Tx;

/**
 * Published batches, and closed ones for PUBLIC_DAYS after their period, newest first. A notice's names are public
 * for the notice's purpose (objections); a month after it ended that purpose is spent, so it leaves the portal.
 */
export const PUBLIC_DAYS = 30;

export function publicBatches(conn: Conn, options: { id?: number; limit?: number; region?: string } = {}) {
  const query = batchesQuery(conn).where((q) => {
    void q
      .where('b.status', 'published')
      .orWhere((c) => void c.where('b.status', 'closed').whereRaw(`b.ends_on >= ${TODAY} - ${PUBLIC_DAYS}`));
  });
  if (options.id !== undefined) void query.where('b.id', options.id);
  if (options.region) scoped(query, { regionPrefix: regionPrefix(options.region) }, 'b.region_code');
  return query
    .orderBy([
      { column: 'b.starts_on', order: 'desc' },
      { column: 'b.id', order: 'desc' },
    ])
    .limit(options.limit ?? 100) as unknown as Promise<BatchRow[]>;
}

/** The applications on published notices: number, name (to be masked), district — nothing else personal. */
export function publicNotices(conn: Conn, noticeNos: string[]) {
  return conn('notices as n')
    .join('households as h', 'h.application_no', 'n.application_no')
    .join('regions as d', 'd.code', conn.raw(`rpad(left(n.region_code, 6), 12, '0')`))
    .whereIn('n.notice_no', noticeNos)
    .orderBy(['n.notice_no', 'n.application_no'])
    .select(
      'n.notice_no',
      'n.application_no',
      'h.applicant_name',
      'h.household_size',
      'd.name as district_name',
    ) as Promise<
    {
      notice_no: string;
      application_no: string;
      applicant_name: string;
      household_size: number;
      district_name: string;
    }[]
  >;
}
