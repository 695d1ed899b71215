/**
 * What a plan is drafted from (CJJ/T 196 9.2.2 item 1, "依据保障规则制定配置方案"): the enabled rules of the plan's
 * region (or the region above: the city sets them, 4.1.2), the waiting list ranked by their ordering rules (the
 * same score SQL as the rules' ranking, rules/ranking.ts scoreSql) among the households meeting the mode's
 * conditions (the rules' SQL compiler, rules/sql.ts), handed-over delivered units, and per-household subsidies
 * from the rules' standards.
 */
import type { Knex } from 'knex';
import type { Tx } from '../db/knex.ts';
import { scoped, type Scope } from '../access/scope.ts';
import { conflict, fieldError } from '../http/errors.ts';
import { runnableRuleSet } from '../rules/analysis.ts';
import { evaluateHousehold } from '../rules/engine.ts';
import type { SqlFragment } from '../rules/expression/index.ts';
import { readHousehold } from '../rules/household.ts';
import type { Item, RuleSet } from '../rules/model.ts';
import { scoreSql } from '../rules/ranking.ts';
import { modeConditions } from '../rules/sql.ts';
import { applicableRuleVersion } from '../registration/store.ts';
import { chosenMode, figuresOf } from '../registration/plan-figures.ts';

export interface PlanRules {
  set: RuleSet;
  mode: Item;
  conditions: SqlFragment;
}

/** The enabled rules of `region` and the mode `code` in them, or the errors that say why not. */
export async function rulesFor(trx: Tx, scope: Scope, region: string, code: string, path: string) {
  const versionId = await applicableRuleVersion(trx, region);
  if (!versionId) throw conflict('该地区及其上级没有启用中的保障规则，无法制定配置方案');
  const set = await runnableRuleSet(trx, scope, versionId);
  const modes = modeConditions(set);
  const found = modes.find((m) => m.code === code);
  if (!found)
    throw fieldError(
      path,
      `保障方式 ${code} 不在启用中的保障规则里（可选：${modes.map((m) => `${m.code} ${m.name}`).join('、') || '无'}）`,
    );
  const mode = set.items.modes.find((m) => m.code === code)!;
  return { set, mode, conditions: found.sql } satisfies PlanRules;
}

export interface Candidate {
  id: number;
  application_no: string;
  registration_year: number;
  region_code: string;
  household_size: number;
  rank: number;
  score: string;
}

/**
 * The waiting households under `prefix` meeting the mode's conditions, scored and ranked over the whole list
 * (rank() over score, as the rules' ranking), with whether each is free (in no live plan other than `planId`).
 */
function rankedSql(rules: PlanRules, prefix: string, planId: number) {
  const score = scoreSql(rules.set);
  return {
    sql: `scored AS (
        SELECT h.id, h.application_no, h.registration_year, h.region_code, h.household_size, ${score.sql} AS score
          FROM households h
         WHERE h.region_code LIKE ? AND h.waiting_status = 'waiting' AND (${rules.conditions.sql}) IS TRUE
      ), ranked AS (
        SELECT s.*, rank() OVER (ORDER BY score DESC) AS rank,
               NOT EXISTS (SELECT 1 FROM allocation_plan_households p WHERE p.household_id = s.id
                             AND p.status IN ('planned', 'allocated') AND p.plan_id <> ?) AS free
          FROM scored s
      )`,
    bindings: [...score.bindings, `${prefix}%`, ...rules.conditions.bindings, planId],
  };
}

const asCandidate = (r: Record<string, unknown>): Candidate => ({
  id: Number(r.id),
  application_no: r.application_no as string,
  registration_year: Number(r.registration_year),
  region_code: r.region_code as string,
  household_size: Number(r.household_size),
  rank: Number(r.rank),
  score: String(r.score),
});

/**
 * The top `n` free households in rank order. Equal scores are not ordered by the rules (their order is the
 * lottery's, 4.2.3), so the list is never cut inside a group of equals by an arbitrary key: with `include` the
 * whole group at place n comes in (more than n households), with `exclude` it stays out (fewer than n).
 */
export async function topOfWaitingList(
  trx: Tx,
  rules: PlanRules,
  prefix: string,
  n: number,
  tiePolicy: 'include' | 'exclude',
): Promise<Candidate[]> {
  if (n <= 0) return [];
  const ranked = rankedSql(rules, prefix, 0);
  const { rows } = await trx.raw<{ rows: Record<string, unknown>[] }>(
    `WITH ${ranked.sql},
     free AS (SELECT * FROM ranked WHERE free),
     nth AS (SELECT score FROM free ORDER BY score DESC LIMIT 1 OFFSET ?),
     next AS (SELECT score FROM free ORDER BY score DESC LIMIT 1 OFFSET ?),
     cut AS (SELECT nth.score, (nth.score = next.score) IS TRUE AS tied FROM nth LEFT JOIN next ON TRUE)
     SELECT f.* FROM free f
      WHERE NOT EXISTS (SELECT 1 FROM cut)
         OR f.score > (SELECT score FROM cut)
         OR (f.score = (SELECT score FROM cut) AND (? = 'include' OR NOT (SELECT tied FROM cut)))
      ORDER BY f.rank, f.id`,
    [...ranked.bindings, n - 1, n, tiePolicy] as Knex.RawBinding[],
  );
  return rows.map(asCandidate);
}

/** The households among `ids` that are waiting under `prefix` and meet the mode's conditions, with their ranks. */
export async function rankedAmong(
  trx: Tx,
  rules: PlanRules,
  prefix: string,
  ids: number[],
): Promise<Map<number, Candidate>> {
  if (!ids.length) return new Map();
  const ranked = rankedSql(rules, prefix, 0);
  const { rows } = await trx.raw<{ rows: Record<string, unknown>[] }>(
    `WITH ${ranked.sql} SELECT * FROM ranked WHERE id = ANY(?)`,
    [...ranked.bindings, ids] as Knex.RawBinding[],
  );
  return new Map(rows.map((r) => [Number(r.id), asCandidate(r)]));
}

export interface UnitCandidate {
  id: number;
  unit_no: string;
  floor_area: string | null;
}

export interface UnitFilter {
  project_id?: number;
  ids?: number[];
  layouts?: string[];
  min_area?: number;
  max_area?: number;
  limit?: number;
}

/**
 * Units that can be allocated: handed over (已移交) and delivered (已交付, not yet allocated), under `prefix` and in
 * the scope, in no live plan; in building, floor and room order.
 */
export async function availableUnits(
  trx: Tx,
  scope: Scope,
  prefix: string,
  filter: UnitFilter,
): Promise<UnitCandidate[]> {
  const query = scoped(trx('housing_units as u'), scope, 'u.region_code')
    .where('u.region_code', 'like', `${prefix}%`)
    .where({ 'u.handed_over': true, 'u.delivery_status': 'delivered' })
    .whereNotExists(
      trx('allocation_plan_resources as r')
        .whereRaw('r.unit_id = u.id')
        .whereIn('r.status', ['available', 'allocated'])
        .select(trx.raw('1')),
    )
    .orderBy(['u.building_id', 'u.floor_from', 'u.room_no', 'u.id'])
    .select('u.id', 'u.unit_no', 'u.floor_area');
  if (filter.project_id !== undefined) void query.where('u.project_id', filter.project_id);
  if (filter.ids) void query.whereIn('u.id', filter.ids);
  if (filter.layouts?.length) void query.whereIn('u.layout', filter.layouts);
  if (filter.min_area !== undefined) void query.where('u.floor_area', '>=', filter.min_area);
  if (filter.max_area !== undefined) void query.where('u.floor_area', '<=', filter.max_area);
  if (filter.limit !== undefined) void query.limit(filter.limit);
  const rows = (await query) as UnitCandidate[];
  return rows.map((u) => ({ ...u, id: Number(u.id) }));
}

/**
 * Monthly subsidy per household (元/月) for a subsidy plan: the household's confirmed 拟补贴额度 (admission_plans,
 * A.3.14) when it was made for this mode — the amount the review settled — else the rules' money standard for
 * the household under this mode (the same evaluation as the admission plan, registration/plan-figures.ts).
 * Null when neither gives an amount (the plan cannot be published then).
 */
export async function subsidyAmounts(
  trx: Tx,
  scope: Scope,
  rules: PlanRules,
  ids: number[],
): Promise<Map<number, string | null>> {
  const out = new Map<number, string | null>();
  if (!ids.length) return out;
  const settled = await trx('admission_plans')
    .whereIn('household_id', ids)
    .where('mode_code', rules.mode.code)
    .whereNotNull('proposed_subsidy')
    .select<{ household_id: number; proposed_subsidy: string }[]>('household_id', 'proposed_subsidy');
  for (const row of settled) out.set(Number(row.household_id), row.proposed_subsidy);
  for (const id of ids) {
    if (out.has(id)) continue;
    const household = await readHousehold(trx, scope, id);
    const evaluation = household ? evaluateHousehold(rules.set, household.values) : undefined;
    out.set(id, evaluation ? figuresOf(chosenMode(evaluation, rules.mode.code)).proposed_subsidy : null);
  }
  return out;
}
