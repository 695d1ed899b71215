/**
 * The demo basemap's water and green areas: valid, inside the city, the Songhua crossing it west to east between
 * the old core and 松北, and seeded idempotently (again gives the same rows; a city without them gets them once).
 */
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../../server/db/knex.ts';
import { cloneTemplate, dropDatabase } from '../../server/test/databases.ts';
import { seedBasemapAreas, seedMissingBasemapAreas } from './basemap.ts';
import { CITY } from './harbin.ts';

let database: { name: string; url: string };
let db: Knex;

beforeAll(async () => {
  database = await cloneTemplate('hss_basemap');
  db = createDb(database.url, { max: 2 });
});

afterAll(async () => {
  await db?.destroy();
  if (database) await dropDatabase(database.name);
});

const rows = async <T>(sql: string, bindings: readonly unknown[] = []): Promise<T[]> =>
  (await db.raw(sql, bindings as Knex.RawBinding[])).rows as T[];

const fingerprint = () =>
  rows<{ kind: string; name: string; region_code: string; hash: string }>(
    `SELECT kind, name, region_code, md5(ST_AsBinary(geom)) AS hash FROM basemap_areas ORDER BY kind, name`,
  );

describe('basemap water and green areas', () => {
  it('are valid, lie in the city and include the Songhua, lakes and parks', async () => {
    const areas = await rows<{ kind: string; name: string; valid: boolean; inside: boolean; km2: number }>(
      `SELECT a.kind, a.name, ST_IsValid(a.geom) AS valid,
              ST_CoveredBy(a.geom, ST_Buffer(c.boundary, 1e-9)) AS inside,
              ST_Area(a.geom::geography) / 1e6 AS km2
         FROM basemap_areas a, regions c WHERE c.code = ?`,
      [CITY.code],
    );
    expect(areas.length).toBeGreaterThanOrEqual(15);
    expect(areas.every((a) => a.valid && a.inside)).toBe(true);
    const songhua = areas.find((a) => a.name === '松花江')!;
    expect(songhua.kind).toBe('water');
    expect(songhua.km2).toBeGreaterThan(40);
    expect(areas.filter((a) => a.kind === 'green').map((a) => a.name)).toEqual(
      expect.arrayContaining(['太阳岛风景区', '兆麟公园']),
    );
    expect(areas.filter((a) => a.kind === 'water').length).toBeGreaterThan(4);
  });

  it('runs the Songhua across the city between the old core (south) and 松北 (north)', async () => {
    const [river] = await rows<{ west: number; east: number; crossesCentre: boolean }>(
      `SELECT ST_XMin(a.geom) AS west, ST_XMax(a.geom) AS east,
              ST_Intersects(a.geom, ST_SetSRID(ST_MakeLine(ST_MakePoint(126.63, 45.76), ST_MakePoint(126.63, 45.82)), 4490))
                AS "crossesCentre"
         FROM basemap_areas a WHERE a.name = '松花江'`,
    );
    expect(river!.crossesCentre).toBe(true);
    expect(river!.east - river!.west).toBeGreaterThan(0.6); // ≥ 45 km of the city's width
  });

  it('seeds the same areas again, and adds them only where they are missing', async () => {
    const before = await fingerprint();
    await db.transaction(async (trx) => {
      await trx.raw(`select set_config('hss.actor', 'seed', true)`);
      await seedBasemapAreas(trx);
    });
    expect(await fingerprint()).toEqual(before);
    await seedMissingBasemapAreas(db); // present: nothing happens
    expect(await fingerprint()).toEqual(before);
    await db('basemap_areas').delete();
    await seedMissingBasemapAreas(db);
    expect(await fingerprint()).toEqual(before);
  });
});
