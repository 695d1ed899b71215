/**
 * The declared factors (判断因素) that rules may name: what each means, its unit, and how it is read from a
 * household — a column of `households`, an expression over other factors, or SQL of its own. Anything not
 * declared here is refused where a rule is written (400 naming the field), and an expression cannot reach
 * anything else (expression/parser.ts).
 */
import { parseExpression, type Node, type ValueType } from './expression/index.ts';

export type FactorKind = 'quantitative' | 'qualitative';

type Source =
  /** A column of households. */
  | { column: string }
  /** An expression over column factors (the rule expression language). */
  | { expression: string }
  /** Computed in SQL from the household row `h`; inline test households supply it directly. */
  | { sql: string }
  /** Not recorded on households yet: only a test household can supply it; unknown (null) for stored ones. */
  | { input: true };

export interface Factor {
  code: string;
  name: string;
  unit: string | null;
  kind: FactorKind;
  source: Source;
  note?: string;
}

const number = (
  code: string,
  name: string,
  unit: string,
  source: Source = { column: code },
  note?: string,
): Factor => ({
  code,
  name,
  unit,
  kind: 'quantitative',
  source,
  ...(note ? { note } : {}),
});
const flag = (code: string, name: string, source: Source = { column: code }): Factor => ({
  code,
  name,
  unit: null,
  kind: 'qualitative',
  source,
});

export const FACTORS: readonly Factor[] = [
  number('household_size', '家庭人口数', '人'),
  number('per_capita_income', '家庭人均年收入', '元'),
  number('total_income', '家庭年总收入', '元'),
  number('per_capita_floor_area', '家庭人均建筑面积', '平方米'),
  number('total_floor_area', '家庭总建筑面积', '平方米'),
  number('per_capita_monthly_income', '家庭人均月收入', '元/月', { expression: 'per_capita_income / 12' }),
  // Households migrated from an older system were entered after they registered: the wait counts from the
  // earlier of entry and the last day of the recorded 准入登记年度 (the shortest wait the record supports).
  number(
    'waiting_days',
    '轮候天数',
    '天',
    { sql: `(current_date - least(h.created_at::date, make_date(h.registration_year, 12, 31)))` },
    '自登记之日起计；迁入的历史记录取录入日与准入登记年度末两者中较早者',
  ),
  number('local_hukou_years', '本地户籍年限', '年', { column: 'hukou_years' }, '申请人的户口年限（A.3.10）'),
  number(
    'disability_grade',
    '家庭成员最重残疾等级',
    '级',
    { column: 'disability_grade' },
    '一级最重、四级最轻（GB/T 26341-2010）；无残疾成员为空',
  ),
  flag('is_minimum_living', '是否为最低生活保障家庭'),
  flag('is_low_income', '是否低收入家庭'),
  flag('in_shanty_area', '是否居住在棚户区'),
  flag('had_housing_support', '是否享受过住房保障待遇'),
  flag('has_no_housing', '是否无自有住房', { expression: 'total_floor_area == 0' }),
  flag('has_disabled_member', '是否有残疾家庭成员', { sql: 'h.disability_grade IS NOT NULL' }),
];

const BY_CODE = new Map(FACTORS.map((f) => [f.code, f]));

/** The factor named `code`, or undefined (never an inherited property). */
export const factorOf = (code: string): Factor | undefined => BY_CODE.get(code);

export const valueTypeOf = (factor: Factor): ValueType =>
  factor.kind === 'quantitative' ? 'number' : 'boolean';

/** Names and types every expression may use: all factors. */
export const FACTOR_TYPES: ReadonlyMap<string, ValueType> = new Map(
  FACTORS.map((f) => [f.code, valueTypeOf(f)]),
);

const COLUMN_TYPES: ReadonlyMap<string, ValueType> = new Map(
  FACTORS.filter((f) => 'column' in f.source).map((f) => [f.code, valueTypeOf(f)]),
);

/** Expression factors parsed once; they may use column factors only (no chains, no cycles). */
export const DERIVED: ReadonlyMap<string, Node> = new Map(
  FACTORS.flatMap((f) =>
    'expression' in f.source
      ? [[f.code, parseExpression(f.source.expression, COLUMN_TYPES, valueTypeOf(f)).ast]]
      : [],
  ),
);
