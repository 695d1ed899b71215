import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../server/db/knex.ts';
import { cloneTemplate, dropDatabase } from '../server/test/databases.ts';
import { commentNames, conformanceReport, loadAppendixA, rejoinSplitFields } from './conformance.ts';
import { commentColumns, commentTable } from './helpers.ts';

let db: Db;
let name: string;

beforeAll(async () => {
  const clone = await cloneTemplate();
  name = clone.name;
  db = createDb(clone.url, { max: 1 });
});

afterAll(async () => {
  await db.destroy();
  await dropDatabase(name);
});

describe('conformance report', () => {
  it('holds the 95 clauses of Appendix A, with names split inside parentheses joined again', () => {
    const clauses = loadAppendixA();
    expect(clauses).toHaveLength(95);
    // appendix-a.json lists 1,313 names; three are "…-路（街、里、巷、小区）" split into four pieces each.
    expect(clauses.reduce((n, c) => n + c.fields.length, 0)).toBe(1313 - 9);
    expect(clauses.find((c) => c.clause === 'A.3.8')!.fields).toContain('户籍所在地-路（街、里、巷、小区）');
    expect(rejoinSplitFields(['甲', '路（街', '里', '小区）', '号'])).toEqual([
      '甲',
      '路（街、里、小区）',
      '号',
    ]);
  });

  it('matches a field name exactly at the start of a column comment', () => {
    expect(commentNames('项目编号', '项目编号')).toBe(true);
    expect(commentNames('项目编号（自动生成）', '项目编号')).toBe(true);
    expect(commentNames('项目编号', '项目')).toBe(false);
    expect(commentNames('原项目编号', '项目编号')).toBe(false);
  });

  it('counts the fields a commented table implements and lists the missing ones', async () => {
    // The clone's own schema may implement A.1.1/A.1.2 already: uncomment those so the probe stands alone.
    await db.raw(`DO $$ DECLARE r record; BEGIN
      FOR r IN SELECT c.oid::regclass AS rel, c.relkind FROM pg_class c
                WHERE obj_description(c.oid, 'pg_class') ~ '^A\\.1\\.[12] ' LOOP
        EXECUTE format('COMMENT ON %s %s IS NULL', CASE WHEN r.relkind = 'v' THEN 'VIEW' ELSE 'TABLE' END, r.rel);
      END LOOP; END $$`);
    await db.schema.createTable('security_projects_probe', (t) => {
      t.text('project_no');
      t.text('project_name');
      t.text('region_code');
    });
    await commentTable(db, 'security_projects_probe', 'A.1.1 保障项目');
    await commentColumns(db, 'security_projects_probe', {
      project_no: '保障项目编号',
      project_name: '保障项目（名称）',
      region_code: '行政区划代码',
    });
    const report = await conformanceReport(db);
    const clause = report.find((c) => c.clause === 'A.1.1')!;
    expect(clause.tables).toEqual(['security_projects_probe']);
    expect(clause.implemented).toEqual(['保障项目编号', '保障项目', '行政区划代码']);
    expect(clause.missing).toEqual(['收入分类', '特殊人群分类', '是否启用', '启用时间']);
    expect(report.find((c) => c.clause === 'A.1.2')!.implemented).toEqual([]);
  });
});
