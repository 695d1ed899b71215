/** SQL for supplier approvals (A.3.17 units, A.3.18 individuals): one shape, two tables; always region-scoped. */
import type { Db, Tx } from '../db/knex.ts';
import { regionPrefix, scoped, type Scope } from '../access/scope.ts';
import { pageOf } from '../spatial/features.ts';
import type { SupplierListQuery } from './schema.ts';

type Conn = Db | Tx;
type Row = Record<string, unknown>;

export type SupplierTable = 'supplier_unit_approvals' | 'supplier_person_approvals';

export type ApprovalRow = Row & {
  id: number;
  status: 'pending' | 'approved';
  requested_amount: string;
  region_code: string;
};

function approvalsIn(conn: Conn, scope: Scope, table: SupplierTable) {
  return scoped(
    conn({ a: table }).join('regions as rg', 'rg.code', 'a.region_code'),
    scope,
    'a.region_code',
  ).select('a.*', 'rg.name as region_name');
}

/** `searchable`: the text columns `q` looks in besides the approval number (names only for those who may see them). */
export function listApprovals(
  conn: Conn,
  scope: Scope,
  table: SupplierTable,
  filter: SupplierListQuery,
  searchable: string[],
) {
  const query = approvalsIn(conn, scope, table);
  // A region outside the scope narrows to nothing rather than failing.
  if (filter.region) void query.where('a.region_code', 'like', `${regionPrefix(filter.region)}%`);
  if (filter.status) void query.where('a.status', filter.status);
  if (filter.q) {
    const pattern = `%${filter.q.replace(/[\\%_]/g, '\\$&')}%`;
    void query.where((w) => {
      void w.where('a.approval_no', 'ilike', pattern);
      for (const column of searchable) void w.orWhere(`a.${column}`, 'ilike', pattern);
    });
  }
  return pageOf<Row>(query, filter, ['a.region_code', 'a.approval_no']);
}

export async function findApproval(
  conn: Conn,
  scope: Scope,
  table: SupplierTable,
  id: number,
  options: { lock?: boolean } = {},
): Promise<ApprovalRow | undefined> {
  const query = approvalsIn(conn, scope, table).where('a.id', id);
  if (options.lock) void query.forUpdate('a');
  return (await query.first()) as ApprovalRow | undefined;
}

export async function insertApproval(trx: Tx, table: SupplierTable, row: Row): Promise<number> {
  const [inserted] = await trx(table).insert(row).returning<{ id: number }[]>('id');
  return inserted!.id;
}

export async function updateApproval(trx: Tx, table: SupplierTable, id: number, changes: Row): Promise<void> {
  await trx(table).where({ id }).update(changes);
}

/** A project in the scope, as a supplier's application names it. */
export async function findProject(
  conn: Conn,
  scope: Scope,
  id: number,
): Promise<{ id: number; project_no: string; name: string; region_code: string } | undefined> {
  return scoped(conn('projects'), scope)
    .where({ id })
    .first<{ id: number; project_no: string; name: string; region_code: string } | undefined>([
      'id',
      'project_no',
      conn.raw('coalesce(approved_name, proposed_name) AS name'),
      'region_code',
    ]);
}

export async function regionName(conn: Conn, code: string): Promise<string | undefined> {
  const row = await conn('regions').where({ code }).first<{ name: string } | undefined>(['name']);
  return row?.name;
}
