/**
 * `npm run bench:search`: the map workspace's search box (server/search/) on a city of 1,000,000 households —
 * p50/p95 per query shape, as a city caseworker (personal data), a city supervisor (masked) and a district
 * caseworker, through the service with the application's role (what the route runs, minus HTTP).
 *
 * SEARCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/hss_big) must hold a migrated, loaded demo
 * city: `DATABASE_URL=… npx tsx seeds/housing/cli.ts --households=1000000`. Prints its figures; asserts nothing.
 */
import { createDb } from '../server/db/knex.ts';
import { migrateLatest } from '../db/migrate.ts';
import { scopeOfUser, type Scope } from '../server/access/scope.ts';
import { search } from '../server/search/service.ts';
import type { SearchQuery } from '../server/search/schema.ts';
import { ms, printTable, summary } from './bench/stats.ts';

const DATABASE = process.env.SEARCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/hss_big';
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 40);

const owner = createDb(DATABASE, { max: 2 });
await migrateLatest(owner);
const db = createDb(DATABASE, { appRole: 'hss_app', max: 4 });

async function scopeOf(username: string): Promise<Scope> {
  const { rows } = await owner.raw<{ rows: { id: number; region_code: string; roles: string[] }[] }>(
    `SELECT u.id, u.region_code, array_agg(r.role_code) AS roles FROM staff_users u
       JOIN staff_user_roles r ON r.user_id = u.id WHERE u.username = ? GROUP BY u.id`,
    [username],
  );
  if (!rows[0]) throw new Error(`no user ${username}: is the demo city loaded?`);
  return scopeOfUser({ ...rows[0], username });
}

const { rows: counted } = await owner.raw<{ rows: { n: number }[] }>(
  'SELECT count(*)::int AS n FROM households',
);
const n = counted[0]!.n;
console.log(`${Number(n).toLocaleString('en')} households in ${new URL(DATABASE).pathname.slice(1)}`);

/** Values to search for, sampled from the records the caller may see (every k-th id: deterministic). */
async function samplesFor(scope: Scope) {
  const sample = async (sql: string) =>
    (await owner.raw<{ rows: Record<string, string>[] }>(sql, [`${scope.regionPrefix}%`, SAMPLES, SAMPLES]))
      .rows;
  const households = await sample(
    `SELECT application_no, applicant_name, id_number, hukou_road, hukou_house_no FROM households
      WHERE region_code LIKE ? AND id % (SELECT max(id) / ? FROM households) = 0 ORDER BY id LIMIT ?`,
  );
  const units = await sample(
    `SELECT unit_no, room_no FROM housing_units
      WHERE region_code LIKE ? AND id % (SELECT max(id) / ? FROM housing_units) = 0 ORDER BY id LIMIT ?`,
  );
  const projects = await sample(
    `SELECT proposed_name FROM projects WHERE region_code LIKE ? AND ? > 0 ORDER BY id LIMIT ?`,
  );
  return { households, units, projects };
}

const pick = <T>(rows: T[], i: number) => rows[i % rows.length]!;
type Samples = Awaited<ReturnType<typeof samplesFor>>;
const SHAPES: { name: string; q: (s: Samples, i: number) => string }[] = [
  { name: 'application no (full)', q: (s, i) => pick(s.households, i).application_no! },
  { name: 'application no serial (any part)', q: (s, i) => pick(s.households, i).application_no!.slice(-6) },
  { name: 'application no prefix (year)', q: (_, i) => `HRB20${20 + (i % 7)}` },
  { name: 'ID number (full)', q: (s, i) => pick(s.households, i).id_number! },
  { name: 'ID number tail (6)', q: (s, i) => pick(s.households, i).id_number!.slice(-6) },
  { name: 'applicant name', q: (s, i) => pick(s.households, i).applicant_name! },
  { name: 'address road', q: (s, i) => pick(s.households, i).hukou_road! },
  {
    name: 'address road + door',
    q: (s, i) => `${pick(s.households, i).hukou_road!} ${pick(s.households, i).hukou_house_no!}`,
  },
  { name: 'unit number', q: (s, i) => pick(s.units, i).unit_no! },
  { name: 'room number', q: (s, i) => pick(s.units, i).room_no! },
  { name: 'project name (part)', q: (s, i) => pick(s.projects, i).proposed_name!.slice(6, 12) },
];

const callers = [
  ['hrb_caseworker', 'city caseworker'],
  ['hrb_supervisor', 'city supervisor (masked)'],
  ['nangang_caseworker', 'district caseworker'],
] as const;

const rows: (string | number)[][] = [];
for (const [username, label] of callers) {
  const scope = await scopeOf(username);
  const samples = await samplesFor(scope);
  for (const shape of SHAPES) {
    const times: number[] = [];
    let hits = 0;
    for (let i = 0; i < SAMPLES; i++) {
      const query: SearchQuery = { q: shape.q(samples, i), limit: 10 };
      const started = performance.now();
      const { found } = await search(db, scope, query);
      times.push(performance.now() - started);
      hits += found.reduce((sum, kind) => sum + kind.rows.length, 0);
    }
    const s = summary(times);
    rows.push([label, shape.name, ms(s.p50), ms(s.p95), ms(s.max), (hits / SAMPLES).toFixed(1)]);
  }
}
printTable(['caller', 'query shape', 'p50 ms', 'p95 ms', 'max ms', 'hits/query'], rows);

await db.destroy();
await owner.destroy();
