/** 统计周期 of a ledger (A.6.1 周期类型/统计周期): month 2026-11, quarter 2026Q4, half_year 2026H2, year 2026. */
export const LEDGER_PERIOD_TYPES = ['month', 'quarter', 'half_year', 'year'] as const;
export type LedgerPeriodType = (typeof LEDGER_PERIOD_TYPES)[number];

export interface Period {
  start: string;
  end: string;
  previous: string;
}

const PATTERNS: Record<LedgerPeriodType, RegExp> = {
  month: /^(\d{4})-(0[1-9]|1[0-2])$/,
  quarter: /^(\d{4})Q([1-4])$/,
  half_year: /^(\d{4})H([12])$/,
  year: /^(\d{4})$/,
};

export const PERIOD_EXAMPLES: Record<LedgerPeriodType, string> = {
  month: '2026-11',
  quarter: '2026Q4',
  half_year: '2026H2',
  year: '2026',
};

const pad = (n: number) => String(n).padStart(2, '0');
/** The last day of month `m` (1–12) of `y`, as YYYY-MM-DD. */
const lastDay = (y: number, m: number) => `${y}-${pad(m)}-${pad(new Date(Date.UTC(y, m, 0)).getUTCDate())}`;

/** The period's first and last day and the period before it; undefined when `period` is not of the type's form. */
export function parsePeriod(type: LedgerPeriodType, period: string): Period | undefined {
  const match = PATTERNS[type].exec(period);
  if (!match) return undefined;
  const y = Number(match[1]);
  const n = Number(match[2] ?? 1);
  const months = { month: 1, quarter: 3, half_year: 6, year: 12 }[type];
  const first = (n - 1) * months + 1;
  const last = first + months - 1;
  const count = 12 / months;
  const [py, pn] = n === 1 ? [y - 1, count] : [y, n - 1];
  const previous = {
    month: `${py}-${pad(pn)}`,
    quarter: `${py}Q${pn}`,
    half_year: `${py}H${pn}`,
    year: `${y - 1}`,
  }[type];
  return { start: `${y}-${pad(first)}-01`, end: lastDay(y, last), previous };
}
