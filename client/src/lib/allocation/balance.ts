/**
 * The supply−demand balance of a region as the monitoring map colours it (CJJ/T 196 9.2.1: 供求监测). The index is
 * (supply − demand) / max(supply, demand): −1 = demand and no supply, 0 = balanced, +1 = supply and no demand, so
 * the same colour means the same thing for a city's districts and a district's streets. Diverging classes
 * (ColorBrewer RdBu): shortage red, surplus blue, balance pale.
 */
import type { MessageKey } from '../i18n/index.svelte.ts';

export interface BalanceClass {
  /** Upper bound (exclusive) of the index. */
  upTo: number;
  color: string;
  label: MessageKey;
}

export const BALANCE_CLASSES: BalanceClass[] = [
  { upTo: -0.6, color: '#b2182b', label: 'allocation.balance.severe' },
  { upTo: -0.2, color: '#ef8a62', label: 'allocation.balance.short' },
  { upTo: 0.2, color: '#f7f7f7', label: 'allocation.balance.even' },
  { upTo: 0.6, color: '#67a9cf', label: 'allocation.balance.surplus' },
  { upTo: Infinity, color: '#2166ac', label: 'allocation.balance.ample' },
];

/** Neither demand nor supply. */
export const NO_DATA_COLOR = '#d0d5dd';

/** The balance index, or null when a region has neither demand nor supply. */
export function balanceIndex(supply: number, demand: number): number | null {
  const base = Math.max(supply, demand);
  return base > 0 ? (supply - demand) / base : null;
}

export function balanceColor(index: number | null): string {
  if (index === null) return NO_DATA_COLOR;
  return (BALANCE_CLASSES.find((c) => index < c.upTo) ?? BALANCE_CLASSES.at(-1)!).color;
}

/** MapLibre expression over the feature property `balance` (null = no data). */
export const balanceFill = [
  'case',
  ['==', ['get', 'balance'], null],
  NO_DATA_COLOR,
  [
    'step',
    ['get', 'balance'],
    BALANCE_CLASSES[0]!.color,
    ...BALANCE_CLASSES.slice(0, -1).flatMap((c, i) => [c.upTo, BALANCE_CLASSES[i + 1]!.color]),
  ],
];
