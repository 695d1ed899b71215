/**
 * What the leaders' dashboard (server/stats) reads instead of a million household rows: counts per community,
 * kept current by statement-level triggers with transition tables (one aggregate update per statement, also for
 * a COPY of a million rows).
 *
 * - stats_household_months: households per community, month of 增加时间 (created_at, Asia/Shanghai) and current
 *   轮候状态 — the KPIs (sums over months) and the monthly applications (sums over statuses) in one table.
 * - stats_allocation_months: households whose 轮候状态 became `allocated`, per community and month of the change
 *   (net of changes back). Only changes made in this system are known: rows loaded as `allocated` carry no date
 *   of allocation, so they are not counted. The allocation subsystem's own records replace this when they exist.
 * - stats_unit_counts: housing units per community and 交付状态 (figure 3).
 *
 * The demand grid of a district or street reads the tiles' `household_cells` by street: an index on (z, street_code)
 * covering the cell and count makes that a range scan instead of every cell of the zoom.
 *
 * The triggers are ENABLE ALWAYS: they fire under `session_replication_role = replica` too, so the bulk loads of
 * seeds/housing (which skip ordinary triggers) keep these counts exact without a rebuild step of their own.
 */
import type { Knex } from 'knex';
import { commentColumns, commentTable } from '../helpers.ts';

const MONTH = (column: string) => `date_trunc('month', ${column} AT TIME ZONE 'Asia/Shanghai')::date`;

const householdRows = (rows: string, sign: number) =>
  `SELECT region_code, ${MONTH('created_at')} AS month, waiting_status, ${sign} AS d FROM ${rows}`;

const applyHouseholds = (sources: string) => `
  INSERT INTO stats_household_months AS c (region_code, month, waiting_status, n)
  SELECT region_code, month, waiting_status, sum(d) FROM (${sources}) delta
   GROUP BY 1, 2, 3 HAVING sum(d) <> 0
  ON CONFLICT (region_code, month, waiting_status) DO UPDATE SET n = c.n + excluded.n;`;

// A change into `allocated` counts +1 in the month it is made, a change back out of it −1.
const applyAllocations = `
  INSERT INTO stats_allocation_months AS c (region_code, month, n)
  SELECT n.region_code, ${MONTH('now()')}, sum(CASE WHEN n.waiting_status = 'allocated' THEN 1 ELSE -1 END)
    FROM new_rows n JOIN old_rows o ON o.id = n.id
   WHERE (n.waiting_status = 'allocated') <> (o.waiting_status = 'allocated')
   GROUP BY 1, 2 HAVING sum(CASE WHEN n.waiting_status = 'allocated' THEN 1 ELSE -1 END) <> 0
  ON CONFLICT (region_code, month) DO UPDATE SET n = c.n + excluded.n;`;

const unitRows = (rows: string, sign: number) =>
  `SELECT region_code, delivery_status, ${sign} AS d FROM ${rows}`;

const applyUnits = (sources: string) => `
  INSERT INTO stats_unit_counts AS c (region_code, delivery_status, n)
  SELECT region_code, delivery_status, sum(d) FROM (${sources}) delta
   GROUP BY 1, 2 HAVING sum(d) <> 0
  ON CONFLICT (region_code, delivery_status) DO UPDATE SET n = c.n + excluded.n;`;

const TRIGGERS = [
  {
    table: 'households',
    name: 'stats_households',
    insert: applyHouseholds(householdRows('new_rows', 1)),
    update:
      applyHouseholds(`${householdRows('new_rows', 1)} UNION ALL ${householdRows('old_rows', -1)}`) +
      applyAllocations,
    delete: applyHouseholds(householdRows('old_rows', -1)),
  },
  {
    table: 'housing_units',
    name: 'stats_units',
    insert: applyUnits(unitRows('new_rows', 1)),
    update: applyUnits(`${unitRows('new_rows', 1)} UNION ALL ${unitRows('old_rows', -1)}`),
    delete: applyUnits(unitRows('old_rows', -1)),
  },
] as const;

const EVENTS = [
  ['insert', 'INSERT', 'REFERENCING NEW TABLE AS new_rows'],
  ['update', 'UPDATE', 'REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows'],
  ['delete', 'DELETE', 'REFERENCING OLD TABLE AS old_rows'],
] as const;

const REBUILD = `
  CREATE FUNCTION rebuild_stats_aggregates() RETURNS void LANGUAGE plpgsql AS $$
  BEGIN
    DELETE FROM stats_household_months;
    DELETE FROM stats_unit_counts;
    ${applyHouseholds(householdRows('households', 1))}
    ${applyUnits(unitRows('housing_units', 1))}
  END $$`;

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`CREATE TABLE stats_household_months (
    region_code varchar(12) COLLATE "C" NOT NULL, month date NOT NULL, waiting_status text NOT NULL,
    n integer NOT NULL, PRIMARY KEY (region_code, month, waiting_status))`);
  await commentTable(knex, 'stats_household_months', '统计聚合：各社区按登记月份与轮候状态的申请家庭户数');
  await commentColumns(knex, 'stats_household_months', {
    region_code: '行政区划代码（社区）',
    month: '登记月份（增加时间所在月，北京时间）',
    waiting_status: '轮候状态（当前）',
    n: '户数',
  });
  await knex.raw(`CREATE TABLE stats_allocation_months (
    region_code varchar(12) COLLATE "C" NOT NULL, month date NOT NULL, n integer NOT NULL,
    PRIMARY KEY (region_code, month))`);
  await commentTable(
    knex,
    'stats_allocation_months',
    '统计聚合：各社区各月轮候状态变为已配置的户数（扣除改回的；仅本系统内发生的变更）',
  );
  await commentColumns(knex, 'stats_allocation_months', {
    region_code: '行政区划代码（社区）',
    month: '变更月份（北京时间）',
    n: '户数',
  });
  await knex.raw(`CREATE TABLE stats_unit_counts (
    region_code varchar(12) COLLATE "C" NOT NULL, delivery_status text NOT NULL, n integer NOT NULL,
    PRIMARY KEY (region_code, delivery_status))`);
  await commentTable(knex, 'stats_unit_counts', '统计聚合：各社区各交付状态的房屋套数');
  await commentColumns(knex, 'stats_unit_counts', {
    region_code: '行政区划代码',
    delivery_status: '交付状态',
    n: '套数',
  });

  for (const trigger of TRIGGERS) {
    for (const [suffix, event, referencing] of EVENTS) {
      const fn = `${trigger.name}_${suffix}`;
      await knex.raw(
        `CREATE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN ${trigger[suffix]} RETURN NULL; END $$`,
      );
      await knex.raw(
        `CREATE TRIGGER ${fn} AFTER ${event} ON ${trigger.table} ${referencing} FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`,
      );
      await knex.raw(`ALTER TABLE ${trigger.table} ENABLE ALWAYS TRIGGER ${fn}`);
    }
  }
  await knex.raw(REBUILD);
  await knex.raw('SELECT rebuild_stats_aggregates()');
  await knex.raw(
    'CREATE INDEX household_cells_street ON household_cells (z, street_code) INCLUDE (cx, cy, n)',
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX household_cells_street');
  await knex.raw('DROP FUNCTION rebuild_stats_aggregates()');
  for (const trigger of TRIGGERS) {
    for (const [suffix] of EVENTS) {
      await knex.raw(`DROP TRIGGER ${trigger.name}_${suffix} ON ${trigger.table}`);
      await knex.raw(`DROP FUNCTION ${trigger.name}_${suffix}()`);
    }
  }
  await knex.raw('DROP TABLE stats_unit_counts, stats_allocation_months, stats_household_months');
}
