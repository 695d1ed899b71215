/**
 * Selection records for the region-scope test (server/test/scope-fixture.ts): in each district a published plan
 * with its order, a scheduled session with its turns, and an active selection, so every staff route has a record
 * to attack and every list something of the caller's own. The applicants' and the public's routes are public
 * (no personal data: server/selection/selection.test.ts checks).
 */
import type { Knex } from 'knex';
import type { ScopeFixture } from '../test/scope-fixture.ts';
import { insertOrder, insertPublishedPlan } from '../allocation/fixtures.ts';

/** A plan, its order, a session over it and one selection, in `district`; returns the session id. */
export async function insertSelectionRecords(db: Knex, district: string, tag = `SEL${district}`) {
  const plan = await insertPublishedPlan(db, district, { households: 3, units: 3, tag });
  await insertOrder(db, plan.plan);
  const [session] = await db('selection_sessions')
    .insert({
      session_no: `XF-T-${tag}`,
      plan_id: plan.plan,
      title: `测试选房${tag}`,
      turn_seconds: 600,
      region_code: district.padEnd(12, '0'),
    })
    .returning<{ id: number }[]>('id');
  const orders = await db('allocation_orders')
    .where({ plan_id: plan.plan })
    .orderBy('order_no')
    .select<{ id: number; order_no: number; household_id: number; region_code: string }[]>(
      'id',
      'order_no',
      'household_id',
      'region_code',
    );
  const turns = await db('selection_turns')
    .insert(
      orders.map((o) => ({
        session_id: session!.id,
        order_id: o.id,
        order_no: o.order_no,
        queue_pos: o.order_no,
        household_id: o.household_id,
        region_code: o.region_code,
      })),
    )
    .returning<{ id: number; household_id: number }[]>(['id', 'household_id']);
  const household = await db('households')
    .where({ id: turns[0]!.household_id })
    .first<{ application_no: string; registration_year: number; region_code: string }>(
      'application_no',
      'registration_year',
      'region_code',
    );
  const unit = plan.units.units[0]!;
  await db('unit_selections').insert({
    household_id: turns[0]!.household_id,
    ...household,
    unit_id: unit.id,
    unit_no: unit.unit_no,
    plan_id: plan.plan,
    session_id: session!.id,
    turn_id: turns[0]!.id,
  });
  return { session: Number(session!.id), plan };
}

export const scopeFixture: ScopeFixture = {
  publicRoutes: [
    'selection.portal.state',
    'selection.portal.events',
    'selection.portal.login',
    'selection.portal.logout',
    'selection.portal.me',
    'selection.portal.pick',
    'selection.portal.forfeit',
  ],
  async insert(db, district) {
    await insertSelectionRecords(db, district);
  },
  validBodies: (district) => ({
    'selection.sessions.create': {
      plan_id: 1,
      title: '越权选房',
      turn_seconds: 60,
      region_code: district,
    },
    'selection.sessions.open': undefined,
    'selection.sessions.pause': undefined,
    'selection.sessions.resume': undefined,
    'selection.sessions.close': undefined,
    'selection.sessions.skip': { turn_id: 1 },
    'selection.sessions.proxy_pick': { turn_id: 1, unit_id: 1, proxy_reason: '越权代选' },
    'selection.sessions.codes': {},
    'selection.selections.review': { approved: true },
  }),
};
