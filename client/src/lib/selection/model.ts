/**
 * What the selection pages share: the units of a session as the floor table and the map draw them, labels, and
 * the statuses' tags. The server's answers are mapped onto these in api.ts, so a change of the wire format
 * stays in one place.
 */
import { t, type MessageKey } from '../i18n/index.svelte.ts';
import type { GridUnit } from './floorGrid.ts';

/** A unit of the session: free to pick, or taken (picked in this session, or otherwise allocated). */
export type UnitState = 'available' | 'taken';

export interface SessionUnit extends GridUnit {
  unit_no: string;
  floor_area: number | null;
  layout: string | null;
  rent_monthly: number | null;
  state: UnitState;
  lng: number | null;
  lat: number | null;
}

/** The layout's name: dictionary codes (户型, 00–99) and the short codes some units carry; else as given. */
export function layoutLabel(code: string | null): string {
  if (!code) return '';
  const key = `selection.layout.${code}` as MessageKey;
  const text = t(key);
  return text === undefined || text === key ? code : text;
}

/** One line for a unit's hover and screen readers: number, area, layout, monthly rent. */
export function unitSummary(unit: SessionUnit): string {
  const parts = [unit.unit_no];
  if (unit.floor_area !== null) parts.push(`${unit.floor_area} m²`);
  if (unit.layout) parts.push(layoutLabel(unit.layout));
  if (unit.rent_monthly !== null) parts.push(t('selection.unit.rent', { rent: unit.rent_monthly }));
  return parts.join(' · ');
}

export const SESSION_STATUSES = ['scheduled', 'open', 'paused', 'closed'] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];

export const SESSION_TAG: Record<SessionStatus, string> = {
  scheduled: 'tag',
  open: 'tag tag-success',
  paused: 'tag tag-danger',
  closed: 'tag tag-muted',
};

export const TURN_STATUSES = ['waiting', 'active', 'picked', 'skipped', 'forfeited'] as const;
export type TurnStatus = (typeof TURN_STATUSES)[number];
