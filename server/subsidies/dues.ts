/**
 * 补贴应发 (A.7.5; CJJ/T 196 10.2.1 item 3, 10.2.2 item 1): a month's dues from effective subsidy contracts
 * (households) and active fund disbursement plans (suppliers), generated idempotently in the caller's region.
 * Services take (trx, scope, …): the demo seed and the benchmark call them directly.
 */
import type { Db, Tx } from '../db/knex.ts';
import { regionPrefix, type Scope } from '../access/scope.ts';
import { notFound } from '../http/errors.ts';
import { assertRegion } from '../contracts/service.ts';
import type { GenerateInput, ListDuesQuery } from './schema.ts';
import * as store from './dues-store.ts';

export const DUE_LABEL = '补贴应发';

/** The region a month-wide action works in: the one named (in the scope, else 400), or the caller's own. */
export async function actionPrefix(trx: Db | Tx, scope: Scope, region: string | undefined): Promise<string> {
  await assertRegion(trx as Tx, scope, region);
  return region ? regionPrefix(region) : scope.regionPrefix;
}

/**
 * Generates the dues of `year`-`month` in the region. Idempotent: the unique key (对象类型, 对象编号, 年, 月,
 * 补贴项目编号) and ON CONFLICT DO NOTHING make a second run — or a concurrent one — add 0 rows.
 */
export async function generateDues(trx: Tx, scope: Scope, input: GenerateInput) {
  const prefix = await actionPrefix(trx, scope, input.region_code);
  const created = await store.generateMonth(trx, prefix, input.year, input.month);
  const total = await store.countMonth(trx, prefix, input.year, input.month);
  return { year: input.year, month: input.month, created, total };
}

export const listDues = (conn: Db | Tx, scope: Scope, filter: ListDuesQuery) =>
  store.listDues(conn, scope, filter);

export async function getDue(conn: Db | Tx, scope: Scope, id: number) {
  const due = await store.findDue(conn, scope, id);
  if (!due) throw notFound(DUE_LABEL);
  return due;
}
