/**
 * A search hit's subtitle in the user's language, from the structured parts the server answers (`details`):
 * names and addresses are shown as recorded, the words around them come from the workspace's messages.
 */
import { t } from '../i18n/index.svelte.ts';
import type { SearchHit } from './types.ts';

const SEPARATOR = ' · ';

function room(details: SearchHit['details']): string {
  if (!details.room_no) return '';
  return details.entrance
    ? t('workspace.search.sub.entranceRoom', { entrance: details.entrance, room: details.room_no })
    : t('workspace.search.sub.room', { room: details.room_no });
}

/** The hit's second line; falls back to the server's Chinese subtitle when no part is known. */
export function hitSubtitle(hit: SearchHit): string {
  const d = hit.details;
  const parts: (string | null)[] =
    hit.kind === 'household'
      ? [d.address, d.household_size ? t('workspace.search.sub.persons', { count: d.household_size }) : null]
      : hit.kind === 'unit'
        ? [d.project_name, d.building_name, room(d), d.floor_area ? `${d.floor_area} m²` : null]
        : hit.kind === 'building'
          ? [d.building_no, d.project_name, d.address]
          : [d.project_no, d.address];
  const text = parts.filter(Boolean).join(SEPARATOR);
  return text || hit.subtitle;
}
