/**
 * The household figures an application derives from its records instead of taking them typed (6.2.1 审核: 家庭
 * 人均收入、人均住房面积 are what the eligibility rules compare, so they must follow from the members' incomes and
 * the homes' areas). Money is summed in integer fen, never in floating point.
 *
 * Assets are totalled separately and not added to income: 年收入 is a yearly flow, 资产 a stock, and the cities'
 * rules set separate lines for them (收入线、资产线).
 */
interface Income {
  annual_income?: string | null;
}
interface Area {
  floor_area?: number | string | null;
}
interface Asset {
  total_value?: string | null;
}
interface Member extends Income {
  relation: string;
  hukou_years?: number | string | null;
  disability_category?: string | null;
  disability_grade?: number | null;
}

export interface HouseholdFigures {
  total_income: string;
  per_capita_income: string;
  total_floor_area: number;
  per_capita_floor_area: number;
  total_asset_value: string;
}

/** "1234.5" → 123450 fen (the schema admits at most two decimals). */
export function toFen(yuan: string | null | undefined): number {
  if (!yuan) return 0;
  const negative = yuan.startsWith('-');
  const [whole = '0', fraction = ''] = yuan.replace('-', '').split('.');
  const fen = Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
  return negative ? -fen : fen;
}

/** 123450 fen → "1234.50". */
export function fromFen(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

const round2 = (value: number) => Math.round(value * 100) / 100;

/** Totals and per-capita figures; `size` is 家庭人口数 (checked equal to the members listed). */
export function householdFigures(
  size: number,
  members: readonly Income[],
  housing: readonly Area[],
  assets: readonly Asset[],
): HouseholdFigures {
  const incomeFen = members.reduce((sum, m) => sum + toFen(m.annual_income), 0);
  const area = round2(housing.reduce((sum, h) => sum + Number(h.floor_area ?? 0), 0));
  const people = Math.max(size, 1);
  return {
    total_income: fromFen(incomeFen),
    // Half a fen rounds up, as a cashier would.
    per_capita_income: fromFen(Math.round(incomeFen / people)),
    total_floor_area: area,
    per_capita_floor_area: round2(area / people),
    total_asset_value: fromFen(assets.reduce((sum, a) => sum + toFen(a.total_value), 0)),
  };
}

/**
 * The rule factors the household carries for the rules engine (migration 20261127150500): the applicant's 户口年限
 * and the most severe disability in the family (一级 is the most severe), derived from the members.
 */
export function memberFactors(members: readonly Member[]): {
  hukou_years: number | null;
  disability_category: string | null;
  disability_grade: number | null;
} {
  const applicant = members.find((m) => m.relation === '01');
  const disabled = members
    .filter((m) => m.disability_grade !== null && m.disability_grade !== undefined && m.disability_category)
    .sort((a, b) => a.disability_grade! - b.disability_grade!)[0];
  return {
    hukou_years:
      applicant?.hukou_years === null || applicant?.hukou_years === undefined
        ? null
        : Number(applicant.hukou_years),
    disability_category: disabled?.disability_category ?? null,
    disability_grade: disabled?.disability_grade ?? null,
  };
}
