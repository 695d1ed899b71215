/** Numbers as the case and the wizard show them: money with two decimals and grouping, areas with two. */
import { codeLabel } from '../dictionaries/codes.svelte.ts';
import { getLocale, t } from '../i18n/index.svelte.ts';
import type { FieldSpec } from './fields.ts';

function format(value: number | string | null | undefined, digits: number): string {
  if (value === null || value === undefined || value === '') return '—';
  const number = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(number)) return String(value);
  return new Intl.NumberFormat(getLocale(), {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(number);
}

/** 元, two decimals: 12,345.60 */
export const formatMoney = (value: number | string | null | undefined): string => format(value, 2);

/** 平方米, two decimals. */
export const formatArea = (value: number | string | null | undefined): string => format(value, 2);

/** A stored or typed value of a field as text: code labels, 是/否, money and areas formatted; empty as —. */
export function displayValue(spec: FieldSpec, value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (spec.kind === 'bool') return value === true ? t('common.yes') : t('common.no');
  const text =
    typeof value === 'string' ? value : typeof value === 'number' ? String(value) : JSON.stringify(value);
  if (spec.kind === 'code') return codeLabel(spec.code ?? '', text);
  if (spec.kind === 'money') return formatMoney(text);
  return text;
}

/** The label of a field in the current locale, with its unit. */
export function fieldLabel(spec: FieldSpec): string {
  if (getLocale() !== 'en') return spec.unit ? `${spec.zh}（${spec.unit}）` : spec.zh;
  return spec.unit ? `${spec.en} (${UNITS_EN[spec.unit] ?? spec.unit})` : spec.en;
}

const UNITS_EN: Record<string, string> = { 元: 'yuan', '元/月': 'yuan/month', 年: 'years' };
