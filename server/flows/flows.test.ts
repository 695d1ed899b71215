import { expect, it } from 'vitest';
import { useTestServer } from '../test/harness.ts';
import { insertFlow } from './fixtures.ts';

const t = useTestServer();

it('draws an arc from each household to the unit it chose, active selections only', async () => {
  const id = await insertFlow(t.db, '230103', 'arc1');
  const cancelled = await insertFlow(t.db, '230103', 'arc2');
  await t
    .db('unit_selections')
    .where({ id: cancelled })
    .update({ status: 'cancelled', cancel_reason: '审核不通过' });
  const caseworker = await t.as('nangang_caseworker');
  const res = await caseworker.get('/api/allocation/flows');
  expect(res.status).toBe(200);
  expect(res.body.items.map((f: { id: number }) => f.id)).toEqual([id]);
  const [flow] = res.body.items;
  expect(flow.from).toHaveLength(2);
  expect(flow.to).not.toEqual(flow.from);
  expect(flow.distance_m).toBeGreaterThan(0);
  expect(res.body.truncated).toBe(false);
});

it('keeps households’ whereabouts from roles that may not see households', async () => {
  await insertFlow(t.db, '230103', 'arc3');
  const planner = await t.as('nangang_planner');
  expect((await planner.get('/api/allocation/flows')).status).toBe(403);
});

it('filters by bbox and answers a bad bbox at its field', async () => {
  await insertFlow(t.db, '230103', 'arc4');
  const caseworker = await t.as('nangang_caseworker');
  const far = await caseworker.get('/api/allocation/flows?bbox=100,20,100.1,20.1');
  expect(far.body.items).toEqual([]);
  const bad = await caseworker.get('/api/allocation/flows?bbox=1,2,3');
  expect(bad.status).toBe(400);
  expect(bad.body.errors.map((e: { path: string }) => e.path)).toEqual(['query.bbox']);
});
