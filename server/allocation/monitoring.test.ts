import { beforeAll, describe, expect, it } from 'vitest';
import { useTestServer, type ApiClient } from '../test/harness.ts';
import { enabledRules, insertDeliveredUnits, insertPublishedPlan } from './fixtures.ts';

const t = useTestServer();
let planner: ApiClient;

beforeAll(async () => {
  await enabledRules(t.db, '230103');
  await insertDeliveredUnits(t.db, '230103', 4, 'mo');
  await insertPublishedPlan(t.db, '230103', { households: 2, units: 2, tag: 'mp' });
  planner = await t.as('nangang_planner');
});

/** Hand counts straight from the tables, per street of 南岗区. */
async function handCounts() {
  const waiting: { k: string; n: string }[] = await t
    .db('households')
    .where('region_code', 'like', '230103%')
    .where({ waiting_status: 'waiting' })
    .select(t.db.raw(`rpad(left(region_code, 9), 12, '0') AS k`))
    .count({ n: '*' })
    .groupByRaw('1');
  const eligible = await t
    .db('households')
    .where('region_code', 'like', '230103%')
    .where({ waiting_status: 'waiting', had_housing_support: false })
    .where('per_capita_income', '<', 30000)
    .count({ n: '*' })
    .first();
  const units: { k: string; n: string }[] = await t
    .db('housing_units')
    .where('region_code', 'like', '230103%')
    .where({ handed_over: true, delivery_status: 'delivered' })
    .select(t.db.raw(`rpad(left(region_code, 9), 12, '0') AS k`))
    .count({ n: '*' })
    .groupByRaw('1');
  return {
    waiting: new Map(waiting.map((r) => [r.k, Number(r.n)])),
    eligible: Number(eligible!.n),
    units: new Map(units.map((r) => [r.k, Number(r.n)])),
  };
}

describe('supply and demand monitoring', () => {
  it('counts demand by street and mode, and supply by street, layout and area band, as the tables say', async () => {
    const res = await planner.get('/api/allocation/monitoring');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const hand = await handCounts();
    for (const d of res.body.districts) {
      expect(d.waiting, d.region_code).toBe(hand.waiting.get(d.region_code) ?? 0);
      expect(d.units, d.region_code).toBe(hand.units.get(d.region_code) ?? 0);
      expect(d.balance).toBe(d.units - d.waiting);
    }
    expect(res.body.demand.waiting).toBe([...hand.waiting.values()].reduce((a, b) => a + b, 0));
    expect(res.body.demand.by_mode).toEqual([
      expect.objectContaining({ mode_code: 'M', households: hand.eligible }),
    ]);
    // The minimal rules' standard is 50 per household, flat.
    expect(res.body.demand.by_mode[0].standards[0].total).toBe(50 * hand.eligible);
    const supplied = [...hand.units.values()].reduce((a, b) => a + b, 0);
    expect(res.body.supply.units).toBe(supplied);
    expect(res.body.supply.in_plans).toBeGreaterThanOrEqual(2);
    const layouts = res.body.supply.by_layout.reduce((n: number, b: { units: number }) => n + b.units, 0);
    const bands = res.body.supply.by_area_band.reduce((n: number, b: { units: number }) => n + b.units, 0);
    expect([layouts, bands]).toEqual([supplied, supplied]);
  });

  it('narrows to a custom view and draws the choropleth of the child regions', async () => {
    const custom = await planner.get('/api/allocation/monitoring?layout=two&min_area=45&max_area=55&mode=M');
    expect(custom.status, JSON.stringify(custom.body)).toBe(200);
    const two = await t
      .db('housing_units')
      .where('region_code', 'like', '230103%')
      .where({ handed_over: true, delivery_status: 'delivered', layout: 'two' })
      .whereBetween('floor_area', [45, 55])
      .count({ n: '*' })
      .first();
    expect(custom.body.supply.units).toBe(Number(two!.n));
    const map = await planner.get('/api/allocation/monitoring/choropleth');
    expect(map.status, JSON.stringify(map.body)).toBe(200);
    expect(map.body.features.length).toBeGreaterThan(0);
    const summary = await planner.get('/api/allocation/monitoring');
    for (const f of map.body.features) {
      const d = summary.body.districts.find(
        (x: { region_code: string }) => x.region_code === f.properties.region_code,
      );
      expect(f.properties).toMatchObject({
        supply: d.units,
        demand: d.waiting,
        balance: d.units - d.waiting,
      });
      expect(f.geometry.type).toMatch(/^(Multi)?Polygon$/);
    }
    const bad = await planner.get('/api/allocation/monitoring?mode=NOPE');
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('query.mode');
  });
});
