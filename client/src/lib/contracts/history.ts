/**
 * A contract's history, read from the record itself: each step of its life leaves its time in an A.7.3 field
 * (增加时间, 合同签署时间, 合同生效时间, 合同失效时间) and a renewal links the contracts both ways; the archive adds
 * its uploads (A.7.4 增加时间, 增加人). Newest last.
 */
import type { ArchiveFile, Contract } from './model.ts';

export type EventKind =
  'created' | 'renewal_of' | 'signed' | 'effective' | 'archived' | 'renewed' | 'terminated';

export interface HistoryEntry {
  at: string;
  kind: EventKind;
  by?: string | undefined;
  detail?: string | undefined;
  /** Another contract the entry links to (the one renewed, or the renewal). */
  link?: number | undefined;
}

export function contractHistory(contract: Contract, archive: readonly ArchiveFile[]): HistoryEntry[] {
  const entries: HistoryEntry[] = [{ at: contract.created_at, kind: 'created', by: contract.created_by }];
  if (contract.renewal_of)
    entries.push({ at: contract.created_at, kind: 'renewal_of', link: contract.renewal_of });
  if (contract.signed_at) entries.push({ at: contract.signed_at, kind: 'signed' });
  if (contract.effective_at) entries.push({ at: contract.effective_at, kind: 'effective' });
  for (const file of archive)
    entries.push({ at: file.created_at, kind: 'archived', by: file.created_by, detail: file.name });
  if (contract.status === 'renewed' && contract.expired_at)
    entries.push({ at: contract.expired_at, kind: 'renewed', link: contract.renewed_by ?? undefined });
  if (contract.status === 'terminated' && contract.expired_at)
    entries.push({
      at: contract.expired_at,
      kind: 'terminated',
      by: contract.updated_by,
      detail: contract.termination_reason ?? undefined,
    });
  return entries.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}
