import { describe, expect, it } from 'vitest';
import pg from 'pg';
import { useTestServer } from '../test/harness.ts';

const t = useTestServer();

describe('operation log', () => {
  it('records a write with actor, action, entity, before/after and the request id', async () => {
    const admin = await t.as('hrb_admin');
    const created = await admin.post('/api/admin/users', {
      username: 'audit_subject',
      display_name: '审计对象',
      region_code: '230104',
      roles: ['caseworker'],
      password: 'Valid#Pass2026x',
      phone: '13800138000',
    });
    expect(created.status).toBe(201);
    const requestId = created.headers.get('x-request-id');
    const renamed = await admin.patch(`/api/admin/users/${created.body.id}`, {
      display_name: '审计对象（改）',
    });
    expect(renamed.status).toBe(200);

    const rows = await t
      .db('operation_log')
      .where({ entity: 'staff_users', entity_id: String(created.body.id) })
      .orderBy('seq');
    expect(rows.map((r) => [r.action, r.operation, r.actor])).toEqual([
      ['users.create', 'insert', 'hrb_admin'],
      ['users.update', 'update', 'hrb_admin'],
    ]);
    expect(rows[0].request_id).toBe(requestId);
    expect(rows[0].region_code).toBe('230104000000');
    expect(rows[0].after).not.toHaveProperty('password_hash');
    expect(rows[1].before.display_name).toBe('审计对象');
    expect(rows[1].after.display_name).toBe('审计对象（改）');
    // bookkeeping was filled by the trigger, not by the service
    expect(rows[1].after.created_by).toBe('hrb_admin');
    expect(rows[1].after.updated_by).toBe('hrb_admin');
  });

  it('is served filtered and region-scoped to auditors, and its chain verifies', async () => {
    const supervisor = await t.as('nangang_supervisor');
    const page = await supervisor.get('/api/audit/log?action=auth.&page_size=100');
    expect(page.status).toBe(200);
    expect(page.body.items.length).toBeGreaterThan(0);
    expect(page.body.items.every((r: { region_code: string }) => r.region_code.startsWith('230103'))).toBe(
      true,
    );
    const verify = await supervisor.get('/api/audit/verify');
    expect(verify.body).toMatchObject({ ok: true, first_broken_seq: null });
    expect(verify.body.checked).toBeGreaterThan(0);
  });

  it('cannot be changed or deleted by the application role', async () => {
    const client = new pg.Client({ connectionString: t.databaseUrl });
    await client.connect();
    try {
      await client.query('SET ROLE hss_app');
      await expect(client.query(`UPDATE operation_log SET actor = 'mallory'`)).rejects.toThrow(
        /permission denied/,
      );
      await expect(client.query('DELETE FROM operation_log')).rejects.toThrow(/permission denied/);
      await expect(client.query('TRUNCATE operation_log')).rejects.toThrow(/permission denied/);
    } finally {
      await client.end();
    }
  });

  it('shows tampering: a row changed behind the triggers breaks the chain at that row', async () => {
    const victim = await t.db('operation_log').orderBy('seq').offset(3).first();
    await t.db.transaction(async (trx) => {
      // Only a superuser bypassing triggers can do this; the chain still tells.
      await trx.raw('SET LOCAL session_replication_role = replica');
      await trx('operation_log').where({ seq: victim.seq }).update({ actor: 'mallory' });
    });
    const auditor = await t.as('hrb_supervisor');
    const verify = await auditor.get('/api/audit/verify');
    expect(verify.body).toMatchObject({ ok: false, first_broken_seq: victim.seq });
  });
});
