/** Builds the template database once per test run: migrations, reference data and a small demo city. */
import { createDb } from '../db/knex.ts';
import { migrateLatest } from '../../db/migrate.ts';
import { seedAll } from '../../seeds/index.ts';
import { TEMPLATE_DB, clusterUrl, dropDatabase, onCluster } from './databases.ts';

export default async function setup(): Promise<void> {
  await onCluster(`ALTER DATABASE ${TEMPLATE_DB} IS_TEMPLATE false`).catch(() => undefined);
  await dropDatabase(TEMPLATE_DB);
  await onCluster(`CREATE DATABASE ${TEMPLATE_DB}`);
  const db = createDb(clusterUrl(TEMPLATE_DB), { max: 2 });
  try {
    await migrateLatest(db);
    await seedAll(db, { scale: 1 });
  } finally {
    await db.destroy();
  }
  await onCluster(`ALTER DATABASE ${TEMPLATE_DB} IS_TEMPLATE true`);
}
