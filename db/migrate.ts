/** Runs the migrations in db/migrations (used by `npm run db:migrate`, `npm start` and the test template). */
import type { Knex } from 'knex';

const config: Knex.MigratorConfig = {
  directory: new URL('./migrations', import.meta.url).pathname,
  loadExtensions: ['.ts'],
  tableName: 'knex_migrations',
};

export async function migrateLatest(db: Knex): Promise<string[]> {
  const [, applied] = (await db.migrate.latest(config)) as [number, string[]];
  return applied;
}

/** Rolls back the last batch, or every batch with `all`. */
export async function rollback(db: Knex, all = false): Promise<string[]> {
  const [, undone] = (await db.migrate.rollback(config, all)) as [number, string[]];
  return undone;
}
