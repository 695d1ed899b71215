/**
 * Loads the demo city with a large housing set, for benchmarks and load tests:
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/hss_big \
 *     npx tsx seeds/housing/cli.ts --households=1000000 --units=300000 [--projects=30] [--scale=1] [--replace]
 *
 * Against DATABASE_URL (migrated), or npm start's embedded cluster when unset. Seeds reference data and the
 * city's regions, roads and users at `--scale` if missing. A database whose demo city already has housing is
 * left alone unless `--replace` regenerates the whole demo city (its seed rows only; see seeds/README.md).
 */
import { withDatabase } from '../../scripts/database.ts';
import { readDemoCityMeta, seedAll } from '../index.ts';
import { housingSizeForScale } from './plan.ts';

function option(name: string): string | undefined {
  return process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
}

function count(name: string, fallback: number): number {
  const raw = option(name);
  const value = raw === undefined ? fallback : Number(raw.replaceAll('_', ''));
  if (!Number.isInteger(value) || value < 0) throw new Error(`--${name} must be a whole number, got ${raw}`);
  return value;
}

const scale = Number(option('scale') ?? 1);
const base = housingSizeForScale(scale);
const size = {
  projects: count('projects', base.projects),
  households: count('households', base.households),
  unitsAtLeast: count('units', 0),
};
const replace = process.argv.includes('--replace');

await withDatabase(async (db) => {
  const meta = await readDemoCityMeta(db);
  if (meta?.housing && !replace) {
    console.error(
      `the demo city already has housing (${meta.housing.households} households, ${meta.housing.housing_units} units): ` +
        'pass --replace to regenerate it',
    );
    process.exitCode = 1;
    return;
  }
  const started = performance.now();
  const report = await seedAll(db, { scale, force: replace, housing: size });
  const seconds = (performance.now() - started) / 1000;
  if (!report) return;
  const rate = (rows: number, ms: number) => `${Math.round(rows / (ms / 1000)).toLocaleString('en')} rows/s`;
  console.log(`seeded in ${seconds.toFixed(1)} s (housing ${(report.timings.total / 1000).toFixed(1)} s)`);
  for (const [table, rows] of Object.entries(report.counts)) console.log(`  ${table.padEnd(22)} ${rows}`);
  console.log(
    `  plan ${(report.timings.plan / 1000).toFixed(1)} s · inserts ${(report.timings.insert / 1000).toFixed(1)} s · ` +
      `bulk load ${(report.timings.load / 1000).toFixed(1)} s`,
  );
  for (const copy of report.copies)
    console.log(
      `  COPY ${copy.table}: ${copy.rows} rows in ${(copy.ms / 1000).toFixed(1)} s, ${rate(copy.rows, copy.ms)}` +
        (copy.indexMs ? `; its indexes rebuilt in ${(copy.indexMs / 1000).toFixed(1)} s` : ''),
    );
  const copying = report.copies.reduce((sum, c) => sum + c.ms + c.indexMs, 0);
  console.log(
    `  then the log event, tile aggregates and ANALYZE: ${((report.timings.load - copying) / 1000).toFixed(1)} s`,
  );
});
