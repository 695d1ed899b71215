import knexFactory, { type Knex } from 'knex';
import pg from 'pg';

// bigint (int8) and numeric come back as strings by default; counts and ids fit in a JS number,
// money stays a string (numeric) so it is never rounded through a float.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

export type Db = Knex;
export type Tx = Knex.Transaction;

/**
 * A knex pool. With `appRole`, every pooled connection switches to that role (SET ROLE) so the
 * application runs with the narrow grants the migrations give it (no UPDATE/DELETE on the operation log).
 */
export function createDb(url: string, options: { appRole?: string; max?: number } = {}): Db {
  const { appRole, max = 10 } = options;
  return knexFactory({
    client: 'pg',
    connection: url,
    pool: {
      min: 0,
      max,
      afterCreate(conn: pg.Client, done: (err: Error | null, conn: pg.Client) => void) {
        const setup = appRole ? `SET ROLE ${pg.escapeIdentifier(appRole)}` : 'SELECT 1';
        conn.query(setup).then(
          () => done(null, conn),
          (err: Error) => done(err, conn),
        );
      },
    },
  });
}

/**
 * Independent reads: side by side on a pool; one after another on a transaction, whose single connection would
 * queue them anyway (pg warns that queries sent while one is running will stop working in pg 9).
 */
export async function readTogether<T extends readonly unknown[]>(
  conn: Db | Tx,
  reads: { [K in keyof T]: () => Promise<T[K]> },
): Promise<T> {
  if (!conn.isTransaction) return (await Promise.all(reads.map((read) => read()))) as unknown as T;
  const results: unknown[] = [];
  for (const read of reads) results.push(await read());
  return results as unknown as T;
}
