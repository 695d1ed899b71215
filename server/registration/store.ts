/** SQL for review plans (A.3.14, with their revisions) and the registry book (A.3.16); always region-scoped. */
import type { Db, Tx } from '../db/knex.ts';
import { regionPrefix, scoped, type Scope } from '../access/scope.ts';
import { ancestorCodes } from '../rules/store.ts';
import { pageOf } from '../spatial/features.ts';
import type { RegistryQuery } from './schema.ts';

type Conn = Db | Tx;
type Row = Record<string, unknown>;

export type PlanRow = Row & {
  id: number;
  household_id: number;
  application_no: string;
  handling_stage: string;
  review_status: string;
  mode_code: string | null;
  standard_amount: string | null;
  eligible_modes: string[];
  evaluation: Row;
  revision: number;
  rule_version_id: number;
  project_code: string | null;
  region_code: string;
};

export interface HouseholdSummary {
  id: number;
  application_no: string;
  region_code: string;
  registration_year: number;
  created_at: Date;
}

/** A household in the scope, locked against a concurrent plan or registration of the same household. */
export async function lockHousehold(
  trx: Tx,
  scope: Scope,
  id: number,
): Promise<HouseholdSummary | undefined> {
  return scoped(trx('households'), scope)
    .where({ id })
    .forUpdate()
    .first<HouseholdSummary | undefined>([
      'id',
      'application_no',
      'region_code',
      'registration_year',
      'created_at',
    ]);
}

/**
 * The enabled rule version that applies to a region: made there or in a region above it (the city sets the rules,
 * CJJ/T 196 4.1.2, and a district may keep its own copy), in force today; the most local one wins, then the
 * latest enabled.
 */
export async function applicableRuleVersion(conn: Conn, region: string): Promise<number | undefined> {
  const row = await conn('rule_versions')
    .where('status', 'enabled')
    .whereIn('region_code', [region, ...ancestorCodes(region)])
    .where('effective_from', '<=', conn.raw('current_date'))
    .where((q) => void q.whereNull('effective_to').orWhere('effective_to', '>=', conn.raw('current_date')))
    .orderBy('region_code', 'desc')
    .orderBy('enabled_at', 'desc')
    .first<{ id: number } | undefined>(['id']);
  return row?.id;
}

// ---- plans ----

export async function findPlan(conn: Conn, scope: Scope, householdId: number): Promise<PlanRow | undefined> {
  return scoped(conn('admission_plans'), scope)
    .where({ household_id: householdId })
    .first<PlanRow | undefined>();
}

/** The plan of a household without scope: for workflow hooks, which run for an instance already authorised. */
export async function planOfHousehold(conn: Conn, householdId: number): Promise<PlanRow | undefined> {
  return conn('admission_plans').where({ household_id: householdId }).first<PlanRow | undefined>();
}

export async function insertPlan(trx: Tx, row: Row): Promise<number> {
  const [inserted] = await trx('admission_plans').insert(row).returning<{ id: number }[]>('id');
  return inserted!.id;
}

export async function updatePlan(trx: Tx, id: number, changes: Row): Promise<void> {
  await trx('admission_plans').where({ id }).update(changes);
}

export async function insertRevision(trx: Tx, row: Row): Promise<void> {
  await trx('admission_plan_revisions').insert(row);
}

export async function revisionsOf(conn: Conn, planId: number): Promise<Row[]> {
  return conn('admission_plan_revisions')
    .where({ plan_id: planId })
    .orderBy('revision')
    .select<Row[]>(
      'revision',
      'action',
      'stage',
      'reason',
      'before',
      'after',
      'created_by as changed_by',
      'created_at as changed_at',
    );
}

// ---- registry book ----

/**
 * The household as A.3.16 copies it, with 家庭总资产 and 家庭人均资产 (numeric, rounded to the fen) from its
 * recorded assets: none recorded is 0 for an application that lists its members (the wizard's), unknown otherwise.
 */
export async function householdForRegistry(conn: Conn, householdId: number): Promise<Row | undefined> {
  const total = `(SELECT CASE WHEN EXISTS (SELECT 1 FROM household_members m WHERE m.household_id = h.id)
                              THEN coalesce(sum(a.total_value), 0) ELSE sum(a.total_value) END
                    FROM household_assets a WHERE a.household_id = h.id)`;
  return conn('households as h')
    .where('h.id', householdId)
    .first<Row | undefined>([
      'h.*',
      conn.raw(`round(${total}, 2) AS total_assets`),
      conn.raw(`round(${total} / greatest(h.household_size, 1), 2) AS per_capita_assets`),
    ]);
}

/** Writes the entry of a household; registering the same household again refreshes it. */
export async function upsertRegistryEntry(trx: Tx, row: Row): Promise<number> {
  const [inserted] = await trx('registry_book')
    .insert(row)
    .onConflict('household_id')
    .merge()
    .returning<{ id: number }[]>('id');
  return inserted!.id;
}

export async function registryEntryOf(conn: Conn, householdId: number): Promise<Row | undefined> {
  return conn('registry_book').where({ household_id: householdId }).first<Row | undefined>();
}

/** 特殊人员代码 of the applicant (relation 01), else of the first member who has one. */
export async function applicantSpecialGroup(conn: Conn, householdId: number): Promise<string | null> {
  const row = await conn('household_members')
    .where({ household_id: householdId })
    .whereNotNull('special_group')
    .orderByRaw(`relation = '01' DESC, id`)
    .first<{ special_group: string } | undefined>(['special_group']);
  return row?.special_group ?? null;
}

export async function setWaitingStatus(trx: Tx, householdId: number, status: string): Promise<void> {
  await trx('households').where({ id: householdId }).update({ waiting_status: status });
}

function registryIn(conn: Conn, scope: Scope, filter: Omit<RegistryQuery, 'page' | 'page_size'>) {
  const query = scoped(
    conn('registry_book as r').join('regions as rg', 'rg.code', 'r.region_code'),
    scope,
    'r.region_code',
  ).select('r.*', 'rg.name as region_name');
  // A region outside the scope narrows to nothing rather than failing: the list simply has no such records.
  if (filter.region) void query.where('r.region_code', 'like', `${regionPrefix(filter.region)}%`);
  if (filter.year) void query.where('r.registration_year', filter.year);
  if (filter.status) void query.where('r.security_status', filter.status);
  if (filter.q) void query.where('r.application_no', 'ilike', `%${filter.q.replace(/[\\%_]/g, '\\$&')}%`);
  return query;
}

export function listRegistry(conn: Conn, scope: Scope, filter: RegistryQuery) {
  return pageOf<Row>(registryIn(conn, scope, filter), filter, ['r.region_code', 'r.application_no']);
}

/** Every entry of the filter for the exchange file, in a stable order. */
export async function exportRegistry(
  conn: Conn,
  scope: Scope,
  filter: Omit<RegistryQuery, 'page' | 'page_size'>,
): Promise<Row[]> {
  return (await registryIn(conn, scope, filter).orderBy(['r.region_code', 'r.application_no'])) as Row[];
}
