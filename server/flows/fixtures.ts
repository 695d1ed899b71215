/** One active selection (household → unit) in a district, for the flows tests and the region-scope test. */
import type { Knex } from 'knex';
import { insertPublishedPlan } from '../allocation/fixtures.ts';

export async function insertFlow(db: Knex, district: string, tag: string): Promise<number> {
  const set = await insertPublishedPlan(db, district, { households: 1, units: 1, tag });
  const household = await db('households')
    .where({ id: set.households[0]!.id })
    .first<{ id: number; application_no: string; registration_year: number; region_code: string }>(
      'id',
      'application_no',
      'registration_year',
      'region_code',
    );
  const unit = set.units.units[0]!;
  const [row] = await db('unit_selections')
    .insert({
      household_id: household.id,
      application_no: household.application_no,
      registration_year: household.registration_year,
      region_code: household.region_code,
      unit_id: unit.id,
      unit_no: unit.unit_no,
      plan_id: set.plan,
    })
    .returning<{ id: number }[]>('id');
  return Number(row!.id);
}
