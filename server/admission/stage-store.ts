/**
 * Where applications stand: the stage of a household's admission process (its current node), the list of
 * applications by stage, and the one deliberately unscoped query — the province-wide duplicate search (checks.ts).
 */
import type { Knex } from 'knex';
import type { Db, Tx } from '../db/knex.ts';
import { regionPrefix, scoped, type Scope } from '../access/scope.ts';
import { geometryJson } from '../spatial/features.ts';

type Conn = Db | Tx;

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
