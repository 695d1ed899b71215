/**
 * Test databases: one migrated, seeded template per run; each test file clones its own database from it
 * (CREATE DATABASE … TEMPLATE is a file copy: far faster than migrating again).
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';

/** The cluster the tests use: TEST_DATABASE_URL, or the machine's PostgreSQL on 127.0.0.1:5432. */
export function clusterUrl(database = 'postgres'): string {
  const url = new URL(process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  url.pathname = `/${database}`;
  return url.toString();
}

/** Runs statements on the cluster's maintenance database (CREATE/DROP DATABASE cannot run in a transaction). */
export async function onCluster(...statements: string[]): Promise<void> {
  const client = new pg.Client({ connectionString: clusterUrl() });
  await client.connect();
  try {
    for (const sql of statements) await client.query(sql);
  } finally {
    await client.end();
  }
}

export async function dropDatabase(name: string): Promise<void> {
  await onCluster(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`);
}

/** A new database cloned from this run's template (see global-setup.ts); returns its name and URL. */
export async function cloneTemplate(prefix = 'hss_t'): Promise<{ name: string; url: string }> {
  const name = `${prefix}_${randomBytes(5).toString('hex')}`;
  const template = inject('templateDb');
  await onCluster(`CREATE DATABASE ${pg.escapeIdentifier(name)} TEMPLATE ${pg.escapeIdentifier(template)}`);
  return { name, url: clusterUrl(name) };
}
