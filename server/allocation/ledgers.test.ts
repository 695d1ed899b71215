import { beforeAll, describe, expect, it } from 'vitest';
import { useTestServer, type ApiClient } from '../test/harness.ts';
import { insertDeliveredUnits, insertPublishedPlan } from './fixtures.ts';

const t = useTestServer();
let planner: ApiClient;
const DISTRICT = '230103000000';

const entriesOf = (source: string, sourceId?: number) =>
  t
    .db('security_ledger_entries')
    .where({ source, ...(sourceId === undefined ? {} : { source_id: sourceId }) })
    .orderBy('id')
    .select('resource_type', 'direction', 'units', 'floor_area', 'households', 'persons', 'region_code');

beforeAll(async () => {
  planner = await t.as('nangang_planner');
});

describe('ledger postings by trigger', () => {
  it('posts units handed over (one entry per batch), and a reversal when a handover is undone', async () => {
    const set = await insertDeliveredUnits(t.db, '230103', 3, 'lg');
    const [posted] = await t
      .db('security_ledger_entries')
      .where({ source: 'unit_handover' })
      .whereIn('region_code', t.db('housing_units').where({ id: set.units[0]!.id }).select('region_code'))
      .select('direction', 'units', 'floor_area');
    expect(posted).toEqual({ direction: 'in', units: 3, floor_area: '150.00' });
    const unit = set.units[1]!;
    await t.db('housing_units').where({ id: unit.id }).update({ handed_over: false });
    await t
      .db('housing_units')
      .where({ id: unit.id })
      .update({ handed_over: true, handover_batch_no: 'YJ-2' });
    const single = await entriesOf('unit_handover', unit.id);
    expect(single.map((e) => [e.direction, e.units, e.floor_area])).toEqual([
      ['out', 1, '50.00'],
      ['in', 1, '50.00'],
    ]);
  });

  it('posts a selection (unit out, household and persons in) and reverses it when cancelled', async () => {
    const plan = await insertPublishedPlan(t.db, '230103', { households: 1, units: 1, tag: 'lgs' });
    const household = await t
      .db('households')
      .where({ id: plan.households[0]!.id })
      .first('id', 'application_no', 'registration_year', 'region_code', 'household_size');
    const unit = plan.units.units[0]!;
    const [selection] = await t
      .db('unit_selections')
      .insert({
        household_id: household.id,
        application_no: household.application_no,
        registration_year: household.registration_year,
        region_code: household.region_code,
        unit_id: unit.id,
        unit_no: unit.unit_no,
        plan_id: plan.plan,
      })
      .returning('id');
    const picked = await entriesOf('unit_selection', Number(selection.id));
    expect(picked).toMatchObject([
      { resource_type: 'housing', direction: 'out', units: 1, floor_area: '40.00' },
      { resource_type: 'households', direction: 'in', households: 1, persons: household.household_size },
    ]);
    await t
      .db('unit_selections')
      .where({ id: selection.id })
      .update({ status: 'cancelled', cancel_reason: '审核不通过' });
    const reversed = await entriesOf('selection_cancelled', Number(selection.id));
    expect(reversed).toMatchObject([
      { resource_type: 'housing', direction: 'in', units: 1 },
      { resource_type: 'households', direction: 'out', households: 1 },
    ]);
  });

  it('keeps entries append-only', async () => {
    const [row] = await t.db('security_ledger_entries').select('id').limit(1);
    await expect(t.db('security_ledger_entries').where({ id: row.id }).update({ units: 9 })).rejects.toThrow(
      /append-only/,
    );
    await expect(t.db('security_ledger_entries').where({ id: row.id }).delete()).rejects.toThrow(
      /append-only/,
    );
  });
});

const receipt = (extra: Record<string, unknown>) => ({
  region_code: '230103',
  direction: 'in',
  amount: '1000000.00',
  batch_no: '哈财社〔2026〕1号',
  handed_by: '市财政局',
  received_by: '南岗区住房保障中心',
  ...extra,
});

describe('ledger periods and reconciliation', () => {
  it('closes periods: closing = opening + in − out, period n closes into n+1, the sums reconcile', async () => {
    expect(
      (await planner.post('/api/allocation/ledgers/entries', receipt({ received_on: '2026-01-15' }))).status,
    ).toBe(201);
    const out = await planner.post(
      '/api/allocation/ledgers/entries',
      receipt({ direction: 'out', amount: '300000.50', received_on: '2026-02-10', batch_no: '补贴发放2月' }),
    );
    expect(out.status, JSON.stringify(out.body)).toBe(201);
    expect(out.body).toMatchObject({
      resource_type: 'funds',
      direction: 'out',
      amount: '300000.50',
      source: 'manual',
    });
    const jan = await planner.post('/api/allocation/ledgers/close', {
      period_type: 'month',
      period: '2026-01',
      region_code: '230103',
    });
    expect(jan.status, JSON.stringify(jan.body)).toBe(201);
    expect(jan.body).toMatchObject({
      opening_funds: '0.00',
      funds_in: '1000000.00',
      closing_funds: '1000000.00',
    });
    const feb = await planner.post('/api/allocation/ledgers/close', {
      period_type: 'month',
      period: '2026-02',
      region_code: '230103',
    });
    expect(feb.body).toMatchObject({
      opening_funds: jan.body.closing_funds,
      funds_out: '300000.50',
      closing_funds: '699999.50',
      period_start: '2026-02-01',
      period_end: '2026-02-28',
    });
    const quarter = await planner.post('/api/allocation/ledgers/close', {
      period_type: 'quarter',
      period: '2026Q1',
      region_code: '230103',
    });
    expect(quarter.body.closing_funds).toBe('699999.50');
    // Every row, in the database: closing = opening + in − out, for each resource.
    for (const row of await t.db('security_ledgers').where({ region_code: DISTRICT }))
      for (const r of ['funds', 'units', 'area', 'households', 'persons'])
        expect(Number(row[`closing_${r}`])).toBeCloseTo(
          Number(row[`opening_${r}`]) + Number(row[`${r}_in`]) - Number(row[`${r}_out`]),
          2,
        );
    const check = await planner.get('/api/allocation/ledgers/reconciliation');
    expect(check.status).toBe(200);
    expect(check.body).toMatchObject({ checked: 3, balanced: true, mismatches: [] });
    const listed = await planner.get('/api/allocation/ledgers?period_type=month');
    expect(listed.body.items.map((l: { period: string }) => l.period)).toEqual(['2026-02', '2026-01']);
  });

  it('refuses re-closing (409), posting into a closed period (409), unfinished periods and bad forms (400)', async () => {
    const again = await planner.post('/api/allocation/ledgers/close', {
      period_type: 'month',
      period: '2026-01',
      region_code: '230103',
    });
    expect(again.status).toBe(409);
    const late = await planner.post(
      '/api/allocation/ledgers/entries',
      receipt({ received_on: '2026-01-20' }),
    );
    expect(late.status).toBe(409);
    // The refusal says which ledger is closed, never the SQL that found it.
    expect(late.body.detail).toMatch(/^该日期所在统计周期已结账（台账 \S+）/);
    expect(late.body.detail).not.toMatch(/SELECT|ledger_post/);
    const now = new Date();
    const current = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}`;
    const open = await planner.post('/api/allocation/ledgers/close', {
      period_type: 'month',
      period: current,
      region_code: '230103',
    });
    expect(open.status).toBe(400);
    expect(open.body.errors[0].path).toBe('body.period');
    const form = await planner.post('/api/allocation/ledgers/close', {
      period_type: 'quarter',
      period: '2026-03',
      region_code: '230103',
    });
    expect(form.body.errors.map((e: { path: string }) => e.path)).toEqual(['body.period']);
    const zero = await planner.post('/api/allocation/ledgers/entries', receipt({ amount: '0' }));
    expect(zero.body.errors.map((e: { path: string }) => e.path)).toEqual(['body.amount']);
  });
});
