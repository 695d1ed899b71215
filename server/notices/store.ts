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

function batchesQuery(conn: Conn) {
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

/**
 * Households in scope whose admission process waits at the `notice` task, with that task. Reads the workflow's
 * tables directly: one join instead of a round trip per household through the engine.
 */
function atNoticeStage(conn: Conn, scope: InScope) {
  return scoped(
    conn('households as h')
      .join('wf_process_instances as p', function () {
        this.on('p.business_id', 'h.id')
          .andOnVal('p.business_type', 'household')
          .andOnVal('p.status', 'running');
      })
      .join('wf_tasks as t', function () {
        this.on('t.process_instance_id', 'p.id')
          .andOnVal('t.node_key', 'notice')
          .andOnIn('t.status', ['open', 'claimed']);
      })
      .join('regions as r', 'r.code', 'h.region_code')
      .select(
        'h.id as household_id',
        'h.application_no',
        'h.applicant_name',
        'h.region_code',
        'r.name as region_name',
        't.id as task_id',
        't.assignee',
      ),
    scope,
    'h.region_code',
  );
}

export interface StageRow {
  household_id: number;
  application_no: string;
  applicant_name: string;
  region_code: string;
  region_name: string;
  task_id: number;
  assignee: string | null;
}

/**
 * Applications a batch of `batchRegion` may take: in the caller's scope and the batch's region, at the stage, and
 * not on a notice whose result is open.
 */
export const noticeCandidates = (conn: Conn, scope: InScope, batchRegion: string): Promise<StageRow[]> =>
  scoped(atNoticeStage(conn, scope), { regionPrefix: regionPrefix(batchRegion) }, 'h.region_code')
    .whereNotExists(
      conn('notices as o').whereRaw('o.application_no = h.application_no').whereNull('o.passed').select(1),
    )
    .orderBy('h.application_no')
    .limit(1000) as Promise<StageRow[]>;

export const atStage = (conn: Conn, scope: InScope, householdIds: number[]): Promise<StageRow[]> =>
  atNoticeStage(conn, scope).whereIn('h.id', householdIds) as Promise<StageRow[]>;

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

// ── reports (A.3.13) ──────────────────────────────────────────────────────────────────────────────────────

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

// ── public (the portal) ───────────────────────────────────────────────────────────────────────────────────

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
