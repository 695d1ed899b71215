/**
 * The database the command-line scripts (db:migrate, db:rollback, db:seed, conformance) work on: DATABASE_URL
 * when set, else the embedded cluster of `npm start` under .data/ — started for the command if it is not running,
 * and stopped again afterwards.
 */
import { fileURLToPath } from 'node:url';
import { createDb, type Db } from '../server/db/knex.ts';
import { startEmbeddedPostgres } from './embedded-postgres.ts';

const DATA_DIR = fileURLToPath(new URL('../.data', import.meta.url));

export async function withDatabase<T>(work: (db: Db, url: string) => Promise<T>): Promise<T> {
  const external = process.env.DATABASE_URL;
  const cluster = external ? undefined : await startEmbeddedPostgres({ baseDir: DATA_DIR, database: 'hss' });
  const url = external ?? cluster!.url('hss');
  const db = createDb(url, { max: 2 });
  try {
    return await work(db, url);
  } finally {
    await db.destroy();
    if (cluster && !cluster.reused) await cluster.stop();
  }
}
