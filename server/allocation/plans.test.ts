import { beforeAll, describe, expect, it } from 'vitest';
import { useTestServer, type ApiClient } from '../test/harness.ts';
import { insertRuleSet } from '../rules/seed.ts';
import { minimalRuleSet } from '../rules/fixtures/minimal.ts';
import {
  enabledRules,
  insertDeliveredUnits,
  insertWaitingHouseholds,
  type DeliveredUnits,
  type WaitingHousehold,
} from './fixtures.ts';

const t = useTestServer();
let planner: ApiClient;
let community: string;
let households: WaitingHousehold[];
let units: DeliveredUnits;

const body = (extra: Record<string, unknown> = {}) => ({
  region_code: community,
  mode_code: 'M',
  name: '2026年第一批公租房配租',
  period_type: 'batch',
  period: '2026-第1批',
  object_type: '低收入家庭',
  starts_on: '2026-12-01',
  ends_on: '2026-12-31',
  resource_kind: 'units',
  project_id: units.project,
  household_count: 3,
  ...extra,
});

/** The application numbers of a plan's households, in rank order. */
async function members(plan: number): Promise<string[]> {
  const res = await planner.get(`/api/allocation/plans/${plan}/households?page_size=100`);
  expect(res.status).toBe(200);
  return res.body.items.map((h: { application_no: string }) => h.application_no);
}

beforeAll(async () => {
  await enabledRules(t.db, '230103');
  // Eight households 1–4 persons in one community; its other waiting households leave the list, so the ranking
  // (minimal rules: by household size) is known by hand: 4,4 (tied) then 3,3 (tied), 2,2, 1,1.
  households = await insertWaitingHouseholds(t.db, '230103', 8, 'pl');
  const [{ region_code }] = await t.db('households').where({ id: households[0]!.id }).select('region_code');
  community = region_code as string;
  await t
    .db('households')
    .where('region_code', community)
    .whereNotIn(
      'id',
      households.map((h) => h.id),
    )
    .where('waiting_status', 'waiting')
    .update({ waiting_status: 'applied' });
  units = await insertDeliveredUnits(t.db, '230103', 4, 'pl');
  await t.db('projects').where({ id: units.project }).update({ region_code: community });
  planner = await t.as('nangang_planner');
});

const bySize = (size: number) =>
  households.filter((h) => h.household_size === size).map((h) => h.application_no);

describe('allocation plans', () => {
  it('drafts from the top of the ranked list: a tie at place N comes in whole, or stays out whole', async () => {
    const include = await planner.post('/api/allocation/plans', body());
    expect(include.status, JSON.stringify(include.body)).toBe(201);
    expect(include.body.plan_no).toMatch(/^PZ-2026-\d{6}$/);
    expect(include.body.status).toBe('draft');
    expect(include.body.total_households).toBe(4);
    expect(include.body.warnings[0]).toContain('同分并列');
    expect(include.body.tied_households).toBe(4);
    expect((await members(include.body.id)).sort()).toEqual([...bySize(4), ...bySize(3)].sort());
    const ranks = await planner.get(`/api/allocation/plans/${include.body.id}/households`);
    expect(ranks.body.items.map((h: { waiting_rank: number }) => h.waiting_rank)).toEqual([1, 1, 3, 3]);
    // All four units of the project, with their area.
    expect(include.body.total_units).toBe(4);
    expect(include.body.total_area).toBe(40 + 50 + 60 + 70);
    // The four are now in a live plan: the next draft skips them (ranks stay the list's), and excluding the tie
    // at place 1 of what is left (the two of 2 persons) leaves nobody.
    await planner.post(`/api/allocation/plans/${include.body.id}/cancel`, { reason: '测试' });
    const exclude = await planner.post('/api/allocation/plans', body({ tie_policy: 'exclude' }));
    expect(exclude.status).toBe(201);
    expect((await members(exclude.body.id)).sort()).toEqual(bySize(4).sort());
    await planner.post(`/api/allocation/plans/${exclude.body.id}/cancel`, { reason: '测试' });
  });

  it('filters units by layout and area, edits the draft and publishes with totals from the details', async () => {
    const res = await planner.post(
      '/api/allocation/plans',
      body({ household_count: 1, layouts: ['two', 'three'], min_area: 55, tie_policy: 'exclude' }),
    );
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.total_households).toBe(0); // the top two tie, and 'exclude' leaves them out
    expect(res.body.total_units).toBe(2);
    const id = res.body.id as number;
    const [first, second] = households.filter((h) => h.household_size === 4);
    const three = households.find((h) => h.household_size === 3)!;
    const edit = await planner.patch(`/api/allocation/plans/${id}`, {
      name: '改名',
      add_households: [first!.id, second!.id, three.id],
    });
    expect(edit.status, JSON.stringify(edit.body)).toBe(200);
    expect(edit.body.total_households).toBe(3);
    expect(edit.body.name).toBe('改名');
    // Three households for two units: refused, named by counts.
    const early = await planner.post(`/api/allocation/plans/${id}/publish`);
    expect(early.status).toBe(409);
    expect(early.body.detail).toContain('户数不能多于套数');
    const fewer = await planner.patch(`/api/allocation/plans/${id}`, { remove_households: [three.id] });
    expect(fewer.body.total_households).toBe(2);
    const published = await planner.post(`/api/allocation/plans/${id}/publish`);
    expect(published.status, JSON.stringify(published.body)).toBe(200);
    expect(published.body).toMatchObject({
      status: 'published',
      total_households: 2,
      total_units: 2,
      total_area: 60 + 70,
      published_by: 'nangang_planner',
    });
    const resources = await planner.get(`/api/allocation/plans/${id}/resources`);
    expect(resources.body.items.map((r: { status: string }) => r.status)).toEqual(['available', 'available']);
    // Published: no more edits.
    expect((await planner.patch(`/api/allocation/plans/${id}`, { name: '再改' })).status).toBe(409);
    const listed = await planner.get('/api/allocation/plans?status=published&mode=M');
    expect(listed.body.items.map((p: { id: number }) => p.id)).toContain(id);
  });

  it('refuses a household or a unit of another live plan with 409 naming it', async () => {
    const live = await t
      .db('allocation_plan_households')
      .where('allocation_plan_households.status', 'planned')
      .join('allocation_plans as p', 'p.id', 'plan_id')
      .where('p.status', 'published')
      .first<{
        household_id: number;
        plan_no: string;
        application_no: string;
      }>('household_id', 'allocation_plan_households.plan_no', 'application_no');
    const unit = await t
      .db('allocation_plan_resources')
      .where({ plan_no: live.plan_no, status: 'available' })
      .first('unit_id', 'resource_no');
    const draft = await planner.post('/api/allocation/plans', body({ household_count: 0 }));
    expect(draft.status).toBe(201);
    const taken = await planner.patch(`/api/allocation/plans/${draft.body.id}`, {
      add_households: [Number(live.household_id)],
    });
    expect(taken.status).toBe(409);
    expect(taken.body.detail).toContain(live.application_no);
    expect(taken.body.detail).toContain(live.plan_no);
    const unitTaken = await planner.patch(`/api/allocation/plans/${draft.body.id}`, {
      add_units: [Number(unit.unit_id)],
    });
    expect(unitTaken.status).toBe(409);
    expect(unitTaken.body.detail).toContain(live.plan_no);
  });

  it('answers bad input with 400 and the failing field paths, writing nothing', async () => {
    const before = await t.db('allocation_plans').count({ n: '*' }).first();
    const missing = await planner.post('/api/allocation/plans', { mode_code: 'M' });
    expect(missing.status).toBe(400);
    const paths = missing.body.errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['body.name', 'body.period_type', 'body.starts_on']));
    const dates = await planner.post('/api/allocation/plans', body({ ends_on: '2026-11-01' }));
    expect(dates.body.errors.map((e: { path: string }) => e.path)).toEqual(['body.ends_on']);
    const noProject = await planner.post('/api/allocation/plans', body({ project_id: undefined }));
    expect(noProject.body.errors.map((e: { path: string }) => e.path)).toEqual(['body.project_id']);
    const mode = await planner.post('/api/allocation/plans', body({ mode_code: 'NOPE' }));
    expect(mode.status).toBe(400);
    expect(mode.body.errors[0].path).toBe('body.mode_code');
    const draft = await planner.post('/api/allocation/plans', body({ household_count: 0 }));
    const bad = await planner.patch(`/api/allocation/plans/${draft.body.id}`, {
      add_households: [households[0]!.id, 999_999_999],
      add_units: [999_999_999],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path)).toEqual(
      expect.arrayContaining(['body.add_households.1', 'body.add_units.0']),
    );
    expect(Number((await t.db('allocation_plans').count({ n: '*' }).first())!.n)).toBe(Number(before!.n) + 1);
  });

  it('gives a subsidy plan each household its standard from the rules and totals it', async () => {
    const set = minimalRuleSet('SUBS-230102', '230102', `${new Date().getFullYear()}-01-01`);
    set.items.standards = [
      {
        code: 'S',
        mode_code: 'M',
        name: '租赁补贴',
        factor: 'household_size',
        standard_value: 600,
        result_unit: '元/月',
      },
    ];
    await t.db.transaction((trx) => insertRuleSet(trx, set, { enable: true }));
    const mine = await insertWaitingHouseholds(t.db, '230102', 3, 'sb');
    const daoli = await t.as('daoli_planner');
    const res = await daoli.post('/api/allocation/plans', {
      mode_code: 'M',
      name: '租赁补贴第一批',
      period_type: 'month',
      period: '2026-12',
      object_type: '低收入家庭',
      starts_on: '2026-12-01',
      ends_on: '2026-12-31',
      resource_kind: 'subsidy',
      household_count: 2,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const n = res.body.total_households as number;
    expect(n).toBeGreaterThanOrEqual(2);
    expect(res.body.total_subsidy).toBe((600 * n).toFixed(2));
    const list = await daoli.get(`/api/allocation/plans/${res.body.id}/households?page_size=100`);
    expect(new Set(list.body.items.map((h: { subsidy_amount: string }) => h.subsidy_amount))).toEqual(
      new Set(['600.00']),
    );
    expect(list.body.items[0].applicant_name).toContain('*');
    const fund = await daoli.get(`/api/allocation/plans/${res.body.id}/resources`);
    expect(fund.body.items).toMatchObject([{ resource_type: 'subsidy', amount: (600 * n).toFixed(2) }]);
    expect((await daoli.post(`/api/allocation/plans/${res.body.id}/publish`)).status).toBe(200);
    expect(mine).toHaveLength(3);
  });
});
