/** Numbers, statuses and labels as the allocation pages show them. */
import { codeLabel } from '../dictionaries/codes.svelte.ts';
import { getLocale } from '../i18n/index.svelte.ts';

function format(value: number | string | null | undefined, digits: number): string {
  if (value === null || value === undefined || value === '') return '—';
  const number = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(number)) return String(value);
  return new Intl.NumberFormat(getLocale(), {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(number);
}

/** Counts: 12,345 */
export const count = (value: number | string | null | undefined): string => format(value, 0);
/** 元, two decimals. */
export const money = (value: number | string | null | undefined): string => format(value, 2);
/** 平方米, two decimals. */
export const area = (value: number | string | null | undefined): string => format(value, 2);
/** A signed count: +12 / −3 (a gap). */
export function signed(value: number | string | null | undefined): string {
  const number = Number(value ?? 0);
  if (!Number.isFinite(number)) return '—';
  return `${number > 0 ? '+' : number < 0 ? '−' : ''}${format(Math.abs(number), 0)}`;
}

/** A layout code (代码表 layout) by its name. */
export const layoutLabel = (code: string | null | undefined): string =>
  code ? codeLabel('layout', code) || code : '—';

/** A security mode: its name in the rules when known, else the code list's, else the code. */
export const modeLabel = (code: string | null | undefined, name?: string | null): string =>
  name || (code ? codeLabel('security_mode', code) || code : '—');

/** Today in Beijing as YYYY-MM-DD (date inputs, defaults). */
export function today(): string {
  return new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
}
