/**
 * Tells every server process when a user's sessions, account or roles change (pg_notify on commit), so the
 * in-process session cache (server/auth/session-cache.ts) drops them at once: logout, a disabled account, a
 * changed password or role takes effect on every process, not after a cache timeout.
 */
import type { Knex } from 'knex';

const SOURCES = [
  ['sessions', 'user_id', 'DELETE'],
  ['staff_users', 'id', 'UPDATE OR DELETE'],
  ['staff_user_roles', 'user_id', 'INSERT OR UPDATE OR DELETE'],
] as const;

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE FUNCTION notify_session_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM pg_notify('session_changes',
        (CASE WHEN TG_OP = 'DELETE' THEN to_jsonb(OLD) ELSE to_jsonb(NEW) END) ->> TG_ARGV[0]);
      RETURN NULL;
    END $$`);
  for (const [table, column, events] of SOURCES) {
    await knex.raw(
      `CREATE TRIGGER ${table}_session_changes AFTER ${events} ON ${table}
         FOR EACH ROW EXECUTE FUNCTION notify_session_change('${column}')`,
    );
  }
}

export async function down(knex: Knex): Promise<void> {
  for (const [table] of SOURCES) await knex.raw(`DROP TRIGGER ${table}_session_changes ON ${table}`);
  await knex.raw('DROP FUNCTION notify_session_change()');
}
