/**
 * The demo city generator: Harbin's regions (real district codes, generated streets and communities with
 * Voronoi boundaries), a road network, water and green areas, the demo staff accounts and the city's housing (seeds/housing).
 * Deterministic: the same scale always gives the same city.
 */
import type { Knex } from 'knex';
import { DEMO_SEED, Prng } from '../prng.ts';
import { CITY } from './harbin.ts';
import { seedRegions } from './regions.ts';
import { seedRoads } from './roads.ts';
import { seedBasemapAreas } from './basemap.ts';
import { deleteDemoUsers, hashDemoPassword, insertDemoUsers } from './users.ts';
import {
  type HousingReport,
  type HousingSize,
  deleteSeedHousing,
  housingSizeForScale,
  seedHousing,
} from '../housing/index.ts';

export { DEMO_PASSWORD, DEMO_USERS, type DemoUser } from './users.ts';

export interface DemoCityOptions {
  scale: number;
  /** Delete a previous demo city (seed housing, demo users, roads, regions below the province) first. */
  replace?: boolean;
  /** Housing size instead of the scale's (housingSizeForScale). */
  housing?: HousingSize;
}

/**
 * Generates the demo city in one transaction (a savepoint if `db` is already a transaction), with the
 * bookkeeping/audit actor set to `seed`.
 */
export async function seedDemoCity(db: Knex, options: DemoCityOptions): Promise<HousingReport> {
  // Hashing (scrypt) runs on the thread pool while the geometry is generated.
  const passwordHash = hashDemoPassword();
  passwordHash.catch(() => undefined); // awaited below; avoid an unhandled rejection if geometry fails first
  return db.transaction(async (trx) => {
    await trx.raw(`select set_config('hss.actor', 'seed', true)`);
    if (options.replace) await deleteDemoCity(trx);
    const prng = new Prng(DEMO_SEED);
    const plan = await seedRegions(trx, prng, options.scale);
    await seedRoads(trx, prng.fork('roads'), plan);
    await seedBasemapAreas(trx);
    await insertDemoUsers(trx, await passwordHash);
    return seedHousing(trx, options.housing ?? housingSizeForScale(options.scale));
  });
}

/**
 * Deletes what seedDemoCity made, children first. Business data others entered that refers to these regions
 * (applications, houses …) must be gone already — the foreign keys stop the delete otherwise: force a re-seed on a fresh
 * database, or one that holds only demo data.
 */
async function deleteDemoCity(trx: Knex.Transaction): Promise<void> {
  await deleteSeedHousing(trx);
  await deleteDemoUsers(trx);
  await trx('basemap_areas')
    .where('region_code', 'like', `${CITY.code.slice(0, 4)}%`)
    .delete();
  await trx('roads')
    .where('region_code', 'like', `${CITY.code.slice(0, 4)}%`)
    .delete();
  for (const level of [5, 4, 3, 2]) {
    await trx('regions')
      .where({ level })
      .andWhere('code', 'like', `${CITY.code.slice(0, 4)}%`)
      .delete();
  }
}
