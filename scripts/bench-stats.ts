/**
 * `npm run bench:stats`: the leaders' dashboard routes' work (service calls, in process) on the million-household
 * city — summary, child regions with boundaries, 24 months of trends and the demand grid (computed, and cached) — for the city's and a
 * district's leader, p50/p95 of REPEAT calls each. BENCH_DATABASE_URL (default …/hss_big_stats) must hold a loaded
 * city (`DATABASE_URL=… npx tsx seeds/housing/cli.ts --households=1000000 --units=300000`). Asserts nothing.
 */
import { createDb } from '../server/db/knex.ts';
import { scopeOfUser } from '../server/access/scope.ts';
import * as stats from '../server/stats/service.ts';
import { densityCache } from '../server/stats/cache.ts';
import { ms, printTable, summary } from './bench/stats.ts';

const URL_ = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/hss_big_stats';
const REPEAT = Number(process.env.BENCH_REPEAT ?? 30);

const db = createDb(URL_, { max: 4 });
try {
  const households = Number((await db('households').count({ n: '*' }).first())!.n);
  const units = Number((await db('housing_units').count({ n: '*' }).first())!.n);
  console.log(`bench city: ${households.toLocaleString()} households, ${units.toLocaleString()} units\n`);
  const street: string = await db('regions')
    .where({ level: 4 })
    .andWhere('code', 'like', '230104%')
    .orderBy('code')
    .first('code')
    .then((r: { code: string }) => r.code);
  const who = [
    { label: 'city leader, city', region: '230100000000', user: '230100000000' },
    { label: 'district leader, 道外区', region: '230104000000', user: '230104000000' },
    { label: 'district leader, a street', region: street, user: '230104000000' },
  ];
  const rows: (string | number)[][] = [];
  for (const w of who) {
    const scope = scopeOfUser({ id: 0, username: 'bench', region_code: w.user, roles: ['leader'] });
    const calls: [string, () => Promise<unknown>][] = [
      ['summary', () => stats.summary(db, scope, w.region)],
      ['children', () => stats.children(db, scope, w.region)],
      ['trends (24 months)', () => stats.trends(db, scope, w.region, 24)],
      // Computed afresh (cache dropped first, as after a household edit), then answered from the cache.
      ['density', () => (densityCache(db).clear(), stats.density(db, scope, w.region, 10))],
      ['density (cached)', () => stats.density(db, scope, w.region, 10)],
    ];
    for (const [name, call] of calls) {
      await call();
      const samples: number[] = [];
      let size = 0;
      for (let i = 0; i < REPEAT; i++) {
        const started = performance.now();
        const answer = await call();
        samples.push(performance.now() - started);
        size = JSON.stringify(answer).length;
      }
      const s = summary(samples);
      rows.push([w.label, name, ms(s.p50), ms(s.p95), `${(size / 1024).toFixed(1)} KB`]);
    }
  }
  printTable(['who, region', 'route', 'p50 ms', 'p95 ms', 'JSON'], rows);
} finally {
  await db.destroy();
}
