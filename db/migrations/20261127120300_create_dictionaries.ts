/** Code lists (代码表) used across Appendix A: 证件类别, 性别, 民族, 婚姻状况, … */
import type { Knex } from 'knex';
import { addBookkeeping, commentColumns, commentTable, enableAudit } from '../helpers.ts';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('dict_types', (t) => {
    t.text('code').primary();
    t.text('name_zh').notNullable();
    t.text('name_en').notNullable();
    t.text('source').notNullable().defaultTo('');
  });
  await addBookkeeping(knex, 'dict_types');
  await enableAudit(knex, 'dict_types', { key: 'code' });
  await commentTable(knex, 'dict_types', '代码表');
  await commentColumns(knex, 'dict_types', {
    code: '代码表编号',
    name_zh: '代码表名称',
    name_en: '英文名称',
    source: '依据标准',
  });

  await knex.schema.createTable('dict_items', (t) => {
    t.text('type_code').notNullable().references('code').inTable('dict_types').onDelete('CASCADE');
    t.text('code').notNullable();
    t.text('name_zh').notNullable();
    t.text('name_en').notNullable();
    t.integer('sort').notNullable().defaultTo(0);
    t.text('parent_code');
    t.boolean('enabled').notNullable().defaultTo(true);
    t.primary(['type_code', 'code']);
  });
  await addBookkeeping(knex, 'dict_items');
  await enableAudit(knex, 'dict_items', { key: 'code' });
  await commentTable(knex, 'dict_items', '代码项');
  await commentColumns(knex, 'dict_items', {
    type_code: '代码表编号',
    code: '代码',
    name_zh: '名称',
    name_en: '英文名称',
    sort: '排序',
    parent_code: '上级代码',
    enabled: '是否启用',
  });

  await knex.schema.createTable('app_meta', (t) => {
    t.text('key').primary();
    t.jsonb('value').notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await commentTable(knex, 'app_meta', '系统元数据（如演示城市的生成参数）');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('app_meta');
  await knex.schema.dropTable('dict_items');
  await knex.schema.dropTable('dict_types');
}
