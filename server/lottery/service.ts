/**
 * The verifiable lottery and the allocation order (CJJ/T 196 10.2, A.7.1 保障对象配给顺序), algorithm hss-lottery-v1
 * (shared/lottery.ts, docs/lottery.md). Three steps, each one transaction:
 * - commitDraw: freeze a published plan's planned households as the roster (entry codes, cohorts), generate the
 *   server secret and publish the roster hash and the secret's commitment;
 * - runDraw: take the representatives' contributions, derive the seed with the revealed secret, shuffle within
 *   the cohorts, write the positions (lottery_results) and the plan's order (allocation_orders);
 * - cancelDraw: only before the draw, with a public reason (a new draw may then be committed, in the open).
 * A drawn draw never changes and is never re-run: the service refuses, and the database guard refuses again.
 */
import { randomBytes } from 'node:crypto';
import type { Db, Tx } from '../db/knex.ts';
import type { Scope } from '../access/scope.ts';
import { conflict, fieldError, notFound } from '../http/errors.ts';
import {
  ALGORITHM,
  cohortLabel,
  commitment,
  entryCode,
  rosterHash,
  runLottery,
  type RosterEntry,
} from '../../shared/lottery.ts';
import { guarded } from './errors.ts';
import type { CreateDrawInput, RunDrawInput } from './schema.ts';
import * as store from './store.ts';

type Conn = Db | Tx;

export async function drawOf(conn: Conn, scope: Scope, id: number, lock = false): Promise<store.DrawRow> {
  const draw = await store.findDraw(conn, scope, id, lock);
  if (!draw) throw notFound('摇号');
  return draw;
}

/** Cohort ranks by ordering score, best first; equal scores share a rank (and are ordered by the draw). */
function cohortRanks(households: store.PlannedHousehold[], mode: CreateDrawInput['cohorts']) {
  if (mode === 'single') return () => 1;
  // Scores are numeric text; compare as numbers. A household without a score comes after every scored one.
  const scores = [...new Set(households.map((h) => h.score))].sort((a, b) =>
    a === null ? 1 : b === null ? -1 : Number(b) - Number(a),
  );
  const rank = new Map(scores.map((s, i) => [s, i + 1]));
  return (h: store.PlannedHousehold) => rank.get(h.score)!;
}

/**
 * The frozen roster: every planned household with its entry code and cohort, in roster order (cohort rank, then
 * entry code), so the line a household stands on reveals nothing about its place in the waiting list.
 */
export function freezeRoster(
  drawNo: string,
  households: store.PlannedHousehold[],
  mode: CreateDrawInput['cohorts'],
): { entries: RosterEntry[]; columns: store.EntryColumns } {
  const rankOf = cohortRanks(households, mode);
  const lines = households.map((h) => ({
    h,
    code: entryCode(drawNo, h.application_no),
    rank: rankOf(h),
  }));
  lines.sort((a, b) => a.rank - b.rank || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  const columns: store.EntryColumns = {
    roster_index: [],
    entry_code: [],
    cohort: [],
    cohort_rank: [],
    score: [],
    household_id: [],
    application_no: [],
  };
  const entries: RosterEntry[] = lines.map((line, i) => {
    if (i > 0 && lines[i - 1]!.code === line.code)
      throw conflict(`两户的公开编码相同（${line.code}），请撤销后重新生成摇号`);
    columns.roster_index.push(i);
    columns.entry_code.push(line.code);
    columns.cohort.push(cohortLabel(line.rank));
    columns.cohort_rank.push(line.rank);
    columns.score.push(line.h.score);
    columns.household_id.push(line.h.household_id);
    columns.application_no.push(line.h.application_no);
    return { roster_index: i, entry_code: line.code, cohort: cohortLabel(line.rank), cohort_rank: line.rank };
  });
  return { entries, columns };
}

/**
 * Freezes the roster of a published plan and commits to a fresh server secret (32 random bytes): the draw is
 * public from now on, with its roster hash and commitment, and the secret never leaves the server until the draw.
 */
export async function commitDraw(trx: Tx, scope: Scope, input: CreateDrawInput): Promise<store.DrawRow> {
  if (input.region_code && !input.region_code.startsWith(scope.regionPrefix))
    throw fieldError('body.region_code', '行政区划代码不在您的管辖范围内');
  const plan = await store.findPlan(trx, scope, input.plan_id, true);
  if (!plan) throw fieldError('body.plan_id', '配置方案不存在或不在您的管辖范围内');
  if (input.region_code && input.region_code !== plan.region_code)
    throw fieldError('body.region_code', '摇号所属地区须与配置方案所在地区一致');
  if (plan.status !== 'published')
    throw conflict(`配置方案 ${plan.plan_no} 未发布（${plan.status}），只能对已发布的方案摇号`);
  const live = await store.liveDrawOf(trx, plan.id);
  if (live) throw conflict(`配置方案 ${plan.plan_no} 已有摇号 ${live.draw_no}，须先撤销（仅限摇号前）`);
  if (await store.hasOrder(trx, plan.id)) throw conflict(`配置方案 ${plan.plan_no} 已有配给顺序`);
  const households = await store.plannedHouseholds(trx, plan.id);
  if (!households.length) throw conflict(`配置方案 ${plan.plan_no} 没有待配置的家庭`);

  const drawNo = await store.nextDrawNo(trx);
  const { entries, columns } = freezeRoster(drawNo, households, input.cohorts);
  const secret = randomBytes(32).toString('hex');
  const id = await guarded(() =>
    store.insertDraw(trx, {
      draw_no: drawNo,
      plan_id: plan.id,
      title: input.title,
      algorithm: ALGORITHM,
      roster_size: entries.length,
      roster_hash: rosterHash(drawNo, entries),
      seed_commitment: commitment(secret),
      server_secret: secret,
      scheduled_at: input.scheduled_at ?? null,
      region_code: plan.region_code,
    }),
  );
  await store.insertEntries(trx, id, columns);
  return drawOf(trx, scope, id);
}

/**
 * The draw: reveals the secret, derives the seed from the roster hash, the contributions and the secret, shuffles
 * within the cohorts and writes the positions and the plan's allocation order, all in the caller's transaction.
 */
export async function runDraw(
  trx: Tx,
  scope: Scope,
  id: number,
  input: RunDrawInput,
): Promise<store.DrawRow> {
  const draw = await drawOf(trx, scope, id, true);
  if (draw.status === 'drawn') throw conflict(`摇号 ${draw.draw_no} 已于摇号时确定，不能重新摇号或修改`);
  if (draw.status === 'cancelled') throw conflict(`摇号 ${draw.draw_no} 已撤销，不能摇号`);
  const plan = await store.findPlan(trx, scope, draw.plan_id, true);
  if (plan?.status !== 'published')
    throw conflict(`配置方案 ${draw.plan_no} 已不是发布状态，不能摇号；请撤销本次摇号`);
  const entries = await store.entriesOf(trx, draw.id);
  const secret = await store.secretOf(trx, draw.id);
  const result = runLottery(draw.draw_no, entries, input.contributions, secret);
  // The roster on file must still be the one whose hash was published (the table is append-only; this says so).
  if (result.rosterHash !== draw.roster_hash || entries.length !== draw.roster_size)
    throw conflict(`摇号 ${draw.draw_no} 的名单与公布的名单哈希不符，不能摇号`);
  await guarded(async () => {
    await store.markDrawn(trx, draw.id, {
      contributions: input.contributions,
      seed: result.seed,
      result_hash: result.resultHash,
      drawn_by: scope.username,
    });
    await store.insertResultsAndOrder(
      trx,
      draw,
      result.order.map((e) => e.roster_index),
    );
  });
  return drawOf(trx, scope, draw.id);
}

/** Cancels a committed draw (never a drawn one) with a public reason. */
export async function cancelDraw(trx: Tx, scope: Scope, id: number, reason: string): Promise<store.DrawRow> {
  const draw = await drawOf(trx, scope, id, true);
  if (draw.status !== 'committed')
    throw conflict(`摇号 ${draw.draw_no} ${draw.status === 'drawn' ? '已摇号' : '已撤销'}，不能撤销`);
  await guarded(() => store.markCancelled(trx, draw.id, reason));
  return drawOf(trx, scope, draw.id);
}

export async function planOf(conn: Conn, scope: Scope, id: number): Promise<store.PlanRow> {
  const plan = await store.findPlan(conn, scope, id);
  if (!plan) throw notFound('配置方案');
  return plan;
}
