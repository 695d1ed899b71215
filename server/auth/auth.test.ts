import { describe, expect, it } from 'vitest';
import { useTestServer } from '../test/harness.ts';
import { DEMO_PASSWORD } from '../../seeds/index.ts';

const t = useTestServer({ lockout: { maxFailures: 3, lockMinutes: 15 } });

describe('login', () => {
  it('opens a session with an httpOnly SameSite cookie and reports the user, roles and permissions', async () => {
    const client = t.client();
    const res = await client.post('/api/auth/login', {
      username: 'nangang_caseworker',
      password: DEMO_PASSWORD,
    });
    expect(res.status).toBe(200);
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/hss_sid=/);
    expect(cookie.toLowerCase()).toContain('httponly');
    expect(cookie.toLowerCase()).toContain('samesite=strict');
    expect(res.body.user).toMatchObject({
      username: 'nangang_caseworker',
      region_code: '230103000000',
      region_name: '南岗区',
    });
    expect(res.body.user.roles.map((r: { code: string }) => r.code)).toEqual(['caseworker']);
    expect(res.body.user.permissions).toContain('map.view');
    expect(res.body.user.permissions).not.toContain('users.manage');
    client.csrfToken = res.body.csrf_token;
    expect((await client.get('/api/auth/me')).body.user.username).toBe('nangang_caseworker');
  });

  it('answers a wrong password and an unknown name alike, and logs both', async () => {
    const wrong = await t
      .client()
      .post('/api/auth/login', { username: 'daoli_reviewer', password: 'Wrong#pass123' });
    const unknown = await t
      .client()
      .post('/api/auth/login', { username: 'nobody_here', password: 'Wrong#pass123' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body.code).toBe('invalid_credentials');
    expect(wrong.body.detail).toBe(unknown.body.detail);
    const logged = await t
      .db('operation_log')
      .whereIn('actor', ['daoli_reviewer', 'nobody_here'])
      .where({ action: 'auth.login_failed', operation: 'event' });
    expect(logged).toHaveLength(2);
  });

  it('locks the account after repeated failures; even the right password is refused until unlocked', async () => {
    const username = 'daoli_planner';
    const attempts = [];
    for (let i = 0; i < 3; i++)
      attempts.push(await t.client().post('/api/auth/login', { username, password: 'Wrong#pass123' }));
    expect(attempts.map((r) => r.status)).toEqual([401, 401, 423]);
    const right = await t.client().post('/api/auth/login', { username, password: DEMO_PASSWORD });
    expect(right.status).toBe(423);
    expect(right.body.code).toBe('account_locked');
    expect(Number(right.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Date.parse(right.body.locked_until)).toBeGreaterThan(Date.now());

    const admin = await t.as('daoli_admin');
    const user = (await admin.get(`/api/admin/users?q=${username}`)).body.items[0];
    expect((await admin.post(`/api/admin/users/${user.id}/unlock`)).status).toBe(204);
    expect((await t.client().post('/api/auth/login', { username, password: DEMO_PASSWORD })).status).toBe(
      200,
    );
  });
});

describe('session', () => {
  it('is required: 401 without a cookie', async () => {
    const res = await t.client().get('/api/auth/me');
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
  });

  it('expires after the idle time: 401 session_expired', async () => {
    const client = await t.as('hrb_leader');
    await t
      .db('sessions')
      .whereIn('user_id', t.db('staff_users').select('id').where('username', 'hrb_leader'))
      .update({ last_seen_at: t.db.raw(`now() - interval '31 minutes'`) });
    const res = await client.get('/api/auth/me');
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('session_expired');
  });

  it('ends everywhere when another process deletes it (the cache hears the database)', async () => {
    const client = await t.as('hrb_reviewer');
    expect((await client.get('/api/auth/me')).status).toBe(200); // now cached
    await t
      .db('sessions')
      .whereIn('user_id', t.db('staff_users').select('id').where('username', 'hrb_reviewer'))
      .delete();
    const deletedAt = Date.now();
    let status = 200;
    while (status === 200 && Date.now() - deletedAt < 1000)
      status = (await client.get('/api/auth/me')).status;
    expect(status).toBe(401);
  });

  it('ends at logout', async () => {
    const client = await t.as('hrb_approver');
    expect((await client.post('/api/auth/logout')).status).toBe(204);
    expect((await client.get('/api/auth/me')).status).toBe(401);
    expect(
      await t.db('operation_log').where({ actor: 'hrb_approver', action: 'auth.logout' }).first(),
    ).toMatchObject({ operation: 'event', entity: 'staff_users', region_code: '230100000000' });
  });
});

describe('CSRF', () => {
  it('refuses a state-changing request without the token or with a wrong one, and changes nothing', async () => {
    const client = await t.as('hrb_supervisor');
    const token = client.csrfToken;
    client.csrfToken = '';
    const missing = await client.post('/api/auth/logout');
    client.csrfToken = 'forged-token-forged-token-forged-token-1234';
    const forged = await client.post('/api/auth/logout');
    expect([missing.status, forged.status]).toEqual([403, 403]);
    expect(forged.body.code).toBe('csrf_failed');
    client.csrfToken = token;
    expect((await client.get('/api/auth/me')).status).toBe(200);
  });

  it('refuses form posts (non-JSON bodies) with 415', async () => {
    const client = await t.as('hrb_admin');
    const res = await client.request('POST', '/api/admin/users', undefined, {
      raw: 'username=evil&password=x',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(res.status).toBe(415);
  });
});

describe('permissions', () => {
  it('are checked per route: a caseworker may not manage users (403)', async () => {
    const client = await t.as('hrb_caseworker');
    const res = await client.get('/api/admin/users');
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('forbidden');
  });
});

describe('password', () => {
  it('enforces the policy on change and ends other sessions', async () => {
    const first = await t.as('hrb_fund_officer');
    const second = await t.as('hrb_fund_officer');
    const weak = await first.post('/api/auth/password', {
      current_password: DEMO_PASSWORD,
      new_password: 'short',
    });
    expect(weak.status).toBe(400);
    expect(weak.body.errors.map((e: { path: string }) => e.path)).toContain('body.new_password');
    const ok = await first.post('/api/auth/password', {
      current_password: DEMO_PASSWORD,
      new_password: 'Another#Pass2026',
    });
    expect(ok.status).toBe(204);
    expect((await first.get('/api/auth/me')).status).toBe(200);
    expect((await second.get('/api/auth/me')).status).toBe(401);
  });
});
