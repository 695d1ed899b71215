/**
 * Supply and demand monitoring (CJJ/T 196 9.2.1): demand from the registered waiting households (轮候中; and how
 * many of them have a registry-book entry, A.3.16) under the enabled rules — per 保障方式 the households meeting
 * its conditions, counted set-based with the rules' SQL compiler, and the totals of its flat standards (area,
 * subsidy) — and supply from the handed-over, delivered units (by layout, area band and district) and the
 * ledger's funds balance (the subsidy budget). The automatic view is all of it for the caller's region; the custom
 * view narrows by region, mode, layout, area and project. Figures are grouped by the child regions of the region.
 */
import type { Db } from '../db/knex.ts';
import { inScope, regionLevel, regionPrefix, type Scope } from '../access/scope.ts';
import { fieldError } from '../http/errors.ts';
import type { SqlFragment } from '../rules/expression/index.ts';
import { factorSql } from '../rules/household.ts';
import type { RuleSet, Standard } from '../rules/model.ts';
import { modeConditions } from '../rules/sql.ts';
import { runnableRuleSet } from '../rules/analysis.ts';
import { applicableRuleVersion } from '../registration/store.ts';
import { children } from '../stats/service.ts';
import { fundsBalance } from './ledgers.ts';
import * as store from './monitoring-store.ts';
import type { MonitoringQuery } from './monitoring-schema.ts';

const DIGITS = [2, 4, 6, 9, 12] as const;

/** The prefix a query covers: the caller's, narrowed by `region`; null when `region` lies outside the scope. */
export function narrowed(scope: Scope, region: string | undefined): string | null {
  if (!region) return scope.regionPrefix;
  const own = regionPrefix(region);
  if (own.startsWith(scope.regionPrefix)) return own;
  return scope.regionPrefix.startsWith(own) ? scope.regionPrefix : null;
}

/** SQL of a standard's value for household `h`: its 人户数 tiers, largest first (as rules/engine.ts picks them). */
function standardSql(tiers: Standard[]): SqlFragment | null {
  if (tiers.some((t) => t.formula || t.standard_value === null)) return null;
  const sized = tiers
    .filter((t) => t.household_size !== null)
    .sort((a, b) => b.household_size! - a.household_size!);
  const everyone = tiers.find((t) => t.household_size === null);
  const size = factorSql('household_size');
  const whens = sized.map(() => `WHEN ${size.sql} >= ?::numeric THEN ?::numeric`).join(' ');
  const otherwise = everyone ? '?::numeric' : 'NULL::numeric';
  return {
    sql: sized.length ? `CASE ${whens} ELSE ${otherwise} END` : otherwise,
    bindings: [
      ...sized.flatMap((t) => [...size.bindings, t.household_size!, t.standard_value!]),
      ...(everyone ? [everyone.standard_value!] : []),
    ],
  };
}

function modeFlags(set: RuleSet, only?: string): store.ModeFlag[] {
  const standards = (set.items.standards as Standard[]).filter((s) => s.enabled);
  return modeConditions(set)
    .filter((m) => !only || m.code === only)
    .map((m) => {
      const byName = new Map<string, Standard[]>();
      for (const s of standards.filter((s) => s.mode_code === m.code))
        byName.set(s.name, [...(byName.get(s.name) ?? []), s]);
      return {
        code: m.code,
        condition: m.sql,
        standards: [...byName.entries()].map(([name, tiers]) => ({
          name,
          unit: tiers[0]!.result_unit ?? tiers[0]!.unit,
          sql: standardSql(tiers),
        })),
      };
    });
}

const n = (v: unknown) => Number(v ?? 0);

/** The monitoring figures of the region the query narrows to (empty outside the scope). */
export async function monitor(db: Db, scope: Scope, query: MonitoringQuery) {
  const prefix = narrowed(scope, query.region);
  const code = (prefix ?? scope.regionPrefix).padEnd(12, '0');
  const empty = { waiting: 0, persons: 0, registered: 0, units: 0, area: 0, in_plans: 0 };
  if (prefix === null)
    return {
      region_code: null,
      rule_version_id: null,
      demand: { ...empty, by_mode: [] },
      supply: { units: 0, area: 0, in_plans: 0, by_layout: [], by_area_band: [] },
      funds_balance: '0.00',
      districts: [],
    };
  const digits = DIGITS[Math.min(regionLevel(code), 4)]!;
  const versionId = await applicableRuleVersion(db, code);
  const set = versionId ? await runnableRuleSet(db, scope, versionId) : undefined;
  const flags = set ? modeFlags(set, query.mode) : [];
  if (query.mode && !flags.length)
    throw fieldError('query.mode', `保障方式 ${query.mode} 不在启用中的保障规则里`);
  const only = query.mode ? flags[0]!.condition : undefined;
  const [regions, demandRows, byDistrict, byLayout, byBand, funds] = [
    await store.childRegions(db, scope, code),
    await store.demand(db, scope, prefix, digits, flags, only),
    await store.supply(db, scope, prefix, `rpad(left(u.region_code, ${digits}), 12, '0')`, query),
    await store.supply(db, scope, prefix, `coalesce(u.layout, 'unknown')`, query),
    await store.supply(db, scope, prefix, store.AREA_BAND, query),
    await fundsBalance(db, prefix),
  ];
  const demandOf = new Map(demandRows.map((r) => [String(r.k).padEnd(12, '0'), r]));
  const supplyOf = new Map(byDistrict.map((r) => [String(r.k), r]));
  const districts = regions.map((g) => {
    const d = demandOf.get(g.region_code as string);
    const s = supplyOf.get(g.region_code as string);
    return {
      region_code: g.region_code as string,
      region_name: g.region_name as string,
      waiting: n(d?.waiting),
      persons: n(d?.persons),
      registered: n(d?.registered),
      units: n(s?.units),
      area: n(s?.area),
      in_plans: n(s?.in_plans),
      balance: n(s?.units) - n(d?.waiting),
    };
  });
  const sum = (rows: store.ModeFlag[] | typeof demandRows, key: string) =>
    (rows as Record<string, unknown>[]).reduce((t, r) => t + n(r[key]), 0);
  const by_mode = flags.map((m, i) => ({
    mode_code: m.code,
    mode_name: (set!.items.modes.find((x) => x.code === m.code)?.name as string) ?? m.code,
    households: sum(demandRows, `m${i}`),
    standards: m.standards.map((s, j) => ({
      name: s.name,
      unit: s.unit,
      total: s.sql ? sum(demandRows, `t${i}_${j}`) : null,
    })),
  }));
  const bucket = (rows: typeof byLayout) =>
    rows.map((r) => ({ key: String(r.k), units: n(r.units), area: n(r.area), in_plans: n(r.in_plans) }));
  return {
    region_code: code,
    rule_version_id: set?.version.id ?? null,
    demand: {
      waiting: sum(demandRows, 'waiting'),
      persons: sum(demandRows, 'persons'),
      registered: sum(demandRows, 'registered'),
      by_mode,
    },
    supply: {
      units: sum(byDistrict, 'units'),
      area: Math.round(sum(byDistrict, 'area') * 100) / 100,
      in_plans: sum(byDistrict, 'in_plans'),
      by_layout: bucket(byLayout),
      by_area_band: bucket(byBand),
    },
    funds_balance: funds,
    districts,
  };
}

/**
 * The supply−demand choropleth: the child regions' boundaries as the dashboard serves them (stats/service.ts
 * children), each with this view's supply, demand and supply − demand.
 */
export async function choropleth(db: Db, scope: Scope, query: MonitoringQuery) {
  const prefix = narrowed(scope, query.region);
  if (prefix === null || !inScope(scope, prefix.padEnd(12, '0')))
    return { type: 'FeatureCollection' as const, features: [] };
  const [figures, shapes] = [
    await monitor(db, scope, query),
    await children(db, scope, prefix.padEnd(12, '0')),
  ];
  const byCode = new Map(figures.districts.map((d) => [d.region_code, d]));
  return {
    type: 'FeatureCollection' as const,
    features: shapes.features.map((f) => {
      const d = byCode.get(f.properties.code);
      return {
        type: 'Feature' as const,
        id: f.id,
        properties: {
          region_code: f.properties.code,
          region_name: f.properties.name,
          supply: d?.units ?? 0,
          demand: d?.waiting ?? 0,
          balance: (d?.units ?? 0) - (d?.waiting ?? 0),
          label: f.properties.label,
        },
        geometry: f.geometry,
      };
    }),
  };
}
