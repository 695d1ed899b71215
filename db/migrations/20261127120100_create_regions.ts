/** Administrative regions (行政区划, GB/T 2260 style) and the demo basemap's roads. */
import type { Knex } from 'knex';
import { addBookkeeping, addGeometry, commentColumns, commentTable, enableAudit } from '../helpers.ts';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('regions', (t) => {
    t.specificType('code', 'region_code').primary();
    t.text('name').notNullable();
    t.smallint('level').notNullable();
    t.specificType('parent_code', 'region_code').references('code').inTable('regions');
    t.check('level BETWEEN 1 AND 5', [], 'regions_level_range');
    t.check('(level = 1) = (parent_code IS NULL)', [], 'regions_parent_iff_not_root');
  });
  await knex.raw('CREATE INDEX regions_parent ON regions (parent_code)');
  await addGeometry(knex, 'regions', 'boundary', 'MultiPolygon', '边界');
  await knex.raw(`ALTER TABLE regions ADD COLUMN label_point geometry(Point, 4490)
    GENERATED ALWAYS AS (ST_PointOnSurface(boundary)) STORED`);
  await knex.raw(`ALTER TABLE regions ADD COLUMN label_point_3857 geometry(Point, 3857)
    GENERATED ALWAYS AS (ST_Transform(ST_PointOnSurface(boundary), 3857)) STORED`);
  await knex.raw('CREATE INDEX regions_label_point_3857_gist ON regions USING gist (label_point_3857)');
  await addBookkeeping(knex, 'regions');
  await enableAudit(knex, 'regions', {
    key: 'code',
    region: 'code',
    exclude: ['boundary', 'boundary_3857', 'label_point', 'label_point_3857'],
  });
  await commentTable(knex, 'regions', '行政区划：省、市、区县、街道（乡镇）、社区（村）');
  await commentColumns(knex, 'regions', {
    code: '行政区划代码（12 位，GB/T 2260 代码补零）',
    name: '行政区划名称',
    level: '层级：1 省 2 市 3 区县 4 街道 5 社区',
    parent_code: '上级行政区划代码',
    label_point: '标注点',
    label_point_3857: '标注点（Web 墨卡托，供切片使用）',
  });

  await knex.schema.createTable('roads', (t) => {
    t.bigIncrements('id');
    t.specificType('region_code', 'region_code').notNullable().references('code').inTable('regions');
    t.text('name').notNullable();
    t.text('road_class').notNullable();
    t.check(`road_class IN ('expressway', 'arterial', 'secondary', 'local')`, [], 'roads_class_known');
  });
  await addGeometry(knex, 'roads', 'geom', 'MultiLineString', '道路中心线');
  await addBookkeeping(knex, 'roads');
  await enableAudit(knex, 'roads', { exclude: ['geom', 'geom_3857'] });
  await commentTable(knex, 'roads', '道路（底图）');
  await commentColumns(knex, 'roads', {
    region_code: '行政区划代码',
    name: '道路名称',
    road_class: '道路等级',
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('roads');
  await knex.schema.dropTable('regions');
}
