/** Records for the region-scope test (server/test/scope-fixture.ts): one allocation flow per district. */
import type { ScopeFixture } from '../test/scope-fixture.ts';
import { insertFlow } from './fixtures.ts';

export const scopeFixture: ScopeFixture = {
  insert: async (db, district) => {
    await insertFlow(db, district, `flow-${district}`);
  },
  validBodies: () => ({}),
};
