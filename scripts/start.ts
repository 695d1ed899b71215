/**
 * `npm start`: the whole system on one machine. Uses DATABASE_URL when set, else an embedded PostgreSQL + PostGIS
 * cluster under .data/ (see embedded-postgres.ts); then migrates, seeds the demo city once, builds the client if
 * its sources changed, and serves. Ctrl-C (SIGINT) or SIGTERM closes the server and stops the embedded cluster.
 */
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { migrateLatest } from '../db/migrate.ts';
import { DEMO_PASSWORD, DEMO_USERS, seedAll } from '../seeds/index.ts';
import { seedRules } from '../server/rules/seed.ts';
import { seedDemoApplications } from '../seeds/admission/demo.ts';
import { seedDemoAllocation } from '../seeds/allocation/demo.ts';
import { loadConfig } from '../server/config.ts';
import { createDb } from '../server/db/knex.ts';
import { startServer } from '../server/main.ts';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded-postgres.ts';
import { ensureClientBuilt } from './start/client-build.ts';

// performance.now() counts from the start of this process: the total includes loading (and transpiling) the code.
const loadedAt = performance.now();
const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** The project's .data/ (git-ignored), wherever npm start is run from. */
const DATA_DIR = join(ROOT, '.data');
const timings: string[] = [];
let cluster: EmbeddedPostgres | undefined;
let server: { url: string; close(): Promise<void> } | undefined;
let stopping = false;

/** Runs one start-up phase and records how long it took. */
async function phase<T>(name: string, fn: () => Promise<T>, note?: (result: T) => string): Promise<T> {
  const t = performance.now();
  const result = await fn();
  const extra = note ? ` (${note(result)})` : '';
  timings.push(`${name.padEnd(15)} ${((performance.now() - t) / 1000).toFixed(2).padStart(6)} s${extra}`);
  return result;
}

/** Waits (up to 30 s) for an external database to accept connections, e.g. a container still starting. */
async function waitForDatabase(url: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      await client.end();
      return;
    } catch (err) {
      await client.end().catch(() => undefined);
      if (attempt >= 30) throw err;
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
}

async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping…`);
  setTimeout(() => {
    console.error('Shutdown took longer than 30 s; exiting anyway.');
    process.exit(1);
  }, 30_000).unref();
  try {
    await server?.close();
    if (cluster) {
      await cluster.stop();
      console.log('Embedded PostgreSQL stopped.');
    }
    process.exit(0);
  } catch (err) {
    console.error(err);
    process.exit(1);
  }
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));

try {
  const externalUrl = process.env.DATABASE_URL;
  let databaseUrl: string;
  if (externalUrl) {
    await phase(
      'database ready',
      () => waitForDatabase(externalUrl),
      () => 'DATABASE_URL',
    );
    databaseUrl = externalUrl;
  } else {
    cluster = await phase(
      'database ready',
      () => startEmbeddedPostgres({ baseDir: DATA_DIR, database: 'hss' }),
      (c) => (c.created ? 'created' : c.reused ? 'already running, reused' : 'started'),
    );
    databaseUrl = cluster.url('hss');
  }

  const db = createDb(databaseUrl, { max: 2 });
  try {
    await phase(
      'migrate',
      () => migrateLatest(db),
      (applied) => `${applied.length} applied`,
    );
    const scale = Number(process.env.DEMO_SCALE ?? 1);
    await phase('seed', async () => {
      await seedAll(db, { scale });
      // The city's housing security rules (ch. 4), enabled; idempotent. Not part of seedAll, whose test
      // template the rules tests expect without them.
      await seedRules(db);
      // Applications at every stage of the admission process, entered and driven by the demo staff; once.
      await seedDemoApplications(db);
      // A plan with its lottery drawn, a live selection session, contracts, subsidy dues, ledgers; once.
      await seedDemoAllocation(db);
    });
  } finally {
    await db.destroy();
  }
  await phase('client build', ensureClientBuilt, (built) => (built ? 'built' : 'up to date'));
  const started = await phase('listen', () => startServer(loadConfig({ databaseUrl })));
  server = started;
  if (stopping) await started.close();
  else printBanner(started.url, databaseUrl);
} catch (err) {
  if (timings.length) console.error(`\nDone before the failure:\n${timings.map((t) => `  ${t}`).join('\n')}`);
  console.error('\nnpm start failed:', err instanceof Error ? err.message : err);
  if (err instanceof Error && err.stack && process.env.DEBUG) console.error(err.stack);
  await server?.close().catch(() => undefined);
  if (cluster && !cluster.reused) await cluster.stop().catch(() => undefined);
  process.exit(1);
}

function printBanner(url: string, databaseUrl: string): void {
  const examples = ['hrb_admin', 'hrb_caseworker', 'nangang_caseworker', 'hrb_leader'];
  const users = examples.flatMap((name) => DEMO_USERS.filter((u) => u.username === name));
  const width = Math.max(...users.map((u) => u.username.length), 8);
  const where = cluster
    ? [
        `Data:     embedded PostgreSQL ${cluster.install.version} in ${relative(ROOT, cluster.paths.dataDir)}/ ` +
          `(kept between runs; log ${relative(ROOT, cluster.paths.logFile)})`,
        `          DATABASE_URL=${databaseUrl}  (for psql and npm run db:*)`,
      ]
    : [`Data:     ${redact(databaseUrl)}`];
  console.log(
    [
      '',
      `Housing security information system is running at ${url}`,
      '',
      ...(DEMO_USERS.length
        ? [
            `Log in with a demo account (password for all: ${DEMO_PASSWORD}), e.g.`,
            ...users.map((u) => `  ${u.username.padEnd(width)}  ${u.display_name} — ${u.roles.join(', ')}`),
            `  (${DEMO_USERS.length} demo accounts in all, see seeds/city/users.ts)`,
          ]
        : ['No demo accounts are defined (seeds/city/users.ts).']),
      '',
      ...where,
      '',
      `Started in ${(performance.now() / 1000).toFixed(2)} s:`,
      `  ${'load code'.padEnd(15)} ${(loadedAt / 1000).toFixed(2).padStart(6)} s`,
      ...timings.map((t) => `  ${t}`),
      '',
      'Press Ctrl-C to stop.',
      '',
    ].join('\n'),
  );
}

function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(DATABASE_URL)';
  }
}
