/**
 * The selection API as the pages use it: types from the generated schema (server/selection/schema.ts), the
 * event stream's messages (server/selection/events.ts, not in the OpenAPI document), the units flattened from
 * the server's floor tables so one change patches one unit, and what a 409 means for the page.
 */
import { ApiError, type Answer } from '../api.ts';
import { t } from '../i18n/index.svelte.ts';
import type { SessionUnit } from './model.ts';

export type SessionState = Answer<'/api/selection/sessions/{id}', 'get'>;
export type SessionPage = Answer<'/api/selection/sessions', 'get'>;
export type CreatedSession = Answer<'/api/selection/sessions', 'post'>;
export type IssuedCode = CreatedSession['codes'][number];
export type SelectablePlan = Answer<'/api/selection/plans', 'get'>['items'][number];
export type FloorTables = Answer<'/api/selection/sessions/{id}/units', 'get'>;
export type Turn = Answer<'/api/selection/sessions/{id}/turns', 'get'>['items'][number];
export type Selection = Answer<'/api/selection/selections', 'get'>['items'][number];
export type PublicState = Answer<'/api/portal/selection/{id}', 'get'>;
export type ApplicantState = Answer<'/api/portal/selection/{id}/me', 'get'>;
export type Current = NonNullable<SessionState['current']>;
export type Counts = SessionState['counts'];

/** One `change` message of the stream (the staff form adds household_id and application_no). */
export type Change =
  | {
      kind: 'unit_picked';
      unit_id: number;
      unit_no: string;
      selection_id: number;
      turn_id: number;
      order_no: number;
      name: string | null;
      proxy: boolean;
    }
  | { kind: 'unit_released'; unit_id: number; unit_no: string; selection_id: number }
  | {
      kind: 'turn_started';
      turn_id: number;
      order_no: number;
      name: string | null;
      deadline: string;
      turn_seconds: number;
    }
  | {
      kind: 'turn_ended';
      turn_id: number;
      order_no: number;
      name: string | null;
      outcome: 'picked' | 'skipped' | 'forfeited';
      cause: 'pick' | 'timeout' | 'staff' | 'applicant';
    }
  | { kind: 'session'; action: 'opened' | 'paused' | 'resumed' | 'closed'; status: string };

export interface ChangeEvent {
  session_id: number;
  version: number;
  at: string;
  status: SessionState['status'];
  current: Current | null;
  counts: Counts;
  changes: Change[];
}

type Building = FloorTables['buildings'][number];

/** The session's units, flat, from the server's floor tables (the grid lays them out again in the browser). */
export function unitsOf(buildings: readonly Building[]): SessionUnit[] {
  const units: SessionUnit[] = [];
  for (const building of buildings)
    for (const row of building.floors)
      for (const room of row.rooms)
        if (room)
          units.push({
            id: room.unit_id,
            unit_no: room.unit_no,
            building_id: building.building_id,
            building_name: building.name,
            floor: room.floor,
            room_no: room.room_no,
            floor_area: room.floor_area,
            layout: room.layout,
            rent_monthly: room.rent_monthly,
            state: room.status === 'available' ? 'available' : 'taken',
            lng: null,
            lat: null,
          });
  return units;
}

/** The units after a change: picked ones taken, released ones free again. Unchanged units keep their objects. */
export function applyToUnits(units: readonly SessionUnit[], changes: readonly Change[]): SessionUnit[] {
  const next = new Map<number, SessionUnit['state']>();
  for (const change of changes) {
    if (change.kind === 'unit_picked') next.set(change.unit_id, 'taken');
    if (change.kind === 'unit_released') next.set(change.unit_id, 'available');
  }
  if (!next.size) return [...units];
  return units.map((u) => {
    const state = next.get(u.id);
    return state && state !== u.state ? { ...u, state } : u;
  });
}

/** No units (the floor table's flash when nothing just changed). */
export const NO_UNITS: ReadonlySet<number> = new Set();

/** The units a change touched (they flash on the floor table). */
export const touchedUnits = (changes: readonly Change[]) =>
  new Set(
    changes.flatMap((c) => (c.kind === 'unit_picked' || c.kind === 'unit_released' ? [c.unit_id] : [])),
  );

/** One line of the activity log for a change (names are always masked in events). */
export function describeChange(change: Change): string | null {
  const name = 'name' in change ? (change.name ?? '') : '';
  switch (change.kind) {
    case 'unit_picked':
      return t(change.proxy ? 'selection.change.pickedProxy' : 'selection.change.picked', {
        no: change.order_no,
        name,
        unit: change.unit_no,
      });
    case 'unit_released':
      return t('selection.change.released', { unit: change.unit_no });
    case 'turn_started':
      return t('selection.change.started', { no: change.order_no, name });
    case 'turn_ended':
      if (change.outcome === 'picked') return null; // said by unit_picked
      // Skipped or forfeited by the clock, a caseworker, or the applicant giving up.
      return t(
        `selection.change.ended.${change.outcome}.${change.cause === 'pick' ? 'timeout' : change.cause}`,
        {
          no: change.order_no,
          name,
        },
      );
    case 'session':
      return t(`selection.change.session.${change.action}`);
  }
}

/**
 * What a 409 of a pick or a turn action means, in words for the page (which then refreshes its state):
 * the unit was just taken, the turn moved on (timed out, skipped, another caseworker acted), or another change.
 */
export function conflictMessage(error: unknown, unit?: string): string | null {
  if (!(error instanceof ApiError) || error.status !== 409) return null;
  if (error.code === 'unit_taken') return t('selection.conflict.taken', { unit: unit ?? '' });
  if (error.code === 'not_your_turn' || error.code === 'turn_expired') return t('selection.conflict.turn');
  return t('selection.conflict.generic', { message: error.detail ?? error.title });
}
