/** Shapes and look-ups of the support page (A.6.3, A.6.4, A.6.7, A.6.8, A.7.8), typed from the server's API. */
import { data, http, type Answer } from '../api.ts';

export type Plan = Answer<'/api/support/plans/{id}', 'get'>;
export type PlanSummary = Answer<'/api/support/plans', 'get'>['items'][number];
export type PlanObject = Plan['objects'][number];
export type Candidate = Answer<'/api/support/plans/{id}/candidates', 'get'>['items'][number];
export type Entry = Answer<'/api/support/entries', 'get'>['items'][number];
export type Ledger = Answer<'/api/support/ledgers', 'get'>['items'][number];
export type Reconciliation = Answer<'/api/support/ledgers/{id}/reconciliation', 'get'>;
export type LandSupply = Answer<'/api/land-supplies/{id}', 'get'>;
export type SupportRules = Answer<'/api/support/rules', 'get'>;

export const TABS = ['plans', 'ledgers', 'land'] as const;
export type Tab = (typeof TABS)[number];

export const PERIOD_TYPES = ['month', 'quarter', 'half_year', 'year'] as const;
export const PERIOD_EXAMPLES: Record<string, string> = {
  month: '2026-10',
  quarter: '2026Q3',
  half_year: '2026H1',
  year: '2025',
  batch: '2026-第1批',
};
export const ACQUISITION_METHODS = ['划拨', '出让', '租赁', '作价出资（入股）', '授权经营'] as const;

/** The support projects and modes of the rules in force in the user's region. */
export function loadRules(signal?: AbortSignal): Promise<SupportRules> {
  return data(http.GET('/api/support/rules', { signal }));
}

/** Amounts as the server sends them (decimal yuan text), grouped, two decimals. */
export function formatYuan(value: string | null | undefined): string {
  if (value === null || value === undefined || value === '') return '—';
  return Number(value).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

/** Square metres, grouped, at most two decimals. */
export function formatArea(value: number | null | undefined): string {
  if (value === null || value === undefined) return '—';
  return value.toLocaleString('zh-CN', { maximumFractionDigits: 2 });
}

/** Today as YYYY-MM-DD in local time. */
export function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
