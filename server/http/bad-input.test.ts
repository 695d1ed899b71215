/** Bad input gets a 400 problem+json naming each field, and nothing is written. */
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestServer, type ApiClient } from '../test/harness.ts';

const t = useTestServer({ bodyLimit: '10kb' });
let admin: ApiClient;

beforeAll(async () => {
  admin = await t.as('hrb_admin');
});

async function counts() {
  const [users, log] = await Promise.all([
    t.db('staff_users').count({ n: '*' }).first(),
    t.db('operation_log').count({ n: '*' }).first(),
  ]);
  return { users: Number(users!.n), log: Number(log!.n) };
}

const valid = {
  username: 'new_user',
  display_name: '新用户',
  region_code: '230103',
  roles: ['caseworker'],
  password: 'Valid#Pass2026x',
};

describe('bad input', () => {
  it('names every failing field at once and writes nothing', async () => {
    const before = await counts();
    const res = await admin.post('/api/admin/users', {
      username: '1bad name',
      display_name: 42,
      region_code: '2301',
      roles: ['emperor'],
      password: 'Valid#Pass2026x',
      phone: '12345',
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.body.code).toBe('validation_failed');
    expect(res.body.request_id).toBe(res.headers.get('x-request-id'));
    expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(
      ['body.display_name', 'body.phone', 'body.region_code', 'body.roles.0', 'body.username'].sort(),
    );
    expect(await counts()).toEqual(before);
  });

  it('rejects an unknown region code with its path', async () => {
    const before = await counts();
    const res = await admin.post('/api/admin/users', { ...valid, region_code: '239999' });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
      { path: 'body.region_code', message: expect.stringContaining('不存在') },
    ]);
    expect(await counts()).toEqual(before);
  });

  it('rejects a weak password with the policy reasons', async () => {
    const res = await admin.post('/api/admin/users', { ...valid, password: 'password' });
    expect(res.status).toBe(400);
    expect(res.body.errors.every((e: { path: string }) => e.path === 'body.password')).toBe(true);
    expect(res.body.errors.length).toBeGreaterThanOrEqual(2);
  });

  it('answers a duplicate login name with 409 naming the field', async () => {
    const res = await admin.post('/api/admin/users', { ...valid, username: 'HRB_CASEWORKER' });
    expect(res.status).toBe(409);
    expect(res.body.errors[0].path).toBe('body.username');
  });

  it('rejects malformed JSON with 400', async () => {
    const res = await admin.request('POST', '/api/admin/users', undefined, { raw: '{"username": ' });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('malformed_json');
  });

  it('rejects an oversize body with 413', async () => {
    const before = await counts();
    const res = await admin.post('/api/admin/users', { ...valid, display_name: 'x'.repeat(20_000) });
    expect(res.status).toBe(413);
    expect(res.body.code).toBe('payload_too_large');
    expect(await counts()).toEqual(before);
  });

  it('rejects wrong types in the query and path', async () => {
    const res = await admin.get('/api/admin/users?page=zero&page_size=100000');
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      'query.page',
      'query.page_size',
    ]);
    const bad = await admin.get('/api/admin/users/not-a-number');
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('params.id');
  });

  it('answers unknown API paths with a problem+json 404, unknown methods with 405', async () => {
    const res = await admin.get('/api/nothing-here');
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('route_not_found');
    expect((await admin.request('PUT', '/api/regions')).status).toBe(405);
  });
});
