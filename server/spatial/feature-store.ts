/**
 * SQL shared by the tables that carry a `region_code`, a `geom` (EPSG:4490) and bookkeeping columns: the scoped
 * select with region name and GeoJSON, and inserts/updates that turn GeoJSON into the stored geometry and a
 * duplicate key into a 409 naming the field.
 */
import type { Knex } from 'knex';
import type { Db, Tx } from '../db/knex.ts';
import { scoped, type Scope } from '../access/scope.ts';
import { conflict, notFound } from '../http/errors.ts';
import { GEOMETRY_FROM_GEOJSON, geoJsonText } from '../shared/geometry.ts';
import { geometryJson } from './features.ts';

type Conn = Db | Tx;

const BOOKKEEPING = ['created_at', 'created_by', 'updated_at', 'updated_by'];

/** Rows of `table` (as `alias`) in the scope, with their region's name, bookkeeping and geometry as GeoJSON. */
export function featuresIn(
  conn: Conn,
  scope: Scope,
  table: string,
  alias: string,
  columns: readonly string[],
): Knex.QueryBuilder {
  return scoped(
    conn({ [alias]: table }).join('regions as rg', 'rg.code', `${alias}.region_code`),
    scope,
    `${alias}.region_code`,
  ).select(
    `${alias}.id`,
    ...columns.map((column) => `${alias}.${column}`),
    'rg.name as region_name',
    ...BOOKKEEPING.map((column) => `${alias}.${column}`),
    geometryJson(conn, `${alias}.geom`),
  );
}

export interface GeometryWrite {
  /** GeoJSON to store; `null` clears the geometry; undefined leaves it. */
  geometry: object | null | undefined;
  /** Promote a Polygon to MultiPolygon (the area columns are MultiPolygon). */
  multi: boolean;
  /** SQL for the geometry when no GeoJSON is given: a unit's point in its building, a geocoded household. */
  computed?: Knex.Raw;
}

function geometryValue(trx: Tx, write: GeometryWrite): Record<string, unknown> {
  if (write.geometry === undefined) return write.computed ? { geom: write.computed } : {};
  if (write.geometry === null) return { geom: null };
  const sql = write.multi ? `ST_Multi(${GEOMETRY_FROM_GEOJSON})` : GEOMETRY_FROM_GEOJSON;
  return { geom: trx.raw(sql, [geoJsonText(write.geometry)]) };
}

interface PgError {
  code?: string;
  constraint?: string;
}

/**
 * Runs a write; a unique violation becomes a 409 naming the field. Constraints named `<table>_<column>_key`
 * (PostgreSQL's default) map to that column; others through `fields`.
 */
async function uniqueAsConflict<T>(
  table: string,
  at: string,
  fields: Record<string, string>,
  work: () => Promise<T>,
): Promise<T> {
  try {
    return await work();
  } catch (caught) {
    const err = caught as PgError;
    if (err.code !== '23505' || !err.constraint) throw caught;
    const field =
      fields[err.constraint] ?? new RegExp(`^${table}_(.+)_key$`).exec(err.constraint)?.[1] ?? 'id';
    throw conflict('编号或组合已被使用', [{ path: `${at}.${field}`, message: '已被使用，须唯一' }]);
  }
}

export interface WriteOptions {
  /** Field path prefix for errors, e.g. `body` or `features.3.properties`. */
  at: string;
  /** Unique constraints whose name does not say the field. */
  uniqueFields?: Record<string, string>;
}

export async function insertFeature(
  trx: Tx,
  table: string,
  row: Record<string, unknown>,
  geometry: GeometryWrite,
  options: WriteOptions,
): Promise<number> {
  return uniqueAsConflict(table, options.at, options.uniqueFields ?? {}, async () => {
    const [inserted] = await trx(table)
      .insert({ ...row, ...geometryValue(trx, geometry) })
      .returning<{ id: number }[]>('id');
    return inserted!.id;
  });
}

/** Updates a row in scope; false when there is none (outside the scope counts as none). */
export async function updateFeature(
  trx: Tx,
  scope: Scope,
  table: string,
  id: number,
  changes: Record<string, unknown>,
  geometry: GeometryWrite,
  options: WriteOptions,
): Promise<boolean> {
  const values = { ...changes, ...geometryValue(trx, geometry) };
  if (!Object.keys(values).length) return true;
  return uniqueAsConflict(table, options.at, options.uniqueFields ?? {}, async () => {
    const count = await scoped(trx(table), scope).where({ id }).update(values);
    return count > 0;
  });
}

export interface Retirement<R> {
  table: string;
  label: string;
  /** The status column and its final value, e.g. `status` = `retired`, `waiting_status` = `withdrawn`. */
  column: string;
  value: string;
  find(conn: Tx, scope: Scope, id: number): Promise<R | undefined>;
  /** Refuses (throws) when something still depends on the record. */
  guard?(row: R): Promise<void>;
}

/**
 * Retires a record by giving it its final status: the row and its history stay, lists can still show it.
 * Retiring twice is harmless (the second time changes nothing).
 */
export async function retireFeature<R extends Record<string, unknown>>(
  trx: Tx,
  scope: Scope,
  id: number,
  how: Retirement<R>,
): Promise<R> {
  const existing = await how.find(trx, scope, id);
  if (!existing) throw notFound(how.label);
  if (existing[how.column] === how.value) return existing;
  await how.guard?.(existing);
  await scoped(trx(how.table), scope)
    .where({ id })
    .update({ [how.column]: how.value });
  return (await how.find(trx, scope, id))!;
}

/** Deletes a row in scope; false when there is none. A row something still references is a 409, not a 500. */
export async function deleteFeature(
  trx: Tx,
  scope: Scope,
  table: string,
  id: number,
  label: string,
): Promise<boolean> {
  try {
    return (await scoped(trx(table), scope).where({ id }).delete()) > 0;
  } catch (caught) {
    if ((caught as PgError).code === '23503') throw conflict(`${label}仍被其他记录引用，不能删除`);
    throw caught;
  }
}
