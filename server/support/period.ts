/**
 * Reporting periods of the support ledgers (A.6.3 周期类型 / 上报周期): a month `2026-11`, a quarter `2026Q4`, a
 * half year `2026H2` or a year `2026`, with their first and last day and the period before (whose 期末 is this
 * one's 期初).
 */
export const PERIOD_TYPES = ['month', 'quarter', 'half_year', 'year'] as const;
export type PeriodType = (typeof PERIOD_TYPES)[number];

export interface Period {
  type: PeriodType;
  label: string;
  /** YYYY-MM-DD, first day. */
  start: string;
  /** YYYY-MM-DD, last day. */
  end: string;
}

const PATTERNS: Record<PeriodType, RegExp> = {
  month: /^(\d{4})-(0[1-9]|1[0-2])$/,
  quarter: /^(\d{4})Q([1-4])$/,
  half_year: /^(\d{4})H([12])$/,
  year: /^(\d{4})$/,
};

export const PERIOD_EXAMPLES: Record<PeriodType, string> = {
  month: '2026-11',
  quarter: '2026Q4',
  half_year: '2026H2',
  year: '2026',
};

/** Months in one period of the type. */
const MONTHS: Record<PeriodType, number> = { month: 1, quarter: 3, half_year: 6, year: 12 };

const pad = (n: number) => String(n).padStart(2, '0');
const lastDay = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** The period of `type` starting at year/month (1-based), as a label and its days. */
function periodAt(type: PeriodType, year: number, firstMonth: number): Period {
  const lastMonth = firstMonth + MONTHS[type] - 1;
  const index = (firstMonth - 1) / MONTHS[type] + 1;
  const label =
    type === 'month'
      ? `${year}-${pad(firstMonth)}`
      : type === 'quarter'
        ? `${year}Q${index}`
        : type === 'half_year'
          ? `${year}H${index}`
          : String(year);
  return {
    type,
    label,
    start: `${year}-${pad(firstMonth)}-01`,
    end: `${year}-${pad(lastMonth)}-${pad(lastDay(year, lastMonth))}`,
  };
}

/** The period named by `label`, or undefined when the label does not fit the type. */
export function parsePeriod(type: PeriodType, label: string): Period | undefined {
  const match = PATTERNS[type].exec(label);
  if (!match) return undefined;
  const year = Number(match[1]);
  if (year < 1990 || year > 2100) return undefined;
  const index = type === 'year' ? 1 : Number(match[2]);
  return periodAt(type, year, (index - 1) * MONTHS[type] + 1);
}

/** The period just before `period` (same type). */
export function previousPeriod(period: Period): Period {
  const [year, month] = period.start.split('-').map(Number) as [number, number];
  const first = month - MONTHS[period.type];
  return first >= 1 ? periodAt(period.type, year, first) : periodAt(period.type, year - 1, first + 12);
}
