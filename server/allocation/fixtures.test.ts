import { expect, it } from 'vitest';
import { useTestServer } from '../test/harness.ts';
import { insertOrder, insertPublishedPlan } from './fixtures.ts';

const t = useTestServer();

it('builds a published plan with its households, units and an order', async () => {
  const set = await insertPublishedPlan(t.db, '230103', { households: 6, units: 5, tag: 'fx' });
  const subsidy = await insertPublishedPlan(t.db, '230103', { households: 3, kind: 'subsidy', tag: 'fy' });
  const order = await insertOrder(t.db, set.plan);
  expect(order).toHaveLength(6);
  expect(await t.db('allocation_plan_resources').where({ plan_id: set.plan }).count({ n: '*' })).toEqual([
    { n: 5 },
  ]);
  expect(subsidy.units.units).toEqual([]);
});
