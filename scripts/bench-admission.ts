/**
 * `npm run bench:admission`: the workflow engine on the bench city (scripts/bench/city.ts: 1,000,000 households,
 * each an admission application with a process instance; 10,000 open 初审 tasks per district, loaded by
 * scripts/bench/admission.ts and reloaded when a previous run changed them).
 *
 * 1. Inbox: the task inbox query (the route's read, minus HTTP) of each district's reviewer — p50/p95 of repeated
 *    calls per view (target p95 ≤ 100 ms).
 * 2. Completions: 1,000 open 初审 tasks across the districts, each completed TWICE at the same moment (the second
 *    attempt is a concurrent duplicate) through the engine on BENCH_CONCURRENCY (default 50) connections with the
 *    application's role, audit triggers on. Then the database is checked: exactly one completion per task won,
 *    the other got 409, every case moved to 复审 once — no lost or doubled update. Prints throughput.
 *
 * Prints figures; asserts nothing but the consistency check (exit code 1 if it fails).
 */
import { prepareBenchCity, BENCH_DATABASE } from './bench/city.ts';
import { admissionLoaded, loadAdmission, OPEN_PER_DISTRICT } from './bench/admission.ts';
import { createDb } from '../server/db/knex.ts';
import { inTransaction } from '../server/db/tx.ts';
import { regionPrefix } from '../server/access/scope.ts';
import { AppError } from '../server/http/errors.ts';
import { completeTask, type WorkflowActor } from '../server/workflow/engine.ts';
import { inbox, type InboxFilter } from '../server/workflow/read-store.ts';
import { ms, printTable, summary } from './bench/stats.ts';

const REPEAT = Number(process.env.BENCH_REPEAT ?? 30);
const COMPLETIONS = Number(process.env.BENCH_COMPLETIONS ?? 1000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 50);

const owner = await prepareBenchCity();
if (!(await admissionLoaded(owner))) {
  console.log(
    `loading the admission workload (${OPEN_PER_DISTRICT.toLocaleString('en')} open 初审 tasks per district) …`,
  );
  const started = performance.now();
  await loadAdmission(owner);
  console.log(`loaded in ${((performance.now() - started) / 1000).toFixed(0)} s`);
}
const { rows: sizes } = await owner.raw<{ rows: { t: string; n: number }[] }>(
  `SELECT 'instances' AS t, count(*)::int AS n FROM wf_process_instances
   UNION ALL SELECT 'tasks', count(*)::int FROM wf_tasks
   UNION ALL SELECT 'open tasks', count(*)::int FROM wf_tasks WHERE status = 'open'`,
);
console.log(sizes.map((r) => `${r.t}: ${r.n.toLocaleString('en')}`).join(', '), '\n');

const districts = (
  await owner.raw<{ rows: { code: string; name: string; reviewer: string | null }[] }>(
    `SELECT r.code, r.name,
            (SELECT u.username FROM staff_users u JOIN staff_user_roles ur ON ur.user_id = u.id
             WHERE u.region_code = r.code AND ur.role_code = 'reviewer' ORDER BY u.id LIMIT 1) AS reviewer
     FROM regions r WHERE r.code IN (SELECT DISTINCT substr(region_code, 1, 6) || '000000' FROM households)
     ORDER BY r.code`,
  )
).rows;
const reviewerOf = (d: (typeof districts)[number]): WorkflowActor => ({
  username: d.reviewer ?? `bench_reviewer_${d.code}`,
  roles: ['reviewer'],
  regionCode: d.code,
  regionPrefix: regionPrefix(d.code),
});

// ---- 1. inbox ----------------------------------------------------------------------------------------------
const app = createDb(BENCH_DATABASE, { appRole: 'hss_app', max: CONCURRENCY });
const views: [string, Partial<InboxFilter>][] = [
  ['all, page 1', { view: 'all' }],
  ['candidate, page 1', { view: 'candidate' }],
  ['all, node=first_review, page 50', { view: 'all', node: 'first_review', page: 50 }],
  ['all, q=an application no', { view: 'all' }],
];
/** A case each district's reviewer would look up by its application number (from their open tasks). */
const lookups = new Map<string, string>();
for (const d of districts) {
  const row: { name: string } | undefined = await owner('wf_tasks as t')
    .join('wf_process_instances as p', 'p.id', 't.process_instance_id')
    .where({ 't.region_code': d.code, 't.status': 'open', 't.node_key': 'first_review' })
    .orderBy('t.id', 'desc')
    .first('p.name');
  lookups.set(d.code, row?.name.replace(/^准入申请 /, '') ?? 'HRB');
}
const inboxRows: (string | number)[][] = [];
const all: number[] = [];
for (const [label, extra] of views) {
  const samples: number[] = [];
  let total = 0;
  for (const d of districts) {
    const who = reviewerOf(d);
    const filter: InboxFilter = { view: 'all', page: 1, page_size: 20, ...extra };
    if (label.includes('q=')) filter.q = lookups.get(d.code);
    await inbox(app, who, filter); // warm
    for (let i = 0; i < REPEAT; i++) {
      const started = performance.now();
      const answer = await inbox(app, who, filter);
      samples.push(performance.now() - started);
      total = answer.total;
    }
  }
  all.push(...samples);
  const s = summary(samples);
  inboxRows.push([label, districts.length * REPEAT, total, ms(s.p50), ms(s.p95), ms(s.max)]);
}
console.log(`Inbox of a district reviewer (${districts.length} districts × ${REPEAT} calls per view)`);
printTable(['view', 'calls', 'total (last district)', 'p50 ms', 'p95 ms', 'max ms'], inboxRows);
const overall = summary(all);
console.log(
  `\nall inbox calls: p50 ${ms(overall.p50)} ms, p95 ${ms(overall.p95)} ms (target p95 ≤ 100 ms)\n`,
);

// ---- 2. concurrent completions -------------------------------------------------------------------------------
const perDistrict = Math.ceil(COMPLETIONS / districts.length);
const picked: { id: number; district: (typeof districts)[number] }[] = [];
for (const d of districts) {
  const ids = (await owner('wf_tasks')
    .where({ region_code: d.code, node_key: 'first_review', status: 'open' })
    .orderBy('id')
    .limit(perDistrict)
    .pluck('id')) as number[];
  picked.push(...ids.map((id) => ({ id, district: d })));
}
const tasks = picked.slice(0, COMPLETIONS);
// Each task twice in a row: neighbouring attempts are taken by different connections at the same moment.
const attempts = tasks.flatMap((t) => [t, t]);
const outcome = { won: 0, conflict: 0, failed: 0 };
const latencies: number[] = [];
let next = 0;
const started = performance.now();
await Promise.all(
  Array.from({ length: CONCURRENCY }, async () => {
    while (next < attempts.length) {
      const attempt = attempts[next++]!;
      const actor = reviewerOf(attempt.district);
      const t0 = performance.now();
      try {
        await inTransaction(app, { username: actor.username, action: 'workflow.tasks.complete' }, (trx) =>
          completeTask(trx, actor, attempt.id, { decision: 'approve', comment: '压力测试' }),
        );
        outcome.won += 1;
      } catch (err) {
        if (err instanceof AppError && err.status === 409) outcome.conflict += 1;
        else {
          outcome.failed += 1;
          if (outcome.failed <= 3) console.error(err);
        }
      }
      latencies.push(performance.now() - t0);
    }
  }),
);
const seconds = (performance.now() - started) / 1000;
const lat = summary(latencies);
console.log(
  `Completions: ${tasks.length} tasks × 2 concurrent attempts on ${CONCURRENCY} connections in ${seconds.toFixed(2)} s`,
);
printTable(
  ['completed', '409 (duplicate)', 'errors', 'completions/s', 'attempts/s', 'p50 ms', 'p95 ms'],
  [
    [
      outcome.won,
      outcome.conflict,
      outcome.failed,
      (outcome.won / seconds).toFixed(0),
      (attempts.length / seconds).toFixed(0),
      ms(lat.p50),
      ms(lat.p95),
    ],
  ],
);

// ---- consistency: no lost and no doubled update ------------------------------------------------------------
const ids = tasks.map((t) => t.id);
const { rows: check } = await owner.raw<{ rows: Record<string, number>[] }>(
  `SELECT
     (SELECT count(*) FROM wf_tasks WHERE id = ANY(:ids) AND status = 'completed' AND decision = 'approve'
        AND version = 2)::int AS tasks_completed_once,
     (SELECT count(*) FROM wf_events WHERE task_id = ANY(:ids) AND type = 'completed')::int AS completion_events,
     (SELECT count(DISTINCT task_id) FROM wf_events WHERE task_id = ANY(:ids) AND type = 'completed')::int
        AS tasks_with_event,
     (SELECT count(*) FROM wf_node_instances ni JOIN wf_tasks t ON t.process_instance_id = ni.process_instance_id
        WHERE t.id = ANY(:ids) AND ni.status = 'active' AND ni.node_key = 'second_review')::int AS at_second_review,
     (SELECT count(*) FROM wf_node_instances ni JOIN wf_tasks t ON t.process_instance_id = ni.process_instance_id
        WHERE t.id = ANY(:ids) AND ni.status = 'active')::int AS active_nodes,
     (SELECT count(*) FROM wf_tasks s JOIN wf_tasks t ON t.process_instance_id = s.process_instance_id
        WHERE t.id = ANY(:ids) AND s.node_key = 'second_review' AND s.status = 'open')::int AS open_second_review,
     (SELECT count(*) FROM wf_process_instances p JOIN wf_tasks t ON t.process_instance_id = p.id
        WHERE t.id = ANY(:ids) AND (p.variables->>'approve')::boolean)::int AS approve_set`,
  { ids },
);
const c = check[0]!;
console.log('\nAfterwards, for the', tasks.length, 'tasks:');
printTable(
  ['check', 'expected', 'found'],
  Object.entries(c).map(([k, v]) => [k, tasks.length, v]),
);
const lost = tasks.length - Math.min(...Object.values(c));
const doubled = Math.max(...Object.values(c)) - tasks.length + outcome.won - tasks.length;
const consistent =
  Object.values(c).every((v) => v === tasks.length) &&
  outcome.won === tasks.length &&
  outcome.conflict === tasks.length &&
  outcome.failed === 0;
console.log(
  `\nlost updates: ${Math.max(0, lost)}, doubled updates: ${Math.max(0, doubled)} → ${consistent ? 'consistent' : 'INCONSISTENT'}`,
);
console.log('(the next run reloads the workload, since this one moved cases on)');

await app.destroy();
await owner.destroy();
process.exitCode = consistent ? 0 : 1;
