import type { Knex } from 'knex';

export interface DemoCityOptions {
  scale: number;
  /** Delete a previous demo city (users, roads, regions below the province) first. */
  replace?: boolean;
}

/** Generates the demo city (Harbin): regions, roads and staff users, all in one transaction. */
export async function seedDemoCity(db: Knex, options: DemoCityOptions): Promise<void> {
  void db;
  void options;
}
