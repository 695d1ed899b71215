/** Managing staff accounts: only inside the administrator's region, never locking the administrator out. */
import type { Db, Tx } from '../db/knex.ts';
import { inScope, type Scope } from '../access/scope.ts';
import { conflict, fieldError, notFound } from '../http/errors.ts';
import { hashPassword } from '../auth/password.ts';
import { assertPasswordPolicy } from '../auth/service.ts';
import { unknownRegionCodes } from '../regions/store.ts';
import type { CreateUserInput, UpdateUserInput } from './schema.ts';
import * as store from './store.ts';

/** An unknown code and one outside the scope get the same answer, so the message reveals nothing. */
async function assertRegionUsable(conn: Db | Tx, scope: Scope, code: string, path: string): Promise<void> {
  if (!inScope(scope, code) || (await unknownRegionCodes(conn, [code])).length) {
    throw fieldError(path, '行政区划代码不存在或不在您的管辖范围内');
  }
}

export async function createUser(trx: Tx, scope: Scope, input: CreateUserInput): Promise<store.UserRow> {
  await assertRegionUsable(trx, scope, input.region_code, 'body.region_code');
  assertPasswordPolicy(input.password, input.username, 'body.password');
  if (await store.usernameTaken(trx, input.username)) {
    throw conflict('登录名已被使用', [{ path: 'body.username', message: '登录名已被使用' }]);
  }
  const id = await store.insertUser(trx, {
    username: input.username,
    display_name: input.display_name,
    region_code: input.region_code,
    phone: input.phone ?? null,
    password_hash: await hashPassword(input.password),
  });
  await store.replaceRoles(trx, id, input.roles);
  return (await store.findUser(trx, scope, id))!;
}

export async function updateUser(
  trx: Tx,
  scope: Scope,
  id: number,
  input: UpdateUserInput,
): Promise<store.UserRow> {
  const existing = await store.findUser(trx, scope, id);
  if (!existing) throw notFound('用户');
  if (input.region_code) await assertRegionUsable(trx, scope, input.region_code, 'body.region_code');
  if (id === scope.userId) {
    if (input.disabled) throw fieldError('body.disabled', '不能停用自己的账号');
    if (input.roles && !input.roles.includes('admin'))
      throw fieldError('body.roles', '不能取消自己的系统管理员角色');
  }
  const { roles, ...columns } = input;
  if (Object.keys(columns).length) await store.updateUser(trx, scope, id, columns);
  if (roles) await store.replaceRoles(trx, id, roles);
  // A disabled account's sessions end now, not at their idle expiry.
  if (input.disabled) await trx('sessions').where({ user_id: id }).delete();
  return (await store.findUser(trx, scope, id))!;
}

export async function resetPassword(trx: Tx, scope: Scope, id: number, password: string): Promise<void> {
  const existing = await store.findUser(trx, scope, id);
  if (!existing) throw notFound('用户');
  assertPasswordPolicy(password, existing.username, 'body.password');
  await store.updateUser(trx, scope, id, {
    password_hash: await hashPassword(password),
    password_changed_at: trx.fn.now(),
    failed_logins: 0,
    locked_until: null,
  });
  await trx('sessions').where({ user_id: id }).delete();
}

export async function unlockUser(trx: Tx, scope: Scope, id: number): Promise<void> {
  const done = await store.updateUser(trx, scope, id, { failed_logins: 0, locked_until: null });
  if (!done) throw notFound('用户');
}
