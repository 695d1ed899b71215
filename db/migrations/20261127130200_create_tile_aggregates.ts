/**
 * What tiles read instead of raw rows, kept current by statement-level triggers (one statement = one update of
 * the aggregates, even for a COPY of a million rows), and the change notifications that invalidate cached tiles.
 *
 * - household_cells: demand (households applied or waiting) counted on a Web Mercator grid of 32×32 cells per
 *   tile for z6-z14, per street, so low-zoom tiles and region-scoped, k-anonymous counts never scan households.
 * - project_unit_counts: units per project, district and delivery status (projects layer, supply/demand layer).
 * - pg_notify('tile_changes', {layer: bbox}) after each statement that changes a tiled table: every server
 *   process LISTENs and drops exactly the cached tiles the old and new geometries touch (tiles/invalidation.ts).
 */
import type { Knex } from 'knex';
import { commentColumns, commentTable } from '../helpers.ts';

/** Half the Web Mercator extent, and the finest cell: a z14 tile divided into 32 × 32. */
const HALF = 20037508.342789244;
const FINEST_Z = 14;
const COARSEST_Z = 6;
const CELL_14 = (2 * HALF) / 2 ** (FINEST_Z + 5);

/** Demand rows of a transition table, with their z14 cell and street. */
const demand = (rows: string, sign: number) => `
  SELECT floor((ST_X(geom_3857) + ${HALF}) / ${CELL_14})::int AS cx,
         floor((${HALF} - ST_Y(geom_3857)) / ${CELL_14})::int AS cy,
         left(region_code, 9) AS street_code, ${sign} AS d
    FROM ${rows} WHERE waiting_status IN ('applied', 'waiting') AND geom_3857 IS NOT NULL`;

const applyDemand = (sources: string) => `
  INSERT INTO household_cells AS c (z, cx, cy, street_code, n)
  SELECT z, cx >> (${FINEST_Z} - z), cy >> (${FINEST_Z} - z), street_code, sum(d)
    FROM (${sources}) delta, generate_series(${COARSEST_Z}, ${FINEST_Z}) z
   GROUP BY 1, 2, 3, 4 HAVING sum(d) <> 0
  ON CONFLICT (z, cx, cy, street_code) DO UPDATE SET n = c.n + excluded.n;`;

const units = (rows: string, sign: number) => `
  SELECT project_id, left(region_code, 6) AS district_code, delivery_status, ${sign} AS d FROM ${rows}`;

const applyUnits = (sources: string) => `
  INSERT INTO project_unit_counts AS c (project_id, district_code, delivery_status, n)
  SELECT project_id, district_code, delivery_status, sum(d) FROM (${sources}) delta
   GROUP BY 1, 2, 3 HAVING sum(d) <> 0
  ON CONFLICT (project_id, district_code, delivery_status) DO UPDATE SET n = c.n + excluded.n;`;

/** A statement trigger per event (a trigger with transition tables may fire on one event only). */
async function statementTriggers(
  knex: Knex,
  table: string,
  name: string,
  body: (rows: { inserted?: string; deleted?: string }) => string,
): Promise<void> {
  const events = [
    ['insert', 'INSERT', 'REFERENCING NEW TABLE AS new_rows', { inserted: 'new_rows' }],
    [
      'update',
      'UPDATE',
      'REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows',
      { inserted: 'new_rows', deleted: 'old_rows' },
    ],
    ['delete', 'DELETE', 'REFERENCING OLD TABLE AS old_rows', { deleted: 'old_rows' }],
  ] as const;
  for (const [suffix, event, referencing, rows] of events) {
    const fn = `${name}_${suffix}`;
    await knex.raw(
      `CREATE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN ${body(rows)} RETURN NULL; END $$`,
    );
    await knex.raw(
      `CREATE TRIGGER ${fn} AFTER ${event} ON ${table} ${referencing} FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`,
    );
  }
}

const union = (parts: (string | false | undefined)[]) => parts.filter(Boolean).join(' UNION ALL ');

/** Layers a table feeds and how to find the extent each must invalidate, from the changed rows `changed`. */
const INVALIDATES: Record<string, Record<string, string>> = {
  land_parcels: { parcels: 'SELECT geom_3857 AS g FROM changed' },
  projects: { projects: 'SELECT geom_3857 AS g FROM changed' },
  buildings: { buildings: 'SELECT geom_3857 AS g FROM changed' },
  housing_units: {
    units: 'SELECT geom_3857 AS g FROM changed',
    projects: 'SELECT p.geom_3857 AS g FROM projects p WHERE p.id IN (SELECT project_id FROM changed)',
    supply_demand: `SELECT r.boundary_3857 AS g FROM regions r
                     WHERE r.code IN (SELECT left(region_code, 6) || '000000' FROM changed)`,
  },
  households: {
    households: 'SELECT geom_3857 AS g FROM changed',
    supply_demand: `SELECT r.boundary_3857 AS g FROM regions r
                     WHERE r.code IN (SELECT left(region_code, 6) || '000000' FROM changed)`,
  },
  regions: {
    regions: 'SELECT boundary_3857 AS g FROM changed',
    region_labels: 'SELECT label_point_3857 AS g FROM changed',
    supply_demand: 'SELECT boundary_3857 AS g FROM changed',
  },
  roads: { roads: 'SELECT geom_3857 AS g FROM changed' },
};

function notifySql(table: string, rows: { inserted?: string; deleted?: string }): string {
  const changed = union([
    rows.inserted && `SELECT * FROM ${rows.inserted}`,
    rows.deleted && `SELECT * FROM ${rows.deleted}`,
  ]);
  const layers = Object.entries(INVALIDATES[table]!)
    .map(
      ([layer, extent]) => `'${layer}', (SELECT CASE WHEN e IS NULL THEN NULL
          ELSE json_build_array(ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e)) END
          FROM (SELECT ST_Extent(g) AS e FROM (${extent}) x) y)`,
    )
    .join(', ');
  return `PERFORM pg_notify('tile_changes', (WITH changed AS (${changed}) SELECT json_build_object(${layers})::text));`;
}

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`CREATE TABLE household_cells (
    z smallint NOT NULL, cx integer NOT NULL, cy integer NOT NULL,
    street_code varchar(9) COLLATE "C" NOT NULL, n integer NOT NULL,
    PRIMARY KEY (z, cx, cy, street_code))`);
  await commentTable(
    knex,
    'household_cells',
    '切片聚合：轮候需求户数网格（z6-z14，每切片 32×32 格，按街道）',
  );
  await commentColumns(knex, 'household_cells', {
    z: '缩放级别',
    cx: '格网列号（自西向东）',
    cy: '格网行号（自北向南）',
    street_code: '街道代码（行政区划代码前 9 位）',
    n: '户数',
  });
  await knex.raw(`CREATE TABLE project_unit_counts (
    project_id bigint NOT NULL, district_code varchar(6) COLLATE "C" NOT NULL, delivery_status text NOT NULL,
    n integer NOT NULL, PRIMARY KEY (project_id, district_code, delivery_status))`);
  await knex.raw(
    'CREATE INDEX project_unit_counts_district ON project_unit_counts (district_code, delivery_status)',
  );
  await commentTable(knex, 'project_unit_counts', '切片聚合：各项目各交付状态的房屋套数');

  await statementTriggers(knex, 'households', 'household_cells', (rows) =>
    applyDemand(union([rows.inserted && demand(rows.inserted, 1), rows.deleted && demand(rows.deleted, -1)])),
  );
  await statementTriggers(knex, 'housing_units', 'project_unit_counts', (rows) =>
    applyUnits(union([rows.inserted && units(rows.inserted, 1), rows.deleted && units(rows.deleted, -1)])),
  );
  for (const table of Object.keys(INVALIDATES)) {
    await statementTriggers(knex, table, `${table}_tile_changes`, (rows) => notifySql(table, rows));
  }

  // After a bulk load that bypassed triggers (session_replication_role = replica), rebuild from scratch.
  await knex.raw(`
    CREATE FUNCTION rebuild_tile_aggregates() RETURNS void LANGUAGE plpgsql AS $$
    BEGIN
      TRUNCATE household_cells, project_unit_counts;
      ${applyDemand(demand('households', 1))}
      ${applyUnits(units('housing_units', 1))}
      PERFORM pg_notify('tile_changes', '{"*": null}');
    END $$`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP FUNCTION rebuild_tile_aggregates()');
  for (const table of Object.keys(INVALIDATES)) {
    for (const suffix of ['insert', 'update', 'delete']) {
      await knex.raw(`DROP TRIGGER ${table}_tile_changes_${suffix} ON ${table}`);
      await knex.raw(`DROP FUNCTION ${table}_tile_changes_${suffix}()`);
    }
  }
  for (const [table, name] of [
    ['households', 'household_cells'],
    ['housing_units', 'project_unit_counts'],
  ] as const) {
    for (const suffix of ['insert', 'update', 'delete']) {
      await knex.raw(`DROP TRIGGER ${name}_${suffix} ON ${table}`);
      await knex.raw(`DROP FUNCTION ${name}_${suffix}()`);
    }
  }
  await knex.schema.dropTable('project_unit_counts');
  await knex.schema.dropTable('household_cells');
}
