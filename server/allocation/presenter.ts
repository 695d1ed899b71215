/**
 * Shapes plans, their details and ledger rows for the API: dates as YYYY-MM-DD, areas and counts as numbers, money
 * as decimal strings; applicants' names masked without personal_data.read.
 */
import type { Scope } from '../access/scope.ts';
import { maskName } from '../shared/mask.ts';
import { isoDate, jsonRow, numberFieldsOf } from '../shared/rows.ts';
import { ledger, ledgerEntry } from './ledger-schema.ts';
import { planDetail, planHousehold, planResource } from './schema.ts';

type Row = Record<string, unknown>;

const PLAN_NUMBERS = numberFieldsOf(planDetail.shape);
const HOUSEHOLD_NUMBERS = numberFieldsOf(planHousehold.shape);
const RESOURCE_NUMBERS = numberFieldsOf(planResource.shape);
const ENTRY_NUMBERS = numberFieldsOf(ledgerEntry.shape);
const LEDGER_NUMBERS = numberFieldsOf(ledger.shape);
const INTERNAL = ['starts_on_text', 'ends_on_text'];

export function presentPlan(row: Row): Row {
  return jsonRow(row, PLAN_NUMBERS, INTERNAL);
}

export function presentPlanHousehold(row: Row, scope: Scope): Row {
  const out = jsonRow(row, HOUSEHOLD_NUMBERS);
  if (!scope.permissions.has('personal_data.read'))
    out.applicant_name = maskName(row.applicant_name as string);
  return out;
}

export const presentPlanResource = (row: Row): Row => jsonRow(row, RESOURCE_NUMBERS);
export const presentEntry = (row: Row): Row => jsonRow(row, ENTRY_NUMBERS);
const LEDGER_DATES = ['period_start', 'period_end', 'stat_date'];

export function presentLedger(row: Row): Row {
  const out = jsonRow(row, LEDGER_NUMBERS, ['region_prefix', 'updated_at', 'updated_by']);
  for (const key of LEDGER_DATES) if (row[key] instanceof Date) out[key] = isoDate(row[key]);
  return out;
}

export function page<T>(
  result: { rows: T[]; total: number },
  query: { page: number; page_size: number },
  present: (row: T) => Row,
) {
  return {
    items: result.rows.map(present),
    total: result.total,
    page: query.page,
    page_size: query.page_size,
  };
}
