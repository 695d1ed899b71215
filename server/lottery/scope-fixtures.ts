/**
 * The lottery's records for the region-scope test (server/test/scope-fixture.ts): in each district a published
 * plan with a committed draw (so a leaking `draw` route would really draw it), and the public record routes.
 */
import type { ScopeFixture } from '../test/scope-fixture.ts';
import { planWithDraw } from './fixtures.ts';

export const scopeFixture: ScopeFixture = {
  // The public record of a draw: codes, cohorts, hashes; never a name, ID, phone or application number.
  publicRoutes: [
    'lottery.portal.list',
    'lottery.portal.get',
    'lottery.portal.roster',
    'lottery.portal.result',
  ],
  async insert(db, district) {
    await planWithDraw(db, district, `LS${district}`, { households: 3 });
  },
  validBodies: (district) => ({
    'lottery.draws.create': {
      plan_id: 1,
      title: '越权摇号',
      cohorts: 'ties',
      region_code: district,
    },
    'lottery.draws.draw': { contributions: [{ party: '越权', value: '1' }] },
    'lottery.draws.cancel': { reason: '越权撤销' },
  }),
};
