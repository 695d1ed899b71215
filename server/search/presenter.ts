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
const textOrNull = (value: unknown): string | null => text(value) || null;

type Details = SearchHit['details'];
const NO_DETAILS: Details = {
  address: null,
  household_size: null,
  project_no: null,
  project_name: null,
  building_no: null,
  building_name: null,
  entrance: null,
  room_no: null,
  floor_area: null,
};
const joined = (parts: unknown[], separator = ' · ') => parts.map(text).filter(Boolean).join(separator);

type Words = Pick<SearchHit, 'title' | 'subtitle' | 'details'>;

function household(row: HitRow, masked: boolean): Words {
  const name = masked ? maskName(text(row.applicant_name)) : text(row.applicant_name);
  const door = masked ? [] : [row.hukou_house_no, row.hukou_building, row.hukou_room];
  const address = joined([row.hukou_street, row.hukou_community, row.hukou_road, ...door], '');
  const size = row.household_size ? Number(row.household_size) : null;
  return {
    title: `${name}（${text(row.application_no)}）`,
    subtitle: joined([address, size ? `${size} 人` : '']),
    details: { ...NO_DETAILS, address: address || null, household_size: size },
  };
}

function unit(row: HitRow): Words {
  const area = row.floor_area ? Number(row.floor_area) : null;
  return {
    title: text(row.unit_no),
    subtitle: joined([
      row.project_name,
      row.building_name,
      `${row.entrance ? `${text(row.entrance)}单元 ` : ''}${text(row.room_no)}室`,
      area ? `${area} m²` : '',
    ]),
    details: {
      ...NO_DETAILS,
      project_name: textOrNull(row.project_name),
      building_name: textOrNull(row.building_name),
      entrance: textOrNull(row.entrance),
      room_no: textOrNull(row.room_no),
      floor_area: area,
    },
  };
}

function building(row: HitRow): Words {
  const address = joined([row.street, row.compound_no], '');
  return {
    title: text(row.name),
    subtitle: joined([row.building_no, row.project_name, address]),
    details: {
      ...NO_DETAILS,
      building_no: textOrNull(row.building_no),
      project_name: textOrNull(row.project_name),
      address: address || null,
    },
  };
}

const project = (row: HitRow): Words => ({
  title: text(row.proposed_name),
  subtitle: joined([row.project_no, row.address]),
  details: { ...NO_DETAILS, project_no: textOrNull(row.project_no), address: textOrNull(row.address) },
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
