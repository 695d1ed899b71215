/**
 * An embedded PostgreSQL + PostGIS cluster for `npm start` when no DATABASE_URL is given: created once from the
 * machine's Debian/Ubuntu PostgreSQL binaries (/usr/lib/postgresql/<ver>/bin) under the project's `.data/`,
 * listening on 127.0.0.1 only with trust authentication, and kept between runs.
 *
 * Layout under the base directory (`.data/` for `npm start`):
 * - `pg/`        the cluster's data directory (initdb)
 * - `pg-run/`    its unix socket directory and server log (`postgresql.log`)
 * - `pg-port`    the port it was last started on, reused while that port is free
 *
 * `initdb` and `pg_ctl` refuse to run as root: as root, the directories are given to the `postgres` system user
 * and every PostgreSQL command runs through `runuser -u postgres --`.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { chown, mkdir, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import pg from 'pg';
import { onPath, run, runOrThrow, type RunResult } from './start/exec.ts';

/** The oldest PostgreSQL major version the project supports. */
export const MIN_PG_VERSION = 15;
const PG_LIB = '/usr/lib/postgresql';
const PG_SHARE = '/usr/share/postgresql';
/** Where a free port is looked for when the remembered one is taken (5432 is left to the machine's own server). */
const PORT_RANGE: readonly [number, number] = [55432, 55632];

/** A PostgreSQL installation: its major version and its bin directory. */
export interface PgInstall {
  version: number;
  bin: string;
}

/** The files of one embedded cluster. */
export interface ClusterPaths {
  baseDir: string;
  dataDir: string;
  runDir: string;
  logFile: string;
  portFile: string;
}

/** A running embedded cluster. */
export interface EmbeddedPostgres {
  install: PgInstall;
  paths: ClusterPaths;
  port: number;
  /** Whether it was already running (e.g. left over by a start that crashed) and is being reused. */
  reused: boolean;
  /** Whether initdb ran during this start. */
  created: boolean;
  /** Connection URL of a database in this cluster (superuser `postgres`, trust auth). */
  url(database: string): string;
  /** Stops the cluster (`pg_ctl stop -m fast`); resolves once it is down. */
  stop(): Promise<void>;
}

/** The file layout of a cluster kept under `baseDir`. */
export function clusterPaths(baseDir: string): ClusterPaths {
  const base = resolve(baseDir);
  const runDir = join(base, 'pg-run');
  return {
    baseDir: base,
    dataDir: join(base, 'pg'),
    runDir,
    logFile: join(runDir, 'postgresql.log'),
    portFile: join(base, 'pg-port'),
  };
}

const isRoot = (): boolean => process.getuid?.() === 0;

/**
 * Finds the newest installed PostgreSQL ≥ {@link MIN_PG_VERSION} (or exactly `version`, when an existing cluster
 * needs the binaries of the version that created it) with `initdb`, `pg_ctl` and `postgres` present.
 */
export function findPostgres(version?: number): PgInstall | undefined {
  if (!existsSync(PG_LIB)) return undefined;
  const versions = readdirSync(PG_LIB)
    .filter((name) => /^\d+$/.test(name))
    .map(Number)
    .filter((v) => (version === undefined ? v >= MIN_PG_VERSION : v === version))
    .filter((v) =>
      ['initdb', 'pg_ctl', 'postgres'].every((b) => existsSync(join(PG_LIB, String(v), 'bin', b))),
    )
    .sort((a, b) => b - a);
  const newest = versions[0];
  return newest === undefined ? undefined : { version: newest, bin: join(PG_LIB, String(newest), 'bin') };
}

/** Whether the PostGIS extension is installed for this PostgreSQL major version. */
export function hasPostgis(version: number): boolean {
  return existsSync(join(PG_SHARE, String(version), 'extension', 'postgis.control'));
}

/**
 * Makes sure PostgreSQL (≥ 15, or exactly `version`) and PostGIS 3 are installed and returns the installation.
 * As root on Debian/Ubuntu it installs what is missing with `apt-get install -y` (running `apt-get update` first
 * only when the install fails); otherwise it throws with the exact command to run.
 */
export async function ensurePostgresInstalled(version?: number): Promise<PgInstall> {
  let install = findPostgres(version);
  if (install && hasPostgis(install.version)) return install;

  const canApt = isRoot() && existsSync('/etc/debian_version') && onPath('apt-get');
  // An existing cluster pins its version (postgresql-<ver>); otherwise Debian's default `postgresql` will do.
  const server = version === undefined ? 'postgresql' : `postgresql-${version}`;
  const wanted = install?.version ?? version ?? (await debianDefaultVersion()) ?? MIN_PG_VERSION;
  const packages = [...(install ? [] : [server]), `postgresql-${wanted}-postgis-3`];
  if (!canApt) {
    const missing = install
      ? `PostGIS 3 for PostgreSQL ${install.version}`
      : version === undefined
        ? `PostgreSQL ≥ ${MIN_PG_VERSION} with PostGIS 3`
        : `PostgreSQL ${version} (the version that created the embedded cluster) with PostGIS 3`;
    const how = existsSync('/etc/debian_version')
      ? `Install it with:\n\n    sudo apt-get install -y ${packages.join(' ')}\n`
      : `Install PostgreSQL ≥ ${MIN_PG_VERSION} and PostGIS 3 so that ${PG_LIB}/<version>/bin/initdb and ` +
        `${PG_SHARE}/<version>/extension/postgis.control exist (Debian/Ubuntu layout).`;
    throw new Error(
      `${missing} is not installed, and npm start needs it for its embedded database.\n${how}\n` +
        `Or point npm start at an existing PostgreSQL/PostGIS database: DATABASE_URL=postgres://user@host:5432/hss npm start`,
    );
  }

  if (!install) {
    await aptInstall([server]);
    install = findPostgres(version);
    if (!install) {
      throw new Error(
        `apt-get installed ${server}, but no PostgreSQL ${version ?? `≥ ${MIN_PG_VERSION}`} is in ${PG_LIB} ` +
          `(this release's default is too old?). Install a newer one or set DATABASE_URL.`,
      );
    }
  }
  if (!hasPostgis(install.version)) await aptInstall([`postgresql-${install.version}-postgis-3`]);
  if (!hasPostgis(install.version)) {
    throw new Error(`PostGIS is still missing: ${PG_SHARE}/${install.version}/extension/postgis.control`);
  }
  return install;
}

/** `apt-get install -y`, retried once after `apt-get update` when it fails (fresh machines have no package lists). */
async function aptInstall(packages: string[]): Promise<void> {
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  console.log(`Installing ${packages.join(' ')} with apt-get…`);
  const install = ['install', '-y', '--no-install-recommends', ...packages];
  if ((await run('apt-get', install, { inherit: true, env })).code === 0) return;
  console.log('apt-get install failed; running apt-get update and trying again…');
  await runOrThrow('apt-get', ['update'], { inherit: true, env });
  await runOrThrow('apt-get', install, { inherit: true, env });
}

/** The PostgreSQL major version Debian's `postgresql` package would install (from `apt-cache depends`), if known. */
async function debianDefaultVersion(): Promise<number | undefined> {
  if (!onPath('apt-cache')) return undefined;
  const { stdout } = await run('apt-cache', ['depends', 'postgresql']).catch(() => ({ stdout: '' }));
  const match = /Depends:\s*postgresql-(\d+)\b/.exec(stdout);
  return match ? Number(match[1]) : undefined;
}

/** Runs a PostgreSQL binary as the cluster's owner: through `runuser -u postgres --` when we are root. */
function pgRun(install: PgInstall, binary: string, args: string[], check = true): Promise<RunResult> {
  const file = join(install.bin, binary);
  const [command, argv] = isRoot() ? ['runuser', ['-u', 'postgres', '--', file, ...args]] : [file, args];
  // cwd '/': the postgres user may not be allowed into the caller's working directory.
  return check ? runOrThrow(command, argv, { cwd: '/' }) : run(command, argv, { cwd: '/' });
}

/** As root: the uid/gid of the `postgres` system user, which will own the cluster. */
async function postgresUser(): Promise<{ uid: number; gid: number }> {
  const uid = await run('id', ['-u', 'postgres']);
  const gid = await run('id', ['-g', 'postgres']);
  if (uid.code !== 0 || gid.code !== 0) {
    throw new Error(
      'Running as root, but there is no "postgres" system user to own the embedded cluster ' +
        '(initdb refuses to run as root). Reinstall the postgresql package, or run npm start as a normal user.',
    );
  }
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

/**
 * As root: checks that the postgres user can enter `dir` (the directories it owns are made inside it); if not,
 * names the first directory on the way that it may not enter and says how to fix it.
 */
async function checkPostgresCanReach(dir: string): Promise<void> {
  const ok = async (test: string, path: string): Promise<boolean> =>
    (await run('runuser', ['-u', 'postgres', '--', 'test', test, path], { cwd: '/' })).code === 0;
  if (await ok('-x', dir)) return;
  const chain: string[] = [];
  for (let d = dir; ; d = dirname(d)) {
    chain.unshift(d);
    if (d === dirname(d)) break;
  }
  let blocked = dir;
  for (const d of chain) {
    if (!(await ok('-x', d))) {
      blocked = d;
      break;
    }
  }
  throw new Error(
    `The embedded PostgreSQL runs as the "postgres" system user (initdb refuses to run as root), but that user ` +
      `cannot reach ${dir}: it may not enter ${blocked}.\n` +
      `Either let it through (e.g. \`chmod o+x ${blocked}\`), move the project somewhere it can reach ` +
      `(e.g. under /srv or /opt), run npm start as a normal user, or set DATABASE_URL to an existing database.`,
  );
}

/** Creates a directory (mode 0700) owned by the cluster's user. */
async function makeOwnedDir(dir: string, owner: { uid: number; gid: number } | undefined): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  if (owner) await chown(dir, owner.uid, owner.gid);
}

/** The major version of an existing cluster (its PG_VERSION file), or undefined when there is none yet. */
export function clusterVersion(paths: ClusterPaths): number | undefined {
  const file = join(paths.dataDir, 'PG_VERSION');
  if (!existsSync(file)) return undefined;
  const version = Number(readFileSync(file, 'utf8').trim());
  return Number.isInteger(version) && version > 0 ? version : undefined;
}

/**
 * Creates the cluster with initdb if it does not exist yet: UTF-8, superuser `postgres`, trust authentication.
 * Also prepares the run directory. Returns whether initdb ran.
 */
export async function initCluster(install: PgInstall, paths: ClusterPaths): Promise<boolean> {
  await mkdir(paths.baseDir, { recursive: true });
  const owner = isRoot() ? await postgresUser() : undefined;
  if (owner) await checkPostgresCanReach(paths.baseDir);
  await makeOwnedDir(paths.runDir, owner);
  if (existsSync(join(paths.dataDir, 'PG_VERSION'))) {
    // A cluster made by another user (e.g. by a non-root start before): give it to the postgres user.
    if (owner && statSync(paths.dataDir).uid !== owner.uid) {
      await runOrThrow('chown', ['-R', `${owner.uid}:${owner.gid}`, paths.dataDir]);
    }
    return false;
  }
  if (existsSync(paths.dataDir) && readdirSync(paths.dataDir).length > 0) {
    throw new Error(
      `${paths.dataDir} is not empty but holds no PostgreSQL cluster (no PG_VERSION): the remains of an ` +
        `interrupted initdb? Remove it (rm -rf ${paths.dataDir}) and start again.`,
    );
  }
  await makeOwnedDir(paths.dataDir, owner);
  const locale = (await hasCUtf8Locale()) ? ['--locale=C.UTF-8'] : ['--no-locale'];
  await pgRun(install, 'initdb', [
    '--pgdata',
    paths.dataDir,
    '--username=postgres',
    '--auth=trust',
    '--encoding=UTF8',
    ...locale,
  ]);
  return true;
}

async function hasCUtf8Locale(): Promise<boolean> {
  const { code, stdout } = await run('locale', ['-a']).catch(() => ({ code: 1, stdout: '' }));
  return code === 0 && /^c\.utf-?8$/im.test(stdout);
}

/** Whether the cluster's postmaster is running (`pg_ctl status`). */
export async function isClusterRunning(install: PgInstall, paths: ClusterPaths): Promise<boolean> {
  return (await pgRun(install, 'pg_ctl', ['status', '-D', paths.dataDir], false)).code === 0;
}

/** Whether nothing listens on this port of 127.0.0.1. */
export function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolvePort) => {
    const server = createServer();
    server.once('error', () => resolvePort(false));
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => server.close(() => resolvePort(true)));
  });
}

/** The remembered port if it is free, else the first free port of {@link PORT_RANGE}; remembered for next time. */
async function choosePort(paths: ClusterPaths): Promise<number> {
  const remembered = existsSync(paths.portFile)
    ? Number((await readFile(paths.portFile, 'utf8')).trim())
    : NaN;
  if (Number.isInteger(remembered) && remembered > 0 && (await isPortFree(remembered))) return remembered;
  for (let port = PORT_RANGE[0]; port <= PORT_RANGE[1]; port++) {
    if (await isPortFree(port)) {
      await writeFile(paths.portFile, `${port}\n`);
      return port;
    }
  }
  throw new Error(`No free port on 127.0.0.1 between ${PORT_RANGE[0]} and ${PORT_RANGE[1]}`);
}

/** The port a running cluster listens on (4th line of postmaster.pid). */
async function runningPort(paths: ClusterPaths): Promise<number> {
  const lines = (await readFile(join(paths.dataDir, 'postmaster.pid'), 'utf8')).split('\n');
  const port = Number(lines[3]);
  if (!Number.isInteger(port) || port <= 0)
    throw new Error(`Cannot read the port from ${paths.dataDir}/postmaster.pid`);
  return port;
}

/**
 * Starts the cluster on 127.0.0.1 (socket in the run directory) and waits until it accepts connections. A cluster
 * that is already running (left over by a start that crashed) is reused as it is. Returns its port.
 */
export async function startCluster(
  install: PgInstall,
  paths: ClusterPaths,
): Promise<{ port: number; reused: boolean }> {
  if (await isClusterRunning(install, paths)) {
    const port = await runningPort(paths);
    await waitReady(install, paths, port);
    return { port, reused: true };
  }
  const port = await choosePort(paths);
  const quote = (s: string): string => `'${s.replaceAll("'", `'\\''`)}'`; // pg_ctl runs postgres through /bin/sh
  const result = await pgRun(
    install,
    'pg_ctl',
    [
      'start',
      '-D',
      paths.dataDir,
      '-l',
      paths.logFile,
      '-w',
      '-t',
      '60',
      '-o',
      `-p ${port} -h 127.0.0.1 -k ${quote(paths.runDir)}`,
    ],
    false,
  );
  if (result.code !== 0) {
    const log = existsSync(paths.logFile)
      ? (await readFile(paths.logFile, 'utf8')).split('\n').slice(-15)
      : [];
    throw new Error(
      `pg_ctl could not start the embedded PostgreSQL (data ${paths.dataDir}):\n` +
        `${result.stdout}${result.stderr}\n--- end of ${paths.logFile} ---\n${log.join('\n')}`,
    );
  }
  return { port, reused: false };
}

/** Waits (up to 30 s) until the server on this port accepts connections, e.g. one still recovering after a crash. */
async function waitReady(install: PgInstall, paths: ClusterPaths, port: number): Promise<void> {
  const args = ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-d', 'postgres'];
  for (let attempt = 0; attempt < 60; attempt++) {
    if ((await run(join(install.bin, 'pg_isready'), args, { cwd: '/' })).code === 0) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(
    `The embedded PostgreSQL (${paths.dataDir}) is running but does not accept connections on ${port}`,
  );
}

/** Stops the cluster with `pg_ctl stop -m fast` (a no-op when it is not running). */
export async function stopCluster(install: PgInstall, paths: ClusterPaths): Promise<void> {
  if (!(await isClusterRunning(install, paths))) return;
  await pgRun(install, 'pg_ctl', ['stop', '-D', paths.dataDir, '-m', 'fast', '-w', '-t', '60']);
}

/** Creates `database` in the cluster at `serverUrl` if it does not exist yet. Returns whether it was created. */
export async function ensureDatabase(serverUrl: string, database: string): Promise<boolean> {
  const url = new URL(serverUrl);
  url.pathname = '/postgres';
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (rowCount) return false;
    await client.query(`CREATE DATABASE ${pg.escapeIdentifier(database)}`);
    return true;
  } finally {
    await client.end();
  }
}

/**
 * Everything `npm start` needs: makes sure PostgreSQL + PostGIS are installed, creates the cluster under
 * `baseDir` if needed, starts it (or reuses a running one) and creates `database`.
 */
export async function startEmbeddedPostgres(options: {
  baseDir: string;
  database: string;
}): Promise<EmbeddedPostgres> {
  const paths = clusterPaths(options.baseDir);
  const install = await ensurePostgresInstalled(clusterVersion(paths));
  const created = await initCluster(install, paths);
  const { port, reused } = await startCluster(install, paths);
  const url = (database: string): string =>
    `postgres://postgres@127.0.0.1:${port}/${encodeURIComponent(database)}`;
  try {
    await ensureDatabase(url('postgres'), options.database);
  } catch (err) {
    if (!reused) await stopCluster(install, paths).catch(() => undefined);
    throw err;
  }
  return { install, paths, port, reused, created, url, stop: () => stopCluster(install, paths) };
}
