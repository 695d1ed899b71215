/**
 * Shapes search hits: one title and subtitle per record, its place on the map, and — for households — names
 * masked for readers without `personal_data.read`, with the door number (withheld from them) left out.
 */
import type { Scope } from '../access/scope.ts';
import { maskName } from '../shared/mask.ts';
import type { SearchHit, SearchKind } from './schema.ts';
import type { HitRow } from './store.ts';

const text = (value: unknown): string =>
  typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
const joined = (parts: unknown[], separator = ' · ') => parts.map(text).filter(Boolean).join(separator);

function household(row: HitRow, masked: boolean): Pick<SearchHit, 'title' | 'subtitle'> {
  const name = masked ? maskName(text(row.applicant_name)) : text(row.applicant_name);
  const door = masked ? [] : [row.hukou_house_no, row.hukou_building, row.hukou_room];
  return {
    title: `${name}（${text(row.application_no)}）`,
    subtitle: joined([
      joined([row.hukou_street, row.hukou_community, row.hukou_road, ...door], ''),
      row.household_size ? `${text(row.household_size)} 人` : '',
    ]),
  };
}

const unit = (row: HitRow) => ({
  title: text(row.unit_no),
  subtitle: joined([
    row.project_name,
    row.building_name,
    `${row.entrance ? `${text(row.entrance)}单元 ` : ''}${text(row.room_no)}室`,
    row.floor_area ? `${Number(row.floor_area)} m²` : '',
  ]),
});

const building = (row: HitRow) => ({
  title: text(row.name),
  subtitle: joined([row.building_no, row.project_name, joined([row.street, row.compound_no], '')]),
});

const project = (row: HitRow) => ({
  title: text(row.proposed_name),
  subtitle: joined([row.project_no, row.address]),
});

export function presentHit(kind: SearchKind, row: HitRow, scope: Scope): SearchHit {
  const masked = kind === 'household' && !scope.permissions.has('personal_data.read');
  const words =
    kind === 'household'
      ? household(row, masked)
      : kind === 'unit'
        ? unit(row)
        : kind === 'building'
          ? building(row)
          : project(row);
  return {
    kind,
    id: row.id,
    ...words,
    status: row.status == null ? null : text(row.status),
    region_code: row.region_code,
    region_name: row.region_name,
    matched: row.matched as SearchHit['matched'],
    center: row.center ? [Number(row.center[0]), Number(row.center[1])] : null,
    bbox: row.bbox ? (row.bbox.map(Number) as [number, number, number, number]) : null,
    personal_data_masked: masked,
  };
}
