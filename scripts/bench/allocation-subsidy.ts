/**
 * Subsidy bench (issue 7): the monthly dues of 100,000 effective subsidy contracts generated through the
 * subsidies service (one INSERT … SELECT … ON CONFLICT DO NOTHING, target ≤ 30 s), then the same month again,
 * which must create 0 rows (idempotency).
 *
 * The set-up (households, a published subsidy plan, its households and 100,000 effective contracts) is bulk SQL
 * with triggers off, untimed. Each run adds its own households and contracts, so it runs on any migrated
 * database with the demo regions:
 *
 *   npx tsx scripts/bench/allocation-subsidy.ts        (SUBSIDY_BENCH_DATABASE_URL, default hss_bench_subsidy:
 *                                                       created, migrated and seeded with the demo city if new)
 */
import pg from 'pg';
import { migrateLatest } from '../../db/migrate.ts';
import { createDb, type Db } from '../../server/db/knex.ts';
import { inTransaction } from '../../server/db/tx.ts';
import { scopeOfUser } from '../../server/access/scope.ts';
import { enabledRules } from '../../server/allocation/fixtures.ts';
import { generateDues } from '../../server/subsidies/dues.ts';
import { printTable } from './stats.ts';

export const SUBSIDY_CONTRACTS = Number(process.env.BENCH_SUBSIDY_CONTRACTS ?? 100_000);

export interface SubsidyFigures {
  contracts: number;
  generate_ms: number;
  created: number;
  rerun_ms: number;
  rerun_created: number;
}

/** The first community of the seeded city and its district. */
async function place(db: Db): Promise<{ district: string; community: string }> {
  const { rows } = await db.raw<{ rows: { district: string; community: string }[] }>(
    `SELECT substr(code, 1, 6) AS district, code AS community FROM regions
     WHERE code NOT LIKE '%000' ORDER BY code LIMIT 1`,
  );
  if (!rows[0]) throw new Error('no communities in regions: seed the demo city first');
  return rows[0];
}

/** `n` households, a published subsidy plan of them and `n` effective subsidy contracts from 2026-01 for 3 years. */
async function arrange(db: Db, n: number): Promise<string> {
  const { district, community } = await place(db);
  const rules = await enabledRules(db, district);
  const tag = `SB${Date.now().toString(36).toUpperCase()}`;
  await db.transaction(async (trx) => {
    await trx.raw('SET LOCAL session_replication_role = replica'); // a bulk load: no audit rows, no bookkeeping
    await trx.raw(
      `INSERT INTO households (application_no, registration_year, applicant_name, id_number, household_size,
                               waiting_status, region_code)
       SELECT :tag || '-' || lpad(i::text, 6, '0'), 2026, '补贴压测' || i, 'BENCH' || i, 1 + i % 4, 'allocated',
              :community
       FROM generate_series(1, :n) AS i`,
      { tag, community, n },
    );
    const [plan] = await trx('allocation_plans')
      .insert({
        plan_no: `PZ-${tag}`,
        mode_code: 'M',
        project_code: 'P',
        name: '补贴压测方案',
        period_type: 'year',
        period: '2026',
        object_type: '低收入家庭',
        resource_kind: 'subsidy',
        rule_version_id: rules,
        starts_on: '2026-01-01',
        ends_on: '2028-12-31',
        status: 'published',
        published_at: trx.fn.now(),
        total_households: n,
        total_subsidy: n * 600,
        region_code: `${district}000000`,
      })
      .returning<{ id: number }[]>('id');
    await trx.raw(
      `INSERT INTO allocation_plan_households (household_id, application_no, registration_year, region_code, plan_id,
         plan_no, project_code, mode_code, status, allocated_at, subsidy_amount)
       SELECT h.id, h.application_no, h.registration_year, h.region_code, :plan, :plan_no, 'P', 'M', 'allocated',
              now(), 500 + h.id % 5 * 50
       FROM households h WHERE h.application_no LIKE :prefix`,
      { plan: plan!.id, plan_no: `PZ-${tag}`, prefix: `${tag}-%` },
    );
    await trx.raw(
      `INSERT INTO security_contracts (household_id, application_no, registration_year, region_code, contract_type,
         contract_no, plan_id, plan_household_id, project_code, subsidy_amount, standard_amount, subsidy_method,
         subsidy_start_on, signatory_name, signatory_id_number, term_months, starts_on, ends_on, signed_at,
         effective_at, status)
       SELECT ph.household_id, ph.application_no, ph.registration_year, ph.region_code, 'subsidy',
              'HTB-' || ph.application_no, ph.plan_id, ph.id, 'P', ph.subsidy_amount, 600, 'bank', '2026-01-01',
              h.applicant_name, h.id_number, 36, '2026-01-01', '2028-12-31', now(), now(), 'effective'
       FROM allocation_plan_households ph JOIN households h ON h.id = ph.household_id
       WHERE ph.plan_id = :plan`,
      { plan: plan!.id },
    );
  });
  await db.raw('ANALYZE security_contracts');
  return district;
}

export async function benchSubsidy(db: Db, n = SUBSIDY_CONTRACTS): Promise<SubsidyFigures> {
  console.log(`subsidy: arranging ${n.toLocaleString('en')} effective subsidy contracts …`);
  const district = await arrange(db, n);
  const scope = scopeOfUser({
    id: 0,
    username: 'bench_subsidy',
    region_code: `${district}000000`,
    roles: ['admin'],
  });
  const actor = { username: scope.username, regionCode: scope.regionCode, action: 'bench.subsidy' };
  // A month no earlier run generated: each run adds new contracts, and earlier runs' months already exist.
  const year = 2026;
  const month = 11;
  let started = performance.now();
  const first = await inTransaction(db, actor, (trx) => generateDues(trx, scope, { year, month }));
  const generate_ms = performance.now() - started;
  started = performance.now();
  const second = await inTransaction(db, actor, (trx) => generateDues(trx, scope, { year, month }));
  const rerun_ms = performance.now() - started;
  printTable(
    ['step', 'ms', 'new rows'],
    [
      [
        `generate ${year}-${month} for ${n.toLocaleString('en')} contracts (target ≤ 30000)`,
        generate_ms.toFixed(0),
        String(first.created),
      ],
      ['generate the same month again (must create 0)', rerun_ms.toFixed(0), String(second.created)],
    ],
  );
  return { contracts: n, generate_ms, created: first.created, rerun_ms, rerun_created: second.created };
}

/** Standalone: a database of its own, created, migrated and seeded with the demo city when new. */
async function standalone(): Promise<void> {
  const url = new URL(
    process.env.SUBSIDY_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/hss_bench_subsidy',
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
    const figures = await benchSubsidy(db);
    if (figures.rerun_created !== 0 || figures.generate_ms > 30_000) process.exitCode = 1;
  } finally {
    await db.destroy();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await standalone();
