/** SQL of land supply records (A.7.8) and the parcels and projects they name; every read is region-scoped. */
import type { Db, Tx } from '../db/knex.ts';
import { scoped, type Scope } from '../access/scope.ts';
import { applySpatialFilter, pageOf, whereText } from '../spatial/features.ts';
import type { LandSupplyListQuery } from './schema.ts';

type Conn = Db | Tx;
export type Row = Record<string, unknown>;
export type SupplyRow = Row & {
  id: number;
  record_no: string;
  parcel_id: number;
  parcel_no: string;
  land_area: string;
  supplied_on: Date;
  ledger_project_code: string;
  ledger_entry_id: number | null;
  received_by: string;
  region_code: string;
};

function suppliesIn(conn: Conn, scope: Scope) {
  return scoped(
    conn({ s: 'land_supplies' })
      .join('land_parcels as lp', 'lp.id', 's.parcel_id')
      .join('regions as rg', 'rg.code', 's.region_code')
      .leftJoin('projects as pj', 'pj.id', 's.project_id')
      .leftJoin('support_ledger_entries as e', 'e.id', 's.ledger_entry_id'),
    scope,
    's.region_code',
  ).select(
    's.*',
    'rg.name as region_name',
    'e.entry_no as ledger_entry_no',
    conn.raw('coalesce(pj.approved_name, pj.proposed_name) AS project_name'),
    'lp.geom_area_m2 as parcel_area_m2',
    conn.raw('ST_AsGeoJSON(lp.geom, 7)::json AS geometry'),
  );
}

export function listSupplies(conn: Conn, scope: Scope, filter: LandSupplyListQuery) {
  const query = applySpatialFilter(conn, suppliesIn(conn, scope), filter, 'lp.geom', 's.region_code');
  whereText(query, filter.q, ['s.record_no', 's.parcel_no', 's.parcel_name', 's.approval_doc_no']);
  if (filter.project_id) void query.where('s.project_id', filter.project_id);
  if (filter.acquisition_method) void query.where('s.acquisition_method', filter.acquisition_method);
  void query.orderBy('s.supplied_on', 'desc');
  return pageOf<SupplyRow>(query, filter, ['s.id']);
}

export async function findSupply(
  conn: Conn,
  scope: Scope,
  id: number,
  options: { lock?: boolean } = {},
): Promise<SupplyRow | undefined> {
  const query = suppliesIn(conn, scope).where('s.id', id);
  if (options.lock) void query.forUpdate('s');
  return (await query.first()) as SupplyRow | undefined;
}

export async function insertSupply(trx: Tx, row: Row): Promise<{ id: number; record_no: string }> {
  const [inserted] = await trx('land_supplies')
    .insert(row)
    .returning<{ id: number; record_no: string }[]>(['id', 'record_no']);
  return inserted!;
}

export async function updateSupply(trx: Tx, id: number, changes: Row): Promise<void> {
  await trx('land_supplies').where({ id }).update(changes);
}

export async function deleteSupply(trx: Tx, id: number): Promise<void> {
  await trx('land_supplies').where({ id }).delete();
}

export interface ParcelRow {
  id: number;
  parcel_no: string;
  parcel_name: string;
  status: string;
  region_code: string;
  area_m2: string | null;
}

/** A reserve parcel in the scope, locked for the supply. */
export async function findParcel(trx: Tx, scope: Scope, id: number): Promise<ParcelRow | undefined> {
  return scoped(trx('land_parcels'), scope)
    .where({ id })
    .forUpdate()
    .first<ParcelRow | undefined>(
      'id',
      'parcel_no',
      'parcel_name',
      'status',
      'region_code',
      trx.raw('coalesce(land_area, geom_area_m2)::text AS area_m2'),
    );
}

export async function setParcelStatus(trx: Tx, id: number, status: 'reserved' | 'supplied'): Promise<void> {
  await trx('land_parcels').where({ id }).update({ status });
}

export interface ProjectRow {
  id: number;
  project_no: string;
  name: string;
  developer: string | null;
}

export async function findProject(conn: Conn, scope: Scope, id: number): Promise<ProjectRow | undefined> {
  return scoped(conn('projects'), scope)
    .where({ id })
    .first<ProjectRow | undefined>(
      'id',
      'project_no',
      conn.raw('coalesce(approved_name, proposed_name) AS name'),
      'developer',
    );
}
