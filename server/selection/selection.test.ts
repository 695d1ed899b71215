/**
 * Online selection (A.7.2) through the API against a real database: sessions over a plan's order, picking with
 * the writes it implies, turn enforcement, parallel picks of one unit (exactly one wins, also at the indexes),
 * the time limit (顺延 then forfeit), pause/resume, and review.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestServer, type ApiClient } from '../test/harness.ts';
import { expireTurns } from './timer.ts';
import { applicantAt, createTestSession } from './fixtures.ts';

const t = useTestServer();
let staff: ApiClient;
let reviewer: ApiClient;

beforeAll(async () => {
  staff = await t.as('nangang_caseworker');
  reviewer = await t.as('nangang_reviewer');
});

const state = async (id: number) => (await staff.get(`/api/selection/sessions/${id}`)).body;
const turnsOf = async (id: number) =>
  (await staff.get(`/api/selection/sessions/${id}/turns`)).body.items as any[];
const proxy = (id: number, turn_id: number, unit_id: number) =>
  staff.post(`/api/selection/sessions/${id}/proxy-pick`, {
    turn_id,
    unit_id,
    proxy_reason: '申请人年老，现场代选',
  });

/** Moves the deadline of the session's active turn into the past. */
const expireNow = (id: number) =>
  t
    .db('selection_turns')
    .where({ session_id: id, status: 'active' })
    .update({ deadline: t.db.raw("now() - interval '1 second'") });

describe('sessions', () => {
  it('are made from the plan order, with a code per household, and refuse plans without units or order', async () => {
    const s = await createTestSession(t, staff, { households: 4, units: 3 });
    expect(s.body).toMatchObject({ status: 'scheduled', version: 0, current: null });
    expect(s.body.counts).toMatchObject({
      units_total: 3,
      units_available: 3,
      turns_total: 4,
      turns_waiting: 4,
    });
    expect(s.codes.map((c) => c.order_no)).toEqual([1, 2, 3, 4]);
    for (const c of s.codes) expect(c.code).toMatch(/^\d{8}$/);
    const stored = await t.db('selection_access').where({ session_id: s.id }).pluck('code_hash');
    expect(stored.some((h: string) => s.codes.some((c) => h.includes(c.code)))).toBe(false);
    const turns = await turnsOf(s.id);
    expect(turns.map((x) => x.household_id)).toEqual(s.order);

    // The same households cannot be queued twice in unclosed sessions of the plan.
    const again = await staff.post('/api/selection/sessions', {
      plan_id: s.plan.plan,
      title: '重复',
      turn_seconds: 60,
    });
    expect(again.status).toBe(400);
    expect(again.body.errors[0].path).toBe('body.plan_id');
    const bad = await staff.post('/api/selection/sessions', {
      plan_id: s.plan.plan,
      title: '',
      turn_seconds: 5,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      'body.title',
      'body.turn_seconds',
    ]);
  });

  it('open starts the first turn; a pick writes selection, resource, unit, household and moves the turn on', async () => {
    const s = await createTestSession(t, staff, { households: 3, units: 3, open: true });
    const opened = await state(s.id);
    expect(opened.status).toBe('open');
    expect(opened.current).toMatchObject({ order_no: 1, household_id: s.order[0] });
    expect(new Date(opened.current.deadline).getTime()).toBeGreaterThan(Date.now() + 590_000);
    const unit = s.plan.units.units[1]!;
    const res = await proxy(s.id, opened.current.turn_id, unit.id);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ unit_id: unit.id, unit_no: unit.unit_no });
    const after = await state(s.id);
    expect(after.current.order_no).toBe(2);
    expect(after.version).toBeGreaterThan(opened.version);
    expect(after.counts).toMatchObject({ units_available: 2, picked: 1 });
    const sel = await t.db('unit_selections').where({ id: res.body.selection_id }).first();
    expect(sel).toMatchObject({
      household_id: s.order[0],
      unit_id: unit.id,
      status: 'active',
      proxy_by: 'nangang_caseworker',
    });
    expect(sel.proxy_reason).toBe('申请人年老，现场代选');
    expect(await t.db('allocation_plan_resources').where({ unit_id: unit.id }).first()).toMatchObject({
      status: 'allocated',
    });
    expect((await t.db('housing_units').where({ id: unit.id }).first()).delivery_status).toBe('allocated');
    expect((await t.db('households').where({ id: s.order[0] }).first()).waiting_status).toBe('allocated');
    expect(
      await t
        .db('allocation_plan_households')
        .where({ plan_id: s.plan.plan, household_id: s.order[0] })
        .first(),
    ).toMatchObject({ status: 'allocated' });
    expect((await turnsOf(s.id)).find((x) => x.household_id === s.order[0]).status).toBe('picked');

    const floor = (await staff.get(`/api/selection/sessions/${s.id}/units`)).body;
    const rooms = floor.buildings.flatMap((b: any) => b.floors.flatMap((f: any) => f.rooms)).filter(Boolean);
    expect(rooms.find((r: any) => r.unit_id === unit.id).status).toBe('selected');
    expect(rooms.filter((r: any) => r.status === 'available')).toHaveLength(2);
  });

  it('pause freezes the time left, refuses picks, and resume gives the time back', async () => {
    const s = await createTestSession(t, staff, { households: 2, units: 2, turn_seconds: 300, open: true });
    const paused = (await staff.post(`/api/selection/sessions/${s.id}/pause`)).body;
    expect(paused.status).toBe('paused');
    expect(paused.current.deadline).toBeNull();
    expect(paused.current.remaining_seconds).toBeGreaterThan(295);
    const refused = await proxy(s.id, paused.current.turn_id, s.plan.units.units[0]!.id);
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toContain('已暂停');
    // Time passing while paused (or the timer running) does not end the turn.
    await expireNow(s.id);
    expect(await expireTurns(t.db)).toBe(0);
    const resumed = (await staff.post(`/api/selection/sessions/${s.id}/resume`)).body;
    expect(resumed.status).toBe('open');
    const left = new Date(resumed.current.deadline).getTime() - Date.now();
    expect(left).toBeGreaterThan(290_000);
    expect(left).toBeLessThan(301_000);
    expect((await staff.post(`/api/selection/sessions/${s.id}/resume`)).status).toBe(409);
  });
});

describe('turn enforcement', () => {
  it('refuses picks out of turn, a taken unit, a unit outside the plan, and a second pick after the turn', async () => {
    const s = await createTestSession(t, staff, { households: 3, units: 3, open: true });
    const [u1, u2, u3] = s.plan.units.units;
    const first = await applicantAt(t, s, 1);
    const third = await applicantAt(t, s, 3);
    const early = await third.pick(u1!.id);
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('not_your_turn');
    expect(early.body.detail).toContain('当前为第 1 号，您为第 3 号');
    const outside = await first.pick(999_999_999);
    expect(outside.status).toBe(400);
    expect(outside.body.errors[0].path).toBe('body.unit_id');
    expect((await first.pick(u1!.id)).status).toBe(201);
    // The turn has passed: the first household may not pick again, the second may not take the same unit.
    const twice = await first.pick(u2!.id);
    expect(twice.status).toBe(409);
    expect(twice.body.detail).toContain('您已选房');
    const second = await applicantAt(t, s, 2);
    const taken = await second.pick(u1!.id);
    expect(taken.status).toBe(409);
    expect(taken.body.code).toBe('unit_taken');
    // A caseworker's proxy for a turn that is no longer current is refused, not applied to the next household.
    const current = (await state(s.id)).current;
    const stale = await proxy(s.id, current.turn_id - 1, u3!.id);
    expect(stale.status).toBe(409);
    const missingReason = await staff.post(`/api/selection/sessions/${s.id}/proxy-pick`, {
      turn_id: current.turn_id,
      unit_id: u3!.id,
      proxy_reason: ' ',
    });
    expect(missingReason.status).toBe(400);
    expect(missingReason.body.errors[0].path).toBe('body.proxy_reason');
    expect(await t.db('unit_selections').where({ session_id: s.id }).count({ n: '*' }).first()).toEqual({
      n: 1,
    });
  });

  it('the applicant may forfeit: the plan household is forfeited and the next turn starts', async () => {
    const s = await createTestSession(t, staff, { households: 3, units: 3, open: true });
    const second = await applicantAt(t, s, 2);
    const res = await second.forfeit();
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.turn_status).toBe('forfeited');
    expect(
      (
        await t
          .db('allocation_plan_households')
          .where({ plan_id: s.plan.plan, household_id: s.order[1] })
          .first()
      ).status,
    ).toBe('forfeited');
    const first = await applicantAt(t, s, 1);
    expect((await first.forfeit()).status).toBe(200);
    expect((await state(s.id)).current.order_no).toBe(3);
  });
});

describe('parallel picks', () => {
  it('of the same unit by applicant and caseworker at once: exactly one wins', async () => {
    const s = await createTestSession(t, staff, { households: 4, units: 3, open: true });
    const unit = s.plan.units.units[0]!;
    const first = await applicantAt(t, s, 1);
    const turn = (await state(s.id)).current.turn_id;
    const second = await applicantAt(t, s, 2);
    const attempts = await Promise.all([
      ...Array.from({ length: 4 }, () => first.pick(unit.id)),
      ...Array.from({ length: 4 }, () => proxy(s.id, turn, unit.id)),
      ...Array.from({ length: 4 }, () => second.pick(unit.id)),
    ]);
    const statuses = attempts.map((a) => a.status);
    expect(statuses.filter((x) => x === 201)).toHaveLength(1);
    expect(statuses.filter((x) => x !== 201).every((x) => x === 409)).toBe(true);
    expect(
      await t.db('unit_selections').where({ unit_id: unit.id, status: 'active' }).count({ n: '*' }).first(),
    ).toEqual({
      n: 1,
    });
  });

  it('of different units by the one household at turn: exactly one wins', async () => {
    const s = await createTestSession(t, staff, { households: 2, units: 4, open: true });
    const first = await applicantAt(t, s, 1);
    const attempts = await Promise.all(s.plan.units.units.map((u) => first.pick(u.id)));
    expect(attempts.filter((a) => a.status === 201)).toHaveLength(1);
    expect(
      await t
        .db('unit_selections')
        .where({ household_id: s.order[0], status: 'active' })
        .count({ n: '*' })
        .first(),
    ).toEqual({
      n: 1,
    });
  });

  it('the database refuses a second active selection of a unit or of a household, whatever the application does', async () => {
    const s = await createTestSession(t, staff, { households: 3, units: 3 });
    const households = await t
      .db('households')
      .whereIn('id', s.order)
      .select('id', 'application_no', 'registration_year', 'region_code');
    const [a, b] = households;
    const [u1, u2] = s.plan.units.units;
    const row = (h: any, u: any) => ({
      household_id: h.id,
      application_no: h.application_no,
      registration_year: h.registration_year,
      region_code: h.region_code,
      unit_id: u.id,
      unit_no: u.unit_no,
      plan_id: s.plan.plan,
    });
    await t.db('unit_selections').insert(row(a, u1));
    await expect(t.db('unit_selections').insert(row(b, u1))).rejects.toMatchObject({
      constraint: 'unit_selections_unit_once',
    });
    await expect(t.db('unit_selections').insert(row(a, u2))).rejects.toMatchObject({
      constraint: 'unit_selections_household_once',
    });
    // Two transactions racing past the application's checks: the second waits, then fails at the index.
    const results = await Promise.allSettled([
      t.db.transaction((trx) => trx('unit_selections').insert(row(b, u2))),
      t.db.transaction((trx) => trx('unit_selections').insert({ ...row(households[2], u2) })),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
  });
});

describe('time limit', () => {
  it('a turn that runs out is put back after the next 3 households (顺延), then forfeited; the next turn starts', async () => {
    const s = await createTestSession(t, staff, {
      households: 5,
      units: 5,
      turn_seconds: 10,
      max_skips: 1,
      open: true,
    });
    const [h1, h2, h3, h4, h5] = s.order;
    await expireNow(s.id);
    expect(await expireTurns(t.db)).toBeGreaterThanOrEqual(0); // the server's own loop may have been first
    let now = await state(s.id);
    expect(now.current.household_id).toBe(h2);
    const turns = await turnsOf(s.id);
    expect(turns.find((x) => x.household_id === h1)).toMatchObject({ status: 'skipped', skips: 1 });
    // Queue: 2 (active), then 3, 4, the skipped 1, then 5.
    expect(turns.map((x) => x.household_id)).toEqual([h2, h3, h4, h1, h5]);
    for (const _ of [h2, h3, h4]) {
      now = await state(s.id);
      const units = await t
        .db('allocation_plan_resources')
        .where({ plan_id: s.plan.plan, status: 'available' })
        .pluck('unit_id');
      expect((await proxy(s.id, now.current.turn_id, units[0])).status).toBe(201);
    }
    now = await state(s.id);
    expect(now.current.household_id).toBe(h1);
    // Its second time out: skips used up, forfeited.
    await expireNow(s.id);
    await expireTurns(t.db);
    now = await state(s.id);
    expect(now.current.household_id).toBe(h5);
    expect((await turnsOf(s.id)).find((x) => x.household_id === h1).status).toBe('forfeited');
    expect(
      (await t.db('allocation_plan_households').where({ plan_id: s.plan.plan, household_id: h1 }).first())
        .status,
    ).toBe('forfeited');
  });

  it('a pick after the deadline is refused and ends the turn at once (lazy check)', async () => {
    const s = await createTestSession(t, staff, {
      households: 3,
      units: 3,
      turn_seconds: 10,
      max_skips: 0,
      open: true,
    });
    const first = await applicantAt(t, s, 1);
    await expireNow(s.id);
    const late = await first.pick(s.plan.units.units[0]!.id);
    expect(late.status).toBe(409);
    expect(['turn_expired', 'not_your_turn']).toContain(late.body.code);
    const now = await state(s.id);
    expect(now.current.household_id).toBe(s.order[1]);
    expect((await turnsOf(s.id)).find((x) => x.household_id === s.order[0]).status).toBe('forfeited');
  });

  it('staff skip the household at turn; the last turn ending closes the session', async () => {
    const s = await createTestSession(t, staff, { households: 1, units: 1, max_skips: 0, open: true });
    const turn = (await state(s.id)).current.turn_id;
    const res = await staff.post(`/api/selection/sessions/${s.id}/skip`, { turn_id: turn });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('closed');
    expect(res.body.counts.forfeited).toBe(1);
  });
});

describe('review', () => {
  it('approves, or rejects with a comment: the selection is cancelled and the unit, household and plan freed', async () => {
    const s = await createTestSession(t, staff, { households: 3, units: 3, open: true });
    const [u1, u2] = s.plan.units.units;
    let current = (await state(s.id)).current;
    const a = (await proxy(s.id, current.turn_id, u1!.id)).body.selection_id;
    current = (await state(s.id)).current;
    const b = (await proxy(s.id, current.turn_id, u2!.id)).body.selection_id;

    const listed = await reviewer.get(`/api/selection/selections?session_id=${s.id}&reviewed=false`);
    expect(listed.body.items.map((x: any) => x.id).sort()).toEqual([a, b].sort());
    expect((await staff.post(`/api/selection/selections/${a}/review`, { approved: true })).status).toBe(403);
    const ok = await reviewer.post(`/api/selection/selections/${a}/review`, {
      approved: true,
      comment: '符合',
    });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body).toMatchObject({ is_reviewed: true, reviewed_by: 'nangang_reviewer', status: 'active' });
    expect((await reviewer.post(`/api/selection/selections/${a}/review`, { approved: true })).status).toBe(
      409,
    );

    const noComment = await reviewer.post(`/api/selection/selections/${b}/review`, { approved: false });
    expect(noComment.status).toBe(400);
    expect(noComment.body.errors[0].path).toBe('body.comment');
    const rejected = await reviewer.post(`/api/selection/selections/${b}/review`, {
      approved: false,
      comment: '户型与家庭人口不符',
    });
    expect(rejected.status).toBe(200);
    expect(rejected.body).toMatchObject({ status: 'cancelled', is_reviewed: true });
    expect(rejected.body.cancel_reason).toContain('户型与家庭人口不符');
    expect(await t.db('allocation_plan_resources').where({ unit_id: u2!.id }).first()).toMatchObject({
      status: 'available',
      allocated_on: null,
    });
    expect((await t.db('housing_units').where({ id: u2!.id }).first()).delivery_status).toBe('delivered');
    expect((await t.db('households').where({ id: s.order[1] }).first()).waiting_status).toBe('waiting');
    expect(
      (
        await t
          .db('allocation_plan_households')
          .where({ plan_id: s.plan.plan, household_id: s.order[1] })
          .first()
      ).status,
    ).toBe('planned');
    // The session still runs: the household is queued again, after the household still waiting.
    const queue = (await turnsOf(s.id)).filter((x) => ['active', 'waiting', 'skipped'].includes(x.status));
    expect(queue.map((x) => [x.household_id, x.status])).toEqual([
      [s.order[2], 'active'],
      [s.order[1], 'waiting'],
    ]);
    const counts = (await state(s.id)).counts;
    expect(counts.units_available).toBe(2);
  });
});
