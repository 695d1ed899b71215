import { beforeAll, describe, expect, it } from 'vitest';
import { useTestServer, type ApiClient } from '../test/harness.ts';
import { seedRules } from './seed.ts';

const t = useTestServer();

let admin: ApiClient;
let enabledId: number;
let serial = 0;

/** A draft of the city with one project and mode, ready for conditions. */
async function draft(client = admin): Promise<number> {
  serial += 1;
  const res = await client.post('/api/rules/versions', {
    template_code: `T-${serial}`,
    template_name: '测试模版',
    region_code: '230100',
    effective_from: '2026-01-01',
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  const id = res.body.id as number;
  expect(
    (await client.post(`/api/rules/versions/${id}/projects`, { code: 'P', name: '公共租赁住房' })).status,
  ).toBe(201);
  expect(
    (
      await client.post(`/api/rules/versions/${id}/modes`, {
        code: 'M',
        project_code: 'P',
        name: '配租',
        mode_type: '20',
      })
    ).status,
  ).toBe(201);
  return id;
}

const paths = (res: { body: { errors?: { path: string }[] } }) => (res.body.errors ?? []).map((e) => e.path);

beforeAll(async () => {
  enabledId = (await seedRules(t.db))!;
  admin = await t.as('hrb_admin');
});

describe('rule versions', () => {
  it('seeds the demo city’s six projects, enabled, and lists them to a district as the city’s rules', async () => {
    const nangang = await t.as('nangang_caseworker');
    const list = await nangang.get('/api/rules/versions');
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual([
      expect.objectContaining({
        id: enabledId,
        status: 'enabled',
        region_code: '230100000000',
        template_code: 'HRB-ZFBZ',
      }),
    ]);
    const detail = await nangang.get(`/api/rules/versions/${enabledId}`);
    expect(detail.body.items.projects.map((p: { name: string }) => p.name).sort()).toEqual(
      ['公共租赁住房', '廉租住房', '经济适用住房', '限价商品住房', '租赁补贴', '棚户区改造安置'].sort(),
    );
    expect(
      detail.body.items.quantitative.find((q: { code: string }) => q.code === 'LZ-PZ-AREA'),
    ).toMatchObject({
      factor: 'per_capita_floor_area',
      upper_value: 13,
      upper_op: '<',
      enabled: true,
      enabled_at: expect.any(String),
    });
    await expect(seedRules(t.db)).resolves.toBeUndefined();
  });

  it('refuses changes to an enabled version with 409 version_immutable, and so does the database', async () => {
    const detail = await admin.get(`/api/rules/versions/${enabledId}`);
    const condition = detail.body.items.quantitative[0];
    const patch = await admin.patch(`/api/rules/quantitative/${condition.id}`, { upper_value: 99999 });
    expect(patch.status).toBe(409);
    expect(patch.body.code).toBe('version_immutable');
    expect(
      (await admin.post(`/api/rules/versions/${enabledId}/projects`, { code: 'NEW', name: '新项目' })).body
        .code,
    ).toBe('version_immutable');
    expect((await admin.delete(`/api/rules/versions/${enabledId}`)).status).toBe(409);
    expect((await admin.patch(`/api/rules/versions/${enabledId}`, { template_name: '改名' })).status).toBe(
      409,
    );

    await expect(
      t.db('rule_quantitative_conditions').where({ id: condition.id }).update({ upper_value: 1 }),
    ).rejects.toMatchObject({
      code: 'HS409',
    });
    await expect(t.db('rule_modes').where({ version_id: enabledId }).delete()).rejects.toMatchObject({
      code: 'HS409',
    });
    await expect(
      t.db('rule_projects').insert({ version_id: enabledId, code: 'X', name: '绕过' }),
    ).rejects.toMatchObject({ code: 'HS409' });
    await expect(
      t.db('rule_versions').where({ id: enabledId }).update({ template_name: 'x' }),
    ).rejects.toMatchObject({
      code: 'HS409',
    });
    await expect(t.db('rule_versions').where({ id: enabledId }).delete()).rejects.toMatchObject({
      code: 'HS409',
    });
    const after = await admin.get(`/api/rules/versions/${enabledId}`);
    expect(after.body.items).toEqual(detail.body.items);
  });

  it('edits an enabled version by copying it into a draft, diffs by code, and enabling stops the old one', async () => {
    const copy = await admin.post(`/api/rules/versions/${enabledId}/copy`);
    expect(copy.status, JSON.stringify(copy.body)).toBe(201);
    expect(copy.body).toMatchObject({
      status: 'draft',
      version_no: 2,
      based_on_id: enabledId,
      template_code: 'HRB-ZFBZ',
    });
    const draftId = copy.body.id as number;
    const items = (await admin.get(`/api/rules/versions/${draftId}`)).body.items;
    const income = items.quantitative.find((q: { code: string }) => q.code === 'GZ-PZ-INCOME');
    expect((await admin.patch(`/api/rules/quantitative/${income.id}`, { upper_value: 36000 })).status).toBe(
      200,
    );
    const removed = items.qualitative.find((q: { code: string }) => q.code === 'PG-AZ-SHANTY');
    const shantyMode = items.modes.find((m: { code: string }) => m.code === 'PG-AZ');
    expect((await admin.delete(`/api/rules/modes/${shantyMode.id}`)).status).toBe(409); // still referred to
    expect((await admin.delete(`/api/rules/qualitative/${removed.id}`)).status).toBe(204);
    expect((await admin.patch(`/api/rules/modes/${shantyMode.id}`, { enabled: false })).status).toBe(200);
    expect(
      (
        await admin.post(`/api/rules/versions/${draftId}/standards`, {
          code: 'GZ-PZ-RENT',
          mode_code: 'GZ-PZ',
          name: '租金标准',
          factor: 'household_size',
          standard_value: 12,
        })
      ).status,
    ).toBe(201);

    const diff = await admin.get(`/api/rules/versions/${draftId}/diff`);
    expect(diff.status, JSON.stringify(diff.body)).toBe(200);
    expect(diff.body.from).toMatchObject({ id: enabledId, status: 'enabled' });
    expect(diff.body.changes.quantitative.changed).toEqual([
      { code: 'GZ-PZ-INCOME', fields: { upper_value: { from: 30000, to: 36000 } } },
    ]);
    expect(diff.body.changes.qualitative.removed.map((i: { code: string }) => i.code)).toEqual([
      'PG-AZ-SHANTY',
    ]);
    expect(diff.body.changes.standards.added.map((i: { code: string }) => i.code)).toEqual(['GZ-PZ-RENT']);
    expect(diff.body.changes.modes.changed).toEqual([
      { code: 'PG-AZ', fields: { enabled: { from: true, to: false } } },
    ]);

    const enabled = await admin.post(`/api/rules/versions/${draftId}/enable`, {
      effective_from: '2026-07-01',
    });
    expect(enabled.status, JSON.stringify(enabled.body)).toBe(200);
    expect(enabled.body).toMatchObject({
      status: 'enabled',
      enabled_by: 'hrb_admin',
      effective_from: '2026-07-01',
    });
    const old = (await admin.get(`/api/rules/versions/${enabledId}`)).body;
    expect(old).toMatchObject({ status: 'disabled', effective_to: '2026-06-30' });
    const exchange = await admin.get('/api/rules/exchange?year=2026');
    const versions = new Set(exchange.body.items.map((r: { version_id: number }) => r.version_id));
    expect(versions).toEqual(new Set([enabledId, draftId]));
    expect(exchange.body.items).toContainEqual(
      expect.objectContaining({
        version_id: draftId,
        year: 2026,
        region_code: '230100000000',
        project_name: '公共租赁住房',
        mode_name: '公共租赁住房实物配租',
        condition_factor: '家庭人均年收入低于 30,000 元（per_capita_income）',
        condition_value: '(-∞, 36000) 元/年',
      }),
    );
    expect((await admin.get('/api/rules/exchange?year=2020')).body.items).toEqual([]);
  });

  it('lets districts read and test the city’s rules but not change them', async () => {
    const approver = await t.as('nangang_approver');
    const list = (await approver.get('/api/rules/versions')).body.items;
    const cityVersion = list[0];
    expect(
      (await approver.patch(`/api/rules/versions/${cityVersion.id}`, { template_name: 'x' })).status,
    ).toBe(403);
    // A copy of the city's rules becomes the district's own template.
    const copy = await approver.post(`/api/rules/versions/${cityVersion.id}/copy`);
    expect(copy.status, JSON.stringify(copy.body)).toBe(201);
    expect(copy.body).toMatchObject({
      region_code: '230103000000',
      template_code: `${cityVersion.template_code}-230103`,
      version_no: 1,
    });
    expect(
      (await approver.patch(`/api/rules/versions/${copy.body.id}`, { template_name: '南岗区规则' })).status,
    ).toBe(200);
    // The other district does not see it at all.
    const daoli = await t.as('daoli_approver');
    expect((await daoli.get(`/api/rules/versions/${copy.body.id}`)).status).toBe(404);
    expect((await (await t.as('nangang_caseworker')).post('/api/rules/versions', {})).status).toBe(403);
  });
});

describe('bad rules are refused with the field named', () => {
  it('unknown factors, wrong factor kinds, empty and contradictory ranges', async () => {
    const id = await draft();
    const base = { code: 'Q', name: '条件', mode_code: 'M' };
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ factor: 'monthly_salary', upper_value: 1, upper_op: '<' }, 'body.factor', /未登记的因素/],
      [{ factor: 'is_low_income', upper_value: 1, upper_op: '<' }, 'body.factor', /数值因素/],
      [
        {
          factor: 'per_capita_income',
          lower_value: 20000,
          lower_op: '>=',
          upper_value: 10000,
          upper_op: '<',
        },
        'body.upper_value',
        /范围为空/,
      ],
      [
        {
          factor: 'per_capita_income',
          lower_value: 10000,
          lower_op: '>',
          upper_value: 10000,
          upper_op: '<=',
        },
        'body.upper_op',
        /范围为空/,
      ],
      [
        {
          factor: 'per_capita_income',
          lower_value: 10000,
          lower_op: '>=',
          upper_value: 10000,
          upper_op: '<',
        },
        'body.upper_op',
        /范围为空/,
      ],
      [{ factor: 'per_capita_income' }, 'body.lower_value', /至少给出一个/],
      [{ factor: 'per_capita_income', upper_value: 5 }, 'body.upper_op', /同时给出/],
      [
        { factor: 'per_capita_income', upper_value: 5, upper_op: '<', mode_code: 'NOPE' },
        'body.mode_code',
        /不存在/,
      ],
    ];
    for (const [body, path, message] of cases) {
      const res = await admin.post(`/api/rules/versions/${id}/quantitative`, { ...base, ...body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(paths(res), JSON.stringify(body)).toContain(path);
      expect(res.body.errors.find((e: { path: string }) => e.path === path).message).toMatch(message);
    }
    const point = await admin.post(`/api/rules/versions/${id}/quantitative`, {
      ...base,
      factor: 'household_size',
      lower_value: 3,
      lower_op: '>=',
      upper_value: 3,
      upper_op: '<=',
    });
    expect(point.status, JSON.stringify(point.body)).toBe(201);
    const qualitative = await admin.post(`/api/rules/versions/${id}/qualitative`, {
      code: 'QL',
      name: '低保',
      mode_code: 'M',
      factor: 'per_capita_income',
      expected_value: true,
    });
    expect(paths(qualitative)).toEqual(['body.factor']);
    expect(
      await t.db('rule_quantitative_conditions').where({ version_id: id }).count({ n: '*' }).first(),
    ).toEqual({ n: 1 });
  });

  it('cycles in combinations and categories, NOT with other than one child, mixed modes', async () => {
    const id = await draft();
    const combo = (code: string, extra: Record<string, unknown> = {}) =>
      admin.post(`/api/rules/versions/${id}/combinations`, {
        code,
        mode_code: 'M',
        operator: 'AND',
        ...extra,
      });
    expect((await combo('A')).status).toBe(201);
    expect((await combo('B', { parent_code: 'A' })).status).toBe(201);
    const c = await combo('C', { parent_code: 'B' });
    const a = (await admin.get(`/api/rules/versions/${id}`)).body.items.combinations.find(
      (x: { code: string }) => x.code === 'A',
    );
    const cycle = await admin.patch(`/api/rules/combinations/${a.id}`, { parent_code: 'C' });
    expect(cycle.status).toBe(400);
    expect(cycle.body.errors).toEqual([
      { path: 'body.parent_code', message: '父级关系形成循环：A → C → B → A' },
    ]);
    expect(
      (await admin.patch(`/api/rules/combinations/${c.body.id}`, { parent_code: 'C' })).body.errors[0].path,
    ).toBe('body.parent_code');
    expect(
      (
        await admin.post(`/api/rules/versions/${id}/categories`, {
          code: 'K',
          name: '自身',
          parent_code: 'K',
        })
      ).body.errors[0].path,
    ).toBe('body.parent_code');

    expect((await combo('N', { operator: 'NOT' })).status).toBe(201);
    const child = (code: string) =>
      admin.post(`/api/rules/versions/${id}/qualitative`, {
        code,
        name: '已享受保障',
        mode_code: 'M',
        combination_code: 'N',
        factor: 'had_housing_support',
        expected_value: true,
      });
    // Enabling with an empty NOT names it.
    const early = await admin.post(`/api/rules/versions/${id}/enable`);
    expect(early.status).toBe(400);
    expect(paths(early)).toContain('combinations.N.operator');
    expect(paths(early)).toContain('combinations.C.operator');
    // Running a broken draft is refused the same way.
    const run = await admin.post(`/api/rules/versions/${id}/evaluate`, { household: { household_size: 2 } });
    expect(run.status).toBe(400);
    expect(paths(run)).toContain('combinations.N.operator');
    expect(paths(await admin.get(`/api/rules/versions/${id}/what-if`))).toContain('combinations.N.operator');
    expect((await child('N1')).status).toBe(201);
    const second = await child('N2');
    expect(second.status).toBe(400);
    expect(second.body.errors).toEqual([
      { path: 'body.combination_code', message: 'NOT 组合 “N” 只能有一个子条件' },
    ]);
    const b = (await admin.get(`/api/rules/versions/${id}`)).body.items.combinations.find(
      (x: { code: string }) => x.code === 'B',
    );
    expect(paths(await admin.patch(`/api/rules/combinations/${b.id}`, { operator: 'NOT' }))).toEqual([]);

    await admin.post(`/api/rules/versions/${id}/modes`, { code: 'M2', project_code: 'P', name: '补贴' });
    const mixed = await admin.post(`/api/rules/versions/${id}/quantitative`, {
      code: 'X',
      name: '面积',
      mode_code: 'M2',
      combination_code: 'A',
      factor: 'per_capita_floor_area',
      upper_value: 13,
      upper_op: '<',
    });
    expect(paths(mixed)).toEqual(['body.combination_code']);
  });

  it('standard formulas must parse over factors and parameters only', async () => {
    const id = await draft();
    const standard = (formula: string, parameters: Record<string, number> = { price: 10 }) =>
      admin.post(`/api/rules/versions/${id}/standards`, {
        code: `S${(serial += 1)}`,
        mode_code: 'M',
        name: '补贴',
        factor: 'per_capita_floor_area',
        standard_value: 13,
        formula,
        parameters,
      });
    expect(
      (await standard('max(0, standard_value - per_capita_floor_area) * household_size * price')).status,
    ).toBe(201);
    for (const [formula, message] of [
      ['constructor', '未知的因素或参数 “constructor”'],
      ['household_size.__proto__', '属性访问'],
      ['require(1)', '不允许的函数 “require”'],
      ['price * (2', '此处应为 “)”'],
      ['is_low_income', '此处应为数值'],
    ]) {
      const res = await standard(formula!);
      expect(res.status, formula).toBe(400);
      expect(res.body.errors[0].path).toBe('body.formula');
      expect(res.body.errors[0].message).toContain(message);
    }
    const clash = await standard('household_size', { household_size: 2 });
    expect(paths(clash)).toEqual(['body.parameters']);
  });

  it('codes are unique in a version and never change', async () => {
    const id = await draft();
    const again = await admin.post(`/api/rules/versions/${id}/projects`, { code: 'P', name: '重复' });
    expect(again.status).toBe(409);
    expect(paths(again)).toEqual(['body.code']);
    const project = (await admin.get(`/api/rules/versions/${id}`)).body.items.projects[0];
    expect((await admin.patch(`/api/rules/projects/${project.id}`, { code: 'Q' })).status).toBe(400);
    const badClass = await admin.post(`/api/rules/versions/${id}/projects`, {
      code: 'P2',
      name: '项目',
      income_class: '99',
    });
    expect(paths(badClass)).toEqual(['body.income_class']);
  });
});
