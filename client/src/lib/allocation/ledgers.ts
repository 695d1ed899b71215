/** Shapes and labels of the security-project ledgers (A.6.1 periods, A.6.2 entries). */
import type { Answer } from '../api.ts';
import { t, type MessageKey } from '../i18n/index.svelte.ts';

export type LedgerPage = Answer<'/api/allocation/ledgers', 'get'>;
export type Ledger = LedgerPage['items'][number];
export type EntryPage = Answer<'/api/allocation/ledgers/entries', 'get'>;
export type Entry = EntryPage['items'][number];
export type Reconciliation = Answer<'/api/allocation/ledgers/reconciliation', 'get'>;

export const LEDGER_PERIOD_TYPES = ['month', 'quarter', 'half_year', 'year'] as const;
export type LedgerPeriodType = (typeof LEDGER_PERIOD_TYPES)[number];
export const RESOURCE_TYPES = ['funds', 'housing', 'households'] as const;
export const SOURCES = [
  'manual',
  'unit_handover',
  'unit_selection',
  'selection_cancelled',
  'subsidy_payment',
  'opening_balance',
] as const;

export const resourceLabel = (type: string) => t(`allocation.ledger.resource.${type}` as MessageKey);
export const sourceLabel = (source: string) => t(`allocation.ledger.source.${source}` as MessageKey);
export const directionLabel = (direction: string) =>
  t(`allocation.ledger.direction.${direction}` as MessageKey);

/** The period before the current one, which is the one usually closed (a period closes only after it ends). */
export function lastPeriod(type: LedgerPeriodType, day = new Date()): string {
  const y = day.getFullYear();
  const m = day.getMonth() + 1;
  const pad = (n: number) => String(n).padStart(2, '0');
  switch (type) {
    case 'month':
      return m === 1 ? `${y - 1}-12` : `${y}-${pad(m - 1)}`;
    case 'quarter': {
      const q = Math.ceil(m / 3);
      return q === 1 ? `${y - 1}Q4` : `${y}Q${q - 1}`;
    }
    case 'half_year':
      return m <= 6 ? `${y - 1}H2` : `${y}H1`;
    case 'year':
      return String(y - 1);
  }
}

/** The balance groups of an A.6.1 row, in the standard's order: funds, units, area, households, persons. */
export const BALANCES = ['funds', 'units', 'area', 'households', 'persons'] as const;
export type BalanceKey = (typeof BALANCES)[number];
