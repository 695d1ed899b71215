/**
 * Selection bench (issue 7, A.7.2 网上选房): one session of 200 households over 100 units, served by a real server
 * in its own process (scripts/bench/server.ts). 200 concurrent clients each log in as their household (申请编号 +
 * 选房码), follow the public SSE stream, and when the stream says it is their turn pick a random unit still
 * available (retrying on 409 房源已被选). Adversaries at the same time: every pick is sent twice at once by its
 * household, a rival household sends a pick of the same unit at the same moment, and after each pick a few
 * households that are not at turn try to pick anyway. Then the database is checked: no unit in two active
 * selections, no household in two, every success matches a selection. Target: pick p95 ≤ 200 ms.
 *
 *   npx tsx scripts/bench/allocation-selection.ts     (SELECTION_BENCH_DATABASE_URL, default hss_bench_selection:
 *                                                      created, migrated and seeded with the demo city if new)
 */
import pg from 'pg';
import { migrateLatest } from '../../db/migrate.ts';
import { createDb, type Db } from '../../server/db/knex.ts';
import { inTransaction } from '../../server/db/tx.ts';
import { regionPrefix, type Scope } from '../../server/access/scope.ts';
import { permissionsOf } from '../../server/access/permissions.ts';
import { insertOrder, insertPublishedPlan } from '../../server/allocation/fixtures.ts';
import { createSession, openSession } from '../../server/selection/service.ts';
import { spawnServer } from './server.ts';
import { ms, printTable, summary } from './stats.ts';

export const SELECTION_HOUSEHOLDS = Number(process.env.BENCH_SELECTION_HOUSEHOLDS ?? 200);
export const SELECTION_UNITS = Number(process.env.BENCH_SELECTION_UNITS ?? 100);
const OUT_OF_TURN_PER_PICK = 3;

export interface SelectionFigures {
  clients: number;
  units: number;
  picks: number;
  pick_p50_ms: number;
  pick_p95_ms: number;
  pick_max_ms: number;
  unit_taken_409: number;
  out_of_turn_409: number;
  adversarial_wins: number;
  double_units: number;
  double_households: number;
  seconds: number;
}

/** What the bench reads of the public stream (server/selection/events.ts documents the format). */
interface StreamData {
  status: string;
  current: { order_no: number } | null;
  changes?: { kind: string; unit_id?: number }[];
  buildings?: { floors: { rooms: ({ unit_id: number; status: string } | null)[] }[] }[];
}

interface Event {
  event: string;
  data: StreamData;
}

interface Answer {
  status: number;
  body: { code?: string } | null;
  ms: number;
}

/** Parses an SSE stream, calling `on` for each event until it returns true or the stream ends. */
async function follow(response: Response, on: (e: Event) => boolean | Promise<boolean>): Promise<void> {
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true });
    let cut: number;
    while ((cut = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      const lines = block.split('\n').filter((l) => l && !l.startsWith(':'));
      const field = (name: string) =>
        lines
          .find((l) => l.startsWith(`${name}:`))
          ?.slice(name.length + 1)
          .trim();
      const event = field('event');
      if (!event) continue;
      if (await on({ event, data: JSON.parse(field('data') ?? 'null') as StreamData })) {
        await reader.cancel();
        return;
      }
    }
  }
}

class Household {
  cookie = '';
  constructor(
    readonly base: string,
    readonly orderNo: number,
  ) {}
  async post(path: string, body: unknown): Promise<Answer> {
    const started = performance.now();
    const res = await fetch(`${this.base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(this.cookie ? { cookie: this.cookie } : {}) },
      body: JSON.stringify(body),
    });
    const text = await res.text();
    const elapsed = performance.now() - started;
    const cookie = /hss_sel=([^;]*)/.exec(res.headers.get('set-cookie') ?? '')?.[1];
    if (cookie) this.cookie = `hss_sel=${cookie}`;
    return { status: res.status, body: text ? (JSON.parse(text) as Answer['body']) : null, ms: elapsed };
  }
  pick = (unit: number) => this.post('/pick', { unit_id: unit });
}

const bench = (): Scope => ({
  userId: 0,
  username: 'bench',
  regionCode: '230103000000',
  regionPrefix: regionPrefix('230103000000'),
  roles: ['admin'],
  permissions: new Set(permissionsOf(['admin'])),
});

export async function benchSelection(db: Db, databaseUrl: string): Promise<SelectionFigures> {
  const tag = `SB${Date.now().toString(36).toUpperCase()}`;
  const plan = await insertPublishedPlan(db, '230103', {
    households: SELECTION_HOUSEHOLDS,
    units: SELECTION_UNITS,
    tag,
  });
  await insertOrder(db, plan.plan);
  const { session, codes } = await inTransaction(db, { username: 'bench' }, (trx) =>
    createSession(trx, bench(), {
      plan_id: plan.plan,
      title: `压测选房 ${tag}`,
      turn_seconds: 120,
      max_skips: 1,
    }),
  );
  const server = await spawnServer(databaseUrl, { LOG_LEVEL: 'warn' });
  const base = `${server.url}/api/portal/selection/${session.id}`;
  try {
    // Everyone logs in and subscribes before the session opens.
    const households = codes.map((c) => new Household(base, c.order_no));
    const byOrder = new Map(households.map((h) => [h.orderNo, h]));
    await Promise.all(
      households.map(async (h, i) => {
        const res = await h.post('/login', {
          application_no: codes[i]!.application_no,
          code: codes[i]!.code,
        });
        if (res.status !== 200)
          throw new Error(`login ${h.orderNo}: ${res.status} ${JSON.stringify(res.body)}`);
      }),
    );
    const pickMs: number[] = [];
    const duplicateMs: number[] = [];
    let unitTaken = 0;
    let outOfTurn = 0;
    let adversarialWins = 0;
    let picks = 0;
    let subscribed = 0;
    let allSubscribed!: () => void;
    const ready = new Promise<void>((resolve) => (allSubscribed = resolve));

    const client = async (h: Household) => {
      const available = new Set<number>();
      const stream = await fetch(`${base}/events`, { headers: { cookie: h.cookie } });
      let busy = false;
      await follow(stream, async ({ event, data }) => {
        if (event === 'state') {
          for (const b of data.buildings ?? [])
            for (const f of b.floors)
              for (const r of f.rooms) if (r?.status === 'available') available.add(r.unit_id);
          if (++subscribed === households.length) allSubscribed();
        } else
          for (const c of data.changes ?? []) {
            if (c.kind === 'unit_picked') available.delete(c.unit_id!);
            if (c.kind === 'unit_released') available.add(c.unit_id!);
          }
        if (data.status === 'closed') return true;
        if (event !== 'change' || busy || data.current?.order_no !== h.orderNo) return false;
        busy = true;
        // My turn: a random available unit, sent twice at once, with a rival sending the same unit.
        for (;;) {
          const units = [...available];
          if (units.length === 0) return true;
          const unit = units[Math.floor(Math.random() * units.length)]!;
          const rival = byOrder.get(h.orderNo + 1) ?? byOrder.get(1)!;
          const [mine, twice, theirs] = await Promise.all([h.pick(unit), h.pick(unit), rival.pick(unit)]);
          pickMs.push(mine.ms);
          duplicateMs.push(twice.ms, theirs.ms);
          const wins = [mine, twice].filter((r) => r.status === 201).length;
          if (theirs.status === 201) adversarialWins += 1;
          else outOfTurn += 1;
          if (wins > 1) adversarialWins += wins - 1;
          for (const r of [mine, twice]) if (r.body?.code === 'unit_taken') unitTaken += 1;
          if (wins >= 1) {
            picks += 1;
            // Others not at turn try anyway.
            // (not the next household: it is at turn now and may rightly pick)
            const others = households
              .filter((x) => x.orderNo !== h.orderNo && x.orderNo !== h.orderNo + 1)
              .sort(() => Math.random() - 0.5);
            const tries = await Promise.all(
              others.slice(0, OUT_OF_TURN_PER_PICK).map((x) => x.pick(units[0]!)),
            );
            for (const t of tries) if (t.status === 201) adversarialWins += 1;
            outOfTurn += tries.filter((t) => t.status === 409).length;
            return true;
          }
          available.delete(unit);
          if (![mine, twice].some((r) => r.body?.code === 'unit_taken')) return true; // turn passed
        }
      });
    };
    const clients = households.map((h) => client(h));
    await ready;
    const started = performance.now();
    await inTransaction(db, { username: 'bench' }, (trx) => openSession(trx, bench(), session.id));
    await Promise.all(clients);
    const seconds = (performance.now() - started) / 1000;

    const doubles = async (column: string) =>
      (
        await db.raw<{ rows: unknown[] }>(
          `SELECT ${column} FROM unit_selections WHERE status = 'active' GROUP BY ${column} HAVING count(*) > 1`,
        )
      ).rows.length;
    const selections = Number(
      (await db('unit_selections')
        .where({ session_id: session.id, status: 'active' })
        .count({ n: '*' })
        .first())!.n,
    );
    const s = summary(pickMs);
    const d = summary(duplicateMs);
    const figures: SelectionFigures = {
      clients: households.length,
      units: SELECTION_UNITS,
      picks,
      pick_p50_ms: s.p50,
      pick_p95_ms: s.p95,
      pick_max_ms: s.max,
      unit_taken_409: unitTaken,
      out_of_turn_409: outOfTurn,
      adversarial_wins: adversarialWins,
      double_units: await doubles('unit_id'),
      double_households: await doubles('household_id'),
      seconds,
    };
    console.log(
      `Online selection: ${households.length} clients over ${SELECTION_UNITS} units (session ${session.session_no})`,
    );
    printTable(
      ['figure', 'value'],
      [
        ['successful picks (selections in the DB)', `${picks} (${selections})`],
        ['pick requests (households at turn)', pickMs.length],
        ['pick p50 / p95 / max ms (target p95 ≤ 200)', `${ms(s.p50)} / ${ms(s.p95)} / ${ms(s.max)}`],
        ['concurrent duplicate/rival p50 / p95 ms', `${ms(d.p50)} / ${ms(d.p95)}`],
        ['409 房源已被选 (duplicates)', unitTaken],
        ['409 out of turn (rivals and bystanders)', outOfTurn],
        ['adversarial attempts that won', adversarialWins],
        ['units in two active selections', figures.double_units],
        ['households in two active selections', figures.double_households],
        ['session wall time s', seconds.toFixed(1)],
      ],
    );
    if (selections !== picks) throw new Error(`${picks} successful picks but ${selections} selections`);
    return figures;
  } finally {
    server.stop();
  }
}

/** Standalone: a database of its own, created, migrated and seeded with the demo city when new. */
async function standalone(): Promise<void> {
  const url = new URL(
    process.env.SELECTION_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/hss_bench_selection',
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
    const figures = await benchSelection(db, url.toString());
    if (figures.double_units || figures.double_households || figures.adversarial_wins) process.exitCode = 1;
  } finally {
    await db.destroy();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await standalone();
