/**
 * SQL for notice batches, notices (A.3.12) and reports (A.3.13). Staff queries go through `scoped()`; the public
 * queries at the end read published batches only and select no personal data beyond the name they mask.
 * Dates (`*_on`) are read as text: a `date` is a calendar day in Beijing, not an instant.
 */
import type { Db, Tx } from '../db/knex.ts';
import { regionPrefix, scoped, type Scope } from '../access/scope.ts';
import { pageOf, whereText } from '../spatial/features.ts';
import type { ListBatchesQuery } from './schema.ts';

type Conn = Db | Tx;
type InScope = Pick<Scope, 'regionPrefix'>;

/** The office's calendar: periods are whole days in Beijing time. */
export const TIME_ZONE = 'Asia/Shanghai';
export const TODAY = `(now() AT TIME ZONE '${TIME_ZONE}')::date`;

export interface BatchRow {
  id: number;
  notice_no: string;
  title: string;
  region_code: string;
  region_name: string;
  starts_on: string;
  ends_on: string;
  channels: string[];
  places: string[];
  contact: string;
  status: 'draft' | 'published' | 'closed';
  published_at: Date | null;
  closed_at: Date | null;
  document_id: number | null;
  notice_count: number;
  report_count: number;
  /** Epoch seconds of the period's end (the end date's midnight in Beijing): the timer's `notice_ends_at`. */
  ends_at_epoch: number;
  created_at: Date;
  created_by: string;
  updated_at: Date;
  updated_by: string;
}

export interface NoticeRow {
  id: number;
  notice_no: string;
  application_no: string;
  household_id: number;
  applicant_name: string;
  household_size: number;
  region_code: string;
  region_name: string;
  handling_stage: string;
  passed: boolean | null;
  settled_at: Date | null;
  report_count: number;
}

/** Batches with their region's name, counts and the period's end as epoch seconds (unscoped: callers scope). */
export function batchesQuery(conn: Conn) {
  return conn('notice_batches as b')
    .join('regions as r', 'r.code', 'b.region_code')
    .select(
      'b.id',
      'b.notice_no',
      'b.title',
      'b.region_code',
      'r.name as region_name',
      conn.raw('b.starts_on::text AS starts_on'),
      conn.raw('b.ends_on::text AS ends_on'),
      'b.channels',
      'b.places',
      'b.contact',
      'b.status',
      'b.published_at',
      'b.closed_at',
      'b.document_id',
      conn.raw('(SELECT count(*)::int FROM notices n WHERE n.notice_no = b.notice_no) AS notice_count'),
      conn.raw(
        '(SELECT count(*)::int FROM notice_reports j WHERE j.notice_no = b.notice_no) AS report_count',
      ),
      conn.raw(
        `extract(epoch FROM ((b.ends_on + 1)::timestamp AT TIME ZONE '${TIME_ZONE}'))::bigint AS ends_at_epoch`,
      ),
      'b.created_at',
      'b.created_by',
      'b.updated_at',
      'b.updated_by',
    );
}

export async function listBatches(conn: Conn, scope: InScope, filter: ListBatchesQuery) {
  const query = scoped(batchesQuery(conn), scope, 'b.region_code');
  if (filter.status) void query.where('b.status', filter.status);
  if (filter.region) scoped(query, { regionPrefix: regionPrefix(filter.region) }, 'b.region_code');
  whereText(query, filter.q, ['b.notice_no', 'b.title']);
  if (filter.application_no)
    void query.whereExists((q) => {
      void q
        .select(conn.raw('1'))
        .from('notices as n')
        .whereRaw('n.notice_no = b.notice_no')
        .where('n.application_no', filter.application_no!);
    });
  void query.orderBy([
    { column: 'b.starts_on', order: 'desc' },
    { column: 'b.id', order: 'desc' },
  ]);
  return pageOf<BatchRow>(query, filter, []);
}

export async function findBatch(
  conn: Conn,
  scope: InScope,
  id: number,
  options: { lock?: boolean } = {},
): Promise<BatchRow | undefined> {
  // Lock the batch row first (FOR UPDATE cannot sit on a query with aggregates), then read it whole.
  if (options.lock) {
    const locked = await scoped(conn('notice_batches').where({ id }), scope)
      .forUpdate()
      .first<{ id: number } | undefined>('id');
    if (!locked) return undefined;
  }
  return scoped(batchesQuery(conn), scope, 'b.region_code').where('b.id', id).first<BatchRow | undefined>();
}

export const regionExists = async (conn: Conn, code: string): Promise<boolean> =>
  (await conn('regions').where({ code }).first<{ code: string } | undefined>('code')) !== undefined;

export async function nextBatchNo(trx: Tx, regionCode: string, year: string): Promise<string> {
  const prefix = `GS-${year}-${regionCode.slice(0, 6)}-`;
  await trx.raw('SELECT pg_advisory_xact_lock(hashtext(?))', [`notice_no:${prefix}`]);
  const row = await trx('notice_batches').where('notice_no', 'like', `${prefix}%`).count({ n: '*' }).first();
  return `${prefix}${String(Number(row?.n ?? 0) + 1).padStart(3, '0')}`;
}

export async function insertBatch(trx: Tx, row: Record<string, unknown>): Promise<number> {
  const [inserted] = await trx('notice_batches').insert(row).returning<{ id: number }[]>('id');
  return inserted!.id;
}

export async function updateBatch(trx: Tx, id: number, changes: Record<string, unknown>): Promise<void> {
  await trx('notice_batches').where({ id }).update(changes);
}

export async function deleteBatch(trx: Tx, id: number): Promise<void> {
  await trx('notice_batches').where({ id }).delete();
}

function noticesQuery(conn: Conn) {
  return conn('notices as n')
    .join('households as h', 'h.application_no', 'n.application_no')
    .join('regions as r', 'r.code', 'n.region_code')
    .select(
      'n.id',
      'n.notice_no',
      'n.application_no',
      'h.id as household_id',
      'h.applicant_name',
      'h.household_size',
      'n.region_code',
      'r.name as region_name',
      'n.handling_stage',
      'n.passed',
      'n.settled_at',
      conn.raw(`(SELECT count(*)::int FROM notice_reports j
                  WHERE j.notice_no = n.notice_no AND j.application_no = n.application_no) AS report_count`),
    );
}

/** The applications on a notice (the batch itself was found in scope; its notices lie inside its region). */
export const noticesOf = (conn: Conn, noticeNo: string): Promise<NoticeRow[]> =>
  noticesQuery(conn).where('n.notice_no', noticeNo).orderBy('n.application_no') as Promise<NoticeRow[]>;

export async function replaceNotices(
  trx: Tx,
  noticeNo: string,
  rows: { application_no: string; region_code: string }[],
): Promise<void> {
  await trx('notices').where({ notice_no: noticeNo }).delete();
  if (rows.length)
    await trx('notices').insert(
      rows.map((row) => ({ ...row, notice_no: noticeNo, handling_stage: 'notice' })),
    );
}

/** Which of these applications are on another notice whose result is still open. */
export const onOtherOpenNotice = (
  conn: Conn,
  noticeNo: string,
  applicationNos: string[],
): Promise<{ application_no: string; notice_no: string }[]> =>
  conn('notices')
    .whereIn('application_no', applicationNos)
    .whereNull('passed')
    .whereNot('notice_no', noticeNo)
    .select('application_no', 'notice_no');

export interface OpenNotice {
  id: number;
  notice_no: string;
  application_no: string;
  status: BatchRow['status'];
  passed: boolean | null;
  batch_id: number;
}

/** The household's latest notice (open first), with its batch's status; any region (hooks run as the engine). */
export const latestNoticeOf = (conn: Conn, householdId: number): Promise<OpenNotice | undefined> =>
  conn('notices as n')
    .join('households as h', 'h.application_no', 'n.application_no')
    .join('notice_batches as b', 'b.notice_no', 'n.notice_no')
    .where('h.id', householdId)
    .orderByRaw('(n.passed IS NULL) DESC, n.id DESC')
    .first<OpenNotice | undefined>(
      'n.id',
      'n.notice_no',
      'n.application_no',
      'b.status',
      'n.passed',
      'b.id as batch_id',
    );

export async function settleNotice(trx: Tx, noticeId: number, passed: boolean): Promise<void> {
  await trx('notices')
    .where({ id: noticeId })
    .whereNull('passed')
    .update({ passed, settled_at: trx.fn.now() });
}

export async function closeBatch(trx: Tx, batchId: number): Promise<void> {
  await trx('notice_batches')
    .where({ id: batchId, status: 'published' })
    .update({ status: 'closed', closed_at: trx.fn.now() });
}

export const openNoticeCount = async (conn: Conn, noticeNo: string): Promise<number> =>
  Number(
    (await conn('notices').where({ notice_no: noticeNo }).whereNull('passed').count({ n: '*' }).first())?.n ??
      0,
  );

/** Whether now lies in the batch's period (whole Beijing days) — or the given instant does. */
export async function periodHolds(conn: Conn, batchId: number, at?: string): Promise<boolean> {
  const instant = at ? '?::timestamptz' : 'now()';
  const { rows } = await conn.raw<{ rows: { inside: boolean }[] }>(
    `SELECT ${instant} >= (starts_on::timestamp AT TIME ZONE '${TIME_ZONE}')
        AND ${instant} < ((ends_on + 1)::timestamp AT TIME ZONE '${TIME_ZONE}') AS inside
       FROM notice_batches WHERE id = ?`,
    at ? [at, at, batchId] : [batchId],
  );
  return rows[0]?.inside ?? false;
}

export async function today(conn: Conn): Promise<string> {
  const { rows } = await conn.raw<{ rows: { today: string }[] }>(`SELECT ${TODAY}::text AS today`);
  return rows[0]!.today;
}
