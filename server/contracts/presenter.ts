/**
 * Shapes contracts for the API. Without `personal_data.read` the 签约人, 代理人 and their ID numbers are masked
 * (family name kept, ID number ends kept), as households are elsewhere.
 */
import type { Scope } from '../access/scope.ts';
import { maskIdNumber, maskName } from '../shared/mask.ts';
import { jsonRow } from '../shared/rows.ts';
import type { ContractArchiveRow } from './archive.ts';
import type { ContractRow } from './store.ts';

const NUMBERS = new Set(['floor_area']);
const INTERNAL = ['registration_year'];

export const canSeePersons = (scope: Scope) => scope.permissions.has('personal_data.read');

export function presentContract(row: ContractRow, scope: Scope): Record<string, unknown> {
  const out = jsonRow(row as unknown as Record<string, unknown>, NUMBERS, INTERNAL);
  const masked = !canSeePersons(scope);
  if (masked) {
    out.signatory_name = maskName(row.signatory_name);
    out.signatory_id_number = maskIdNumber(row.signatory_id_number);
    out.agent_name = maskName(row.agent_name);
    out.agent_id_number = maskIdNumber(row.agent_id_number);
  }
  out.personal_data_masked = masked;
  out.pdf_url = row.document_id ? `/api/contracts/${row.id}/pdf` : null;
  return out;
}

export const presentArchive = (row: ContractArchiveRow) => ({
  ...jsonRow(row as unknown as Record<string, unknown>, new Set(), ['updated_at', 'updated_by']),
  url: `/api/contracts/archive-files/${row.id}`,
});
