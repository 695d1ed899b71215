import { beforeAll, describe, expect, it } from 'vitest';
import { useTestServer, type ApiClient } from '../test/harness.ts';
import { evaluateHousehold, type Explanation } from './engine.ts';
import { inlineHousehold } from './household.ts';
import { seedRules } from './seed.ts';
import * as store from './store.ts';

const t = useTestServer();

let admin: ApiClient;
let cityVersion: number;
let draftId: number;

const evaluate = (values: Record<string, number | boolean | null>, version = draftId) =>
  admin.post(`/api/rules/versions/${version}/evaluate`, { household: values });

const modeOf = (body: { modes: { mode_code: string }[] }, code: string): any =>
  body.modes.find((m) => m.mode_code === code);

/** Finds a node of the explanation tree by code. */
function node(tree: Explanation, code: string): Explanation | undefined {
  if (tree.code === code) return tree;
  if (tree.kind !== 'combination') return undefined;
  for (const child of tree.children) {
    const found = node(child, code);
    if (found) return found;
  }
  return undefined;
}

/** Re-derives every pass of the tree from its values, thresholds and children. */
function consistent(tree: Explanation): boolean {
  switch (tree.kind) {
    case 'quantitative': {
      const v = tree.value as number | null;
      if (v === null) return tree.pass === null;
      const lowerOk = !tree.lower || (tree.lower.inclusive ? v >= tree.lower.value : v > tree.lower.value);
      const upperOk = !tree.upper || (tree.upper.inclusive ? v <= tree.upper.value : v < tree.upper.value);
      return tree.pass === (lowerOk && upperOk);
    }
    case 'qualitative':
      return tree.pass === (tree.value === null ? null : tree.value === tree.expected);
    case 'combination': {
      const passes = tree.children.map((c) => c.pass);
      const expected =
        tree.operator === 'NOT'
          ? passes[0] === null
            ? null
            : !passes[0]
          : tree.operator === 'AND'
            ? passes.includes(false)
              ? false
              : passes.includes(null)
                ? null
                : true
            : passes.includes(true)
              ? true
              : passes.includes(null)
                ? null
                : false;
      return tree.pass === expected && tree.children.every(consistent);
    }
  }
}

beforeAll(async () => {
  cityVersion = (await seedRules(t.db))!;
  admin = await t.as('hrb_admin');
  const created = await admin.post('/api/rules/versions', {
    template_code: 'ENGINE',
    template_name: '引擎测试',
    region_code: '230100',
    effective_from: '2026-01-01',
  });
  draftId = created.body.id;
  const add = async (kind: string, body: Record<string, unknown>) => {
    const res = await admin.post(`/api/rules/versions/${draftId}/${kind}`, body);
    if (res.status !== 201) throw new Error(`${kind}: ${JSON.stringify(res.body)}`);
  };
  await add('projects', { code: 'P', name: '廉租住房' });
  await add('modes', { code: 'M', project_code: 'P', name: '实物配租' });
  await add('modes', { code: 'B', project_code: 'P', name: '租赁补贴' });
  // M: income ≤ 10000 and 5 ≤ area < 13 and (低保 or ≥ 4 persons) and not (已享受保障).
  await add('quantitative', {
    code: 'INCOME',
    name: '人均收入',
    mode_code: 'M',
    factor: 'per_capita_income',
    upper_value: 10000,
    upper_op: '<=',
  });
  await add('quantitative', {
    code: 'AREA',
    name: '人均面积',
    mode_code: 'M',
    factor: 'per_capita_floor_area',
    lower_value: 5,
    lower_op: '>=',
    upper_value: 13,
    upper_op: '<',
  });
  await add('combinations', { code: 'EITHER', mode_code: 'M', operator: 'OR' });
  await add('qualitative', {
    code: 'MIN',
    name: '低保',
    mode_code: 'M',
    combination_code: 'EITHER',
    factor: 'is_minimum_living',
    expected_value: true,
  });
  await add('quantitative', {
    code: 'BIG',
    name: '四人及以上',
    mode_code: 'M',
    combination_code: 'EITHER',
    factor: 'household_size',
    lower_value: 4,
    lower_op: '>=',
  });
  await add('combinations', { code: 'NEVER', mode_code: 'M', operator: 'NOT' });
  await add('qualitative', {
    code: 'HAD',
    name: '已享受保障',
    mode_code: 'M',
    combination_code: 'NEVER',
    factor: 'had_housing_support',
    expected_value: true,
  });
  await add('quantitative', {
    code: 'B-AREA',
    name: '人均面积',
    mode_code: 'B',
    factor: 'per_capita_floor_area',
    upper_value: 13,
    upper_op: '<',
  });
  await add('standards', {
    code: 'B-AMOUNT',
    mode_code: 'B',
    name: '月租赁补贴',
    factor: 'per_capita_floor_area',
    standard_value: 13,
    formula: 'max(0, standard_value - per_capita_floor_area) * household_size * price',
    parameters: { price: 10 },
    result_unit: '元/月',
  });
  for (const [size, area] of [
    [1, 30],
    [3, 50],
  ])
    await add('standards', {
      code: `M-AREA-${size}`,
      mode_code: 'M',
      name: '配租面积',
      factor: 'household_size',
      household_size: size,
      standard_value: area,
    });
});

const base = {
  per_capita_income: 9000,
  per_capita_floor_area: 9.5,
  household_size: 3,
  is_minimum_living: true,
  had_housing_support: false,
};

describe('evaluating a household', () => {
  it('explains each condition and computes the standards of the eligible modes', async () => {
    const res = await evaluate(base);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const m = modeOf(res.body, 'M');
    const b = modeOf(res.body, 'B');
    expect(m).toMatchObject({ mode_code: 'M', eligible: true });
    expect(m.explanation).toMatchObject({ kind: 'combination', operator: 'AND', pass: true, code: null });
    expect(node(m.explanation, 'AREA')).toEqual({
      kind: 'quantitative',
      code: 'AREA',
      name: '人均面积',
      factor: 'per_capita_floor_area',
      factor_name: '家庭人均建筑面积',
      unit: '平方米',
      value: 9.5,
      lower: { value: 5, op: '>=', inclusive: true },
      upper: { value: 13, op: '<', inclusive: false },
      interval: '[5, 13)',
      pass: true,
    });
    expect(node(m.explanation, 'NEVER')).toMatchObject({
      operator: 'NOT',
      pass: true,
      children: [{ code: 'HAD', pass: false }],
    });
    expect(m.standards).toEqual([
      expect.objectContaining({ code: 'M-AREA-3', value: 50, household_size: 3 }),
    ]);
    expect(b.standards).toEqual([
      expect.objectContaining({ code: 'B-AMOUNT', value: 105, result_unit: '元/月' }),
    ]);
    expect(res.body.eligible_modes).toEqual(['B', 'M']);
    const logged = await t.db('rule_evaluations').where({ id: res.body.evaluation_id }).first();
    expect(logged).toMatchObject({
      version_id: draftId,
      household_id: null,
      eligible_modes: ['B', 'M'],
      evaluated_by: 'hrb_admin',
    });
    expect(logged.result.modes[1].explanation).toEqual(m.explanation);
  });

  it('is exact at the thresholds: closed ends include them, open ends do not', async () => {
    const eligible = async (values: Record<string, unknown>) =>
      modeOf((await evaluate({ ...base, ...values })).body, 'M').eligible;
    expect(await eligible({ per_capita_income: 10000 })).toBe(true);
    expect(await eligible({ per_capita_income: 10000.01 })).toBe(false);
    expect(await eligible({ per_capita_floor_area: 5 })).toBe(true);
    expect(await eligible({ per_capita_floor_area: 4.99 })).toBe(false);
    expect(await eligible({ per_capita_floor_area: 12.99 })).toBe(true);
    expect(await eligible({ per_capita_floor_area: 13 })).toBe(false);
    // Flip the ends: (5, 13]
    const area = (await admin.get(`/api/rules/versions/${draftId}`)).body.items.quantitative.find(
      (q: { code: string }) => q.code === 'AREA',
    );
    expect(
      (await admin.patch(`/api/rules/quantitative/${area.id}`, { lower_op: '>', upper_op: '<=' })).status,
    ).toBe(200);
    expect(await eligible({ per_capita_floor_area: 5 })).toBe(false);
    expect(await eligible({ per_capita_floor_area: 5.01 })).toBe(true);
    expect(await eligible({ per_capita_floor_area: 13 })).toBe(true);
    expect(await eligible({ per_capita_floor_area: 13.01 })).toBe(false);
    await admin.patch(`/api/rules/quantitative/${area.id}`, { lower_op: '>=', upper_op: '<' });
  });

  it('nests AND/OR/NOT; unknown data is neither pass nor fail, and never makes a household eligible', async () => {
    const cases: [Record<string, unknown>, boolean][] = [
      [{ is_minimum_living: false, household_size: 4 }, true],
      [{ is_minimum_living: false, household_size: 3 }, false],
      [{ had_housing_support: true }, false],
      [{ per_capita_income: null }, false],
      [{ per_capita_income: null, per_capita_floor_area: 20 }, false],
    ];
    for (const [values, expected] of cases) {
      const res = await evaluate({ ...base, ...values });
      const mode = modeOf(res.body, 'M');
      expect(mode.eligible, JSON.stringify(values)).toBe(expected);
      expect(consistent(mode.explanation), JSON.stringify(values)).toBe(true);
    }
    const unknown = modeOf((await evaluate({ ...base, per_capita_income: null })).body, 'M').explanation;
    expect(unknown.pass).toBeNull();
    expect(node(unknown, 'INCOME')).toMatchObject({ value: null, pass: null });
    const failing = modeOf(
      (await evaluate({ ...base, per_capita_income: null, per_capita_floor_area: 20 })).body,
      'M',
    ).explanation;
    expect(failing.pass).toBe(false);
  });

  it('refuses unknown and computed factors in a test household, naming them', async () => {
    const res = await evaluate({
      ...base,
      salary: 1,
      per_capita_monthly_income: 700,
      is_low_income: 3,
    });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      'body.household.is_low_income',
      'body.household.per_capita_monthly_income',
      'body.household.salary',
    ]);
  });

  it('derives 是否有残疾家庭成员 from the disability grade as for a stored household, refusing a contradiction', async () => {
    const valuesOf = async (household: Record<string, number | boolean | null>) => {
      const res = await evaluate({ ...base, ...household }, cityVersion);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      const logged = await t.db('rule_evaluations').where({ id: res.body.evaluation_id }).first();
      const disabled = res.body.ordering.factors.find((f: { code: string }) => f.code === 'O-DISABLED');
      return [
        logged.result.values.disability_grade,
        logged.result.values.has_disabled_member,
        disabled?.value,
      ];
    };
    expect(await valuesOf({ disability_grade: 2 })).toEqual([2, true, true]);
    expect(await valuesOf({ disability_grade: 4, has_disabled_member: true })).toEqual([4, true, true]);
    expect(await valuesOf({})).toEqual([null, false, false]);
    expect(await valuesOf({ disability_grade: null, has_disabled_member: false })).toEqual([
      null,
      false,
      false,
    ]);

    const refused = async (household: Record<string, number | boolean | null>) => {
      const res = await evaluate({ ...base, ...household }, cityVersion);
      expect(res.status, JSON.stringify(household)).toBe(400);
      return res.body.errors.map((e: { path: string }) => e.path);
    };
    expect(await refused({ disability_grade: 1, has_disabled_member: false })).toEqual([
      'body.household.has_disabled_member',
    ]);
    expect(await refused({ has_disabled_member: true })).toEqual(['body.household.has_disabled_member']);
    expect(await refused({ disability_grade: null, has_disabled_member: true })).toEqual([
      'body.household.has_disabled_member',
    ]);
    for (const grade of [0, 5, 2.5])
      expect(await refused({ disability_grade: grade })).toEqual(['body.household.disability_grade']);
    // A value of the wrong type is named once, at its own field.
    expect(await refused({ disability_grade: true, has_disabled_member: true })).toEqual([
      'body.household.disability_grade',
    ]);
  });

  it('evaluates a stored household in scope for those who may read it, and records the version', async () => {
    const community = (await t.db('regions').where('level', 5).where('code', 'like', '230103%').first('code'))
      .code;
    const [row] = await t
      .db('households')
      .insert({
        application_no: 'RULES-1',
        registration_year: 2026,
        applicant_name: '测试',
        id_number: 'E00000001',
        id_type: '414',
        household_size: 3,
        per_capita_income: '9000.00',
        total_income: '27000.00',
        per_capita_floor_area: '9.50',
        total_floor_area: '28.50',
        is_minimum_living: true,
        region_code: community,
      })
      .returning('id');
    const nangang = await t.as('nangang_caseworker');
    const res = await nangang.post(`/api/rules/versions/${cityVersion}/evaluate`, { household_id: row.id });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.eligible_modes).toEqual(expect.arrayContaining(['LZ-PZ', 'ZB-BT', 'GZ-PZ']));
    const subsidy = res.body.modes.find((m: { mode_code: string }) => m.mode_code === 'ZB-BT');
    expect(subsidy.standards[0]).toMatchObject({ value: 105 });
    expect(
      res.body.ordering.factors.find((f: { factor: string }) => f.factor === 'is_minimum_living').points,
    ).toBe(20);
    expect(await t.db('rule_evaluations').where({ household_id: row.id }).first()).toMatchObject({
      version_id: cityVersion,
      region_code: community,
    });
    expect(
      (
        await (
          await t.as('daoli_caseworker')
        ).post(`/api/rules/versions/${cityVersion}/evaluate`, { household_id: row.id })
      ).status,
    ).toBe(404);
    const leader = await t.as('nangang_leader');
    expect(
      (await leader.post(`/api/rules/versions/${cityVersion}/evaluate`, { household_id: row.id })).status,
    ).toBe(403);
    expect(
      (await leader.post(`/api/rules/versions/${cityVersion}/evaluate`, { household: base })).status,
    ).toBe(200);
  });
});

describe('batch and what-if', () => {
  let whatIfDraft: number;

  beforeAll(async () => {
    const communities = (await t.db('regions').where('level', 5).orderBy('code').pluck('code')) as string[];
    let seed = 11;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const rows = Array.from({ length: 200 }, (_, i) => {
      const size = 1 + Math.floor(random() * 5);
      const income = random() < 0.1 ? null : Math.round(random() * 45000);
      const area = random() < 0.1 ? null : Math.round(random() * 2500) / 100;
      return {
        application_no: `WHATIF-${i}`,
        registration_year: 2026,
        applicant_name: '测试',
        id_type: '414',
        id_number: `W${i}`,
        household_size: size,
        per_capita_income: income,
        total_income: income === null ? null : income * size,
        per_capita_floor_area: area,
        total_floor_area: area === null ? null : random() < 0.15 ? 0 : area * size,
        is_minimum_living: random() < 0.15,
        is_low_income: random() < 0.3,
        in_shanty_area: random() < 0.1,
        had_housing_support: random() < 0.1,
        waiting_status: random() < 0.05 ? 'withdrawn' : 'waiting',
        region_code: communities[Math.floor(random() * communities.length)],
      };
    });
    await t.db('households').insert(rows);
    const copy = await admin.post(`/api/rules/versions/${cityVersion}/copy`);
    whatIfDraft = copy.body.id;
    const items = (await admin.get(`/api/rules/versions/${whatIfDraft}`)).body.items;
    const byCode = (kind: string, code: string) =>
      items[kind].find((i: { code: string }) => i.code === code).id;
    await admin.patch(`/api/rules/quantitative/${byCode('quantitative', 'GZ-PZ-INCOME')}`, {
      upper_value: 36000,
    });
    await admin.patch(`/api/rules/quantitative/${byCode('quantitative', 'LZ-PZ-AREA')}`, { upper_value: 10 });
    await admin.patch(`/api/rules/modes/${byCode('modes', 'XJ-PS')}`, { enabled: false });
  });

  /** Every non-withdrawn household's values, as the JS engine reads them. */
  async function households() {
    const rows = await t.db('households').whereNot('waiting_status', 'withdrawn');
    const num = (v: unknown) => (v === null ? null : Number(v));
    return rows.map((h) => ({
      district: `${String(h.region_code).slice(0, 6)}000000`,
      values: inlineHousehold({
        household_size: h.household_size,
        per_capita_income: num(h.per_capita_income),
        total_income: num(h.total_income),
        per_capita_floor_area: num(h.per_capita_floor_area),
        total_floor_area: num(h.total_floor_area),
        is_minimum_living: h.is_minimum_living,
        is_low_income: h.is_low_income,
        in_shanty_area: h.in_shanty_area,
        had_housing_support: h.had_housing_support,
        disability_grade: h.disability_grade,
      }),
    }));
  }

  it('counts per district exactly as a brute-force recount in JS', async () => {
    const [draft, enabled] = [
      await store.loadRuleSet(t.db, (await store.versionById(t.db, whatIfDraft))!),
      await store.loadRuleSet(t.db, (await store.versionById(t.db, cityVersion))!),
    ];
    const expected = new Map<string, Record<string, number>>();
    for (const { district, values } of await households()) {
      const before = evaluateHousehold(enabled, values).eligible_modes;
      const after = evaluateHousehold(draft, values).eligible_modes;
      const counts = expected.get(district) ?? {
        households: 0,
        before: 0,
        after: 0,
        up: 0,
        down: 0,
        gzBefore: 0,
        gzAfter: 0,
        xjDown: 0,
      };
      counts.households! += 1;
      counts.before! += before.length ? 1 : 0;
      counts.after! += after.length ? 1 : 0;
      counts.up! += after.length && !before.length ? 1 : 0;
      counts.down! += before.length && !after.length ? 1 : 0;
      counts.gzBefore! += before.includes('GZ-PZ') ? 1 : 0;
      counts.gzAfter! += after.includes('GZ-PZ') ? 1 : 0;
      counts.xjDown! += before.includes('XJ-PS') ? 1 : 0;
      expected.set(district, counts);
    }
    const res = await admin.get(`/api/rules/versions/${whatIfDraft}/what-if`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.base_version_id).toBe(cityVersion);
    const actual = new Map(
      res.body.districts.map((d: any) => {
        const mode = (code: string) => d.modes.find((m: { code: string }) => m.code === code);
        return [
          d.region_code,
          {
            households: d.households,
            before: d.eligible_before,
            after: d.eligible_after,
            up: d.became_eligible,
            down: d.became_ineligible,
            gzBefore: mode('GZ-PZ').before,
            gzAfter: mode('GZ-PZ').after,
            xjDown: mode('XJ-PS').became_ineligible,
          },
        ];
      }),
    );
    expect(actual).toEqual(expected);
    const total = [...expected.values()].reduce((n, c) => n + c.up! + c.down!, 0);
    expect(total, 'the changed thresholds should move some households').toBeGreaterThan(0);

    const batch = await admin.get(`/api/rules/versions/${cityVersion}/eligibility`);
    expect(batch.body.districts.map((d: any) => [d.region_code, d.eligible, d.modes['GZ-PZ']])).toEqual(
      [...expected.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([code, c]) => [code, c.before, c.gzBefore]),
    );
  });

  it('narrows to a district and serves the counts as district polygons', async () => {
    const nangang = await admin.get(`/api/rules/versions/${whatIfDraft}/what-if?region=230103`);
    expect(nangang.body.districts.map((d: { region_code: string }) => d.region_code)).toEqual([
      '230103000000',
    ]);
    const map = await admin.get(`/api/rules/versions/${whatIfDraft}/what-if.geojson`);
    expect(map.status).toBe(200);
    expect(map.headers.get('content-type')).toContain('application/geo+json');
    expect(map.body.type).toBe('FeatureCollection');
    const all = (await admin.get(`/api/rules/versions/${whatIfDraft}/what-if`)).body.districts;
    expect(map.body.features).toHaveLength(all.length);
    expect(map.body.features[0]).toMatchObject({
      type: 'Feature',
      geometry: { type: 'MultiPolygon' },
      properties: { region_code: all[0].region_code, became_eligible: all[0].became_eligible },
    });
    // A district user sees its own district only, even for the city's rules.
    const daoli = await (await t.as('daoli_leader')).get(`/api/rules/versions/${whatIfDraft}/what-if`);
    expect(daoli.body.districts.map((d: { region_code: string }) => d.region_code)).toEqual(['230102000000']);
    expect(
      (await (await t.as('daoli_leader')).get(`/api/rules/versions/${whatIfDraft}/what-if?region=230103`))
        .status,
    ).toBe(400);
  });
});
