import type { Knex } from 'knex';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestServer, type ApiClient } from '../test/harness.ts';
import { evaluateHousehold } from './engine.ts';
import { FACTORS } from './factors.ts';
import { factorSql, type FactorValues } from './household.ts';
import { seedRules } from './seed.ts';
import * as store from './store.ts';

const t = useTestServer();
const NANGANG = '230103000000';

let admin: ApiClient;
let versionId: number;

beforeAll(async () => {
  versionId = (await seedRules(t.db))!;
  admin = await t.as('hrb_admin');
});

/** Every waiting household of a region with its factor values, read the way the engine reads one. */
async function waitingHouseholds(prefix: string): Promise<{ id: number; values: FactorValues }[]> {
  const selects = FACTORS.map((f) => {
    const fragment = factorSql(f.code);
    return t.db.raw(`${fragment.sql} AS ??`, [...fragment.bindings, f.code] as Knex.RawBinding[]);
  });
  const rows = await t
    .db('households as h')
    .where('h.region_code', 'like', `${prefix}%`)
    .where('h.waiting_status', 'waiting')
    .select<Record<string, unknown>[]>('h.id', ...selects);
  return rows.map((row) => ({
    id: Number(row.id),
    values: Object.fromEntries(
      FACTORS.map((f) => {
        const raw = row[f.code];
        const value =
          raw === null || raw === undefined ? null : f.kind === 'quantitative' ? Number(raw) : Boolean(raw);
        return [f.code, value];
      }),
    ),
  }));
}

describe('waiting-list ranking', () => {
  it('ranks a district’s waiting households exactly as a brute-force recount of each household’s score', async () => {
    const version = (await store.versionById(t.db, versionId))!;
    const set = await store.loadRuleSet(t.db, version);
    const expected = (await waitingHouseholds('230103'))
      .map((h) => ({ id: h.id, score: evaluateHousehold(set, h.values).ordering.score }))
      .sort((a, b) => b.score - a.score || a.id - b.id);
    expect(expected.length).toBeGreaterThan(50);

    const items: { household_id: number; score: number; rank: number; tie_size: number; tied: boolean }[] =
      [];
    let total: number | undefined;
    let tiedHouseholds: number | undefined;
    for (let page = 1; ; page++) {
      const res = await admin.get(
        `/api/rules/versions/${versionId}/ranking?region=${NANGANG}&page=${page}&page_size=200`,
      );
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      total = res.body.total;
      tiedHouseholds = res.body.tied_households;
      items.push(...res.body.items);
      if (res.body.items.length < 200) break;
    }
    expect(total).toBe(expected.length);
    expect(items.map((i) => i.household_id)).toEqual(expected.map((e) => e.id));
    expect(items.map((i) => i.score)).toEqual(expected.map((e) => e.score));

    // Ranks: 1 + the number of households with a higher score; ties share it and are flagged.
    const counts = new Map<number, number>();
    for (const e of expected) counts.set(e.score, (counts.get(e.score) ?? 0) + 1);
    for (const item of items) {
      expect(item.rank).toBe(1 + expected.filter((e) => e.score > item.score).length);
      expect(item.tie_size).toBe(counts.get(item.score));
      expect(item.tied).toBe(item.tie_size > 1);
    }
    expect(tiedHouseholds).toBe([...counts.values()].filter((n) => n > 1).reduce((a, b) => a + b, 0));
  });

  it('ranks only the households meeting a mode’s conditions when asked, and names a bad mode', async () => {
    const all = await admin.get(`/api/rules/versions/${versionId}/ranking?region=${NANGANG}&page_size=1`);
    const lz = await admin.get(
      `/api/rules/versions/${versionId}/ranking?region=${NANGANG}&mode=LZ-PZ&page_size=1`,
    );
    expect(lz.status).toBe(200);
    expect(lz.body.mode_code).toBe('LZ-PZ');
    expect(lz.body.total).toBeGreaterThan(0);
    expect(lz.body.total).toBeLessThan(all.body.total);
    const first = lz.body.items[0];
    const check = await admin.post(`/api/rules/versions/${versionId}/evaluate`, {
      household_id: first.household_id,
    });
    expect(check.body.eligible_modes).toContain('LZ-PZ');
    expect(check.body.ordering.score).toBe(first.score);

    const bad = await admin.get(`/api/rules/versions/${versionId}/ranking?mode=NOPE`);
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path)).toEqual(['query.mode']);
  });

  it('keeps the totals past the last page, and stays inside the caller’s district', async () => {
    const past = await admin.get(`/api/rules/versions/${versionId}/ranking?region=${NANGANG}&page=9999`);
    expect(past.status).toBe(200);
    expect(past.body.items).toEqual([]);
    expect(past.body.total).toBeGreaterThan(0);

    const daoli = await t.as('daoli_approver');
    const own = await daoli.get(`/api/rules/versions/${versionId}/ranking?page_size=200`);
    expect(own.status).toBe(200);
    expect(own.body.region_code).toBe('230102000000');
    expect(own.body.items.every((i: { region_code: string }) => i.region_code.startsWith('230102'))).toBe(
      true,
    );
    const other = await daoli.get(`/api/rules/versions/${versionId}/ranking?region=${NANGANG}`);
    expect(other.status).toBe(400);
    expect(other.body.errors[0].path).toBe('query.region');
  });

  it('needs the household-reading permission', async () => {
    const planner = await t.as('hrb_planner');
    expect((await planner.get(`/api/rules/versions/${versionId}/ranking`)).status).toBe(403);
  });
});

describe('household factor sources', () => {
  it('reads 户口年限 and the most severe disability from the household for a stored evaluation', async () => {
    const [row] = (await t.db('households').where('waiting_status', 'waiting').orderBy('id').limit(1)) as {
      id: number;
    }[];
    await t.db('households').where({ id: row!.id }).update({
      hukou_years: 3.5,
      disability_category: '4',
      disability_grade: 2,
    });
    const res = await admin.post(`/api/rules/versions/${versionId}/evaluate`, { household_id: row!.id });
    expect(res.status).toBe(200);
    const disabled = res.body.ordering.factors.find((f: { code: string }) => f.code === 'O-DISABLED');
    expect(disabled).toMatchObject({ value: true, points: 15 });
    const logged = await t.db('rule_evaluations').where({ id: res.body.evaluation_id }).first();
    expect(logged.result.values).toMatchObject({
      local_hukou_years: 3.5,
      disability_grade: 2,
      has_disabled_member: true,
    });
    expect(Number(logged.version_id)).toBe(versionId);

    await t
      .db('households')
      .where({ id: row!.id })
      .update({ disability_category: null, disability_grade: null });
    const none = await admin.post(`/api/rules/versions/${versionId}/evaluate`, { household_id: row!.id });
    expect(none.body.ordering.factors.find((f: { code: string }) => f.code === 'O-DISABLED')).toMatchObject({
      value: false,
      points: 0,
    });
  });

  it('seeds plausible values: about one family in ten with a disabled member, most with years of hukou', async () => {
    const { rows } = await t.db.raw<{
      rows: { share_disabled: string; share_newcomers: string; missing: string }[];
    }>(`SELECT avg((disability_grade IS NOT NULL)::int) AS share_disabled,
               avg((hukou_years < 6)::int) AS share_newcomers,
               count(*) FILTER (WHERE hukou_years IS NULL) AS missing
          FROM households`);
    expect(Number(rows[0]!.share_disabled)).toBeGreaterThan(0.06);
    expect(Number(rows[0]!.share_disabled)).toBeLessThan(0.14);
    expect(Number(rows[0]!.share_newcomers)).toBeGreaterThan(0.05);
    expect(Number(rows[0]!.share_newcomers)).toBeLessThan(0.25);
    expect(Number(rows[0]!.missing)).toBe(0);
  });
});
