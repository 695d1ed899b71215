/** The code lists in the test template: every list present, with the standards' code values. */
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../server/db/knex.ts';
import { cloneTemplate, dropDatabase } from '../server/test/databases.ts';
import { DICTIONARIES } from './dictionaries/index.ts';
import { seedReference } from './reference.ts';

let database: { name: string; url: string };
let db: Knex;

beforeAll(async () => {
  database = await cloneTemplate('hss_ref');
  db = createDb(database.url, { max: 2 });
});

afterAll(async () => {
  await db?.destroy();
  if (database) await dropDatabase(database.name);
});

const namesOf = async (type: string): Promise<Record<string, string>> => {
  const items: { code: string; name_zh: string }[] = await db('dict_items')
    .where({ type_code: type })
    .orderBy('sort')
    .select('code', 'name_zh');
  return Object.fromEntries(items.map((i) => [i.code, i.name_zh]));
};

describe('reference code lists', () => {
  it('has every list with its source standard', async () => {
    const types: { code: string; source: string }[] = await db('dict_types').select('code', 'source');
    expect(types.map((t) => t.code).sort()).toEqual(
      [
        'building_structure',
        'construction_mode',
        'decoration',
        'delivery_status',
        'development_level',
        'disability_category',
        'disability_grade',
        'education',
        'ethnicity',
        'gender',
        'house_nature',
        'hukou_type',
        'id_type',
        'income_level',
        'land_use',
        'layout',
        'marital_status',
        'orientation',
        'project_category',
        'relationship',
        'security_mode',
        'special_group',
        'unit_source',
        'waiting_status',
        // an application's housing, members, assets and archive (seeds/dictionaries/application.ts)
        'housing_occupancy',
        'housing_type',
        'housing_condition',
        'property_management',
        'ownership_share_class',
        'property_right_nature',
        'member_address_category',
        'original_housing_disposal',
        'employment_status',
        'employer_nature',
        'honor_level',
        'asset_category',
        'archive_type',
      ].sort(),
    );
    expect(types.every((t) => t.source.length > 0)).toBe(true);
  });

  it('uses the national code values', async () => {
    expect(await namesOf('gender')).toEqual({ '0': '未知的性别', '1': '男', '2': '女', '9': '未说明的性别' });
    const ethnicity = await namesOf('ethnicity');
    expect(Object.keys(ethnicity)).toHaveLength(58);
    expect([ethnicity['01'], ethnicity['11'], ethnicity['56'], ethnicity['98']]).toEqual([
      '汉族',
      '满族',
      '基诺族',
      '外国血统中国籍人士',
    ]);
    expect(await namesOf('marital_status')).toMatchObject({ '10': '未婚', '21': '初婚', '40': '离婚' });
    expect(await namesOf('education')).toMatchObject({
      '10': '研究生教育',
      '21': '大学本科毕业',
      '90': '其他',
    });
    expect(await namesOf('id_type')).toMatchObject({ '111': '居民身份证', '414': '普通护照' });
    expect(await namesOf('delivery_status')).toEqual({
      undelivered: '未交付',
      delivered: '已交付',
      allocated: '已配给',
      occupied: '已入住',
    });
    expect(await namesOf('waiting_status')).toEqual({
      applied: '已申请',
      waiting: '轮候中',
      allocated: '已配置',
      withdrawn: '已退出',
    });
    expect(await namesOf('land_use')).toMatchObject({
      '07': '住宅用地',
      '0701': '城镇住宅用地',
      '0601': '工业用地',
      '08': '公共管理与公共服务用地',
    });
    expect(await namesOf('building_structure')).toMatchObject({ '1': '钢结构', '4': '混合结构' });
    expect(await namesOf('disability_category')).toEqual({
      '1': '视力残疾',
      '2': '听力残疾',
      '3': '言语残疾',
      '4': '肢体残疾',
      '5': '智力残疾',
      '6': '精神残疾',
      '7': '多重残疾',
    });
    expect(await namesOf('disability_grade')).toEqual({ '1': '一级', '2': '二级', '3': '三级', '4': '四级' });
  });

  it('uses the table CHECK values as the codes of the status lists', async () => {
    const checks: { def: string }[] = (
      await db.raw(
        `SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint
         WHERE conname IN ('housing_units_delivery_status_check', 'households_waiting_status_check')
         ORDER BY conname`,
      )
    ).rows;
    const quoted = (def: string) => [...def.matchAll(/'([a-z_]+)'/g)].map((m) => m[1]).sort();
    expect(checks.map((c) => quoted(c.def))).toEqual([
      Object.keys(await namesOf('waiting_status')).sort(),
      Object.keys(await namesOf('delivery_status')).sort(),
    ]);
  });

  it('disables an item dropped from its list instead of deleting it', async () => {
    await db('dict_items').insert({
      type_code: 'delivery_status',
      code: '10',
      name_zh: '未交付',
      name_en: 'x',
    });
    await seedReference(db);
    const old = await db('dict_items').where({ type_code: 'delivery_status', code: '10' }).first('enabled');
    expect(old).toEqual({ enabled: false });
    await db('dict_items').where({ type_code: 'delivery_status', code: '10' }).delete();
  });

  it('links hierarchical items to an existing parent', async () => {
    const orphans = await db('dict_items as c')
      .leftJoin('dict_items as p', function () {
        this.on('p.type_code', 'c.type_code').andOn('p.code', 'c.parent_code');
      })
      .whereNotNull('c.parent_code')
      .whereNull('p.code')
      .select('c.type_code', 'c.code');
    expect(orphans).toEqual([]);
  });

  it('is idempotent and restores edited rows', async () => {
    const total = DICTIONARIES.reduce((n, d) => n + d.items.length, 0);
    await db('dict_items').where({ type_code: 'gender', code: '1' }).update({ name_zh: '改过' });
    await seedReference(db);
    await seedReference(db);
    expect((await namesOf('gender'))['1']).toBe('男');
    const counted = await db('dict_items').count<{ n: string }[]>({ n: '*' });
    expect(Number(counted[0]?.n)).toBe(total);
  });
});
