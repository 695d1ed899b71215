/**
 * Records and bodies for the region-scope test (server/test/scope-fixture.ts): in each district a published plan
 * (with households and units, hence ledger entries from the handover trigger) and a closed ledger period; valid
 * bodies for every write route, naming the other district where a body names a region.
 */
import type { ScopeFixture } from '../test/scope-fixture.ts';
import { insertPublishedPlan } from './fixtures.ts';

export const scopeFixture: ScopeFixture = {
  async insert(db, district) {
    await insertPublishedPlan(db, district, { households: 2, units: 2, tag: `scope${district}` });
    await db.raw(
      `SELECT ledger_post(p_region_code => ?, p_resource_type => 'funds', p_direction => 'in',
      p_received_on => '2025-06-01', p_amount => 1000, p_source => 'manual')`,
      [`${district}000000`],
    );
    await db('security_ledgers').insert({
      ledger_no: `TZ-${district}-2025`,
      period_type: 'year',
      period: '2025',
      region_code: `${district}000000`,
      period_start: '2025-01-01',
      period_end: '2025-12-31',
      funds_in: 1000,
      entry_count: 1,
    });
  },
  validBodies: (district) => ({
    'allocation.plans.create': {
      region_code: district,
      mode_code: 'M',
      name: '越权方案',
      period_type: 'batch',
      period: '2026-越权',
      object_type: '低收入家庭',
      starts_on: '2026-12-01',
      ends_on: '2026-12-31',
      resource_kind: 'subsidy',
      household_count: 1,
    },
    'allocation.plans.update': { name: '越权修改' },
    'allocation.plans.publish': undefined,
    'allocation.plans.close': undefined,
    'allocation.plans.cancel': { reason: '越权撤销' },
    'allocation.ledgers.post': {
      region_code: district,
      direction: 'in',
      amount: '100.00',
      batch_no: '越权批次',
      handed_by: '越权',
      received_by: '越权',
    },
    'allocation.ledgers.close': { period_type: 'year', period: '2024', region_code: district },
  }),
};
