/** Records and bodies for the region-scope test (server/test/scope-fixture.ts): filled in by the subsystem. */
import type { ScopeFixture } from '../test/scope-fixture.ts';

export const scopeFixture: ScopeFixture = {
  async insert() {},
  validBodies: () => ({}),
};
