/** SQL for staff accounts. Every read and write goes through `scoped`: other regions' accounts do not exist here. */
import type { Db, Tx } from '../db/knex.ts';
import { regionPrefix, scoped, type Scope } from '../access/scope.ts';
import type { Role } from '../access/permissions.ts';
import type { ListUsersQuery } from './schema.ts';

type Conn = Db | Tx;

export interface UserRow {
  id: number;
  username: string;
  display_name: string;
  region_code: string;
  region_name: string;
  phone: string | null;
  /** Role codes: staff_user_roles references staff_roles, whose rows are ROLES. */
  roles: Role[];
  disabled: boolean;
  locked_until: Date | null;
  last_login_at: Date | null;
  created_at: Date;
  created_by: string;
  updated_at: Date;
  updated_by: string;
}

function usersIn(conn: Conn, scope: Scope) {
  return scoped(
    conn('staff_users as u').join('regions as r', 'r.code', 'u.region_code'),
    scope,
    'u.region_code',
  ).select(
    'u.id',
    'u.username',
    'u.display_name',
    'u.region_code',
    'r.name as region_name',
    'u.phone',
    'u.disabled',
    'u.locked_until',
    'u.last_login_at',
    'u.created_at',
    'u.created_by',
    'u.updated_at',
    'u.updated_by',
    conn.raw(
      `coalesce((SELECT array_agg(role_code ORDER BY role_code) FROM staff_user_roles WHERE user_id = u.id), '{}') AS roles`,
    ),
  );
}

export async function listUsers(
  conn: Conn,
  scope: Scope,
  filter: ListUsersQuery,
): Promise<{ rows: UserRow[]; total: number }> {
  const query = usersIn(conn, scope);
  if (filter.q) {
    const like = `%${filter.q}%`;
    query.where((q) => {
      void q.whereILike('u.username', like).orWhereILike('u.display_name', like);
    });
  }
  if (filter.region) query.where('u.region_code', 'like', `${regionPrefix(filter.region)}%`);
  if (filter.role) {
    const role = filter.role;
    query.whereExists((q) => {
      void q.from('staff_user_roles').whereRaw('user_id = u.id').where('role_code', role);
    });
  }
  const [{ total } = { total: 0 }] = await query
    .clone()
    .clearSelect()
    .count<{ total: string | number }[]>({ total: '*' });
  const rows = (await query
    .orderBy('u.region_code')
    .orderBy('u.username')
    .limit(filter.page_size)
    .offset((filter.page - 1) * filter.page_size)) as UserRow[];
  return { rows, total: Number(total) };
}

export async function findUser(conn: Conn, scope: Scope, id: number): Promise<UserRow | undefined> {
  return (await usersIn(conn, scope).where('u.id', id).first()) as UserRow | undefined;
}

export async function usernameTaken(conn: Conn, username: string): Promise<boolean> {
  return Boolean(await conn('staff_users').whereRaw('lower(username) = lower(?)', [username]).first('id'));
}

export async function insertUser(conn: Tx, row: Record<string, unknown>): Promise<number> {
  const [inserted] = await conn('staff_users').insert(row).returning<{ id: number }[]>('id');
  return inserted!.id;
}

/** Updates a user in scope; returns false when there is none (outside the scope counts as none). */
export async function updateUser(
  conn: Tx,
  scope: Scope,
  id: number,
  changes: Record<string, unknown>,
): Promise<boolean> {
  const count = await scoped(conn('staff_users'), scope).where({ id }).update(changes);
  return count > 0;
}

export async function replaceRoles(conn: Tx, userId: number, roles: readonly string[]): Promise<void> {
  const current = await conn('staff_user_roles').where({ user_id: userId }).pluck<string[]>('role_code');
  const removed = current.filter((role) => !roles.includes(role));
  const added = roles.filter((role) => !current.includes(role));
  if (removed.length)
    await conn('staff_user_roles').where({ user_id: userId }).whereIn('role_code', removed).delete();
  if (added.length)
    await conn('staff_user_roles').insert(added.map((role_code) => ({ user_id: userId, role_code })));
}

export function listRoles(
  conn: Conn,
): Promise<{ code: Role; name_zh: string; name_en: string; description: string }[]> {
  return conn('staff_roles').select('code', 'name_zh', 'name_en', 'description').orderBy('code');
}
