/**
 * The benchmark city every `bench:*` script shares: BENCH_DATABASE_URL (default hss_bench), migrated, with the
 * demo city (reference data, regions, roads, users: seeded by the loader) and BENCH_HOUSEHOLDS (1,000,000) households and BENCH_UNITS (300,000) units, loaded the first time
 * (a few minutes, through the COPY loader of seeds/housing/cli.ts) and reused afterwards.
 */
import { spawn } from 'node:child_process';
import pg from 'pg';
import { migrateLatest } from '../../db/migrate.ts';
import { createDb, type Db } from '../../server/db/knex.ts';

export const BENCH_DATABASE =
  process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/hss_bench';
export const BENCH_HOUSEHOLDS = Number(process.env.BENCH_HOUSEHOLDS ?? 1_000_000);
export const BENCH_UNITS = Number(process.env.BENCH_UNITS ?? 300_000);
const ROOT = new URL('../..', import.meta.url).pathname;

async function ensureDatabase(): Promise<void> {
  const url = new URL(BENCH_DATABASE);
  const name = url.pathname.slice(1);
  url.pathname = '/postgres';
  const cluster = new pg.Client({ connectionString: url.toString() });
  await cluster.connect();
  if (!(await cluster.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount)
    await cluster.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
  await cluster.end();
}

function loadHousing(): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const args = [
      'tsx',
      'seeds/housing/cli.ts',
      `--households=${BENCH_HOUSEHOLDS}`,
      `--units=${BENCH_UNITS}`,
    ];
    const child = spawn('npx', args, {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: BENCH_DATABASE },
      stdio: 'inherit',
    });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`housing loader exited ${code}`))));
  });
}

/** Creates, migrates and loads the benchmark city as needed; returns a pool on it. */
export async function prepareBenchCity(): Promise<Db> {
  await ensureDatabase();
  const db = createDb(BENCH_DATABASE, { max: 4 });
  await migrateLatest(db);
  const count = async (table: string) => Number((await db(table).count({ n: '*' }).first())!.n);
  let [households, units] = [await count('households'), await count('housing_units')];
  if (households < BENCH_HOUSEHOLDS || units < BENCH_UNITS) {
    console.log(`loading the bench city (${households} households, ${units} units now) …`);
    const started = performance.now();
    await loadHousing();
    console.log(`loaded in ${((performance.now() - started) / 1000).toFixed(0)} s`);
    [households, units] = [await count('households'), await count('housing_units')];
  }
  console.log(
    `bench city: ${households.toLocaleString('en')} households, ${units.toLocaleString('en')} units\n`,
  );
  return db;
}
