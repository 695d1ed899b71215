/**
 * The verifiable lottery over the real server and database: commit (roster hash + commitment, the secret never
 * out before the draw), draw (contributions, reveal, order written to allocation_orders), replay and public
 * verification with the shared algorithm, tamper detection, ties and the single cohort, and immutability (API 409
 * and the database refusing UPDATE/DELETE). Users: daoli_approver (lottery.manage), daoli_planner (no personal data).
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestServer, type ApiClient } from '../test/harness.ts';
import { insertPublishedPlan } from '../allocation/fixtures.ts';
import { runLottery } from '../../shared/lottery.ts';
import { verifyRecord, type PublicRecord } from '../../shared/lottery-verify.ts';
import { CONTRIBUTIONS } from './fixtures.ts';

const t = useTestServer();
const DISTRICT = '230102';
let approver: ApiClient;
let planner: ApiClient;

beforeAll(async () => {
  approver = await t.as('daoli_approver');
  planner = await t.as('daoli_planner');
});

/** The public record of a draw, downloaded as verify-lottery does. */
async function publicRecord(drawNo: string): Promise<PublicRecord> {
  const anyone = t.client();
  const [draw, roster, result] = await Promise.all([
    anyone.get(`/api/portal/lottery/${drawNo}`),
    anyone.get(`/api/portal/lottery/${drawNo}/roster`),
    anyone.get(`/api/portal/lottery/${drawNo}/result`),
  ]);
  for (const res of [draw, roster, result]) expect(res.status, JSON.stringify(res.body)).toBe(200);
  return { draw: draw.body, roster: roster.body.items, result: result.body.items };
}

async function commit(plan: number, cohorts: 'ties' | 'single' = 'ties') {
  const res = await approver.post('/api/lottery/draws', { plan_id: plan, title: '第一批摇号', cohorts });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: number; draw_no: string; roster_hash: string; seed_commitment: string };
}

const secretOf = async (id: number) =>
  (await t.db('lottery_draws').where({ id }).first('server_secret')).server_secret as string;

describe('commit and draw', () => {
  let plan: Awaited<ReturnType<typeof insertPublishedPlan>>;
  let draw: { id: number; draw_no: string; roster_hash: string; seed_commitment: string };

  beforeAll(async () => {
    plan = await insertPublishedPlan(t.db, DISTRICT, { households: 24, tag: 'LOT1' });
    draw = await commit(plan.plan);
  });

  it('publishes the roster hash and the commitment, and the secret nowhere before the draw', async () => {
    const secret = await secretOf(draw.id);
    expect(secret).toMatch(/^[0-9a-f]{64}$/);
    const detail = await approver.get(`/api/lottery/draws/${draw.id}`);
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({
      status: 'committed',
      roster_size: 24,
      server_secret: null,
      seed: null,
    });
    expect(detail.body.lines.items[0].position).toBeNull();
    const record = await publicRecord(draw.draw_no);
    const list = await t.client().get('/api/portal/lottery');
    for (const body of [detail.body, record, list.body]) expect(JSON.stringify(body)).not.toContain(secret);
    expect(record.draw.server_secret).toBeNull();
    expect(record.result).toEqual([]);
    // Before the draw the roster already checks out; the rest waits for the draw.
    const checks = verifyRecord(record);
    expect(checks.filter((c) => c.ok === false)).toEqual([]);
    expect(checks.find((c) => c.id === 'roster_hash')!.ok).toBe(true);
    expect(checks.find((c) => c.id === 'seed')!.ok).toBeNull();
  });

  it('publishes no personal data: no names, ID numbers, phones, application numbers or household ids', async () => {
    const record = JSON.stringify(await publicRecord(draw.draw_no));
    const households = await t.db('households').whereIn(
      'id',
      plan.households.map((h) => h.id),
    );
    for (const h of households)
      for (const value of [h.applicant_name, h.id_number, h.phone, h.application_no])
        expect(record).not.toContain(value);
    expect(record).not.toMatch(/household_id|application_no|applicant_name|"score"/);
  });

  it('refuses a second live draw for the plan', async () => {
    const res = await approver.post('/api/lottery/draws', { plan_id: plan.plan, title: '再摇一次' });
    expect(res.status).toBe(409);
  });

  it('validates the contributions at their fields', async () => {
    const res = await approver.post(`/api/lottery/draws/${draw.id}/draw`, {
      contributions: [
        { party: '代表1', value: '12a' },
        { party: '代表1', value: '5' },
        { party: 'a\tb', value: '1' },
      ],
    });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      'body.contributions.0.value',
      'body.contributions.1.party',
      'body.contributions.2.party',
    ]);
    const empty = await approver.post(`/api/lottery/draws/${draw.id}/draw`, { contributions: [] });
    expect(empty.status).toBe(400);
    expect((await t.db('lottery_draws').where({ id: draw.id }).first()).status).toBe('committed');
  });

  it('draws once: reveals the secret, writes positions and the allocation order in drawn order', async () => {
    const secret = await secretOf(draw.id);
    const res = await approver.post(`/api/lottery/draws/${draw.id}/draw`, { contributions: CONTRIBUTIONS });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ status: 'drawn', server_secret: secret, contributions: CONTRIBUTIONS });
    expect(res.body.lines.items.map((l: { position: number }) => l.position).slice(0, 3)).toEqual([1, 2, 3]);
    const orders = await t
      .db('allocation_orders as o')
      .join('lottery_results as r', function () {
        this.on('r.draw_id', 'o.draw_id').andOn('r.position', 'o.order_no');
      })
      .join('lottery_entries as e', function () {
        this.on('e.draw_id', 'r.draw_id').andOn('e.roster_index', 'r.roster_index');
      })
      .where('o.plan_id', plan.plan)
      .orderBy('o.order_no')
      .select(
        'o.order_no',
        'o.household_id',
        'e.household_id as entry_household',
        'o.group_name',
        'e.cohort',
      );
    expect(orders).toHaveLength(24);
    for (const o of orders) {
      expect(o.household_id).toBe(o.entry_household);
      expect(o.group_name).toBe(o.cohort);
    }
    // The order is audited once for the statement: a digest of exactly the rows written (migration 20261127170200).
    const logged = await t
      .db('operation_log')
      .where({ entity: 'allocation_orders', operation: 'insert', entity_id: String(plan.plan) });
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ actor: 'daoli_approver', action: 'lottery.draws.draw' });
    expect(logged[0].after).toMatchObject({
      rows: 24,
      plan_ids: [plan.plan],
      draw_ids: [draw.id],
      order_no: [1, 24],
    });
    const digest = createHash('sha256')
      .update(orders.map((o) => `${plan.plan}:${o.order_no}:${o.household_id}:${o.group_name}`).join('\n'))
      .digest('hex');
    expect(logged[0].after.digest).toBe(digest);
    const order = await approver.get(`/api/allocation/plans/${plan.plan}/order?page_size=100`);
    expect(order.status).toBe(200);
    expect(order.body.items.map((i: { household_id: number }) => i.household_id)).toEqual(
      orders.map((o) => o.household_id),
    );
  });

  it('replays to the identical order, and the public record verifies with the shared algorithm', async () => {
    const record = await publicRecord(draw.draw_no);
    expect(verifyRecord(record).map((c) => [c.id, c.ok])).toEqual([
      ['algorithm', true],
      ['roster_size', true],
      ['roster_form', true],
      ['roster_hash', true],
      ['commitment', true],
      ['seed', true],
      ['order', true],
      ['result_hash', true],
    ]);
    const replay = runLottery(draw.draw_no, record.roster, CONTRIBUTIONS, await secretOf(draw.id));
    expect(replay.order.map((e) => e.entry_code)).toEqual(record.result!.map((r) => r.entry_code));
    const again = runLottery(draw.draw_no, record.roster, CONTRIBUTIONS, await secretOf(draw.id));
    expect(again).toEqual(replay);
  });

  it('detects tampering with a roster entry, a contribution, the secret or the result', async () => {
    const record = await publicRecord(draw.draw_no);
    const failed = (r: PublicRecord) =>
      verifyRecord(r)
        .filter((c) => c.ok === false)
        .map((c) => c.id);
    const clone = () => structuredClone(record);

    // The first household of the second cohort moved up into the first: the roster still looks well formed.
    const roster = clone();
    const i = roster.roster.findIndex((e) => e.cohort_rank === 2);
    roster.roster[i]!.cohort_rank = 1;
    roster.roster[i]!.cohort = roster.roster[i - 1]!.cohort;
    expect(failed(roster)).toEqual(['roster_hash', 'order']);

    const contribution = clone();
    contribution.draw.contributions[1]!.value = '72';
    expect(failed(contribution)).toContain('seed');

    const secret = clone();
    secret.draw.server_secret = `${secret.draw.server_secret!.slice(0, 63)}0`.replace(/.$/, (c) =>
      c === '0' ? '1' : '0',
    );
    expect(failed(secret)).toEqual(expect.arrayContaining(['commitment', 'seed']));

    const swapped = clone();
    const [a, b] = [swapped.result![0]!.entry_code, swapped.result![1]!.entry_code];
    swapped.result![0]!.entry_code = b;
    swapped.result![1]!.entry_code = a;
    expect(failed(swapped)).toEqual(['order', 'result_hash']);
  });

  it('npm run verify-lottery reproduces the draw, and exits 1 on a tampered copy', async () => {
    const run = (...args: string[]) =>
      promisify(execFile)('npx', ['tsx', 'scripts/verify-lottery.ts', ...args], { timeout: 60_000 }).then(
        (out) => ({ code: 0, stdout: out.stdout }),
        (error: { code: number; stdout: string }) => ({ code: error.code, stdout: error.stdout }),
      );
    const good = await run(draw.draw_no, '--url', t.url);
    expect(good.stdout).toContain('✔ 顺序 order');
    expect(good.code, good.stdout).toBe(0);
    const record = await publicRecord(draw.draw_no);
    record.draw.contributions[0]!.value = '4';
    const file = join(mkdtempSync(join(tmpdir(), 'lottery-')), 'draw.json');
    writeFileSync(file, JSON.stringify(record));
    const bad = await run('--file', file);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('✘ 种子 seed');
  }, 120_000);

  it('can never be drawn again, cancelled or changed (API 409, database refuses)', async () => {
    const again = await approver.post(`/api/lottery/draws/${draw.id}/draw`, { contributions: CONTRIBUTIONS });
    expect(again.status).toBe(409);
    const cancel = await approver.post(`/api/lottery/draws/${draw.id}/cancel`, { reason: '重来' });
    expect(cancel.status).toBe(409);
    const before = await t.db('lottery_draws').where({ id: draw.id }).first();
    await expect(
      t
        .db('lottery_draws')
        .where({ id: draw.id })
        .update({ seed: '0'.repeat(64) }),
    ).rejects.toMatchObject({ code: 'HS409' });
    await expect(
      t.db('lottery_draws').where({ id: draw.id }).update({ status: 'committed' }),
    ).rejects.toMatchObject({ code: 'HS409' });
    await expect(t.db('lottery_draws').where({ id: draw.id }).delete()).rejects.toMatchObject({
      code: 'HS409',
    });
    await expect(
      t.db('lottery_results').where({ draw_id: draw.id, position: 1 }).update({ roster_index: 5 }),
    ).rejects.toMatchObject({ code: 'HS409' });
    await expect(t.db('lottery_results').where({ draw_id: draw.id }).delete()).rejects.toMatchObject({
      code: 'HS409',
    });
    await expect(
      t.db('lottery_entries').where({ draw_id: draw.id, roster_index: 0 }).update({ cohort_rank: 9 }),
    ).rejects.toMatchObject({ code: 'HS409' });
    expect(await t.db('lottery_draws').where({ id: draw.id }).first()).toEqual(before);
  });
});

describe('cohorts', () => {
  it('ties: cohorts keep the score order and only ties are shuffled', async () => {
    const plan = await insertPublishedPlan(t.db, DISTRICT, { households: 40, tag: 'LOT2' });
    const draw = await commit(plan.plan, 'ties');
    const drawn = await approver.post(`/api/lottery/draws/${draw.id}/draw`, { contributions: CONTRIBUTIONS });
    expect(drawn.status).toBe(200);
    // The minimal rules score by household size 1–4: four cohorts of 10, best (4 persons) first.
    expect(drawn.body.cohorts).toEqual(
      [1, 2, 3, 4].map((r) => ({ cohort: `第${r}组`, cohort_rank: r, size: 10 })),
    );
    const rows = await t
      .db('allocation_orders as o')
      .join('allocation_plan_households as ph', function () {
        this.on('ph.plan_id', 'o.plan_id').andOn('ph.household_id', 'o.household_id');
      })
      .where('o.plan_id', plan.plan)
      .orderBy('o.order_no')
      .select('o.order_no', 'o.group_name', 'ph.score', 'ph.waiting_rank');
    const scores = rows.map((r) => Number(r.score));
    expect(scores).toEqual([...scores].sort((x, y) => y - x));
    expect(rows.slice(0, 10).every((r) => r.group_name === '第1组' && Number(r.score) === 4)).toBe(true);
    // Within cohorts the draw, not the waiting rank, decides (10! orders: never the sorted one by chance here).
    const ranks = rows.map((r) => r.waiting_rank);
    expect(ranks).not.toEqual([...ranks].sort((x, y) => x - y));
  });

  it('single: one cohort for everyone, a pure lottery', async () => {
    const plan = await insertPublishedPlan(t.db, DISTRICT, { households: 12, tag: 'LOT3' });
    const draw = await commit(plan.plan, 'single');
    const drawn = await approver.post(`/api/lottery/draws/${draw.id}/draw`, { contributions: CONTRIBUTIONS });
    expect(drawn.body.cohorts).toEqual([{ cohort: '第1组', cohort_rank: 1, size: 12 }]);
    const groups = await t.db('allocation_orders').where({ plan_id: plan.plan }).distinct('group_name');
    expect(groups).toEqual([{ group_name: '第1组' }]);
    const record = await publicRecord(draw.draw_no);
    expect(verifyRecord(record).every((c) => c.ok)).toBe(true);
  });
});

describe('cancel, refusals and access', () => {
  it('cancels before the draw (reason public, secret kept) and allows a new draw for the plan', async () => {
    const plan = await insertPublishedPlan(t.db, DISTRICT, { households: 5, tag: 'LOT4' });
    const first = await commit(plan.plan);
    const cancelled = await approver.post(`/api/lottery/draws/${first.id}/cancel`, {
      reason: '公证员未到场',
    });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({
      status: 'cancelled',
      cancel_reason: '公证员未到场',
      server_secret: null,
    });
    const record = await publicRecord(first.draw_no);
    expect(record.draw).toMatchObject({
      status: 'cancelled',
      cancel_reason: '公证员未到场',
      server_secret: null,
    });
    expect(JSON.stringify(record)).not.toContain(await secretOf(first.id));
    const drawCancelled = await approver.post(`/api/lottery/draws/${first.id}/draw`, {
      contributions: CONTRIBUTIONS,
    });
    expect(drawCancelled.status).toBe(409);
    const second = await commit(plan.plan);
    expect(second.draw_no).not.toBe(first.draw_no);
    const list = await approver.get(`/api/lottery/draws?plan_id=${plan.plan}`);
    expect(list.body.items.map((d: { status: string }) => d.status)).toEqual(['committed', 'cancelled']);
  });

  it('refuses unpublished, foreign and mismatched plans at their fields', async () => {
    const plan = await insertPublishedPlan(t.db, DISTRICT, { households: 3, tag: 'LOT5' });
    await t.db('allocation_plans').where({ id: plan.plan }).update({ status: 'draft', published_at: null });
    const draft = await approver.post('/api/lottery/draws', { plan_id: plan.plan, title: '草稿方案' });
    expect(draft.status).toBe(409);
    const nangang = await t.as('nangang_approver');
    const foreign = await nangang.post('/api/lottery/draws', { plan_id: plan.plan, title: '越权' });
    expect(foreign.status).toBe(400);
    expect(foreign.body.errors[0].path).toBe('body.plan_id');
    const other = await approver.post('/api/lottery/draws', {
      plan_id: plan.plan,
      title: '地区不符',
      region_code: '230102001',
    });
    expect(other.status).toBe(400);
    expect(other.body.errors[0].path).toBe('body.region_code');
    // A plan withdrawn from deployment after the commit is not drawn.
    const later = await insertPublishedPlan(t.db, DISTRICT, { households: 3, tag: 'LOT7' });
    const committed = await commit(later.plan);
    await t.db('allocation_plans').where({ id: later.plan }).update({ status: 'cancelled' });
    const drawn = await approver.post(`/api/lottery/draws/${committed.id}/draw`, {
      contributions: CONTRIBUTIONS,
    });
    expect(drawn.status).toBe(409);
    expect(await t.db('lottery_results').where({ draw_id: committed.id })).toEqual([]);
    const missing = await approver.post('/api/lottery/draws', { title: '' });
    expect(missing.body.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      'body.plan_id',
      'body.title',
    ]);
  });

  it('lets only lottery.manage draw, and masks names for readers without personal data', async () => {
    const plan = await insertPublishedPlan(t.db, DISTRICT, { households: 4, tag: 'LOT6' });
    expect((await planner.post('/api/lottery/draws', { plan_id: plan.plan, title: '规划员' })).status).toBe(
      403,
    );
    const draw = await commit(plan.plan);
    const asPlanner = await planner.get(`/api/lottery/draws/${draw.id}`);
    expect(asPlanner.status).toBe(200);
    expect(asPlanner.body.personal_data_masked).toBe(true);
    const names = asPlanner.body.lines.items.map((l: { applicant_name: string }) => l.applicant_name);
    expect(names.every((n: string) => /^轮\*+$/.test(n))).toBe(true);
    const asApprover = await approver.get(
      `/api/lottery/draws/${draw.id}?q=${plan.households[0]!.application_no}`,
    );
    expect(asApprover.body.lines.items).toHaveLength(1);
    expect(asApprover.body.lines.items[0].applicant_name).toBe('轮候户1');
  });
});
