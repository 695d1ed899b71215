/**
 * Helpers that keep migrations short and make every business table alike:
 * Appendix A conformance comments, bookkeeping columns, audit triggers and geometry columns.
 */
import type { Knex } from 'knex';

/** Storage SRID: CGCS2000 (EPSG:4490), China's national datum; WGS84 input is taken as the same datum (≤ 1 m). */
export const STORAGE_SRID = 4490;
/** Tile SRID: Web Mercator; a generated column keeps a copy so tiles need no per-row transform. */
export const TILE_SRID = 3857;

const quote = (text: string) => `'${text.replaceAll("'", "''")}'`;

/** `COMMENT ON TABLE`; for Appendix A tables start it with the clause id, e.g. `A.3.8 申请家庭基本信息`. */
export async function commentTable(knex: Knex, table: string, comment: string): Promise<void> {
  await knex.raw(`COMMENT ON TABLE ?? IS ${quote(comment)}`, [table]);
}

/** `COMMENT ON COLUMN` for each entry; for required Appendix A fields start it with the exact Chinese field name. */
export async function commentColumns(
  knex: Knex,
  table: string,
  comments: Record<string, string>,
): Promise<void> {
  for (const [column, comment] of Object.entries(comments)) {
    await knex.raw(`COMMENT ON COLUMN ??.?? IS ${quote(comment)}`, [table, column]);
  }
}

/**
 * Bookkeeping columns (增加时间/增加人/最后更新时间/最后更新人), filled by the `set_bookkeeping` trigger from the
 * transaction's actor, never by application code. With `review`, also 办理阶段/审核人/审核时间/审核状态,
 * which the workflow engine fills.
 */
export async function addBookkeeping(
  knex: Knex,
  table: string,
  options: { review?: boolean } = {},
): Promise<void> {
  await knex.schema.alterTable(table, (t) => {
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.text('created_by').notNullable().defaultTo('system');
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.text('updated_by').notNullable().defaultTo('system');
    if (options.review) {
      t.text('handling_stage');
      t.text('reviewer');
      t.timestamp('reviewed_at', { useTz: true });
      t.text('review_status');
    }
  });
  await commentColumns(knex, table, {
    created_at: '增加时间',
    created_by: '增加人',
    updated_at: '最后更新时间',
    updated_by: '最后更新人',
    ...(options.review
      ? { handling_stage: '办理阶段', reviewer: '审核人', reviewed_at: '审核时间', review_status: '审核状态' }
      : {}),
  });
  await knex.raw(
    `CREATE TRIGGER ?? BEFORE INSERT OR UPDATE ON ?? FOR EACH ROW EXECUTE FUNCTION set_bookkeeping()`,
    [`${table}_bookkeeping`, table],
  );
}

/**
 * Writes every INSERT/UPDATE/DELETE of the table to the operation log (17.0.1 业务操作日志), with before/after
 * rows minus the `exclude`d columns (secrets such as password hashes).
 */
export async function enableAudit(
  knex: Knex,
  table: string,
  options: { key?: string; region?: string; exclude?: string[] } = {},
): Promise<void> {
  const args = [options.key ?? 'id', options.region ?? 'region_code', ...(options.exclude ?? [])]
    .map(quote)
    .join(', ');
  await knex.raw(
    `CREATE TRIGGER ?? AFTER INSERT OR UPDATE OR DELETE ON ?? FOR EACH ROW EXECUTE FUNCTION audit_row(${args})`,
    [`${table}_audit`, table],
  );
}

type GeometryType = 'Point' | 'LineString' | 'MultiLineString' | 'Polygon' | 'MultiPolygon';

/**
 * A geometry column in CGCS2000 plus a generated Web Mercator copy (`<column>_3857`) for tiles,
 * both with GiST indexes.
 */
export async function addGeometry(
  knex: Knex,
  table: string,
  column: string,
  type: GeometryType,
  comment: string,
): Promise<void> {
  await knex.raw(`ALTER TABLE ?? ADD COLUMN ?? geometry(${type}, ${STORAGE_SRID})`, [table, column]);
  await knex.raw(
    `ALTER TABLE ?? ADD COLUMN ?? geometry(${type}, ${TILE_SRID})
       GENERATED ALWAYS AS (ST_Transform(??, ${TILE_SRID})) STORED`,
    [table, `${column}_3857`, column],
  );
  await knex.raw(`CREATE INDEX ?? ON ?? USING gist (??)`, [`${table}_${column}_gist`, table, column]);
  await knex.raw(`CREATE INDEX ?? ON ?? USING gist (??)`, [
    `${table}_${column}_3857_gist`,
    table,
    `${column}_3857`,
  ]);
  await commentColumns(knex, table, {
    [column]: `${comment}（CGCS2000，EPSG:${STORAGE_SRID}）`,
    [`${column}_3857`]: `${comment}（Web 墨卡托，EPSG:${TILE_SRID}，供切片使用，自动生成）`,
  });
}

/** One column: SQL name, SQL type (with constraints), and its comment (the Appendix A field name first). */
export type ColumnSpec = readonly [name: string, type: string, comment: string];

/**
 * Adds columns with their comments in one go: Appendix A tables have dozens of fields, and keeping name, type and
 * Chinese field name on one line makes them reviewable against the standard.
 */
export async function addColumns(knex: Knex, table: string, columns: readonly ColumnSpec[]): Promise<void> {
  const sql = columns.map(([name, type]) => `ADD COLUMN ${name} ${type}`).join(', ');
  await knex.raw(`ALTER TABLE ?? ${sql}`, [table]);
  await commentColumns(knex, table, Object.fromEntries(columns.map(([name, , comment]) => [name, comment])));
}

/** Area on the CGCS2000 ellipsoid in m², kept current as a generated column of the geometry. */
export async function addEllipsoidalArea(
  knex: Knex,
  table: string,
  geometry: string,
  comment: string,
): Promise<void> {
  await knex.raw(
    `ALTER TABLE ?? ADD COLUMN ?? numeric(16,2) GENERATED ALWAYS AS (round(ST_Area(??::geography)::numeric, 2)) STORED`,
    [table, `${geometry}_area_m2`, geometry],
  );
  await commentColumns(knex, table, { [`${geometry}_area_m2`]: `${comment}（椭球面积，平方米，自动计算）` });
}
