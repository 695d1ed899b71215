/**
 * Shapes support records for the API: areas as numbers, money as decimal strings, dates as YYYY-MM-DD. A person
 * supplier's name (A.3.18) is personal data: masked without `personal_data.read`, as registration does.
 */
import type { Scope } from '../access/scope.ts';
import { maskName } from '../shared/mask.ts';
import { isoDate, jsonRow } from '../shared/rows.ts';

type Row = Record<string, unknown>;

const ENTRY_NUMBERS = new Set(['land_area']);
const LEDGER_NUMBERS = new Set(['opening_land', 'land_in', 'land_out', 'closing_land']);
const PLAN_NUMBERS = new Set(['total_land_area']);
const OBJECT_NUMBERS = new Set(['land_area']);
const SUPPLY_NUMBERS = new Set(['land_area', 'parcel_area_m2']);
/** `date` columns not named `*_on` (pg gives local midnight, so the local calendar fields are the date). */
const LEDGER_DATES = ['period_start', 'period_end', 'stat_date'];

export const presentEntry = (row: Row): Row => jsonRow(row, ENTRY_NUMBERS, ['updated_at', 'updated_by']);

export function presentLedger(row: Row, dryRun = false): Row {
  const out = jsonRow(row, LEDGER_NUMBERS, ['region_prefix', 'updated_at', 'updated_by']);
  for (const key of LEDGER_DATES) if (row[key] instanceof Date) out[key] = isoDate(row[key]);
  return { ...out, dry_run: dryRun };
}

export const presentPlan = (row: Row): Row => jsonRow(row, PLAN_NUMBERS);

export function presentObject(row: Row, scope: Scope): Row {
  const out = jsonRow(row, OBJECT_NUMBERS, ['updated_at', 'updated_by']);
  if (out.object_kind === 'person' && !scope.permissions.has('personal_data.read'))
    out.object_name = maskName(out.object_name as string);
  return out;
}

export const presentLandSupply = (row: Row): Row => jsonRow(row, SUPPLY_NUMBERS);
