/**
 * Shapes household rows for the API. Without `personal_data.read` the person cannot be identified: names keep
 * the family name, ID numbers and phones their ends, incomes and the finer address parts are withheld, and so is
 * the disability of a member (health data: sensitive personal information, 个人信息保护法 art. 28).
 */
import type { Scope } from '../access/scope.ts';
import { maskIdNumber, maskName, maskPhone } from '../shared/mask.ts';
import { presentFeature } from '../spatial/present.ts';
import type { Row } from '../spatial/feature-routes.ts';
import { HOUSEHOLD_NUMBERS } from './schema.ts';

const MASKS: Record<string, (value: string | null) => string | null> = {
  applicant_name: maskName,
  id_number: maskIdNumber,
  phone: maskPhone,
  agent_name: maskName,
  agent_id_number: maskIdNumber,
  agent_phone: maskPhone,
};

const WITHHELD = [
  'per_capita_income',
  'total_income',
  'hukou_house_no',
  'hukou_building',
  'hukou_room',
  'minimum_living_cert_no',
  'disability_category',
  'disability_grade',
];

export function presentHousehold(row: Row, scope: Scope): Row {
  const out = presentFeature(row, HOUSEHOLD_NUMBERS);
  const masked = !scope.permissions.has('personal_data.read');
  if (masked) {
    for (const [key, mask] of Object.entries(MASKS)) out[key] = mask(out[key] as string | null);
    for (const key of WITHHELD) out[key] = null;
  }
  out.personal_data_masked = masked;
  return out;
}
