/**
 * Builds the client only when needed: when `client/dist/index.html` is missing, or when a hash of the sources
 * (every file under `client/` but `dist/`, `node_modules/` and the `e2e/` tests, plus package-lock.json) differs from the one stamped
 * in `client/dist/.build-hash` by the last build.
 *
 * As a script: `tsx scripts/start/client-build.ts` builds if needed; with `--stamp` it only writes the hash of an
 * existing build (the Dockerfile builds with vite itself, then stamps, so the container's start does not rebuild).
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runOrThrow } from './exec.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CLIENT = join(ROOT, 'client');
const DIST = join(CLIENT, 'dist');
const STAMP = join(DIST, '.build-hash');
/** Not part of the bundle: the build output, caches and the browser tests. */
const SKIP = new Set(['dist', 'node_modules', '.vite', 'e2e']);

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => !(dir === CLIENT && SKIP.has(entry.name)) && entry.name !== 'node_modules')
    .flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return listFiles(path);
      return entry.isFile() ? [path] : [];
    });
}

/** sha256 over the client's source files (path and content, in a stable order) and package-lock.json. */
export async function clientSourceHash(): Promise<string> {
  const hash = createHash('sha256');
  const files = [...(existsSync(CLIENT) ? listFiles(CLIENT) : []), join(ROOT, 'package-lock.json')]
    .map((file) => relative(ROOT, file).split(sep).join('/'))
    .sort();
  for (const file of files) {
    const content = existsSync(join(ROOT, file)) ? await readFile(join(ROOT, file)) : Buffer.alloc(0);
    hash.update(`${file}\0${content.length}\0`);
    hash.update(content);
  }
  return hash.digest('hex');
}

/** Writes the current source hash into client/dist/.build-hash. */
export async function stampClientBuild(hash?: string): Promise<void> {
  await writeFile(STAMP, `${hash ?? (await clientSourceHash())}\n`);
}

/** Builds the client with vite if it is missing or stale; returns whether it built. */
export async function ensureClientBuilt(): Promise<boolean> {
  const hash = await clientSourceHash();
  const stamped = existsSync(STAMP) ? (await readFile(STAMP, 'utf8')).trim() : undefined;
  if (existsSync(join(DIST, 'index.html')) && stamped === hash) return false;
  await runOrThrow('npx', ['vite', 'build', '--config', 'client/vite.config.ts'], {
    cwd: ROOT,
    inherit: true,
  });
  await stampClientBuild(hash);
  return true;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  if (process.argv.includes('--stamp')) {
    if (!existsSync(join(DIST, 'index.html')))
      throw new Error('client/dist/index.html is missing: build first');
    await stampClientBuild();
    console.log('client/dist/.build-hash written');
  } else {
    console.log((await ensureClientBuilt()) ? 'client built' : 'client is up to date');
  }
}
