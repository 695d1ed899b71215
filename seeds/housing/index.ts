/**
 * The demo city's housing: land reserve parcels, projects with their detail records, buildings, housing units and
 * applicant households. Planned in memory from the city already in the database (deterministic: same city, same
 * size → same rows), the small tables inserted normally (audited row by row), units and households streamed in
 * with COPY (see load.ts).
 */
import type { Knex } from 'knex';
import { DEMO_SEED, Prng } from '../prng.ts';
import { loadCity } from './city.ts';
import { HOUSEHOLD_COLUMNS, householdRows } from './households.ts';
import { HOUSING_TABLES, type InsertedCounts, insertPlan } from './insert.ts';
import { type BulkLoadResult, bulkLoad } from './load.ts';
import { type HousingSize, planHousing } from './plan.ts';
import { UNIT_COLUMNS, unitRows } from './units.ts';

export { afterBulkLoad } from './load.ts';
export { deleteSeedHousing } from './insert.ts';
export { type HousingSize, housingSizeForScale } from './plan.ts';

export interface HousingCounts extends InsertedCounts {
  housing_units: number;
  households: number;
}

export interface HousingReport {
  counts: HousingCounts;
  copies: BulkLoadResult[];
  /** Milliseconds: planning in memory, ordinary inserts, the COPY load with its summary event and ANALYZE. */
  timings: { plan: number; insert: number; load: number; total: number };
}

/**
 * Generates and loads the housing of the demo city into `db` (a transaction of its own, or a savepoint). The
 * tables should hold no demo housing yet: numbers (project_no, application_no …) would collide.
 */
export async function seedHousing(db: Knex, size: HousingSize): Promise<HousingReport> {
  const started = performance.now();
  const city = await loadCity(db);
  const plan = planHousing(city, new Prng(DEMO_SEED).fork('housing'), size);
  const planned = performance.now();
  return db.transaction(async (trx) => {
    await trx.raw(`select set_config('hss.actor', 'seed', true)`);
    const { ids, counts } = await insertPlan(trx, plan);
    const inserted = performance.now();
    const copies = await bulkLoad(
      trx,
      [
        {
          table: 'housing_units',
          columns: UNIT_COLUMNS,
          rows: unitRows(plan.projects, ids),
          expectedRows: plan.units,
        },
        {
          table: 'households',
          columns: HOUSEHOLD_COLUMNS,
          rows: householdRows(city, size.households),
          expectedRows: size.households,
        },
      ],
      { ...counts, source: 'seeds/housing', size },
      HOUSING_TABLES,
    );
    const done = performance.now();
    const copied = (table: string) => copies.find((c) => c.table === table)?.rows ?? 0;
    return {
      counts: { ...counts, housing_units: copied('housing_units'), households: copied('households') },
      copies,
      timings: {
        plan: planned - started,
        insert: inserted - planned,
        load: done - inserted,
        total: done - started,
      },
    };
  });
}
