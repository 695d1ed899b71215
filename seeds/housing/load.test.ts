/**
 * The bulk loader at a small size: the seed's rows are deleted and loaded again with COPY, each with one summary
 * event in the hash chain (which still verifies), the tile aggregates are rebuilt, a large load's dropped indexes
 * come back as they were, and a delete that would orphan someone else's row is refused.
 */
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../../server/db/knex.ts';
import { cloneTemplate, dropDatabase } from '../../server/test/databases.ts';
import { loadCity } from './city.ts';
import { HOUSEHOLD_COLUMNS, householdRows } from './households.ts';
import { deleteSeedHousing } from './insert.ts';
import { LARGE_LOAD, bulkDelete, bulkLoad } from './load.ts';
import { seedHousing } from './index.ts';

let database: { name: string; url: string };
let db: Knex;
let deleted: Record<string, number>;

beforeAll(async () => {
  database = await cloneTemplate('hss_copy');
  db = createDb(database.url, { max: 2 });
  // Start from the city without its housing.
  await db.transaction(async (trx) => {
    deleted = await deleteSeedHousing(trx);
  });
});

afterAll(async () => {
  await db?.destroy();
  if (database) await dropDatabase(database.name);
});

const one = async <T>(sql: string, q: Knex = db): Promise<T> => ((await q.raw(sql)).rows as T[])[0] as T;

describe('COPY bulk load', () => {
  it('deleted the template’s seed housing with one summary event', async () => {
    expect(deleted).toMatchObject({ households: 10_000, projects: 30 });
    const left = await one<{ n: number }>(
      `SELECT (SELECT count(*) FROM households) + (SELECT count(*) FROM housing_units) + (SELECT count(*) FROM projects)
              AS n`,
    );
    expect(left.n).toBe(0);
    const event = await one<{ after: unknown }>(
      `SELECT after FROM operation_log WHERE action = 'seed.bulk_delete' ORDER BY seq DESC LIMIT 1`,
    );
    expect(event.after).toMatchObject({ deleted: { households: 10_000 }, where: { created_by: 'seed' } });
  });

  it('loads 5,000 households and the units of 4 projects with one summary event', async () => {
    const logBefore = await one<{ n: number; seq: number }>(
      `SELECT count(*)::int AS n, max(seq)::int AS seq FROM operation_log`,
    );
    const report = await seedHousing(db, { projects: 4, households: 5_000, reservedParcels: 2 });

    const counts = await one<Record<string, number>>(
      `SELECT (SELECT count(*) FROM households)::int AS households, (SELECT count(*) FROM housing_units)::int AS units,
              (SELECT count(*) FROM projects)::int AS projects`,
    );
    expect(counts).toEqual({ households: 5_000, units: report.counts.housing_units, projects: 4 });
    expect(report.counts.housing_units).toBeGreaterThan(0);

    const events = (
      await db.raw(
        `SELECT actor, operation, after FROM operation_log WHERE seq > ? AND action = 'seed.bulk_load'`,
        [logBefore.seq],
      )
    ).rows;
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      actor: 'seed',
      operation: 'event',
      after: { copied: { households: 5_000, housing_units: report.counts.housing_units }, projects: 4 },
    });
    const perRow = await one<{ n: number }>(
      `SELECT count(*)::int AS n FROM operation_log
        WHERE seq > ${logBefore.seq} AND entity IN ('households', 'housing_units')`,
    );
    expect(perRow.n).toBe(0);
    expect(await one(`SELECT * FROM operation_log_verify()`)).toEqual({
      checked: expect.any(Number),
      first_broken_seq: null,
    });

    // The statement triggers did not fire under replica mode: the aggregates were rebuilt instead.
    const demand = await one<{ cells: number; households: number }>(
      `SELECT (SELECT coalesce(sum(n), 0) FROM household_cells WHERE z = 14)::int AS cells,
              (SELECT count(*) FROM households WHERE waiting_status IN ('applied', 'waiting') AND geom IS NOT NULL)::int
                AS households`,
    );
    expect(demand.cells).toBe(demand.households);
    const units = await one<{ n: number }>(`SELECT coalesce(sum(n), 0)::int AS n FROM project_unit_counts`);
    expect(units.n).toBe(report.counts.housing_units);
    expect(report.copies.map((c) => c.indexMs)).toEqual([0, 0]); // under LARGE_LOAD rows: indexes kept
  });

  it('refuses to delete seed rows that other rows still refer to', async () => {
    const trx = await db.transaction();
    try {
      await trx.raw(`select set_config('hss.actor', 'caseworker', true)`);
      const [building] = await trx('buildings').select('id', 'region_code').limit(1);
      await trx('housing_units').insert({
        unit_no: 'MANUAL-1',
        building_id: building.id,
        floor_from: 1,
        floor_to: 1,
        room_no: '9901',
        region_code: building.region_code,
      });
      await expect(deleteSeedHousing(trx)).rejects.toThrow(/housing_units_building_id_foreign|building_id/);
    } finally {
      await trx.rollback();
    }
  });

  it('rebuilds the plain indexes it drops for a large load exactly as they were', async () => {
    const indexes = (q: Knex) =>
      q
        .raw(`SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'households' ORDER BY indexname`)
        .then((r: { rows: unknown[] }) => r.rows);
    const before = await indexes(db);
    const trx = await db.transaction();
    try {
      await bulkDelete(trx, ['households'], { created_by: 'seed' });
      const city = await loadCity(trx);
      const [copied] = await bulkLoad(
        trx,
        [
          {
            table: 'households',
            columns: HOUSEHOLD_COLUMNS,
            rows: householdRows(city, 300),
            expectedRows: LARGE_LOAD,
          },
        ],
        { test: true },
        ['households'],
      );
      expect(copied?.rows).toBe(300);
      expect(copied?.indexMs).toBeGreaterThan(0);
      expect(await indexes(trx)).toEqual(before);
      expect(await one(`SHOW session_replication_role`, trx)).toEqual({ session_replication_role: 'origin' });
    } finally {
      await trx.rollback();
    }
  });
});
