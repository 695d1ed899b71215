/**
 * `npm run bench:rules`: the rules engine on a city of 1,000,000 households — one household evaluated through
 * the API (p50/p95, target p95 ≤ 5 ms), every household of the city counted against the enabled version
 * (target ≤ 20 s), a district what-if of a draft against it (target ≤ 2 s) and the waiting-list ranking (a page of
 * the city's and of a district's waiting households ranked by the ordering rules).
 *
 * BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/hss_bench) is created, migrated and loaded the
 * first time (the demo city with BENCH_HOUSEHOLDS households, about a minute and a half) and reused afterwards;
 * the demo rules are seeded if missing. Prints its figures; asserts nothing.
 */
import pg from 'pg';
import { createDb, type Db } from '../server/db/knex.ts';
import { migrateLatest } from '../db/migrate.ts';
import { DEMO_PASSWORD, readDemoCityMeta, seedAll } from '../seeds/index.ts';
import { housingSizeForScale } from '../seeds/housing/plan.ts';
import { seedRules } from '../server/rules/seed.ts';
import { evaluate } from '../server/rules/analysis.ts';
import { scopeOfUser } from '../server/access/scope.ts';
import { HARBIN_RULES } from '../server/rules/fixtures/harbin.ts';
import { ms, printTable, summary } from './bench/stats.ts';
import { spawnServer } from './bench/server.ts';

const DATABASE = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/hss_bench';
const HOUSEHOLDS = Number(process.env.BENCH_HOUSEHOLDS ?? 1_000_000);
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 500);
const DISTRICT = process.env.BENCH_DISTRICT ?? '230103';

async function prepare(): Promise<Db> {
  const url = new URL(DATABASE);
  const name = url.pathname.slice(1);
  url.pathname = '/postgres';
  const cluster = new pg.Client({ connectionString: url.toString() });
  await cluster.connect();
  if (!(await cluster.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount)
    await cluster.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
  await cluster.end();
  const db = createDb(DATABASE, { max: 4 });
  await migrateLatest(db);
  if (!(await readDemoCityMeta(db))?.housing) {
    console.log(`loading the demo city with ${HOUSEHOLDS.toLocaleString('en')} households …`);
    await seedAll(db, { scale: 1, housing: { ...housingSizeForScale(1), households: HOUSEHOLDS } });
  }
  await seedRules(db);
  return db;
}

/** A signed-in API caller: session cookie and CSRF token, JSON in and out, and the time each request took. */
async function signIn(base: string, username: string) {
  const login = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  const cookie = /hss_sid=[^;]+/.exec(login.headers.get('set-cookie') ?? '')![0];
  const { csrf_token } = (await login.json()) as { csrf_token: string };
  return async <T = unknown>(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ json: T; ms: number }> => {
    const started = performance.now();
    const res = await fetch(`${base}${path}`, {
      method,
      headers: {
        cookie,
        'x-csrf-token': csrf_token,
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    const json = (await res.json().catch(() => null)) as T;
    const elapsed = performance.now() - started;
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
    return { json, ms: elapsed };
  };
}

async function timed(times: number, work: () => Promise<{ ms: number }>) {
  const samples: number[] = [];
  for (let i = 0; i < times; i++) samples.push((await work()).ms);
  return summary(samples);
}

const db = await prepare();
const households = Number((await db('households').count({ n: '*' }).first())!.n);
const ids = (
  await db.raw<{ rows: { id: number }[] }>('SELECT id FROM households TABLESAMPLE SYSTEM (1) LIMIT 2000')
).rows.map((r) => Number(r.id));
const appDb = createDb(DATABASE, { appRole: 'hss_app', max: 4 });
const adminRow = await db('staff_users')
  .where({ username: 'hrb_admin' })
  .first<{ id: number; username: string; region_code: string }>('id', 'username', 'region_code');
const admin = scopeOfUser({ ...adminRow, roles: ['admin'] });
const server = await spawnServer(DATABASE);
try {
  const api = await signIn(server.url, 'hrb_admin');
  type Items = { items: { id: number; status: string }[] };
  const path = `/api/rules/versions?template_code=${HARBIN_RULES.version.template_code}`;
  const versions = (await api<Items>('GET', path)).json.items;
  const enabled = versions.find((v) => v.status === 'enabled')!.id;
  let draft = versions.find((v) => v.status === 'draft')?.id;
  if (!draft) {
    draft = (await api<{ id: number }>('POST', `/api/rules/versions/${enabled}/copy`)).json.id;
    type Detail = { items: { quantitative: { id: number; code: string }[] } };
    const { items } = (await api<Detail>('GET', `/api/rules/versions/${draft}`)).json;
    const income = items.quantitative.find((q) => q.code === 'GZ-PZ-INCOME')!;
    await api('PATCH', `/api/rules/quantitative/${income.id}`, { upper_value: 36000 });
  }
  console.log(
    `bench city: ${households.toLocaleString('en')} households; rules v${enabled} enabled, draft v${draft}\n`,
  );

  let n = 0;
  const inline = () =>
    api('POST', `/api/rules/versions/${enabled}/evaluate`, {
      household: {
        household_size: 1 + (n++ % 5),
        per_capita_income: (n * 7919) % 40000,
        per_capita_floor_area: (n * 13) % 25,
        total_floor_area: 40,
        is_minimum_living: n % 7 === 0,
        had_housing_support: n % 11 === 0,
      },
    });
  const stored = () =>
    api('POST', `/api/rules/versions/${enabled}/evaluate`, { household_id: ids[n++ % ids.length] });
  const inProcess = async () => {
    const started = performance.now();
    await evaluate(appDb, admin, enabled, { household_id: ids[n++ % ids.length]! }, 'bench');
    return { ms: performance.now() - started };
  };
  const me = () => api('GET', '/api/auth/me');
  for (let i = 0; i < 30; i++) for (const work of [me, inline, stored, inProcess]) await work(); // warm-up
  // Interleaved, one of each per round, so the machine's noise (shared, 2 cores) falls on all four alike and the
  // baseline is comparable with the evaluations measured beside it.
  const rounds = {
    me: [] as number[],
    inline: [] as number[],
    stored: [] as number[],
    inProcess: [] as number[],
  };
  for (let i = 0; i < SAMPLES; i++) {
    rounds.me.push((await me()).ms);
    rounds.inline.push((await inline()).ms);
    rounds.stored.push((await stored()).ms);
    rounds.inProcess.push((await inProcess()).ms);
  }
  const single = [
    // The floor under any API call on this machine: session, routing, one query, JSON.
    ['baseline: GET /api/auth/me', summary(rounds.me)],
    ['evaluate a test household (API)', summary(rounds.inline)],
    ['evaluate a stored household (API)', summary(rounds.stored)],
    // The same work without HTTP: what the engine and its two queries cost.
    ['evaluate a stored household (in process, no HTTP)', summary(rounds.inProcess)],
  ] as const;

  const batch = await timed(3, () => api('GET', `/api/rules/versions/${enabled}/eligibility`));
  type Counts = { districts: { households: number; eligible: number }[] };
  const city = await api<Counts>('GET', `/api/rules/versions/${enabled}/eligibility`);
  const eligible = city.json.districts.reduce(
    (sum, d) => ({ households: sum.households + d.households, eligible: sum.eligible + d.eligible }),
    { households: 0, eligible: 0 },
  );
  const district = await timed(3, () =>
    api('GET', `/api/rules/versions/${draft}/what-if?region=${DISTRICT}`),
  );
  const cityWhatIf = await timed(1, () => api('GET', `/api/rules/versions/${draft}/what-if`));
  const map = await timed(3, () =>
    api('GET', `/api/rules/versions/${draft}/what-if.geojson?region=${DISTRICT}`),
  );

  const rankCity = await timed(3, () =>
    api('GET', `/api/rules/versions/${enabled}/ranking?page=100&page_size=50`),
  );
  const rankDistrict = await timed(3, () =>
    api('GET', `/api/rules/versions/${enabled}/ranking?region=${DISTRICT}&page_size=50`),
  );
  const rankMode = await timed(3, () =>
    api('GET', `/api/rules/versions/${enabled}/ranking?mode=GZ-PZ&page_size=50`),
  );
  type Ranked = { total: number; tied_households: number };
  const ranked = (await api<Ranked>('GET', `/api/rules/versions/${enabled}/ranking?page_size=1`)).json;

  printTable(
    ['measure', 'n', 'p50 ms', 'p95 ms', 'max ms', 'target'],
    [
      ...single.map(([label, s]) => [
        label,
        s.n,
        ms(s.p50),
        ms(s.p95),
        ms(s.max),
        label.startsWith('baseline') ? '-' : 'p95 ≤ 5 ms',
      ]),
      [
        'eligibility of every household of the city (API, one SQL scan)',
        batch.n,
        ms(batch.p50),
        ms(batch.p95),
        ms(batch.max),
        '≤ 20,000 ms',
      ],
      [
        `what-if of a draft, district ${DISTRICT} (API)`,
        district.n,
        ms(district.p50),
        ms(district.p95),
        ms(district.max),
        '≤ 2,000 ms',
      ],
      [
        `what-if GeoJSON, district ${DISTRICT} (API)`,
        map.n,
        ms(map.p50),
        ms(map.p95),
        ms(map.max),
        '≤ 2,000 ms',
      ],
      [
        `waiting list, whole city, page 100 (API, ${ranked.total.toLocaleString('en')} ranked)`,
        rankCity.n,
        ms(rankCity.p50),
        ms(rankCity.p95),
        ms(rankCity.max),
        '-',
      ],
      [
        `waiting list, district ${DISTRICT} (API)`,
        rankDistrict.n,
        ms(rankDistrict.p50),
        ms(rankDistrict.p95),
        ms(rankDistrict.max),
        '-',
      ],
      [
        'waiting list, whole city, eligible for GZ-PZ only (API)',
        rankMode.n,
        ms(rankMode.p50),
        ms(rankMode.p95),
        ms(rankMode.max),
        '-',
      ],
      [
        'what-if of a draft, whole city (API)',
        cityWhatIf.n,
        ms(cityWhatIf.p50),
        ms(cityWhatIf.p95),
        ms(cityWhatIf.max),
        '-',
      ],
    ],
  );
  console.log(
    `\n${ranked.tied_households.toLocaleString('en')} of ${ranked.total.toLocaleString('en')} waiting households share their score with another (lottery).`,
  );
  console.log(
    `${eligible.eligible.toLocaleString('en')} of ${eligible.households.toLocaleString('en')} households in the process are eligible for at least one mode.`,
  );
} finally {
  server.stop();
  await appDb.destroy();
  await db.destroy();
}
