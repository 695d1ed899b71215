/** Runs the migrations in db/migrations (used by `npm run db:migrate`, `npm start` and the test template). */
import { readdirSync } from 'node:fs';
import type { Knex } from 'knex';

interface Migration {
  up(knex: Knex): Promise<void>;
  down(knex: Knex): Promise<void>;
}

const directory = new URL('./migrations/', import.meta.url);

/**
 * Lists and imports the migration modules ourselves: knex's own loader uses a bare `import()` that neither tsx's
 * nor vitest's TypeScript loader sees, so `.ts` migrations would not load under the test runner.
 */
const migrationSource: Knex.MigrationSource<string> = {
  getMigrations: () =>
    Promise.resolve(
      readdirSync(directory)
        .filter((file) => /^\d{14}_\w+\.ts$/.test(file))
        .sort(),
    ),
  getMigrationName: (file) => file,
  getMigration: async (file) => (await import(new URL(file, directory).href)) as Migration,
};

const config: Knex.MigratorConfig = { migrationSource, tableName: 'knex_migrations' };

export async function migrateLatest(db: Knex): Promise<string[]> {
  const [, applied] = (await db.migrate.latest(config)) as [number, string[]];
  return applied;
}

/** Rolls back the last batch, or every batch with `all`. */
export async function rollback(db: Knex, all = false): Promise<string[]> {
  const [, undone] = (await db.migrate.rollback(config, all)) as [number, string[]];
  return undone;
}
