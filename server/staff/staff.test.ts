import { describe, expect, it } from 'vitest';
import { useTestServer } from '../test/harness.ts';

const t = useTestServer();

describe('staff administration', () => {
  it('lets a district admin create, edit and disable an account in the district; the account then logs in or not', async () => {
    const admin = await t.as('nangang_admin');
    const created = await admin.post('/api/admin/users', {
      username: 'nangang_newbie',
      display_name: '新经办人',
      region_code: '230103001',
      roles: ['caseworker', 'reviewer'],
      password: 'First#Login2026',
      phone: '13900001111',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      region_code: '230103001000',
      roles: ['caseworker', 'reviewer'],
      created_by: 'nangang_admin',
    });
    expect(created.body).not.toHaveProperty('password_hash');

    const newbie = await t.client().login('nangang_newbie', 'First#Login2026');
    expect((await newbie.get('/api/auth/me')).body.user.region_code).toBe('230103001000');

    const edited = await admin.patch(`/api/admin/users/${created.body.id}`, {
      roles: ['caseworker'],
      disabled: true,
    });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ roles: ['caseworker'], disabled: true, updated_by: 'nangang_admin' });
    // disabling ends the account's sessions at once and refuses new logins
    expect((await newbie.get('/api/auth/me')).status).toBe(401);
    expect(
      (await t.client().post('/api/auth/login', { username: 'nangang_newbie', password: 'First#Login2026' }))
        .status,
    ).toBe(401);
  });

  it('shows phone numbers unmasked to admins, who hold personal_data.read', async () => {
    const row = await t.db('staff_users').where({ username: 'nangang_admin' }).first('id');
    await t.db('staff_users').where({ id: row.id }).update({ phone: '13812345678' });
    const admin = await t.as('nangang_admin');
    expect((await admin.get(`/api/admin/users/${row.id}`)).body.phone).toBe('13812345678');
  });

  it('does not let an admin lock themself out', async () => {
    const admin = await t.as('hrb_admin');
    const me = (await admin.get('/api/auth/me')).body.user;
    const disable = await admin.patch(`/api/admin/users/${me.id}`, { disabled: true });
    expect(disable.status).toBe(400);
    expect(disable.body.errors[0].path).toBe('body.disabled');
    const demote = await admin.patch(`/api/admin/users/${me.id}`, { roles: ['leader'] });
    expect(demote.body.errors[0].path).toBe('body.roles');
  });

  it('filters by name, region and role with paging', async () => {
    const admin = await t.as('hrb_admin');
    const page = await admin.get('/api/admin/users?role=leader&page_size=5');
    expect(page.body.page_size).toBe(5);
    expect(page.body.total).toBe(10); // the city's leader and one per district
    expect(page.body.items.every((u: { roles: string[] }) => u.roles.includes('leader'))).toBe(true);
    const daoli = await admin.get('/api/admin/users?region=230102&page_size=100');
    expect(daoli.body.items.every((u: { region_code: string }) => u.region_code.startsWith('230102'))).toBe(
      true,
    );
    expect(daoli.body.total).toBe(8);
  });
});

describe('region filter', () => {
  it('takes a district by its significant digits: 香坊区 230110 is not 呼兰区 230111', async () => {
    const admin = await t.as('hrb_admin');
    const xiangfang = await admin.get('/api/admin/users?region=230110&page_size=100');
    expect(xiangfang.body.total).toBe(8);
    expect(
      xiangfang.body.items.every((u: { region_code: string }) => u.region_code.startsWith('230110')),
    ).toBe(true);
  });
});
