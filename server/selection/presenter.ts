/**
 * Shapes selection records for the API. Staff without `personal_data.read` see names masked (张*); the public
 * and applicants never see a household id, application number or full name of anyone (events.ts publicEvent).
 */
import type { Scope } from '../access/scope.ts';
import { maskName } from '../shared/mask.ts';
import type { Counts, Current } from './events.ts';
import type { IssuedCode } from './access.ts';
import type { SelectionRow } from './review.ts';
import type { SessionRow, TurnRow } from './store.ts';

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const masked = (scope: Scope) => !scope.permissions.has('personal_data.read');

interface State {
  session: SessionRow;
  current: Current | null;
  counts: Counts;
}

function common({ session, current, counts }: State) {
  return {
    id: session.id,
    session_no: session.session_no,
    title: session.title,
    status: session.status,
    turn_seconds: session.turn_seconds,
    max_skips: session.max_skips,
    starts_at: iso(session.starts_at),
    closed_at: iso(session.closed_at),
    version: session.version,
    current,
    counts,
    server_time: new Date().toISOString(),
  };
}

export function presentState(state: State) {
  const { session } = state;
  return {
    ...common(state),
    plan_id: session.plan_id,
    plan_no: session.plan_no,
    plan_name: session.plan_name,
    region_code: session.region_code,
    created_at: session.created_at.toISOString(),
    created_by: session.created_by,
  };
}

/** The public picture: order numbers and masked names only. */
export function presentPublicState(state: State) {
  const current = state.current && {
    turn_id: state.current.turn_id,
    order_no: state.current.order_no,
    name: state.current.name,
    deadline: state.current.deadline,
    remaining_seconds: state.current.remaining_seconds,
  };
  return { ...common({ ...state, current }) };
}

export function presentTurn(row: TurnRow, scope: Scope) {
  return {
    id: row.id,
    order_no: row.order_no,
    household_id: row.household_id,
    application_no: row.application_no,
    applicant_name: masked(scope) ? maskName(row.applicant_name) : row.applicant_name,
    status: row.status,
    skips: row.skips,
    started_at: iso(row.started_at),
    deadline: iso(row.deadline),
    ended_at: iso(row.ended_at),
    region_code: row.region_code,
  };
}

export function presentSelection(row: SelectionRow, scope: Scope) {
  const { turn_id: _turn, ...rest } = row;
  return {
    ...rest,
    applicant_name: masked(scope) ? maskName(row.applicant_name) : row.applicant_name,
    picked_at: row.picked_at.toISOString(),
    reviewed_at: iso(row.reviewed_at),
  };
}

/** Codes go to whoever prints the notices (selection.manage); names as the caller may see them. */
export const presentCodes = (codes: IssuedCode[], scope: Scope) =>
  codes.map((c) => ({ ...c, applicant_name: masked(scope) ? maskName(c.applicant_name) : c.applicant_name }));
