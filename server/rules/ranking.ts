/**
 * The waiting list (轮候排队, 4.2.3): the waiting households of a region ranked by a version's ordering rules, in
 * one set-based query. Each household's score is Σ weight × share, where a yes/no factor's share is 1 or 0 and a
 * number's is value / cap capped at 1 (`lower_first` turns it into 1 − share); missing data scores nothing — the
 * same arithmetic as the single evaluation (engine.ts orderingScore), in exact numeric. Equal scores share a rank
 * and are flagged: their order is left to the allocation lottery.
 */
import type { Knex } from 'knex';
import type { Db, Tx } from '../db/knex.ts';
import type { SqlFragment } from './expression/index.ts';
import { factorOf } from './factors.ts';
import { factorSql } from './household.ts';
import type { OrderingFactor, RuleSet } from './model.ts';

type Conn = Db | Tx;

/** SQL for one factor's points, multiplied before dividing and rounded to 4 places like the engine's. */
function pointsSql(factor: OrderingFactor): SqlFragment {
  const value = factorSql(factor.factor);
  const lowerFirst = factor.direction === 'lower_first';
  if (factorOf(factor.factor)?.kind === 'qualitative')
    return {
      sql: `CASE WHEN ${value.sql} IS NULL THEN 0 WHEN ${value.sql} THEN ${lowerFirst ? 0 : '?::numeric'} ELSE ${lowerFirst ? '?::numeric' : 0} END`,
      bindings: [...value.bindings, ...value.bindings, factor.weight],
    };
  if (!factor.cap) return { sql: '0', bindings: [] };
  const clamped = `least(greatest(${value.sql}, 0), ?::numeric)`;
  return {
    sql: `coalesce(round(?::numeric * ${lowerFirst ? `(?::numeric - ${clamped})` : clamped} / ?::numeric, 4), 0)`,
    bindings: [factor.weight, ...(lowerFirst ? [factor.cap] : []), ...value.bindings, factor.cap, factor.cap],
  };
}

/** SQL of the whole score of `h` (0 when the version has no enabled ordering factor). */
export function scoreSql(set: RuleSet): SqlFragment {
  const parts = (set.items.ordering as OrderingFactor[]).filter((f) => f.enabled).map(pointsSql);
  if (!parts.length) return { sql: '0::numeric', bindings: [] };
  return {
    sql: `round(${parts.map((p) => p.sql).join(' + ')}, 4)`,
    bindings: parts.flatMap((p) => p.bindings),
  };
}

export interface RankedHousehold {
  rank: number;
  household_id: number;
  application_no: string;
  region_code: string;
  region_name: string;
  household_size: number;
  waiting_days: number | null;
  score: number;
  tie_size: number;
  tied: boolean;
}

export interface RankingPage {
  total: number;
  tied_households: number;
  items: RankedHousehold[];
}

/**
 * One page of the waiting list of the households under `prefix` that are 轮候中 (and, with `only`, meet that
 * mode's conditions). Ranks and tie sizes are window functions over every row, so a page's ranks are the
 * list's; the regions join only the page.
 */
export async function rankWaiting(
  conn: Conn,
  set: RuleSet,
  prefix: string,
  options: { only?: SqlFragment; limit: number; offset: number },
): Promise<RankingPage> {
  const score = scoreSql(set);
  const waiting = factorSql('waiting_days');
  const only = options.only ? `AND (${options.only.sql}) IS TRUE` : '';
  const sql = `
    WITH scored AS (
      SELECT h.id, h.application_no, h.region_code, h.household_size,
             ${waiting.sql} AS waiting_days, ${score.sql} AS score
        FROM households h
       WHERE h.region_code LIKE ? AND h.waiting_status = 'waiting' ${only}
    ), ranked AS (
      -- One window order for both: a tie is the rank's peer group (RANGE over the current row's peers), so the
      -- rows are sorted once, not once by score descending and again by score for a partition.
      SELECT s.*, rank() OVER w AS rank, count(*) OVER (w RANGE BETWEEN CURRENT ROW AND CURRENT ROW) AS tie_size
        FROM scored s WINDOW w AS (ORDER BY score DESC)
    ), page AS (
      SELECT r.*, count(*) OVER () AS total, count(*) FILTER (WHERE tie_size > 1) OVER () AS tied_households
        FROM ranked r ORDER BY rank, id LIMIT ? OFFSET ?
    )
    SELECT p.*, g.name AS region_name FROM page p JOIN regions g ON g.code = p.region_code ORDER BY rank, id`;
  const bindings = [
    ...waiting.bindings,
    ...score.bindings,
    `${prefix}%`,
    ...(options.only?.bindings ?? []),
    options.limit,
    options.offset,
  ];
  const { rows } = await conn.raw<{ rows: Record<string, string | number>[] }>(
    sql,
    bindings as Knex.RawBinding[],
  );
  let total = Number(rows[0]?.total ?? 0);
  let tied = Number(rows[0]?.tied_households ?? 0);
  if (!rows.length && options.offset > 0) {
    // Past the last page: the totals still answer (the window saw no row).
    const { rows: counts } = await conn.raw<{ rows: { total: string; tied: string }[] }>(
      `SELECT count(*) AS total, count(*) FILTER (WHERE n > 1) AS tied
         FROM (SELECT count(*) OVER (PARTITION BY score) AS n FROM (
           SELECT ${score.sql} AS score FROM households h
            WHERE h.region_code LIKE ? AND h.waiting_status = 'waiting' ${only}) s) c`,
      [...score.bindings, `${prefix}%`, ...(options.only?.bindings ?? [])] as Knex.RawBinding[],
    );
    total = Number(counts[0]?.total ?? 0);
    tied = Number(counts[0]?.tied ?? 0);
  }
  return {
    total,
    tied_households: tied,
    items: rows.map((r) => ({
      rank: Number(r.rank),
      household_id: Number(r.id),
      application_no: r.application_no as string,
      region_code: r.region_code as string,
      region_name: r.region_name as string,
      household_size: Number(r.household_size),
      waiting_days: r.waiting_days === null ? null : Number(r.waiting_days),
      score: Number(r.score),
      tie_size: Number(r.tie_size),
      tied: Number(r.tie_size) > 1,
    })),
  };
}
