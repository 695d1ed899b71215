/**
 * Lottery bench (issue 7): order and draw a waiting list of 100,000 households through the lottery's own services
 * — freeze + commit (entry codes, roster hash, commitment, 100,000 entries) and draw (seed, shuffle, 100,000
 * positions and 100,000 allocation_orders rows with their audit) — target ≤ 2 s for both, then verify the result
 * from the public record with the shared algorithm.
 *
 * The set-up (households, a published plan) is bulk SQL with triggers off, untimed. Each run adds its own
 * households and plan (a draw can never be deleted), so it runs on any migrated database with the demo regions:
 *
 *   npx tsx scripts/bench/allocation-lottery.ts        (LOTTERY_BENCH_DATABASE_URL, default hss_bench_lottery:
 *                                                       created, migrated and seeded with the demo city if new)
 */
import pg from 'pg';
import { migrateLatest } from '../../db/migrate.ts';
import { createDb, type Db } from '../../server/db/knex.ts';
import { inTransaction } from '../../server/db/tx.ts';
import { enabledRules } from '../../server/allocation/fixtures.ts';
import { commitDraw, runDraw } from '../../server/lottery/service.ts';
import { lotteryScope } from '../../server/lottery/fixtures.ts';
import { verifyRecord, type PublicRecord } from '../../shared/lottery-verify.ts';
import { printTable } from './stats.ts';

export const LOTTERY_HOUSEHOLDS = Number(process.env.BENCH_LOTTERY_HOUSEHOLDS ?? 100_000);

export interface LotteryFigures {
  households: number;
  freeze_ms: number;
  draw_ms: number;
  order_and_draw_ms: number;
  verify_ms: number;
  verified: boolean;
}

/** A district (level 3) of the seeded city and one of its communities. */
async function place(db: Db): Promise<{ district: string; community: string }> {
  const { rows } = await db.raw<{ rows: { district: string; community: string }[] }>(
    `SELECT substr(code, 1, 6) AS district, code AS community FROM regions
     WHERE code NOT LIKE '%000' ORDER BY code LIMIT 1`,
  );
  if (!rows[0]) throw new Error('no communities in regions: seed the demo city first');
  return rows[0];
}

/** 100,000 waiting households and a published plan of all of them (scores 1–4: four large cohorts of ties). */
async function arrange(db: Db, n: number): Promise<{ plan: number; district: string }> {
  const { district, community } = await place(db);
  const rules = await enabledRules(db, district);
  const tag = `LB${Date.now().toString(36).toUpperCase()}`;
  const plan = await db.transaction(async (trx) => {
    await trx.raw('SET LOCAL session_replication_role = replica'); // a bulk load: no audit rows, no bookkeeping
    await trx.raw(
      `INSERT INTO households (application_no, registration_year, applicant_name, id_number, phone,
                               household_size, waiting_status, region_code)
       SELECT :tag || '-' || lpad(i::text, 6, '0'), 2026, '摇号压测' || i, 'BENCH' || i, '139' || lpad(i::text, 8, '0'),
              1 + i % 4, 'waiting', :community
       FROM generate_series(1, :n) AS i`,
      { tag, community, n },
    );
    const [row] = await trx('allocation_plans')
      .insert({
        plan_no: `PZ-${tag}`,
        mode_code: 'M',
        project_code: 'P',
        name: `摇号压测 ${tag}`,
        period_type: 'batch',
        period: tag,
        object_type: '低收入家庭',
        resource_kind: 'subsidy',
        rule_version_id: rules,
        starts_on: '2026-01-01',
        ends_on: '2030-12-31',
        status: 'published',
        published_at: trx.fn.now(),
        published_by: 'bench',
        total_households: n,
        region_code: district.padEnd(12, '0'),
        created_by: 'bench',
        updated_by: 'bench',
      })
      .returning<{ id: number }[]>('id');
    await trx.raw(
      `INSERT INTO allocation_plan_households (household_id, application_no, registration_year, region_code, plan_id,
         plan_no, project_code, mode_code, waiting_rank, score, created_by, updated_by)
       SELECT h.id, h.application_no, h.registration_year, h.region_code, :plan, :plan_no, 'P', 'M',
              row_number() OVER (ORDER BY h.household_size DESC, h.id), h.household_size, 'bench', 'bench'
       FROM households h WHERE h.application_no LIKE :prefix`,
      { plan: row!.id, plan_no: `PZ-${tag}`, prefix: `${tag}-%` },
    );
    return row!.id;
  });
  return { plan, district };
}

/** Downloads nothing: reads the public record as the portal routes do (codes, cohorts, positions). */
async function publicRecordOf(db: Db, drawId: number): Promise<PublicRecord> {
  const draw = await db('lottery_draws').where({ id: drawId }).first<PublicRecord['draw']>();
  const roster: PublicRecord['roster'] = await db('lottery_entries')
    .where({ draw_id: drawId })
    .orderBy('roster_index')
    .select('roster_index', 'entry_code', 'cohort', 'cohort_rank');
  const result: PublicRecord['result'] = await db('lottery_results as r')
    .join('lottery_entries as e', function () {
      this.on('e.draw_id', 'r.draw_id').andOn('e.roster_index', 'r.roster_index');
    })
    .where('r.draw_id', drawId)
    .orderBy('r.position')
    .select('r.position', 'e.entry_code');
  return { draw, roster, result };
}

export async function benchLottery(db: Db, n = LOTTERY_HOUSEHOLDS): Promise<LotteryFigures> {
  console.log(`lottery: arranging a published plan of ${n.toLocaleString('en')} waiting households …`);
  const { plan, district } = await arrange(db, n);
  const scope = lotteryScope(district, 'bench_lottery');
  const actor = { username: scope.username, regionCode: scope.regionCode, action: 'bench.lottery' };

  let started = performance.now();
  const committed = await inTransaction(db, actor, (trx) =>
    commitDraw(trx, scope, { plan_id: plan, title: '压测摇号', cohorts: 'ties' }),
  );
  const freeze_ms = performance.now() - started;
  started = performance.now();
  await inTransaction(db, actor, (trx) =>
    runDraw(trx, scope, committed.id, {
      contributions: [
        { party: '申请人代表1', value: '4' },
        { party: '申请人代表2', value: '815' },
        { party: '公证员', value: '20261127' },
      ],
    }),
  );
  const draw_ms = performance.now() - started;

  started = performance.now();
  const checks = verifyRecord(await publicRecordOf(db, committed.id));
  const verify_ms = performance.now() - started;
  const orders = Number(
    (await db('allocation_orders').where({ plan_id: plan }).count<{ n: string }[]>({ n: '*' }))[0]!.n,
  );
  const verified = checks.every((c) => c.ok) && orders === n;

  const figures = {
    households: n,
    freeze_ms,
    draw_ms,
    order_and_draw_ms: freeze_ms + draw_ms,
    verify_ms,
    verified,
  };
  printTable(
    ['step', 'ms'],
    [
      ['freeze + commit (codes, roster hash, commitment, entries)', freeze_ms.toFixed(0)],
      ['draw (seed, shuffle, results, allocation_orders)', draw_ms.toFixed(0)],
      ['order + draw (target ≤ 2000)', (freeze_ms + draw_ms).toFixed(0)],
      ['verify from the public record (shared algorithm)', verify_ms.toFixed(0)],
    ],
  );
  console.log(
    `${committed.draw_no}: ${orders.toLocaleString('en')} orders; checks ${checks.map((c) => `${c.id} ${c.ok ? '✔' : '✘'}`).join(', ')}`,
  );
  return figures;
}

/** Standalone: a database of its own, created, migrated and seeded with the demo city when new. */
async function standalone(): Promise<void> {
  const url = new URL(
    process.env.LOTTERY_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/hss_bench_lottery',
  );
  const name = url.pathname.slice(1);
  const maintenance = new URL(url);
  maintenance.pathname = '/postgres';
  const cluster = new pg.Client({ connectionString: maintenance.toString() });
  await cluster.connect();
  if (!(await cluster.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount)
    await cluster.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
  await cluster.end();
  const db = createDb(url.toString(), { max: 4 });
  try {
    await migrateLatest(db);
    if (!(await db('regions').first('code'))) {
      console.log('seeding the demo city …');
      const { seedAll } = await import('../../seeds/index.ts');
      await seedAll(db, { scale: 1 });
    }
    const figures = await benchLottery(db);
    if (!figures.verified) process.exitCode = 1;
  } finally {
    await db.destroy();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await standalone();
