/**
 * The basemap's water and green areas (松花江 and its tributaries, lakes, parks): public reference data drawn
 * under everything else on the map, tiled by the `basemap_areas` layer. Statement triggers notify
 * `tile_changes` like the other tiled tables (migration 20261127130200), so an edit shows in its tiles at once.
 */
import type { Knex } from 'knex';
import { addBookkeeping, addGeometry, commentColumns, commentTable, enableAudit } from '../helpers.ts';

const EVENTS = [
  ['insert', 'INSERT', 'REFERENCING NEW TABLE AS new_rows', ['new_rows']],
  ['update', 'UPDATE', 'REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows', ['new_rows', 'old_rows']],
  ['delete', 'DELETE', 'REFERENCING OLD TABLE AS old_rows', ['old_rows']],
] as const;

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('basemap_areas', (t) => {
    t.bigIncrements('id');
    t.specificType('region_code', 'region_code').notNullable().references('code').inTable('regions');
    t.text('kind').notNullable();
    t.text('name').notNullable();
    t.check(`kind IN ('water', 'green')`, [], 'basemap_areas_kind_known');
  });
  await addGeometry(knex, 'basemap_areas', 'geom', 'MultiPolygon', '范围');
  await addBookkeeping(knex, 'basemap_areas');
  await enableAudit(knex, 'basemap_areas', { exclude: ['geom', 'geom_3857'] });
  await commentTable(knex, 'basemap_areas', '底图面状要素：水系（江河湖泊）与绿地（公园、风景区）');
  await commentColumns(knex, 'basemap_areas', {
    region_code: '行政区划代码',
    kind: '要素类别：water 水系，green 绿地',
    name: '名称',
  });
  for (const [suffix, event, referencing, tables] of EVENTS) {
    const fn = `basemap_areas_tile_changes_${suffix}`;
    const changed = tables.map((table) => `SELECT geom_3857 FROM ${table}`).join(' UNION ALL ');
    await knex.raw(`CREATE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
      PERFORM pg_notify('tile_changes', (SELECT json_build_object('basemap_areas', CASE WHEN e IS NULL THEN NULL
        ELSE json_build_array(ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e)) END)::text
        FROM (SELECT ST_Extent(geom_3857) AS e FROM (${changed}) c) x));
      RETURN NULL; END $$`);
    await knex.raw(
      `CREATE TRIGGER ${fn} AFTER ${event} ON basemap_areas ${referencing} FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`,
    );
  }
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('basemap_areas');
  for (const [suffix] of EVENTS) await knex.raw(`DROP FUNCTION basemap_areas_tile_changes_${suffix}()`);
}
