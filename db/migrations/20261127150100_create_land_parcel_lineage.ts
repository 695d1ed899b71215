/**
 * Lineage of land reserve parcels (CJJ/T 196 8.2 土地储备): a split retires one parcel and creates its pieces, a
 * merge retires several and creates their union. Each edge predecessor → successor is one row, written in the
 * same transaction and audited like the parcels, so a retired parcel always says what became of it.
 */
import type { Knex } from 'knex';
import { addBookkeeping, addColumns, commentTable, enableAudit } from '../helpers.ts';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`CREATE TABLE land_parcel_lineage (id bigserial PRIMARY KEY)`);
  await addColumns(knex, 'land_parcel_lineage', [
    [
      'operation',
      `text NOT NULL CHECK (operation IN ('split', 'merge'))`,
      '变更方式：split 分割、merge 合并',
    ],
    ['predecessor_id', 'bigint NOT NULL REFERENCES land_parcels(id)', '原地块'],
    ['successor_id', 'bigint NOT NULL REFERENCES land_parcels(id)', '新地块'],
    ['region_code', 'region_code NOT NULL REFERENCES regions(code)', '行政区划代码（原地块的）'],
  ]);
  await knex.raw(
    'CREATE UNIQUE INDEX land_parcel_lineage_edge ON land_parcel_lineage (predecessor_id, successor_id)',
  );
  await knex.raw('CREATE INDEX land_parcel_lineage_successor ON land_parcel_lineage (successor_id)');
  await commentTable(knex, 'land_parcel_lineage', '储备地块分割与合并的沿革（原地块 → 新地块）');
  await addBookkeeping(knex, 'land_parcel_lineage');
  await enableAudit(knex, 'land_parcel_lineage');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE land_parcel_lineage');
}
