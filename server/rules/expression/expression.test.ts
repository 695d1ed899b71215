import { afterAll, describe, expect, it } from 'vitest';
import { createDb } from '../../db/knex.ts';
import { clusterUrl } from '../../test/databases.ts';
import { evaluate, ExpressionError, parseExpression, toSql, type NameTypes, type Values } from './index.ts';

const NAMES: NameTypes = new Map([
  ['standard_area_per_person', 'number'],
  ['per_capita_floor_area', 'number'],
  ['household_size', 'number'],
  ['subsidy_price_per_m2', 'number'],
  ['per_capita_income', 'number'],
  ['is_minimum_living', 'boolean'],
  ['in_shanty_area', 'boolean'],
]);

const run = (source: string, values: Values) => evaluate(parseExpression(source, NAMES).ast, values);

function parseError(source: string): ExpressionError {
  try {
    parseExpression(source, NAMES);
  } catch (error) {
    if (error instanceof ExpressionError) return error;
    throw error;
  }
  throw new Error(`parsed: ${source}`);
}

describe('rule expressions', () => {
  it('computes the rent-subsidy formula with precedence, functions and rounding', () => {
    const values = {
      standard_area_per_person: 13,
      per_capita_floor_area: 9.5,
      household_size: 3,
      subsidy_price_per_m2: 10,
    };
    expect(
      run(
        '(standard_area_per_person - per_capita_floor_area) * household_size * subsidy_price_per_m2',
        values,
      ),
    ).toBe(105);
    expect(run('max(0, standard_area_per_person - per_capita_floor_area * 2) * 10', values)).toBe(0);
    expect(run('round(10 / 3, 2)', {})).toBe(3.33);
    expect(run('round(2.675, 2)', {})).toBe(2.68);
    expect(run('round(-2.5)', {})).toBe(-3);
    expect(run('1 + 2 * 3 - -4 / 2', {})).toBe(9);
    expect(run('if(household_size >= 3, 60, 45)', values)).toBe(60);
    expect(run('min(abs(-4), floor(3.7), ceil(1.2))', {})).toBe(2);
  });

  it('evaluates comparisons and three-valued and/or/not', () => {
    expect(
      run('per_capita_income < 10000 and not in_shanty_area', {
        per_capita_income: 9999,
        in_shanty_area: false,
      }),
    ).toBe(true);
    expect(
      run('per_capita_income <= 10000 or is_minimum_living', {
        per_capita_income: null,
        is_minimum_living: true,
      }),
    ).toBe(true);
    expect(
      run('per_capita_income <= 10000 and is_minimum_living', {
        per_capita_income: null,
        is_minimum_living: true,
      }),
    ).toBe(null);
    expect(
      run('per_capita_income <= 10000 and is_minimum_living', {
        per_capita_income: null,
        is_minimum_living: false,
      }),
    ).toBe(false);
    expect(run('not (per_capita_income > 1)', {})).toBe(null);
    expect(run('is_minimum_living == true', { is_minimum_living: true })).toBe(true);
    expect(run('household_size / 0', { household_size: 2 })).toBe(null);
    expect(run('max(per_capita_income, 5)', {})).toBe(5);
  });

  it('points at the character of a syntax error', () => {
    expect(parseError('(1 + 2').position).toBe(6);
    expect(parseError('1 + * 2').position).toBe(4);
    expect(parseError('1 < 2 < 3').reason).toContain('不能连写');
    expect(parseError('per_capita_income = 5').reason).toContain('==');
    expect(parseError('2household_size').position).toBe(1);
    expect(parseError('round(1, 2, 3)').reason).toContain('参数个数');
    expect(parseError('1 +').message).toMatch(/^第 4 个字符处/);
  });

  it('checks types: no arithmetic on logical values, no logic on numbers', () => {
    expect(parseError('is_minimum_living + 1').reason).toBe('此处应为数值');
    expect(parseError('household_size and true').reason).toBe('此处应为逻辑值（真/假）');
    expect(() => parseExpression('household_size * 2', NAMES, 'boolean')).toThrow(ExpressionError);
    expect(parseError('if(1, 2, 3)').position).toBe(3);
  });

  it('refuses names, property access and functions outside the declared lists', () => {
    for (const [source, position] of [
      ['constructor', 0],
      ['__proto__', 0],
      ['toString', 0],
      ['household_size + hasOwnProperty', 17],
      ['process', 0],
    ] as const) {
      const error = parseError(source);
      expect(error.position).toBe(position);
      expect(error.reason).toContain('未知的因素或参数');
    }
    expect(parseError('household_size.constructor').reason).toContain('属性访问');
    expect(parseError('household_size["constructor"]').reason).toContain('不允许的字符');
    expect(parseError('eval(1)').reason).toContain('不允许的函数 “eval”');
    expect(parseError('constructor(1)').reason).toContain('不允许的函数');
    expect(parseError('Function(1)').reason).toContain('不允许的函数');
    expect(parseError('`x`').reason).toContain('不允许的字符');
    expect(parseError('household_size; drop table households').position).toBe(14);
    expect(parseError('-'.repeat(100) + '1').reason).toContain('嵌套过深');
    expect(parseError('1'.padEnd(2001, ' ')).reason).toContain('超过');
  });

  it('never reads inherited properties of the values object', () => {
    const values = Object.create({ household_size: 99 }) as Values;
    expect(run('household_size', values)).toBe(null);
  });
});

describe('the SQL compilation agrees with the evaluator', () => {
  const db = createDb(clusterUrl(), { max: 1 });
  afterAll(() => db.destroy());

  const FORMULAS = [
    '(standard_area_per_person - per_capita_floor_area) * household_size * subsidy_price_per_m2',
    'max(0, 13 - per_capita_floor_area) * household_size * 10',
    'round(per_capita_income / 12, 2)',
    'round(per_capita_income / household_size, 1) - min(per_capita_floor_area, 20)',
    'household_size / 2',
    'if(is_minimum_living or in_shanty_area, 1.5, 1) * household_size',
    'per_capita_income < 10000 and not in_shanty_area or is_minimum_living',
    'not (per_capita_floor_area >= 13) and per_capita_income != 0',
    'abs(-per_capita_floor_area) + floor(per_capita_income / 1000) + ceil(0.2)',
    'per_capita_income / (household_size - household_size)',
  ];

  it('for random households, nulls included', async () => {
    let seed = 7;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const maybe = <T>(value: T) => (random() < 0.15 ? null : value);
    const households = Array.from({ length: 40 }, () => ({
      standard_area_per_person: 13,
      per_capita_floor_area: maybe(Math.round(random() * 3000) / 100),
      household_size: Math.ceil(random() * 6),
      subsidy_price_per_m2: 10,
      per_capita_income: maybe(Math.round(random() * 4_000_000) / 100),
      is_minimum_living: maybe(random() < 0.3),
      in_shanty_area: random() < 0.2,
    }));
    const types = Object.fromEntries(NAMES);
    for (const formula of FORMULAS) {
      const { ast, type } = parseExpression(formula, NAMES);
      for (const household of households) {
        const compiled = toSql(ast, (name) => ({
          sql: types[name] === 'number' ? '?::numeric' : '?::boolean',
          bindings: [household[name as keyof typeof household]],
        }));
        const { rows } = await db.raw<{ rows: { v: string | boolean | null }[] }>(
          `SELECT ${compiled.sql} AS v`,
          compiled.bindings as never[],
        );
        const inSql = rows[0]!.v;
        const inJs = evaluate(ast, household);
        const context = `${formula} with ${JSON.stringify(household)}`;
        if (type === 'number' && inSql !== null)
          expect(Number(inSql), context).toBeCloseTo(inJs as number, 6);
        else expect(inSql, context).toBe(inJs);
      }
    }
  });
});
