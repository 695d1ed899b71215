/**
 * Reference data: the code lists (dict_types, dict_items) from seeds/dictionaries. Runs on every start, so
 * it is an idempotent upsert that only touches rows whose data changed — an unchanged row is not updated,
 * which keeps the audit log free of no-op updates. An item dropped from a list is disabled, not deleted:
 * records may still hold its code, and a disabled code no longer validates.
 */
import type { Knex } from 'knex';
import { DICTIONARIES } from './dictionaries/index.ts';

/** Rows per INSERT: well under PostgreSQL's 65535 bind parameters. */
const BATCH = 500;

export async function seedReference(db: Knex): Promise<void> {
  const types = DICTIONARIES.map(({ code, name_zh, name_en, source }) => ({
    code,
    name_zh,
    name_en,
    source,
  }));
  const items = DICTIONARIES.flatMap((dict) =>
    dict.items.map((item, index) => ({
      type_code: dict.code,
      code: item.code,
      name_zh: item.name_zh,
      name_en: item.name_en,
      sort: item.sort ?? (index + 1) * 10,
      parent_code: item.parent_code ?? null,
    })),
  );
  assertUnique(
    items.map((i) => `${i.type_code}/${i.code}`),
    'dictionary item',
  );

  await db.transaction(async (trx) => {
    await trx.raw(`select set_config('hss.actor', 'seed', true)`);
    await trx('dict_types')
      .insert(types)
      .onConflict('code')
      .merge(['name_zh', 'name_en', 'source'])
      .whereRaw(
        '(dict_types.name_zh, dict_types.name_en, dict_types.source) is distinct from (excluded.name_zh, excluded.name_en, excluded.source)',
      );
    for (let i = 0; i < items.length; i += BATCH) {
      await trx('dict_items')
        .insert(items.slice(i, i + BATCH))
        .onConflict(['type_code', 'code'])
        .merge(['name_zh', 'name_en', 'sort', 'parent_code'])
        .whereRaw(
          `(dict_items.name_zh, dict_items.name_en, dict_items.sort, dict_items.parent_code)
             is distinct from (excluded.name_zh, excluded.name_en, excluded.sort, excluded.parent_code)`,
        );
    }
    await trx('dict_items')
      .whereIn(
        'type_code',
        DICTIONARIES.map((d) => d.code),
      )
      .whereNotIn(
        ['type_code', 'code'],
        items.map((i) => [i.type_code, i.code]),
      )
      .where({ enabled: true })
      .update({ enabled: false });
  });
}

function assertUnique(keys: string[], what: string): void {
  const seen = new Set<string>();
  for (const key of keys) {
    if (seen.has(key)) throw new Error(`duplicate ${what}: ${key}`);
    seen.add(key);
  }
}
