/**
 * Shapes plans, registry entries and supplier approvals for the API. Without `personal_data.read` a person
 * cannot be identified (as for households): names keep the family name, ID numbers and phones their ends; incomes,
 * assets, the finer address parts and the rules evaluation (which holds the household's incomes) are withheld.
 */
import type { Scope } from '../access/scope.ts';
import { maskIdNumber, maskName, maskPhone } from '../shared/mask.ts';
import { jsonRow } from '../shared/rows.ts';

type Row = Record<string, unknown>;

const canSee = (scope: Scope) => scope.permissions.has('personal_data.read');

const PLAN_NUMBERS = new Set(['proposed_area']);
const REVISION_NUMBERS = new Set<string>();

export function presentPlan(plan: Row & { revisions: Row[] }, scope: Scope) {
  const { revisions, ...row } = plan;
  const out = jsonRow(row, PLAN_NUMBERS, ['registration_year']);
  if (!canSee(scope)) out.evaluation = null;
  return { ...out, revisions: revisions.map((r) => jsonRow(r, REVISION_NUMBERS)) };
}

const REGISTRY_NUMBERS = new Set(['per_capita_floor_area', 'total_floor_area']);
const REGISTRY_MASKS: Record<string, (value: string | null) => string | null> = {
  applicant_name: maskName,
  id_number: maskIdNumber,
  phone: maskPhone,
};
const REGISTRY_WITHHELD = [
  'per_capita_income',
  'total_income',
  'per_capita_assets',
  'total_assets',
  'hukou_house_no',
  'hukou_building',
  'hukou_room',
  'minimum_living_cert_no',
];

export function presentRegistryEntry(row: Row, scope: Scope): Row {
  const out = jsonRow(row, REGISTRY_NUMBERS, ['created_at', 'created_by', 'updated_at', 'updated_by']);
  const masked = !canSee(scope);
  if (masked) {
    for (const [key, mask] of Object.entries(REGISTRY_MASKS)) out[key] = mask(out[key] as string | null);
    for (const key of REGISTRY_WITHHELD) out[key] = null;
  }
  out.personal_data_masked = masked;
  return out;
}

export function presentUnitApproval(row: Row): Row {
  return jsonRow(row, new Set());
}

export function presentPersonApproval(row: Row, scope: Scope): Row {
  const out = jsonRow(row, new Set());
  const masked = !canSee(scope);
  if (masked) {
    out.applicant_name = maskName(out.applicant_name as string);
    out.applicant_id_number = maskIdNumber(out.applicant_id_number as string);
  }
  out.personal_data_masked = masked;
  return out;
}
