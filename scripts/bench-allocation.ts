/**
 * `npm run bench:allocation`: allocation and deployment (issue 7) on the bench city (scripts/bench/city.ts:
 * 1,000,000 households, 300,000 units), three parts each in its own module:
 *
 * 1. Lottery (scripts/bench/allocation-lottery.ts): order and draw a waiting list of 100,000 households —
 *    freeze + commit and draw + write the order through the lottery's services — target ≤ 2 s; then the public
 *    record re-verified with the shared algorithm.
 * 2. Selection (scripts/bench/allocation-selection.ts): a session of 200 households over 100 units served by a
 *    spawned real server; 200 concurrent clients over HTTP and SSE picking when their turn comes, plus
 *    out-of-turn and same-unit attempts; then the database is checked — target 0 double allocations,
 *    pick p95 ≤ 200 ms.
 * 3. Subsidies (scripts/bench/allocation-subsidy.ts): a month's dues for 100,000 effective subsidy contracts —
 *    target ≤ 30 s — and the same month again, which must create nothing.
 *
 * Prints the figures of each part and a summary against the targets; exits 1 if a correctness check fails
 * (a wrong replay, a double allocation, a second run that created rows). Timings are reported, not asserted.
 */
import { BENCH_DATABASE, prepareBenchCity } from './bench/city.ts';
import { benchLottery } from './bench/allocation-lottery.ts';
import { benchSelection } from './bench/allocation-selection.ts';
import { benchSubsidy } from './bench/allocation-subsidy.ts';
import { printTable } from './bench/stats.ts';

const db = await prepareBenchCity();
try {
  console.log('\n— 1. lottery: order and draw 100,000 households —');
  const lottery = await benchLottery(db);
  console.log('\n— 2. online selection: 200 concurrent clients over 100 units —');
  const selection = await benchSelection(db, BENCH_DATABASE);
  console.log('\n— 3. subsidies: a month of dues for 100,000 contracts —');
  const subsidy = await benchSubsidy(db);

  const met = (ok: boolean) => (ok ? 'met' : 'NOT met');
  console.log('\nsummary (targets of issue 7)');
  printTable(
    ['measure', 'figure', 'target', ''],
    [
      [
        `order + draw, ${lottery.households.toLocaleString('en')} households`,
        `${(lottery.order_and_draw_ms / 1000).toFixed(2)} s`,
        '≤ 2 s',
        met(lottery.order_and_draw_ms <= 2000),
      ],
      [
        'replay of the public record',
        lottery.verified ? 'identical' : 'MISMATCH',
        'identical',
        met(lottery.verified),
      ],
      [
        `units allocated twice / households twice (${selection.clients} clients, ${selection.units} units)`,
        `${selection.double_units} / ${selection.double_households}`,
        '0 / 0',
        met(selection.double_units === 0 && selection.double_households === 0),
      ],
      [
        `pick p50 / p95 (${selection.picks} picks)`,
        `${selection.pick_p50_ms.toFixed(1)} / ${selection.pick_p95_ms.toFixed(1)} ms`,
        'p95 ≤ 200 ms',
        met(selection.pick_p95_ms <= 200),
      ],
      [
        `monthly dues, ${subsidy.contracts.toLocaleString('en')} contracts`,
        `${(subsidy.generate_ms / 1000).toFixed(2)} s (${subsidy.created.toLocaleString('en')} rows)`,
        '≤ 30 s',
        met(subsidy.generate_ms <= 30_000),
      ],
      [
        'the same month again',
        `${subsidy.rerun_created} rows in ${(subsidy.rerun_ms / 1000).toFixed(2)} s`,
        '0 rows',
        met(subsidy.rerun_created === 0),
      ],
    ],
  );
  const correct =
    lottery.verified &&
    selection.double_units === 0 &&
    selection.double_households === 0 &&
    selection.adversarial_wins === 0 &&
    subsidy.rerun_created === 0;
  if (!correct) process.exitCode = 1;
} finally {
  await db.destroy();
}
