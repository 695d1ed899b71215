/**
 * Shapes a case and the application list for the API. Without `personal_data.read` the people in it cannot be
 * identified, as with households (presenter.ts): names keep the family name, ID numbers and phones their ends;
 * incomes, asset values, birth dates, disabilities, criminal records, insurance and certificate numbers and the
 * finer address parts are withheld.
 */
import type { Scope } from '../access/scope.ts';
import { jsonRow } from '../shared/rows.ts';
import { maskIdNumber, maskName, maskPhone } from '../shared/mask.ts';
import { presentHousehold } from './presenter.ts';
import { ASSET_NUMBERS, HOUSING_NUMBERS, MEMBER_NUMBERS, SUMMARY_NUMBERS } from './application-schema.ts';
import type { CaseData } from './application-service.ts';
import type { ArchiveRow } from './archive-store.ts';

type Row = Record<string, unknown>;
type Mask = (value: string | null) => string | null;

const canSee = (scope: Scope) => scope.permissions.has('personal_data.read');

function masked(row: Row, masks: Record<string, Mask>, withheld: readonly string[]): Row {
  const out = { ...row };
  for (const [key, mask] of Object.entries(masks)) out[key] = mask(out[key] as string | null);
  for (const key of withheld) out[key] = null;
  return out;
}

const MEMBER_MASKS: Record<string, Mask> = { name: maskName, id_number: maskIdNumber, phone: maskPhone };
const MEMBER_WITHHELD = [
  'born_on',
  'annual_income',
  'disability_category',
  'disability_grade',
  'has_criminal_record',
  'employer',
  'pension_insurance_no',
  'medical_insurance_no',
  'unemployment_insurance_no',
  'maternity_insurance_no',
  'injury_insurance_no',
  'social_insurance_no',
  'housing_fund_account',
  'wubao_cert_no',
  'hardship_cert_no',
];
const HOUSING_MASKS: Record<string, Mask> = { owner_name: maskName, owner_id_number: maskIdNumber };
const HOUSING_WITHHELD = [
  'address_house_no',
  'address_building',
  'address_room',
  'title_cert_no',
  'house_value',
];
const ASSET_MASKS: Record<string, Mask> = { owner_name: maskName };
const ASSET_WITHHELD = ['total_value'];

export function presentMember(row: Row, scope: Scope): Row {
  const out = jsonRow(row, MEMBER_NUMBERS);
  const hide = !canSee(scope);
  return { ...(hide ? masked(out, MEMBER_MASKS, MEMBER_WITHHELD) : out), personal_data_masked: hide };
}

export function presentArchive(row: ArchiveRow): Row {
  return { ...jsonRow(row as unknown as Row, new Set()), url: `/api/archive/${row.id}` };
}

export function presentCase(data: CaseData, scope: Scope): Row {
  const hide = !canSee(scope);
  const each = (rows: Row[], numbers: ReadonlySet<string>, masks: Record<string, Mask>, withheld: string[]) =>
    rows.map((row) => {
      const out = jsonRow(row, numbers);
      return hide ? masked(out, masks, withheld) : out;
    });
  const figures = hide
    ? { ...data.figures, total_income: null, per_capita_income: null, total_asset_value: null }
    : data.figures;
  return {
    household: presentHousehold(data.household, scope),
    housing: each(data.housing, HOUSING_NUMBERS, HOUSING_MASKS, HOUSING_WITHHELD),
    members: data.members.map((row) => presentMember(row, scope)),
    assets: each(data.assets, ASSET_NUMBERS, ASSET_MASKS, ASSET_WITHHELD),
    archive: data.archive.map(presentArchive),
    totals: { household_size: data.household.household_size, ...figures },
    checks: data.checks,
    stage: data.stage.stage,
    process: data.process,
    verification_reports: data.reports.map((row) => jsonRow(row, new Set())),
  };
}

/** A list item; on the map (GeoJSON) the same fields become the feature's properties. */
export function presentSummary(row: Row, scope: Scope): Row {
  const out = jsonRow(row, SUMMARY_NUMBERS);
  if (!canSee(scope)) out.applicant_name = maskName(out.applicant_name as string | null);
  return out;
}
