/** The benchmark city: a database (BENCH_DATABASE_URL, default hss_bench) migrated and loaded with 1M households. */
import pg from 'pg';
import { migrateLatest } from '../../db/migrate.ts';
import { createDb, type Db } from '../../server/db/knex.ts';
import { readDemoCityMeta, seedAll } from '../../seeds/index.ts';
import { housingSizeForScale } from '../../seeds/housing/plan.ts';

export const BENCH_DATABASE =
  process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/hss_bench';
export const BENCH_HOUSEHOLDS = Number(process.env.BENCH_HOUSEHOLDS ?? 1_000_000);

/** Creates the database if needed, migrates it and loads the demo city the first time (a few minutes). */
export async function prepareBenchCity(): Promise<Db> {
  const url = new URL(BENCH_DATABASE);
  const name = url.pathname.slice(1);
  url.pathname = '/postgres';
  const cluster = new pg.Client({ connectionString: url.toString() });
  await cluster.connect();
  if (!(await cluster.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount)
    await cluster.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
  await cluster.end();
  const db = createDb(BENCH_DATABASE, { max: 4 });
  await migrateLatest(db);
  if (!(await readDemoCityMeta(db))?.housing) {
    console.log(`loading the demo city with ${BENCH_HOUSEHOLDS.toLocaleString('en')} households …`);
    await seedAll(db, { scale: 1, housing: { ...housingSizeForScale(1), households: BENCH_HOUSEHOLDS } });
  }
  return db;
}
