/** Shapes and look-ups of the supplier approvals (A.3.17 units, A.3.18 individuals) shared by their views. */
import { data, http, type Answer } from '../api.ts';

export type Kind = 'units' | 'persons';
export const KINDS: readonly Kind[] = ['units', 'persons'];

export type UnitApproval = Answer<'/api/suppliers/unit-approvals', 'get'>['items'][number];
export type PersonApproval = Answer<'/api/suppliers/person-approvals', 'get'>['items'][number];
export type Approval = UnitApproval | PersonApproval;
export type ApprovalPage = { items: Approval[]; total: number; page: number; page_size: number };

export interface SupportMode {
  code: string;
  name: string;
  project_code: string;
  conditions: { code: string; condition: string }[];
}

/**
 * The support modes (A.1.9) with their application conditions (A.1.10) of the rule versions in force in the
 * user's region: what an application may name as 申请支持方式.
 */
export async function supportModes(signal?: AbortSignal): Promise<SupportMode[]> {
  const versions = await data(
    http.GET('/api/rules/versions', { params: { query: { status: 'enabled' } }, signal }),
  );
  const modes = new Map<string, SupportMode>();
  for (const summary of versions.items) {
    const version = await data(
      http.GET('/api/rules/versions/{id}', { params: { path: { id: summary.id } }, signal }),
    );
    for (const mode of version.items['support-modes']) {
      if (!mode.enabled || modes.has(mode.code)) continue;
      const conditions = version.items['support-conditions']
        .filter((c) => c.mode_code === mode.code && c.enabled)
        .map((c) => ({ code: c.code, condition: c.condition }));
      modes.set(mode.code, { code: mode.code, name: mode.name, project_code: mode.project_code, conditions });
    }
  }
  return [...modes.values()];
}

/** Amounts as the server sends them (decimal yuan text), grouped, two decimals. */
export function formatYuan(value: string | null | undefined): string {
  if (value === null || value === undefined || value === '') return '—';
  return Number(value).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}
