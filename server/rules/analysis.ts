/**
 * Reading the rules against households: one household (stored, or a test household given inline) with its
 * explanation, recorded in rule_evaluations with the version used; every household of a region counted per
 * district; a draft's what-if against the enabled version; diffs between versions; A.1.12 exchange records.
 */
import type { Db, Tx } from '../db/knex.ts';
import { inScope, regionPrefix, type Scope } from '../access/scope.ts';
import { badRequest, fieldError, forbidden, notFound } from '../http/errors.ts';
import { evaluateHousehold, type Evaluation } from './engine.ts';
import { inlineHousehold, readHousehold } from './household.ts';
import { KIND_ORDER } from './kinds.ts';
import type { Item, RuleSet, VersionRow } from './model.ts';
import type { EvaluateInput, RankingQuery } from './schema.ts';
import { assertRunnable, visibleVersion } from './service.ts';
import { eligibilityByDistrict, modeConditions, whatIfByDistrict } from './sql.ts';
import { rankWaiting } from './ranking.ts';
import * as store from './store.ts';
import { visibleIn } from './store.ts';

type Conn = Db | Tx;

/**
 * Items of enabled and disabled versions never change (the database refuses it), so once loaded and checked they
 * are kept: a single evaluation then costs one query for the version's visibility and one for the household.
 * Keyed by database and version id; a small bound keeps old versions from piling up.
 */
const frozen = new Map<string, { items: RuleSet['items']; checked: boolean }>();
const FROZEN_LIMIT = 64;

const cacheKey = (conn: Conn, id: number) =>
  `${JSON.stringify((conn.client as { config?: { connection?: unknown } }).config?.connection)}#${id}`;

/** A version with its items: from the cache once enabled or disabled, loaded afresh while a draft. */
export async function ruleSetOf(conn: Conn, version: VersionRow): Promise<RuleSet> {
  return (await cachedRuleSet(conn, version, false)).set;
}

async function cachedRuleSet(conn: Conn, version: VersionRow, check: boolean) {
  const key = cacheKey(conn, version.id);
  const cached = version.status === 'draft' ? undefined : frozen.get(key);
  if (cached && (cached.checked || !check))
    return { set: { version, items: cached.items }, checked: cached.checked };
  const set = cached ? { version, items: cached.items } : await store.loadRuleSet(conn, version);
  if (check) assertRunnable(set);
  if (version.status !== 'draft') {
    if (!cached && frozen.size >= FROZEN_LIMIT) frozen.delete(frozen.keys().next().value!);
    frozen.set(key, { items: set.items, checked: check || Boolean(cached?.checked) });
  }
  return { set, checked: check };
}

/**
 * A version loaded and checked for running (a draft with mistakes answers 400 naming them); an enabled or
 * disabled version is checked once, since its items cannot change.
 */
export async function runnableRuleSet(conn: Conn, scope: Scope, id: number): Promise<RuleSet> {
  return (await cachedRuleSet(conn, await visibleVersion(conn, scope, id), true)).set;
}

/**
 * Enabled and disabled versions as an evaluation needs them. What it reads of a version — id, template, number,
 * region (for visibility) and items — never changes once the version leaves draft (the database refuses it; only
 * the status may still move on to disabled, and evaluating a disabled version is allowed), so these entries need
 * no invalidation and a repeated evaluation asks the database nothing about the version. Drafts are read afresh.
 */
const settled = new Map<string, VersionRow>();

async function evaluationRuleSet(conn: Conn, scope: Scope, id: number): Promise<RuleSet> {
  const key = cacheKey(conn, id);
  let version = settled.get(key);
  if (version && !visibleIn(scope, version.region_code)) throw notFound('规则版本');
  if (!version) {
    version = await visibleVersion(conn, scope, id);
    if (version.status !== 'draft') {
      if (settled.size >= FROZEN_LIMIT) settled.delete(settled.keys().next().value!);
      settled.set(key, version);
    }
  }
  return (await cachedRuleSet(conn, version, true)).set;
}

/**
 * Evaluates a household and records the evaluation. Reads go to the pool side by side and the record is one
 * autocommitted INSERT naming its actor, so a single evaluation costs two round trips of latency, not a
 * transaction's six (the log is not an audited business table: nothing else is written).
 */
export async function evaluate(
  db: Db,
  scope: Scope,
  versionId: number,
  input: EvaluateInput,
  requestId: string,
): Promise<Evaluation & { evaluation_id: number; household_id: number | null }> {
  let stored: Promise<Awaited<ReturnType<typeof readHousehold>>> | undefined;
  if (input.household_id !== undefined) {
    // Eligibility is derived from incomes and assets: only those who may read household records may ask.
    if (!scope.permissions.has('households.read'))
      throw forbidden('查看申请家庭的判断结果需要家庭信息查看权限');
    stored = readHousehold(db, scope, input.household_id);
  }
  const [set, found] = await Promise.all([evaluationRuleSet(db, scope, versionId), stored]);
  if (stored && !found) throw notFound('申请家庭');
  const household = found ?? {
    id: null,
    region_code: set.version.region_code,
    values: inlineHousehold(input.household!),
  };
  const result = evaluateHousehold(set, household.values);
  const evaluationId = await store.insertEvaluation(db, {
    version_id: set.version.id,
    household_id: household.id,
    region_code: household.region_code,
    eligible_modes: result.eligible_modes,
    result: JSON.stringify({ values: household.values, ...result }),
    evaluated_by: scope.username,
    request_id: requestId,
  });
  return { evaluation_id: evaluationId, household_id: household.id, ...result };
}

/** The region prefix a batch covers: the user's scope, narrowed by `region` and by the version's own region. */
function batchPrefix(scope: Scope, version: VersionRow, region: string | undefined): string {
  if (region && !inScope(scope, region)) throw fieldError('query.region', '地区不在您的管辖范围内');
  // The three prefixes are nested when the request makes sense; the longest is the narrowest area.
  const prefixes = [
    scope.regionPrefix,
    regionPrefix(version.region_code),
    region ? regionPrefix(region) : '',
  ];
  const narrowest = prefixes.reduce((a, b) => (b.length > a.length ? b : a));
  if (!prefixes.every((p) => narrowest.startsWith(p)))
    throw fieldError('query.region', '地区不在该规则版本的适用范围内');
  return narrowest;
}

export async function eligibility(conn: Conn, scope: Scope, id: number, region?: string) {
  const set = await runnableRuleSet(conn, scope, id);
  const districts = await eligibilityByDistrict(conn, set, batchPrefix(scope, set.version, region));
  return { version_id: id, districts };
}

/**
 * The waiting list of a region under a version's ordering rules: one page, ranks over the whole list, ties
 * flagged for the lottery; with `mode`, only the households that meet that mode's conditions.
 */
export async function ranking(conn: Conn, scope: Scope, id: number, query: RankingQuery) {
  const set = await runnableRuleSet(conn, scope, id);
  const prefix = batchPrefix(scope, set.version, query.region);
  let only;
  if (query.mode) {
    only = modeConditions(set).find((m) => m.code === query.mode)?.sql;
    if (!only) throw fieldError('query.mode', `保障方式 “${query.mode}” 不在本版本中或未启用`);
  }
  const page = await rankWaiting(conn, set, prefix, {
    only,
    limit: query.page_size,
    offset: (query.page - 1) * query.page_size,
  });
  return {
    version_id: id,
    region_code: prefix.padEnd(12, '0'),
    mode_code: query.mode ?? null,
    page: query.page,
    page_size: query.page_size,
    ...page,
  };
}

/**
 * The version another is compared with: `against`, else its template's enabled version (when that is another
 * one), else the version it was copied from.
 */
async function baseOf(
  conn: Conn,
  scope: Scope,
  version: VersionRow,
  against?: number,
): Promise<VersionRow | undefined> {
  if (against !== undefined) return visibleVersion(conn, scope, against);
  const enabled = await store.enabledVersionOf(conn, version.template_code);
  const baseId = enabled && enabled.id !== version.id ? enabled.id : version.based_on_id;
  return baseId ? store.findVersion(conn, scope, baseId) : undefined;
}

export async function whatIf(
  conn: Conn,
  scope: Scope,
  id: number,
  query: { region?: string; against?: number },
) {
  const draft = await runnableRuleSet(conn, scope, id);
  const baseVersion = await baseOf(conn, scope, draft.version, query.against);
  const base = baseVersion ? await runnableRuleSet(conn, scope, baseVersion.id) : undefined;
  const districts = await whatIfByDistrict(
    conn,
    draft,
    base,
    batchPrefix(scope, draft.version, query.region),
  );
  return { version_id: id, base_version_id: baseVersion?.id ?? null, districts };
}

const IGNORED = new Set(['id', 'version_id', 'enabled_at']);

function changedFields(a: Item, b: Item): Record<string, { from: unknown; to: unknown }> {
  const out: Record<string, { from: unknown; to: unknown }> = {};
  for (const key of Object.keys(b)) {
    if (IGNORED.has(key)) continue;
    if (JSON.stringify(a[key] ?? null) !== JSON.stringify(b[key] ?? null))
      out[key] = { from: a[key] ?? null, to: b[key] ?? null };
  }
  return out;
}

/** What changed from `against` (default: the template's enabled version, else the version it was copied from). */
export async function diff(conn: Conn, scope: Scope, id: number, against?: number) {
  const version = await visibleVersion(conn, scope, id);
  const baseVersion = await baseOf(conn, scope, version, against);
  if (!baseVersion) throw badRequest('没有可比较的版本：请用 against 指定');
  const from = await store.loadRuleSet(conn, baseVersion);
  const to = await store.loadRuleSet(conn, version);
  const changes = Object.fromEntries(
    KIND_ORDER.map((kind) => {
      const before = new Map(from.items[kind].map((i) => [i.code, i]));
      const after = new Map(to.items[kind].map((i) => [i.code, i]));
      const strip = (i: Item) => Object.fromEntries(Object.entries(i).filter(([k]) => !IGNORED.has(k)));
      return [
        kind,
        {
          added: [...after.values()].filter((i) => !before.has(i.code)).map(strip),
          removed: [...before.values()].filter((i) => !after.has(i.code)).map(strip),
          changed: [...after.values()]
            .filter((i) => before.has(i.code))
            .map((i) => ({ code: i.code, fields: changedFields(before.get(i.code)!, i) }))
            .filter((c) => Object.keys(c.fields).length > 0),
        },
      ];
    }),
  );
  const summary = (v: VersionRow) => ({
    id: v.id,
    template_code: v.template_code,
    version_no: v.version_no,
    status: v.status,
  });
  return { from: summary(baseVersion), to: summary(version), changes };
}

export async function exchange(conn: Conn, scope: Scope, query: { year?: number; region?: string }) {
  const year = query.year ?? new Date().getFullYear();
  return { year, items: await store.exchangeRecords(conn, scope, year, query.region) };
}
