/** Login, sessions and passwords: lockout after repeated failures, idle and absolute expiry, the policy. */
import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../db/knex.ts';
import { inTransaction } from '../db/tx.ts';
import type { Config } from '../config.ts';
import { appendEvent } from '../audit/events.ts';
import { fieldError, invalidCredentials, locked, unauthenticated, validationFailed } from '../http/errors.ts';
import { hashPassword, passwordPolicyFailures, verifyPassword } from './password.ts';
import * as store from './store.ts';
import type { CachedSession, SessionCache } from './session-cache.ts';

export interface RequestMeta {
  requestId: string;
  ip: string;
  userAgent: string;
}

export interface SessionState {
  tokenHash: string;
  csrfToken: string;
  user: store.SessionUser;
}

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');
const newToken = () => randomBytes(32).toString('base64url');

// Verifying against a fixed hash when the name is unknown keeps the answer time the same as for a wrong password.
let dummyHash: Promise<string> | undefined;

/** Checks the password, counts failures, locks, and on success opens a session. Returns the raw cookie token. */
export async function login(
  db: Db,
  config: Config,
  credentials: { username: string; password: string },
  meta: RequestMeta,
): Promise<{ token: string; session: SessionState }> {
  const account = await store.findAccount(db, credentials.username);
  const event = { requestId: meta.requestId, ip: meta.ip, entity: 'staff_users' };
  if (!account) {
    await verifyPassword(credentials.password, await (dummyHash ??= hashPassword(newToken())));
    await inTransaction(db, { username: credentials.username, ...meta, action: 'auth.login_failed' }, (trx) =>
      appendEvent(trx, {
        ...event,
        action: 'auth.login_failed',
        actor: credentials.username,
        detail: { reason: 'unknown_user' },
      }),
    );
    throw invalidCredentials();
  }
  const actor = {
    username: account.username,
    userId: account.id,
    regionCode: account.region_code,
    requestId: meta.requestId,
    ip: meta.ip,
  };
  const accountEvent = {
    ...event,
    actor: account.username,
    actorId: account.id,
    regionCode: account.region_code,
    entityId: String(account.id),
  };

  if (account.locked_until && account.locked_until > new Date()) {
    await inTransaction(db, { ...actor, action: 'auth.login_locked' }, (trx) =>
      appendEvent(trx, { ...accountEvent, action: 'auth.login_locked' }),
    );
    throw locked(account.locked_until);
  }

  const ok = await verifyPassword(credentials.password, account.password_hash);
  if (!ok || account.disabled) {
    const failures = account.failed_logins + 1;
    const lockNow = failures >= config.lockout.maxFailures;
    const lockedUntil = lockNow ? new Date(Date.now() + config.lockout.lockMinutes * 60_000) : null;
    await inTransaction(db, { ...actor, action: 'auth.login_failed' }, async (trx) => {
      await store.updateAccount(trx, account.id, {
        failed_logins: lockNow ? 0 : failures,
        locked_until: lockedUntil,
      });
      await appendEvent(trx, {
        ...accountEvent,
        action: lockNow ? 'auth.account_locked' : 'auth.login_failed',
        detail: { reason: account.disabled ? 'disabled' : 'wrong_password', failures },
      });
    });
    if (lockedUntil) throw locked(lockedUntil);
    throw invalidCredentials();
  }

  const token = newToken();
  const csrfToken = newToken();
  const tokenHash = hashToken(token);
  await inTransaction(db, { ...actor, action: 'auth.login' }, async (trx) => {
    await store.updateAccount(trx, account.id, {
      failed_logins: 0,
      locked_until: null,
      last_login_at: trx.fn.now(),
    });
    await store.insertSession(trx, {
      token_hash: tokenHash,
      user_id: account.id,
      csrf_token: csrfToken,
      ip: meta.ip,
      user_agent: meta.userAgent.slice(0, 500),
    });
    await appendEvent(trx, { ...accountEvent, action: 'auth.login' });
  });
  const user = await store.sessionUser(db, account.id);
  if (!user) throw invalidCredentials();
  return { token, session: { tokenHash, csrfToken, user } };
}

/**
 * The session behind a cookie token, or an error saying why there is none. Idle sessions expire after
 * `session.idleMinutes` without a request, any session after `session.absoluteHours`. With a cache, a recently
 * read session is answered from memory (see session-cache.ts for why that stays correct).
 */
export async function resolveSession(
  db: Db,
  config: Config,
  token: string,
  cache?: SessionCache,
): Promise<SessionState> {
  const tokenHash = hashToken(token);
  const now = Date.now();
  const entry = cache?.get(tokenHash, now) ?? (await loadSession(db, tokenHash, now));
  const idleExpired = now - entry.lastSeenAt > config.session.idleMinutes * 60_000;
  const tooOld = now - entry.createdAt > config.session.absoluteHours * 3_600_000;
  if (idleExpired || tooOld) {
    cache?.drop(tokenHash);
    await store.deleteSession(db, tokenHash);
    throw unauthenticated(
      'session_expired',
      idleExpired ? '长时间未操作，登录已失效，请重新登录' : '登录已超过最长时限，请重新登录',
    );
  }
  // Touch at most once a minute: the idle clock needs no finer grain and reads stay read-only.
  if (now - entry.lastSeenAt > 60_000) {
    await store.touchSession(db, tokenHash);
    entry.lastSeenAt = now;
  }
  cache?.set(tokenHash, entry);
  return entry.state;
}

async function loadSession(db: Db, tokenHash: string, now: number): Promise<CachedSession> {
  const session = await store.findSession(db, tokenHash);
  if (!session) throw unauthenticated('session_expired', '登录已失效，请重新登录');
  const user = await store.sessionUser(db, session.user_id);
  if (!user) {
    await store.deleteSession(db, tokenHash);
    throw unauthenticated('session_expired', '账号已停用');
  }
  return {
    state: { tokenHash, csrfToken: session.csrf_token, user },
    createdAt: session.created_at.getTime(),
    lastSeenAt: session.last_seen_at.getTime(),
    loadedAt: now,
  };
}

export async function logout(db: Db, session: SessionState, meta: RequestMeta): Promise<void> {
  const { user } = session;
  const actor = {
    username: user.username,
    userId: user.id,
    regionCode: user.region_code,
    ...meta,
    action: 'auth.logout',
  };
  await inTransaction(db, actor, async (trx) => {
    await store.deleteSession(trx, session.tokenHash);
    await appendEvent(trx, {
      action: 'auth.logout',
      actor: user.username,
      actorId: user.id,
      regionCode: user.region_code,
      entity: 'staff_users',
      entityId: String(user.id),
      requestId: meta.requestId,
      ip: meta.ip,
    });
  });
}

/** Throws a 400 naming `path` when the password breaks the policy. */
export function assertPasswordPolicy(password: string, username: string, path: string): void {
  const failures = passwordPolicyFailures(password, username);
  if (failures.length)
    throw validationFailed(
      failures.map((message) => ({ path, message })),
      failures.join('；'),
    );
}

export async function changeOwnPassword(
  db: Db,
  session: SessionState,
  input: { current_password: string; new_password: string },
  meta: RequestMeta,
): Promise<void> {
  const account = await store.findAccountById(db, session.user.id);
  if (!account) throw unauthenticated();
  if (!(await verifyPassword(input.current_password, account.password_hash))) {
    throw fieldError('body.current_password', '当前口令不正确');
  }
  assertPasswordPolicy(input.new_password, account.username, 'body.new_password');
  if (input.current_password === input.new_password)
    throw fieldError('body.new_password', '新口令不能与当前口令相同');
  const passwordHash = await hashPassword(input.new_password);
  const actor = {
    username: account.username,
    userId: account.id,
    regionCode: account.region_code,
    ...meta,
    action: 'auth.change_password',
  };
  await inTransaction(db, actor, async (trx) => {
    await store.updateAccount(trx, account.id, {
      password_hash: passwordHash,
      password_changed_at: trx.fn.now(),
    });
    // Other sessions of this account end: a changed password must lock out whoever else held it.
    await trx('sessions').where('user_id', account.id).whereNot('token_hash', session.tokenHash).delete();
  });
}
