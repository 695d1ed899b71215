/**
 * The public portal's reads. Public traffic can be heavy and the answers change slowly, so each answer is kept
 * for a short while per server (besides the Cache-Control the routes send): a burst of visitors costs the
 * database one query per answer and TTL, not one per visitor.
 */
import type { Db } from '../db/knex.ts';
import { notFound } from '../http/errors.ts';
import { guideFor } from './guides.ts';
import { presentDemand, presentProject, presentProjects } from './presenter.ts';
import * as store from './store.ts';

/** How long an answer is reused in the process (ms). */
export const CACHE_TTL_MS = 30_000;
const MAX_ENTRIES = 500;

type Entry = { at: number; value: Promise<unknown> };
const caches = new WeakMap<Db, Map<string, Entry>>();

/** The cached answer for `key`, or `load()`'s (shared by concurrent callers; failures are not kept). */
function cached<T>(db: Db, key: string, load: () => Promise<T>): Promise<T> {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new Map<string, Entry>()));
  const now = Date.now();
  const hit = cache.get(key);
  if (hit && now - hit.at < CACHE_TTL_MS) return hit.value as Promise<T>;
  if (cache.size >= MAX_ENTRIES) cache.clear();
  const value = load();
  cache.set(key, { at: now, value });
  value.catch(() => cache.delete(key));
  return value;
}

export function projects(db: Db) {
  return cached(db, 'projects', async () => presentProjects(await store.listProjects(db)));
}

export async function project(db: Db, id: number) {
  const found = await cached(db, `project:${id}`, async () => {
    const row = await store.findProject(db, id);
    if (!row) return null;
    const [buildings, unitTypes] = await Promise.all([store.buildingsOf(db, id), store.unitTypesOf(db, id)]);
    return presentProject(row, buildings, unitTypes, guideFor(row.category));
  });
  if (!found) throw notFound('项目');
  return found;
}

export function demand(db: Db, k: number) {
  return cached(db, `demand:${k}`, async () => presentDemand(await store.demandByDistrict(db), k));
}
