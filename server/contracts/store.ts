/** SQL of contracts (A.7.3) and their sources: always through the region scope. */
import type { Db, Tx } from '../db/knex.ts';
import { regionPrefix, scoped, type Scope } from '../access/scope.ts';
import { pageOf } from '../spatial/features.ts';
import type { ContractStatus, ContractType, ListContractsQuery } from './schema.ts';

type Conn = Db | Tx;
type Row = Record<string, unknown>;

export interface ContractRow {
  id: number;
  contract_no: string;
  contract_type: ContractType;
  status: ContractStatus;
  household_id: number;
  application_no: string;
  registration_year: number;
  region_code: string;
  unit_id: number | null;
  unit_no: string | null;
  selection_id: number | null;
  plan_id: number | null;
  plan_household_id: number | null;
  project_code: string | null;
  floor_area: string | null;
  rent_monthly: string | null;
  price: string | null;
  subsidy_amount: string | null;
  standard_amount: string | null;
  subsidy_method: string | null;
  subsidy_start_on: Date | null;
  signatory_name: string;
  signatory_id_number: string;
  agent_name: string | null;
  agent_id_number: string | null;
  term_months: number | null;
  starts_on: Date;
  ends_on: Date | null;
  auto_renew: boolean;
  renewal_of: number | null;
  renewed_by: number | null;
  document_id: number | null;
  region_name: string;
}

/** Beijing's calendar day: contract dates are local dates. */
export const TODAY = `(now() AT TIME ZONE 'Asia/Shanghai')::date`;

function contractsIn(conn: Conn, scope: Scope) {
  return scoped(
    conn({ c: 'security_contracts' }).join('regions as rg', 'rg.code', 'c.region_code'),
    scope,
    'c.region_code',
  ).select(
    'c.*',
    'rg.name as region_name',
    conn.raw('(SELECT n.id FROM security_contracts n WHERE n.renewal_of = c.id) AS renewed_by'),
  );
}

export async function findContract(
  conn: Conn,
  scope: Scope,
  id: number,
  options: { lock?: boolean } = {},
): Promise<ContractRow | undefined> {
  const query = contractsIn(conn, scope).where('c.id', id);
  if (options.lock) void query.forUpdate('c');
  return (await query.first()) as ContractRow | undefined;
}

export function listContracts(conn: Conn, scope: Scope, filter: ListContractsQuery) {
  const query = contractsIn(conn, scope);
  if (filter.region) void query.where('c.region_code', 'like', `${regionPrefix(filter.region)}%`);
  if (filter.status) void query.where('c.status', filter.status);
  if (filter.contract_type) void query.where('c.contract_type', filter.contract_type);
  if (filter.household_id) void query.where('c.household_id', filter.household_id);
  if (filter.plan_id) void query.where('c.plan_id', filter.plan_id);
  if (filter.expiring_within_days !== undefined)
    void query
      .where('c.status', 'effective')
      .whereRaw(`c.ends_on <= ${TODAY} + ?::int`, [filter.expiring_within_days]);
  if (filter.q) {
    const pattern = `%${filter.q.replace(/[\\%_]/g, '\\$&')}%`;
    void query.where((w) => {
      void w
        .where('c.contract_no', 'ilike', pattern)
        .orWhere('c.application_no', 'ilike', pattern)
        .orWhere('c.unit_no', 'ilike', pattern);
    });
  }
  return pageOf<ContractRow>(query, filter, ['c.region_code', 'c.id']);
}

/** A unit selection in scope with what a rental or sale contract copies from its household, unit and plan. */
export async function selectionForContract(conn: Conn, scope: Scope, id: number) {
  const row: unknown = await scoped(conn({ s: 'unit_selections' }), scope, 's.region_code')
    .join('households as h', 'h.id', 's.household_id')
    .join('housing_units as u', 'u.id', 's.unit_id')
    .join('buildings as b', 'b.id', 'u.building_id')
    .join('projects as p', 'p.id', 'u.project_id')
    .join('allocation_plans as pl', 'pl.id', 's.plan_id')
    .where('s.id', id)
    .forUpdate('s')
    .first(
      's.id',
      's.status',
      's.is_reviewed',
      's.household_id',
      's.application_no',
      's.registration_year',
      's.region_code',
      's.unit_id',
      's.unit_no',
      's.plan_id',
      'h.applicant_name',
      'h.id_number',
      'h.agent_name',
      'h.agent_id_number',
      'u.floor_area',
      'u.rent_monthly',
      'pl.project_code',
      'pl.resource_kind',
      conn.raw(
        `coalesce(p.approved_name, p.proposed_name) || b.name || coalesce(u.entrance || '单元', '') || u.room_no || '室' AS unit_address`,
      ),
    );
  return row as
    | (Row & {
        id: number;
        status: string;
        is_reviewed: boolean;
        household_id: number;
        unit_id: number;
        unit_no: string;
        plan_id: number;
        region_code: string;
        rent_monthly: string | null;
        resource_kind: string;
      })
    | undefined;
}

/** A plan household in scope with its plan and household, for a subsidy contract. */
export async function planHouseholdForContract(conn: Conn, scope: Scope, id: number) {
  const row: unknown = await scoped(conn({ ph: 'allocation_plan_households' }), scope, 'ph.region_code')
    .join('households as h', 'h.id', 'ph.household_id')
    .join('allocation_plans as pl', 'pl.id', 'ph.plan_id')
    .leftJoin('admission_plans as ap', 'ap.household_id', 'ph.household_id')
    .where('ph.id', id)
    .forUpdate('ph')
    .first(
      'ph.id',
      'ph.status',
      'ph.plan_id',
      'ph.household_id',
      'ph.application_no',
      'ph.registration_year',
      'ph.region_code',
      'ph.subsidy_amount',
      'ph.project_code',
      'pl.status as plan_status',
      'pl.resource_kind',
      'h.applicant_name',
      'h.id_number',
      'h.agent_name',
      'h.agent_id_number',
      'ap.standard_amount',
    );
  return row as
    | (Row & {
        id: number;
        status: string;
        plan_id: number;
        household_id: number;
        region_code: string;
        subsidy_amount: string | null;
        plan_status: string;
        resource_kind: string;
        standard_amount: string | null;
      })
    | undefined;
}

const LETTER: Record<ContractType, string> = { rental: 'Z', sale: 'S', subsidy: 'B' };

/**
 * Inserts a contract, numbering it (合同编号 HT + Z/S/B + year + serial) and computing its 有效期 end from the
 * start and the term in SQL (a term of 36 months from 2026-12-01 ends 2029-11-30).
 */
export async function insertContract(
  trx: Tx,
  row: Row & { contract_type: ContractType; starts_on?: string; term_months?: number | null },
): Promise<number> {
  const { starts_on, term_months, ...rest } = row;
  const start = starts_on ? trx.raw('?::date', [starts_on]) : trx.raw(TODAY);
  const endBindings: (string | number)[] = starts_on ? [starts_on, term_months ?? 0] : [term_months ?? 0];
  const [inserted] = await trx('security_contracts')
    .insert({
      ...rest,
      term_months: term_months ?? null,
      starts_on: start,
      ends_on: term_months
        ? trx.raw(
            `(${starts_on ? '?::date' : TODAY} + make_interval(months => ?::int))::date - 1`,
            endBindings,
          )
        : null,
      contract_no: trx.raw(
        `'HT' || ? || to_char(${TODAY}, 'YYYY') || lpad(nextval('security_contract_no')::text, 6, '0')`,
        [LETTER[row.contract_type]],
      ),
    })
    .returning<{ id: number }[]>('id');
  return inserted!.id;
}

/**
 * Moves a contract from one of `from` to `to` with `changes`; answers the number of rows moved (0: it was in
 * another state, which the caller reports as a 409 with the state it found).
 */
export async function transition(
  trx: Tx,
  id: number,
  from: ContractStatus[],
  to: ContractStatus,
  changes: Row,
): Promise<number> {
  return trx('security_contracts')
    .where({ id })
    .whereIn('status', from)
    .update({ ...changes, status: to });
}

export async function setDocument(trx: Tx, id: number, documentId: number): Promise<void> {
  await trx('security_contracts').where({ id }).update({ document_id: documentId });
}

/** What an effective contract changes elsewhere (10.2.1; A.3.16 实施保障时间/方式; figure 3 已入住). */
export async function applyEffective(trx: Tx, contract: ContractRow, at: string): Promise<void> {
  const mode = await trx('allocation_plans')
    .where({ id: contract.plan_id ?? 0 })
    .first<{ mode_type: string | null } | undefined>('mode_type');
  // security_mode codes (seeds/dictionaries/security.ts): 20 公共租赁住房, 30 经济适用住房, 12 租赁补贴.
  const fallback = { rental: '20', sale: '30', subsidy: '12' }[contract.contract_type];
  await trx('registry_book')
    .where({ household_id: contract.household_id, security_status: 'waiting' })
    .update({
      security_status: 'secured',
      implemented_at: at,
      implemented_mode: mode?.mode_type ?? fallback,
    });
  if (contract.unit_id)
    await trx('housing_units').where({ id: contract.unit_id }).update({ delivery_status: 'occupied' });
  if (contract.contract_type === 'subsidy' && contract.plan_household_id) {
    await trx('allocation_plan_households')
      .where({ id: contract.plan_household_id, status: 'planned' })
      .update({ status: 'allocated', allocated_at: at });
    await trx('households')
      .where({ id: contract.household_id })
      .whereIn('waiting_status', ['applied', 'waiting'])
      .update({ waiting_status: 'allocated' });
  }
}

/** Effective auto-renew contracts of the scope whose term ends within `days` and that have already started. */
export async function dueForRenewal(trx: Tx, prefix: string, days: number): Promise<number[]> {
  const rows = await trx('security_contracts')
    .where({ status: 'effective', auto_renew: true })
    .whereNot('contract_type', 'sale')
    .where('region_code', 'like', `${prefix}%`)
    .whereRaw(`ends_on <= ${TODAY} + ?::int`, [days])
    // A renewal that has not begun yet is not renewed again: running twice renews nothing new.
    .whereRaw(`starts_on <= ${TODAY}`)
    .orderBy('id')
    .forUpdate()
    .skipLocked()
    .select<{ id: number }[]>('id');
  return rows.map((r) => r.id);
}
