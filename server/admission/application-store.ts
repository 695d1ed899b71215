/**
 * SQL for an application's records: the household's housing, members, assets (A.3.9–A.3.11), its number and
 * verification reports, and the staff who may verify it. Where applications stand is stage-store.ts.
 */
import type { Db, Tx } from '../db/knex.ts';

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
