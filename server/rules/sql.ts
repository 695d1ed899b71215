/**
 * Set-based evaluation: each mode's condition tree compiled to one SQL boolean over `households h`, counted with
 * `count(*) FILTER (WHERE …)` per district in a single scan. NULL data gives NULL conditions, exactly as the JS
 * engine's unknown, and `IS TRUE` counts only the definitely eligible.
 */
import type { Knex } from 'knex';
import type { Db, Tx } from '../db/knex.ts';
import type { SqlFragment } from './expression/index.ts';
import { factorSql } from './household.ts';
import type { RuleSet } from './model.ts';
import { modeTrees, type TreeNode } from './tree.ts';

type Conn = Db | Tx;

function join(fragments: SqlFragment[], operator: string, empty: string): SqlFragment {
  if (!fragments.length) return { sql: empty, bindings: [] };
  return {
    sql: `(${fragments.map((f) => f.sql).join(` ${operator} `)})`,
    bindings: fragments.flatMap((f) => f.bindings),
  };
}

/** SQL boolean of a condition tree over `h`. */
export function treeSql(node: TreeNode): SqlFragment {
  switch (node.kind) {
    case 'combination': {
      const children = node.children.map(treeSql);
      if (node.operator === 'NOT') {
        const [only] = children;
        return { sql: `(NOT ${only?.sql ?? 'NULL::boolean'})`, bindings: only?.bindings ?? [] };
      }
      return join(children, node.operator, node.operator === 'AND' ? 'TRUE' : 'FALSE');
    }
    case 'quantitative': {
      const { item } = node;
      const value = factorSql(item.factor);
      const parts: SqlFragment[] = [];
      if (item.lower_value !== null)
        parts.push({
          sql: `${value.sql} ${item.lower_op} ?::numeric`,
          bindings: [...value.bindings, item.lower_value],
        });
      if (item.upper_value !== null)
        parts.push({
          sql: `${value.sql} ${item.upper_op} ?::numeric`,
          bindings: [...value.bindings, item.upper_value],
        });
      return join(parts, 'AND', 'TRUE');
    }
    case 'qualitative': {
      const value = factorSql(node.item.factor);
      return {
        sql: `(${value.sql} = ${node.item.expected_value ? 'TRUE' : 'FALSE'})`,
        bindings: value.bindings,
      };
    }
  }
}

/** Per mode code: its SQL boolean. */
export function modeConditions(set: RuleSet): { code: string; name: string; sql: SqlFragment }[] {
  return modeTrees(set).map(({ mode, root }) => ({
    code: mode.code,
    name: mode.name as string,
    sql: treeSql(root),
  }));
}

/** The households a batch looks at: in the region prefix, still in the process (not withdrawn). */
const HOUSEHOLDS = `FROM households h WHERE h.region_code LIKE ? AND h.waiting_status <> 'withdrawn'`;

/**
 * Per district, counts over per-household flags: each flag (a mode's condition, IS TRUE) is computed once per
 * row in the inner query — `OFFSET 0` keeps the planner from inlining it into every count that uses it.
 */
async function countFlags(
  conn: Conn,
  flags: SqlFragment[],
  counts: string[],
  prefix: string,
): Promise<Record<string, string | number>[]> {
  const inner = flags.map((f, i) => `(${f.sql}) IS TRUE AS f${i}`);
  const sql = `
    SELECT c.*, r.name AS region_name FROM (
      SELECT rpad(district, 12, '0') AS region_code, count(*) AS households${counts.map((c) => `, ${c}`).join('')}
        FROM (SELECT left(h.region_code, 6) AS district${inner.map((f) => `, ${f}`).join('')}
                ${HOUSEHOLDS} OFFSET 0) flags
       GROUP BY district) c
      JOIN regions r ON r.code = c.region_code ORDER BY c.region_code`;
  const { rows } = await conn.raw<{ rows: Record<string, string | number>[] }>(sql, [
    ...flags.flatMap((f) => f.bindings),
    `${prefix}%`,
  ] as Knex.RawBinding[]);
  return rows;
}

const any = (indexes: number[]) =>
  indexes.length ? `(${indexes.map((i) => `f${i}`).join(' OR ')})` : 'FALSE';

export interface DistrictCounts {
  region_code: string;
  region_name: string;
  households: number;
  eligible: number;
  modes: Record<string, number>;
}

/** Eligible households per district (and per mode) among the households whose region starts with `prefix`. */
export async function eligibilityByDistrict(
  conn: Conn,
  set: RuleSet,
  prefix: string,
): Promise<DistrictCounts[]> {
  const modes = modeConditions(set);
  const all = modes.map((_, i) => i);
  const counts = [
    `count(*) FILTER (WHERE ${any(all)}) AS eligible`,
    ...modes.map((_, i) => `count(*) FILTER (WHERE f${i}) AS m${i}`),
  ];
  const rows = await countFlags(
    conn,
    modes.map((m) => m.sql),
    counts,
    prefix,
  );
  return rows.map((row) => ({
    region_code: row.region_code as string,
    region_name: row.region_name as string,
    households: Number(row.households),
    eligible: Number(row.eligible),
    modes: Object.fromEntries(modes.map((m, i) => [m.code, Number(row[`m${i}`])])),
  }));
}

export interface ModeChange {
  code: string;
  name: string;
  before: number;
  after: number;
  became_eligible: number;
  became_ineligible: number;
}

export interface WhatIfRow {
  region_code: string;
  region_name: string;
  households: number;
  eligible_before: number;
  eligible_after: number;
  became_eligible: number;
  became_ineligible: number;
  modes: ModeChange[];
}

/**
 * Draft against base, per district, in one scan: households eligible for any mode before/after and the changes,
 * and the same per mode code (a mode missing from one side counts as never eligible there).
 */
export async function whatIfByDistrict(
  conn: Conn,
  draft: RuleSet,
  base: RuleSet | undefined,
  prefix: string,
): Promise<WhatIfRow[]> {
  const before = base ? modeConditions(base) : [];
  const after = modeConditions(draft);
  const flags = [...before, ...after].map((m) => m.sql);
  const beforeIndex = (code?: string) =>
    before.flatMap((m, i) => (code === undefined || m.code === code ? [i] : []));
  const afterIndex = (code?: string) =>
    after.flatMap((m, i) => (code === undefined || m.code === code ? [before.length + i] : []));
  const codes = [...new Set([...before.map((m) => m.code), ...after.map((m) => m.code)])];
  const names = new Map([...before, ...after].map((m) => [m.code, m.name]));
  const counts = [undefined, ...codes].flatMap((code, j) => {
    const b = any(beforeIndex(code));
    const a = any(afterIndex(code));
    return [
      `count(*) FILTER (WHERE ${b}) AS b${j}`,
      `count(*) FILTER (WHERE ${a}) AS a${j}`,
      `count(*) FILTER (WHERE ${a} AND NOT ${b}) AS up${j}`,
      `count(*) FILTER (WHERE ${b} AND NOT ${a}) AS down${j}`,
    ];
  });
  const rows = await countFlags(conn, flags, counts, prefix);
  const n = (row: Record<string, string | number>, key: string) => Number(row[key]);
  return rows.map((row) => ({
    region_code: row.region_code as string,
    region_name: row.region_name as string,
    households: n(row, 'households'),
    eligible_before: n(row, 'b0'),
    eligible_after: n(row, 'a0'),
    became_eligible: n(row, 'up0'),
    became_ineligible: n(row, 'down0'),
    modes: codes.map((code, j) => ({
      code,
      name: names.get(code)!,
      before: n(row, `b${j + 1}`),
      after: n(row, `a${j + 1}`),
      became_eligible: n(row, `up${j + 1}`),
      became_ineligible: n(row, `down${j + 1}`),
    })),
  }));
}

/** District boundaries as GeoJSON (6 decimals ≈ 0.1 m), for the what-if choropleth. */
export async function districtShapes(conn: Conn, codes: string[]): Promise<Map<string, unknown>> {
  if (!codes.length) return new Map();
  const { rows } = await conn.raw<{ rows: { code: string; geometry: unknown }[] }>(
    'SELECT code, ST_AsGeoJSON(boundary, 6)::json AS geometry FROM regions WHERE code = ANY(?)',
    [codes],
  );
  return new Map(rows.map((r) => [r.code, r.geometry]));
}
