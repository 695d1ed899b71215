/**
 * What a subsystem hands the region-scope test (server/access/region-scope.test.ts) so it can attack every route of
 * the subsystem from another district: records on both sides, valid bodies for its write routes, its public routes.
 */
import type { Knex } from 'knex';

export interface ScopeFixture {
  /** Route ids served to anyone (`access: 'public'`), e.g. a public lottery record: no personal data, any region. */
  publicRoutes?: string[];
  /** Routes about the caller's own session or system-wide data (no region's records). */
  selfRoutes?: string[];
  /** Inserts the subsystem's records in `district` (6 digits): one of each table a `:id` route points at. */
  insert(db: Knex, district: string): Promise<void>;
  /** A valid body for each write route (so a 404 is the scope speaking); functions are read when the test runs. */
  validBodies(district: string): Record<string, unknown>;
  /** Query strings for list routes that need parameters. */
  listQueries?: Record<string, () => string[]>;
}
