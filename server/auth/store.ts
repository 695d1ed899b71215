/** SQL for accounts and sessions. */
import type { Db, Tx } from '../db/knex.ts';

type Conn = Db | Tx;

export interface AccountRow {
  id: number;
  username: string;
  display_name: string;
  region_code: string;
  password_hash: string;
  failed_logins: number;
  locked_until: Date | null;
  disabled: boolean;
}

export interface SessionRow {
  token_hash: string;
  user_id: number;
  csrf_token: string;
  created_at: Date;
  last_seen_at: Date;
}

export interface SessionUser {
  id: number;
  username: string;
  display_name: string;
  region_code: string;
  region_name: string;
  region_level: number;
  roles: string[];
}

const ACCOUNT_COLUMNS = [
  'id',
  'username',
  'display_name',
  'region_code',
  'password_hash',
  'failed_logins',
  'locked_until',
  'disabled',
] as const;

export function findAccount(conn: Conn, username: string): Promise<AccountRow | undefined> {
  return conn('staff_users')
    .select(...ACCOUNT_COLUMNS)
    .whereRaw('lower(username) = lower(?)', [username])
    .first();
}

export function findAccountById(conn: Conn, id: number): Promise<AccountRow | undefined> {
  return conn('staff_users')
    .select(...ACCOUNT_COLUMNS)
    .where({ id })
    .first();
}

export async function updateAccount(conn: Conn, id: number, changes: Record<string, unknown>): Promise<void> {
  await conn('staff_users').where({ id }).update(changes);
}

export function sessionUser(conn: Conn, userId: number): Promise<SessionUser | undefined> {
  return conn('staff_users as u')
    .join('regions as r', 'r.code', 'u.region_code')
    .where('u.id', userId)
    .andWhere('u.disabled', false)
    .first(
      'u.id',
      'u.username',
      'u.display_name',
      'u.region_code',
      'r.name as region_name',
      'r.level as region_level',
      conn.raw(
        `coalesce((SELECT array_agg(role_code ORDER BY role_code) FROM staff_user_roles WHERE user_id = u.id), '{}') AS roles`,
      ),
    );
}

export function rolesNamed(
  conn: Conn,
  codes: string[],
): Promise<{ code: string; name_zh: string; name_en: string }[]> {
  return conn('staff_roles').select('code', 'name_zh', 'name_en').whereIn('code', codes).orderBy('code');
}

export async function insertSession(
  conn: Conn,
  session: { token_hash: string; user_id: number; csrf_token: string; ip: string; user_agent: string },
): Promise<void> {
  await conn('sessions').insert(session);
}

export function findSession(conn: Conn, tokenHash: string): Promise<SessionRow | undefined> {
  return conn('sessions')
    .select('token_hash', 'user_id', 'csrf_token', 'created_at', 'last_seen_at')
    .where({ token_hash: tokenHash })
    .first();
}

export async function touchSession(conn: Conn, tokenHash: string): Promise<void> {
  await conn('sessions').where({ token_hash: tokenHash }).update({ last_seen_at: conn.fn.now() });
}

export async function deleteSession(conn: Conn, tokenHash: string): Promise<void> {
  await conn('sessions').where({ token_hash: tokenHash }).delete();
}

export async function deleteSessionsOf(conn: Conn, userId: number): Promise<void> {
  await conn('sessions').where({ user_id: userId }).delete();
}
