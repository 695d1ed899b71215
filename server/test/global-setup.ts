/**
 * Builds the template database once per test run: migrations, reference data and a small demo city. Its name is
 * per run, so two runs on one cluster do not drop each other's template; it is dropped when the run ends.
 */
import type { TestProject } from 'vitest/node';
import { createDb } from '../db/knex.ts';
import { migrateLatest } from '../../db/migrate.ts';
import { seedAll } from '../../seeds/index.ts';
import { clusterUrl, dropDatabase, onCluster } from './databases.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    templateDb: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const template = `hss_tpl_${process.pid}`;
  await dropDatabase(template);
  await onCluster(`CREATE DATABASE ${template}`);
  const db = createDb(clusterUrl(template), { max: 2 });
  try {
    await migrateLatest(db);
    await seedAll(db, { scale: 1 });
  } finally {
    await db.destroy();
  }
  await onCluster(`ALTER DATABASE ${template} IS_TEMPLATE true`);
  project.provide('templateDb', template);
  return async () => {
    await onCluster(`ALTER DATABASE ${template} IS_TEMPLATE false`);
    await dropDatabase(template);
  };
}
