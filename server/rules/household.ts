/**
 * Factor values of a household. A stored household is read in SQL with the same expressions the batch uses, so a
 * single evaluation and a batch count can never disagree; a test household gives its values inline.
 */
import type { Knex } from 'knex';
import type { Db, Tx } from '../db/knex.ts';
import { scoped, type Scope } from '../access/scope.ts';
import { validationFailed, type FieldError } from '../http/errors.ts';
import { evaluate, toSql, type SqlFragment, type Value } from './expression/index.ts';
import { DERIVED, FACTORS, factorOf, valueTypeOf, type Factor } from './factors.ts';
import { prepare, runPrepared, type Prepared } from './store.ts';

export type FactorValues = Record<string, Value>;

/** SQL for a factor over the household row `h` (numbers as numeric, so integers never divide as integers). */
export function factorSql(code: string): SqlFragment {
  const factor = factorOf(code);
  if (!factor) throw new Error(`undeclared factor ${code}`);
  const cast = valueTypeOf(factor) === 'number' ? 'numeric' : 'boolean';
  const { source } = factor;
  if ('column' in source) return { sql: `h.${source.column}::${cast}`, bindings: [] };
  if ('sql' in source) return { sql: `(${source.sql})::${cast}`, bindings: [] };
  if ('input' in source) return { sql: `NULL::${cast}`, bindings: [] };
  return toSql(DERIVED.get(code)!, factorSql);
}

const asValue = (factor: Factor, raw: unknown): Value => {
  if (raw === null || raw === undefined) return null;
  return valueTypeOf(factor) === 'number' ? Number(raw) : Boolean(raw);
};

/** The household `h.id = id` in the scope, with every factor's value under its code. */
function householdQuery(conn: Db | Tx, scope: Pick<Scope, 'regionPrefix'>, id: number) {
  const selects = FACTORS.map((f) => {
    const fragment = factorSql(f.code);
    return conn.raw(`${fragment.sql} AS ??`, [...fragment.bindings, f.code] as Knex.RawBinding[]);
  });
  return scoped(conn('households as h'), scope, 'h.region_code')
    .where('h.id', id)
    .first('h.id', 'h.region_code', ...selects);
}

// The same query compiled once with markers in place of the scope's pattern and the id, which each call swaps
// for its own: a single evaluation then runs it as a prepared statement.
const MARK_PREFIX = '\u0000scope';
const MARK_ID = -1;
let compiled: { statement: Prepared; bindings: readonly unknown[] } | undefined;

function compiledHouseholdQuery(conn: Db | Tx) {
  if (!compiled) {
    const native = householdQuery(conn, { regionPrefix: MARK_PREFIX }, MARK_ID).toSQL().toNative();
    compiled = { statement: prepare(native.sql), bindings: native.bindings };
  }
  return compiled;
}

/** A stored household in the user's scope: its region and every factor's value; undefined when not found. */
export async function readHousehold(
  conn: Db | Tx,
  scope: Scope,
  id: number,
): Promise<{ id: number; region_code: string; values: FactorValues } | undefined> {
  const { statement, bindings } = compiledHouseholdQuery(conn);
  const values = bindings.map((b) =>
    b === `${MARK_PREFIX}%` ? `${scope.regionPrefix}%` : b === MARK_ID ? id : b,
  );
  const [row] = await runPrepared<Record<string, unknown>>(conn, statement, values);
  if (!row) return undefined;
  return {
    id: Number(row.id),
    region_code: row.region_code as string,
    values: Object.fromEntries(FACTORS.map((f) => [f.code, asValue(f, row[f.code])])),
  };
}

const GRADE = 'disability_grade';
const DISABLED = 'has_disabled_member';

/**
 * 是否有残疾家庭成员 of a stored household is whether a 残疾等级 is recorded (factors.ts, `disability_grade IS
 * NOT NULL`); a test household follows the same rule. The grade is one of GB/T 26341-2010's 一级 to 四级 (1–4, the
 * household column's CHECK); the yes/no is then derived from it (no grade: no disabled member), and a yes/no given
 * that contradicts the grade is refused at that field. Sets the derived value into `values`.
 */
function disabilityProblems(input: Record<string, unknown>, values: FactorValues, at: string): FieldError[] {
  // A value of the wrong type is already refused at its field.
  if ([GRADE, DISABLED].some((code) => code in input && !(code in values))) return [];
  const grade = values[GRADE] ?? null;
  const given = values[DISABLED] ?? null;
  if (grade !== null && (!Number.isInteger(grade) || Number(grade) < 1 || Number(grade) > 4))
    return [
      {
        path: `${at}.${GRADE}`,
        message: '须为 1–4 的整数（GB/T 26341-2010 一级最重至四级；空为无残疾成员）',
      },
    ];
  const derived = grade !== null;
  if (given !== null && given !== derived)
    return [
      {
        path: `${at}.${DISABLED}`,
        message: derived
          ? `已填写家庭成员最重残疾等级（${grade} 级），是否有残疾家庭成员只能为“是”（由残疾等级推出，可不填）`
          : '有残疾家庭成员须填写家庭成员最重残疾等级（disability_grade）；是否有残疾家庭成员由残疾等级推出',
      },
    ];
  values[DISABLED] = derived;
  return [];
}

/**
 * Values of a test household given inline: declared, non-derived factors only, of the right type; derived
 * factors are computed from the others as they would be in SQL.
 */
export function inlineHousehold(
  input: Record<string, number | boolean | null>,
  at = 'body.household',
): FactorValues {
  const errors: FieldError[] = [];
  const values: FactorValues = {};
  for (const [code, value] of Object.entries(input)) {
    const factor = factorOf(code);
    if (!factor) errors.push({ path: `${at}.${code}`, message: `未登记的因素 “${code}”` });
    else if ('expression' in factor.source)
      errors.push({
        path: `${at}.${code}`,
        message: `${factor.name}由其他因素计算（${factor.source.expression}），不能直接填写`,
      });
    else if (value !== null && typeof value !== valueTypeOf(factor))
      errors.push({
        path: `${at}.${code}`,
        message: valueTypeOf(factor) === 'number' ? '须为数值' : '须为 true 或 false',
      });
    else values[code] = value;
  }
  errors.push(...disabilityProblems(input, values, at));
  if (errors.length) throw validationFailed(errors);
  for (const factor of FACTORS) {
    values[factor.code] ??= null;
    if ('expression' in factor.source) values[factor.code] = evaluate(DERIVED.get(factor.code)!, values);
  }
  return values;
}
