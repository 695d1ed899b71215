/** Shapes dues, payments and fund plans for the API; households' names are masked without personal_data.read. */
import type { Scope } from '../access/scope.ts';
import { maskName } from '../shared/mask.ts';
import { jsonRow } from '../shared/rows.ts';

type Row = Record<string, unknown>;
const NONE = new Set<string>();

/** A payment read through to_jsonb (timestamps as text) or as a row (Dates). */
export function presentPayment(row: Row): Row {
  const out = jsonRow(row, NONE, ['subsidy_year', 'subsidy_month', 'object_type', 'object_no']);
  for (const key of ['due_amount', 'shortfall', 'paid_amount']) out[key] = Number(out[key]).toFixed(2);
  for (const key of ['paid_at', 'created_at', 'updated_at'])
    if (typeof out[key] === 'string') out[key] = new Date(out[key]).toISOString();
  return out;
}

export function presentDue(row: Row, scope: Scope): Row {
  const { payment, ...rest } = row;
  const out = jsonRow(rest, NONE);
  if (row.object_type === 'household' && !scope.permissions.has('personal_data.read'))
    out.object_name = maskName(out.object_name as string);
  out.payment = payment ? presentPayment(payment as Row) : null;
  return out;
}

export const presentFundPlan = (row: Row): Row => jsonRow(row, NONE);
