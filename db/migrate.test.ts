import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../server/db/knex.ts';
import { clusterUrl, dropDatabase, onCluster } from '../server/test/databases.ts';
import { migrateLatest, rollback } from './migrate.ts';

const name = `hss_migrations_${process.pid}`;
let db: Db;

beforeAll(async () => {
  await dropDatabase(name);
  await onCluster(`CREATE DATABASE ${name}`);
  db = createDb(clusterUrl(name), { max: 1 });
});

afterAll(async () => {
  await db.destroy();
  await dropDatabase(name);
});

const tables = async () =>
  (await db('pg_tables')
    .where({ schemaname: 'public' })
    .whereNot('tablename', 'like', 'knex_%')
    .orderBy('tablename')
    .pluck('tablename')) as string[];

describe('migrations', () => {
  it('go up, all the way down, and up again to the same schema', async () => {
    const applied = await migrateLatest(db);
    expect(applied.length).toBeGreaterThan(0);
    const schema = await tables();
    expect(schema).toEqual(expect.arrayContaining(['regions', 'staff_users', 'operation_log', 'dict_items']));

    const undone = await rollback(db, true);
    expect(undone).toEqual([...applied].reverse());
    expect(await tables()).toEqual(['spatial_ref_sys']);

    expect(await migrateLatest(db)).toEqual(applied);
    expect(await tables()).toEqual(schema);
  });
});
