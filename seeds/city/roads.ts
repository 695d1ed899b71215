import type { Knex } from 'knex';
import type { Prng } from '../prng.ts';
import type { CityPlan } from './regions.ts';

export async function seedRoads(trx: Knex.Transaction, prng: Prng, plan: CityPlan): Promise<void> {
  void trx;
  void prng;
  void plan;
}
