/**
 * SQL for an application's records: the household's housing, members, assets (A.3.9–A.3.11) and verification
 * reports, the list of applications with their stage (the admission process's current node), and the one
 * deliberately unscoped query — the province-wide duplicate check (checks.ts).
 */
import type { Knex } from 'knex';
import type { Db, Tx } from '../db/knex.ts';
import { regionPrefix, scoped, type Scope } from '../access/scope.ts';
import { geometryJson } from '../spatial/features.ts';

type Conn = Db | Tx;

export const CHILD_TABLES = {
  housing: 'household_housing',
  members: 'household_members',
  assets: 'household_assets',
} as const;
export type ChildKind = keyof typeof CHILD_TABLES;

/** The household columns every child row repeats (kept equal by the composite foreign key). */
export interface Owner {
  household_id: number;
  application_no: string;
  registration_year: number;
  region_code: string;
}

export type ChildRow = Record<string, unknown> & { id: number; review_status: string };

/** The owner columns of a household's child rows. */
export const ownerOf = (household: {
  id: number;
  application_no?: unknown;
  registration_year?: unknown;
  region_code: string;
}): Owner => ({
  household_id: household.id,
  application_no: household.application_no as string,
  registration_year: household.registration_year as number,
  region_code: household.region_code,
});

export async function insertChildren(
  trx: Tx,
  kind: ChildKind,
  owner: Owner,
  rows: readonly Record<string, unknown>[],
): Promise<void> {
  if (rows.length) await trx(CHILD_TABLES[kind]).insert(rows.map((row) => ({ ...row, ...owner })));
}

/** Replaces a household's records of one kind (a PATCH that sends the list again). */
export async function deleteChildren(trx: Tx, kind: ChildKind, householdId: number): Promise<void> {
  await trx(CHILD_TABLES[kind]).where({ household_id: householdId }).delete();
}

/** A household's records of one kind, in entry order; callers found the household in scope first. */
export async function childrenOf(conn: Conn, kind: ChildKind, householdId: number): Promise<ChildRow[]> {
  return (await conn(CHILD_TABLES[kind]).where({ household_id: householdId }).orderBy('id')) as ChildRow[];
}

/** Sets one record's 审核状态 (with who, when and at which stage); false when it is not the household's. */
export async function setReview(
  trx: Tx,
  kind: ChildKind,
  householdId: number,
  id: number,
  review: { review_status: string; reviewer: string; handling_stage: string | null },
): Promise<boolean> {
  const count = await trx(CHILD_TABLES[kind])
    .where({ id, household_id: householdId })
    .update({ ...review, reviewed_at: trx.fn.now() });
  return count > 0;
}

/** `SQ` + year + the county's 6 digits + a sequence number: unique, and says where and when at a glance. */
export async function nextApplicationNo(trx: Tx, year: number, regionCode: string): Promise<string> {
  const { rows } = await trx.raw<{ rows: { n: string }[] }>(
    `SELECT nextval('application_no_seq')::text AS n`,
  );
  return `SQ${year}${regionCode.slice(0, 6)}${rows[0]!.n.padStart(6, '0')}`;
}

export async function insertReport(trx: Tx, owner: Owner, report: Record<string, unknown>): Promise<number> {
  const [row] = await trx('verification_reports')
    .insert({ ...report, ...owner })
    .returning<{ id: number }[]>('id');
  return row!.id;
}

export async function reportsOf(conn: Conn, householdId: number): Promise<Record<string, unknown>[]> {
  return conn<Record<string, unknown>>('verification_reports')
    .where({ household_id: householdId })
    .orderBy('id')
    .select('id', 'verifier', 'conclusion', 'findings', 'handling_stage', 'concluded_at');
}

/**
 * The latest admission process of household `h`: its instance, status, outcome and stage — the current (active)
 * node's key while it runs, `registered`/`denied` once it ended. Households entered before the workflow have none.
 */
const STAGE_JOIN = `LEFT JOIN LATERAL (
    SELECT pi.id AS process_instance_id, pi.status AS process_status, pi.outcome AS process_outcome,
           coalesce(
             (SELECT ni.node_key FROM wf_node_instances ni
               WHERE ni.process_instance_id = pi.id AND ni.status = 'active' ORDER BY ni.id LIMIT 1),
             CASE pi.outcome WHEN 'approved' THEN 'registered' WHEN 'denied' THEN 'denied' END
           ) AS stage
      FROM wf_process_instances pi
     WHERE pi.business_type = 'household' AND pi.business_id = h.id AND pi.process_type = 'admission'
     ORDER BY pi.id DESC LIMIT 1
  ) st ON true`;

export interface StageRow {
  process_instance_id: number | null;
  process_status: string | null;
  process_outcome: string | null;
  stage: string | null;
}

/** The stage of one household (no scope: the caller found the household in scope). */
export async function stageOf(conn: Conn, householdId: number): Promise<StageRow> {
  const { rows } = await conn.raw<{ rows: StageRow[] }>(
    `SELECT st.* FROM households h ${STAGE_JOIN} WHERE h.id = ?`,
    [householdId],
  );
  return rows[0] ?? { process_instance_id: null, process_status: null, process_outcome: null, stage: null };
}

export interface ApplicationFilter {
  stage?: string;
  region?: string;
  year?: number;
  q?: string;
  page: number;
  page_size: number;
}

const OUTCOME_OF_STAGE: Record<string, string> = { registered: 'approved', denied: 'denied' };

/**
 * Households in `stage`, as a semi-join driven by the workflow tables: the list's count then never evaluates
 * STAGE_JOIN for every household in scope (a city has a million).
 */
function inStage(conn: Conn, stage: string): Knex.Raw {
  const outcome = OUTCOME_OF_STAGE[stage];
  if (outcome)
    return conn.raw(
      `h.id IN (SELECT pi.business_id FROM wf_process_instances pi
                 WHERE pi.business_type = 'household' AND pi.process_type = 'admission'
                   AND pi.status <> 'running' AND pi.outcome = ?
                   AND NOT EXISTS (SELECT 1 FROM wf_process_instances later
                                    WHERE later.business_type = 'household'
                                      AND later.business_id = pi.business_id AND later.id > pi.id))`,
      [outcome],
    );
  return conn.raw(
    `h.id IN (SELECT pi.business_id FROM wf_process_instances pi
                JOIN wf_node_instances ni ON ni.process_instance_id = pi.id AND ni.status = 'active'
               WHERE pi.business_type = 'household' AND pi.process_type = 'admission'
                 AND pi.status = 'running' AND ni.node_key = ?)`,
    [stage],
  );
}

function applicationsIn(conn: Conn, scope: Scope, filter: ApplicationFilter): Knex.QueryBuilder {
  const query = scoped(conn({ h: 'households' }), scope, 'h.region_code');
  if (filter.stage) void query.whereRaw(inStage(conn, filter.stage));
  if (filter.region) void query.where('h.region_code', 'like', `${regionPrefix(filter.region)}%`);
  if (filter.year) void query.where('h.registration_year', filter.year);
  if (filter.q) {
    const q = filter.q;
    const like = q.replace(/[\\%_]/g, '\\$&');
    // Names and ID numbers are searchable only by those who may see them (as in the household list).
    void query.where((w) => {
      void w.where('h.application_no', 'ilike', `%${like}%`);
      if (scope.permissions.has('personal_data.read'))
        void w.orWhere('h.applicant_name', 'like', `${like}%`).orWhere('h.id_number', q.toUpperCase());
    });
  }
  return query;
}

/** One page of applications in scope, newest first, with stage (read for the page's rows only) and position. */
export async function listApplications(
  conn: Conn,
  scope: Scope,
  filter: ApplicationFilter,
): Promise<{ rows: Record<string, unknown>[]; total: number }> {
  const query = applicationsIn(conn, scope, filter);
  const [{ total } = { total: 0 }] = await query.clone().count<{ total: string }[]>({ total: '*' });
  const rows = (await query
    .joinRaw(STAGE_JOIN)
    .join('regions as rg', 'rg.code', 'h.region_code')
    .select(
      'h.id',
      'h.application_no',
      'h.registration_year',
      'h.applicant_name',
      'h.household_size',
      'h.region_code',
      'rg.name as region_name',
      'h.waiting_status',
      'st.stage',
      'h.created_at',
      geometryJson(conn, 'h.geom'),
    )
    .orderBy('h.id', 'desc')
    .limit(filter.page_size)
    .offset((filter.page - 1) * filter.page_size)) as Record<string, unknown>[];
  return { rows, total: Number(total) };
}

/**
 * Serialises writes naming the same people: two applications listing one ID number, entered at the same moment
 * in two districts, would otherwise both pass the duplicate check. Locks are taken in sorted order (no deadlock)
 * and held until the transaction ends.
 */
export async function lockPeople(trx: Tx, idNumbers: readonly string[]): Promise<void> {
  for (const idNumber of [...new Set(idNumbers)].sort())
    await trx.raw(`SELECT pg_advisory_xact_lock(hashtext('person:' || ?))`, [idNumber]);
}

export interface DuplicateRow {
  id_number: string;
  household_id: number;
  application_no: string;
  district_name: string;
}

/**
 * Where else in the province these ID numbers are in an active application, as applicant or as a member —
 * across districts, so this query is NOT scoped: it returns only the other application's number and its
 * district's name (checks.ts never passes on anything else). Active: not withdrawn, and not denied (the latest
 * admission process did not end with `denied`).
 */
export async function activeElsewhere(
  conn: Conn,
  idNumbers: readonly string[],
  exceptHousehold: number | null,
): Promise<DuplicateRow[]> {
  if (!idNumbers.length) return [];
  const { rows } = await conn.raw<{ rows: DuplicateRow[] }>(
    `SELECT DISTINCT ON (x.id_number, h.id) x.id_number, h.id AS household_id, h.application_no,
            d.name AS district_name
       FROM (SELECT id AS household_id, id_number FROM households WHERE id_number = ANY(?)
             UNION
             SELECT household_id, id_number FROM household_members WHERE id_number = ANY(?)) x
       JOIN households h ON h.id = x.household_id
       JOIN regions d ON d.code = substr(h.region_code, 1, 6) || '000000'
       ${STAGE_JOIN}
      WHERE h.waiting_status <> 'withdrawn'
        AND st.stage IS DISTINCT FROM 'denied'
        AND h.id IS DISTINCT FROM ?
      ORDER BY x.id_number, h.id`,
    [[...idNumbers], [...idNumbers], exceptHousehold] as Knex.RawBinding[],
  );
  return rows;
}

export interface StaffRow {
  username: string;
  region_code: string;
  disabled: boolean;
  roles: string[];
}

/** Staff accounts by username (case-insensitive, as logins are), with their roles. */
export async function staffByNames(conn: Conn, usernames: readonly string[]): Promise<StaffRow[]> {
  const { rows } = await conn.raw<{ rows: StaffRow[] }>(
    `SELECT u.username, u.region_code, u.disabled,
            coalesce(array_agg(r.role_code) FILTER (WHERE r.role_code IS NOT NULL), '{}') AS roles
       FROM staff_users u LEFT JOIN staff_user_roles r ON r.user_id = u.id
      WHERE lower(u.username) = ANY(?)
      GROUP BY u.id`,
    [usernames.map((name) => name.toLowerCase())],
  );
  return rows;
}

/** The conclusion of the latest report `verifier` filed for a household since `since` (the verify round's start). */
export async function latestConclusion(
  conn: Conn,
  householdId: number,
  verifier: string,
  since: Date,
): Promise<string | undefined> {
  const row = await conn<{
    household_id: number;
    verifier: string;
    concluded_at: Date;
    conclusion: string;
    id: number;
  }>('verification_reports')
    .where({ household_id: householdId, verifier })
    .where('concluded_at', '>=', since)
    .orderBy('id', 'desc')
    .first('conclusion');
  return row?.conclusion;
}

/** Whether a household has members recorded (an application entered through the wizard). */
export async function hasMembers(conn: Conn, householdId: number): Promise<boolean> {
  return (await conn('household_members').where({ household_id: householdId }).first('id')) !== undefined;
}
