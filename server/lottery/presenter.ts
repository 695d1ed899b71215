/**
 * Shapes draws for staff. The server secret is shown only once drawn (the store never reads it before); names are
 * masked without `personal_data.read` (server/shared/mask.ts).
 */
import type { Scope } from '../access/scope.ts';
import { maskName } from '../shared/mask.ts';
import type { DrawRow, LineRow, OrderRow } from './store.ts';

const iso = (d: Date | null) => (d ? d.toISOString() : null);
export const masked = (scope: Scope) => !scope.permissions.has('personal_data.read');

export function presentDraw(row: DrawRow) {
  return {
    id: row.id,
    draw_no: row.draw_no,
    title: row.title,
    status: row.status,
    algorithm: row.algorithm,
    plan: { id: row.plan_id, plan_no: row.plan_no, name: row.plan_name },
    region_code: row.region_code,
    region_name: row.region_name,
    roster_size: row.roster_size,
    roster_hash: row.roster_hash,
    seed_commitment: row.seed_commitment,
    scheduled_at: iso(row.scheduled_at),
    committed_at: row.committed_at.toISOString(),
    contributions: row.contributions,
    server_secret: row.status === 'drawn' ? row.server_secret : null,
    seed: row.seed,
    result_hash: row.result_hash,
    drawn_at: iso(row.drawn_at),
    drawn_by: row.drawn_by,
    cancel_reason: row.cancel_reason,
    public_url: `/portal/lottery/${row.draw_no}`,
    created_by: row.created_by,
  };
}

export function presentLine(row: LineRow, scope: Scope) {
  return { ...row, applicant_name: masked(scope) ? maskName(row.applicant_name) : row.applicant_name };
}

export function presentOrder(row: OrderRow, scope: Scope) {
  return { ...row, applicant_name: masked(scope) ? maskName(row.applicant_name) : row.applicant_name };
}
