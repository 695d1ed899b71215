/**
 * Applicants' access to a selection session: the 8-digit selection code (选房码) printed on each household's
 * notice, and the login with 申请编号 + code that gives an applicant token for that household in that session.
 *
 * - Codes are kept only as salted scrypt hashes (selection_access.code_hash) and shown once, when issued.
 * - Guessing is stopped twice: MAX_FAILURES wrong codes lock that household's code for LOCK_MINUTES (the database
 *   counts, so every server process sees it), and one address may fail IP_FAILURES times per IP_WINDOW_MS.
 * - The token is an opaque random value in an httpOnly, SameSite=Strict cookie limited to the session's portal
 *   path; only its SHA-256 is stored, with a short expiry, so it is revocable (a reissued code ends it) and
 *   valid in every server process. SameSite=Strict and the JSON-only bodies (http/middleware.ts) keep other
 *   sites from making an applicant pick.
 */
import { createHash, randomBytes, randomInt, scrypt as scryptCb, timingSafeEqual } from 'node:crypto';
import type { Context } from 'koa';
import type { Db, Tx } from '../db/knex.ts';
import type { Config } from '../config.ts';
import { AppError, unauthenticated } from '../http/errors.ts';
import { setActor } from '../db/tx.ts';
import type * as store from './store.ts';

export const MAX_FAILURES = 5;
export const LOCK_MINUTES = 15;
export const TOKEN_HOURS = 4;
const IP_FAILURES = 30;
const IP_WINDOW_MS = 10 * 60_000;
const SCRYPT = { N: 4096, r: 8, p: 1 };

const scrypt = (code: string, salt: Buffer) =>
  new Promise<Buffer>((resolve, reject) =>
    scryptCb(code, salt, 32, SCRYPT, (err, key) => (err ? reject(err) : resolve(key))),
  );

async function hashCode(code: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(code, salt);
  return ['scrypt', SCRYPT.N, SCRYPT.r, SCRYPT.p, salt.toString('base64'), key.toString('base64')].join('$');
}

async function codeMatches(code: string, stored: string): Promise<boolean> {
  const [, , , , salt, hash] = stored.split('$');
  const expected = Buffer.from(hash ?? '', 'base64');
  const key = await scrypt(code, Buffer.from(salt ?? '', 'base64'));
  return key.length === expected.length && timingSafeEqual(key, expected);
}

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

export interface IssuedCode {
  turn_id: number;
  order_no: number;
  application_no: string;
  applicant_name: string | null;
  code: string;
}

/** New codes for the session's turns not ended (or the given ones); previous codes and tokens stop working. */
export async function issueCodes(
  trx: Tx,
  session: store.SessionRow,
  turnIds?: number[],
): Promise<IssuedCode[]> {
  const q = trx('selection_turns as t')
    .join('households as h', 'h.id', 't.household_id')
    .where('t.session_id', session.id)
    .whereIn('t.status', ['waiting', 'active', 'skipped'])
    .orderBy('t.order_no');
  if (turnIds) void q.whereIn('t.id', turnIds);
  const turns = await q.select<
    {
      id: number;
      order_no: number;
      household_id: number;
      application_no: string;
      applicant_name: string | null;
      region_code: string;
    }[]
  >('t.id', 't.order_no', 't.household_id', 'h.application_no', 'h.applicant_name', 'h.region_code');
  const issued: IssuedCode[] = [];
  const rows: Record<string, unknown>[] = [];
  // scrypt runs on libuv's thread pool: a few at a time.
  for (let i = 0; i < turns.length; i += 16) {
    const batch = turns.slice(i, i + 16);
    const codes = batch.map(() => String(randomInt(0, 100_000_000)).padStart(8, '0'));
    const hashes = await Promise.all(codes.map(hashCode));
    batch.forEach((turn, j) => {
      issued.push({
        turn_id: turn.id,
        order_no: turn.order_no,
        application_no: turn.application_no,
        applicant_name: turn.applicant_name,
        code: codes[j]!,
      });
      rows.push({
        session_id: session.id,
        turn_id: turn.id,
        household_id: turn.household_id,
        code_hash: hashes[j],
        region_code: turn.region_code,
      });
    });
  }
  for (let i = 0; i < rows.length; i += 500)
    await trx('selection_access')
      .insert(rows.slice(i, i + 500))
      .onConflict('turn_id')
      .merge({
        code_hash: trx.raw('excluded.code_hash'),
        issued_at: trx.fn.now(),
        failed_attempts: 0,
        locked_until: null,
        token_hash: null,
        token_expires_at: null,
      });
  return issued;
}

const failuresByIp = new Map<string, { count: number; until: number }>();

function ipBlocked(ip: string): boolean {
  const entry = failuresByIp.get(ip);
  return Boolean(entry && entry.until > Date.now() && entry.count >= IP_FAILURES);
}

function ipFailed(ip: string): void {
  const now = Date.now();
  const entry = failuresByIp.get(ip);
  if (!entry || entry.until <= now) failuresByIp.set(ip, { count: 1, until: now + IP_WINDOW_MS });
  else entry.count += 1;
  if (failuresByIp.size > 10_000)
    for (const [key, e] of failuresByIp) if (e.until <= now) failuresByIp.delete(key);
}

const badLogin = (detail = '申请编号或选房码错误') =>
  new AppError(401, 'invalid_selection_code', '登录失败', detail);

export const codeLocked = (until: Date) =>
  new AppError(
    423,
    'selection_code_locked',
    '选房码已锁定',
    `选房码连续输错次数过多，已锁定至 ${until.toISOString()}，请稍后再试或联系工作人员`,
    undefined,
    { 'Retry-After': String(Math.max(1, Math.ceil((until.getTime() - Date.now()) / 1000))) },
    { locked_until: until.toISOString() },
  );

export interface LoginResult {
  token: string;
  expires: Date;
  household_id: number;
}

/**
 * Checks 申请编号 + code for the session. Failures are counted in their own transaction (a refused login must
 * still count), then refused; success stores the new token's hash.
 */
export async function login(
  db: Db,
  sessionId: number,
  input: { application_no: string; code: string },
  ip: string,
): Promise<LoginResult> {
  if (ipBlocked(ip))
    throw new AppError(429, 'too_many_attempts', '尝试次数过多', '该网络地址输错次数过多，请稍后再试');
  const access = await db('selection_access as a')
    .join('households as h', 'h.id', 'a.household_id')
    .where({ 'a.session_id': sessionId, 'h.application_no': input.application_no })
    .first<
      | {
          id: number;
          household_id: number;
          code_hash: string;
          failed_attempts: number;
          locked_until: Date | null;
        }
      | undefined
    >('a.id', 'a.household_id', 'a.code_hash', 'a.failed_attempts', 'a.locked_until');
  if (!access) {
    ipFailed(ip);
    throw badLogin();
  }
  if (access.locked_until && access.locked_until.getTime() > Date.now())
    throw codeLocked(access.locked_until);
  const ok = await codeMatches(input.code, access.code_hash);
  const token = randomBytes(32).toString('base64url');
  const result = await db.transaction(async (trx) => {
    await setActor(trx, {
      username: `applicant:${input.application_no}`,
      action: 'selection.portal.login',
      ip,
    });
    if (!ok) {
      const [row] = await trx('selection_access')
        .where({ id: access.id })
        .update({
          failed_attempts: trx.raw('failed_attempts + 1'),
          locked_until: trx.raw(
            `CASE WHEN failed_attempts + 1 >= ? THEN now() + make_interval(mins => ?) END`,
            [MAX_FAILURES, LOCK_MINUTES],
          ),
        })
        .returning<
          {
            failed_attempts: number;
            locked_until: Date | null;
          }[]
        >(['failed_attempts', 'locked_until']);
      return { ok: false as const, ...row! };
    }
    const [row] = await trx('selection_access')
      .where({ id: access.id })
      .update({
        failed_attempts: 0,
        locked_until: null,
        token_hash: sha256(token),
        token_expires_at: trx.raw('now() + make_interval(hours => ?)', [TOKEN_HOURS]),
        last_login_at: trx.fn.now(),
      })
      .returning<{ token_expires_at: Date }[]>('token_expires_at');
    return { ok: true as const, expires: row!.token_expires_at };
  });
  if (!result.ok) {
    ipFailed(ip);
    if (result.locked_until) throw codeLocked(result.locked_until);
    throw badLogin(
      `申请编号或选房码错误（再输错 ${MAX_FAILURES - result.failed_attempts} 次将锁定 ${LOCK_MINUTES} 分钟）`,
    );
  }
  return { token, expires: result.expires, household_id: access.household_id };
}

export const COOKIE = 'hss_sel';
const cookiePath = (sessionId: number) => `/api/portal/selection/${sessionId}`;

export function setApplicantCookie(
  ctx: Context,
  config: Config,
  sessionId: number,
  login: LoginResult | null,
) {
  ctx.cookies.set(COOKIE, login?.token ?? null, {
    httpOnly: true,
    sameSite: 'strict',
    secure: config.session.secureCookie,
    path: cookiePath(sessionId),
    expires: login?.expires,
    overwrite: true,
  });
}

export interface Applicant {
  access_id: number;
  household_id: number;
  turn_id: number;
  application_no?: string;
}

/** The applicant of this session whose token the request carries, or 401. */
export async function applicantOf(db: Db | Tx, ctx: Context, sessionId: number): Promise<Applicant> {
  const token = ctx.cookies.get(COOKIE);
  if (!token) throw unauthenticated('applicant_unauthenticated', '请先用申请编号和选房码登录');
  const row = await db('selection_access as a')
    .join('households as h', 'h.id', 'a.household_id')
    .where({ 'a.session_id': sessionId, 'a.token_hash': sha256(token) })
    .where('a.token_expires_at', '>', db.raw('now()'))
    .first<{ id: number; household_id: number; turn_id: number; application_no: string } | undefined>(
      'a.id',
      'a.household_id',
      'a.turn_id',
      'h.application_no',
    );
  if (!row) throw unauthenticated('applicant_unauthenticated', '登录已失效，请重新用申请编号和选房码登录');
  return {
    access_id: row.id,
    household_id: row.household_id,
    turn_id: row.turn_id,
    application_no: row.application_no,
  };
}

export async function logout(db: Db, applicant: Applicant): Promise<void> {
  await db.transaction(async (trx) => {
    await setActor(trx, { username: 'applicant', action: 'selection.portal.logout' });
    await trx('selection_access')
      .where({ id: applicant.access_id })
      .update({ token_hash: null, token_expires_at: null });
  });
}
