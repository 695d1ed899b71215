/**
 * Rows → public answers. Every answer is parsed through its schema before it leaves (zod drops any key the schema
 * does not list), and district demand under k households is blanked here, in one place.
 */
import { isoDate } from '../shared/rows.ts';
import type { Guide } from './guides.ts';
import {
  demandResponse,
  projectCollection,
  projectDetail,
  type DemandResponse,
  type ProjectDetail,
  type ProjectProperties,
} from './schema.ts';
import type { BuildingRow, DemandRow, ProjectDetailRow, ProjectRow, UnitTypeRow } from './store.ts';

const day = (value: Date | null) => (value ? isoDate(value) : null);

/** Rental types quote rent per m² and month; the others a price per m². */
const isRental = (category: string | null) => category === '01' || category === '02';

function properties(row: ProjectRow): ProjectProperties {
  return {
    id: Number(row.id),
    project_no: row.project_no,
    name: row.name,
    address: row.address,
    district: { code: row.district_code, name: row.district_name },
    category: (row.category ?? '01') as ProjectProperties['category'],
    status: row.status as ProjectProperties['status'],
    available: Number(row.available),
    total: Number(row.total),
    price: {
      min: row.price_min,
      max: row.price_max,
      unit: isRental(row.category) ? 'yuan_per_m2_month' : 'yuan_per_m2',
    },
    completion_on: day(row.actual_completion_on ?? row.planned_completion_on),
  };
}

const point = (row: ProjectRow) => ({
  type: 'Point' as const,
  coordinates: [row.lng, row.lat] as [number, number],
});

export function presentProjects(rows: ProjectRow[]) {
  return projectCollection.parse({
    type: 'FeatureCollection',
    features: rows.map((row) => ({
      type: 'Feature',
      id: Number(row.id),
      geometry: point(row),
      properties: properties(row),
    })),
  });
}

const count = (value: number | string | null) => (value === null ? null : Number(value));

export function presentProject(
  row: ProjectDetailRow,
  buildings: BuildingRow[],
  unitTypes: UnitTypeRow[],
  guide: Guide,
): ProjectDetail {
  return projectDetail.parse({
    ...properties(row),
    developer: row.developer,
    planned_completion_on: day(row.planned_completion_on),
    actual_completion_on: day(row.actual_completion_on),
    delivered_on: day(row.handed_over_at),
    site_area_m2: count(row.site_area),
    planned_units: count(row.planned_residential_units),
    building_count: buildings.length,
    location: point(row),
    site: row.site,
    buildings: {
      type: 'FeatureCollection',
      features: buildings.map((b) => ({
        type: 'Feature',
        id: Number(b.id),
        geometry: b.geometry,
        properties: { name: b.name, total_floors: b.total_floors, residential_units: b.residential_units },
      })),
    },
    unit_types: unitTypes.map((u) => ({
      layout: u.layout,
      layout_zh: u.layout_zh ?? u.layout,
      layout_en: u.layout_en ?? u.layout,
      count: u.count,
      available: u.available,
      area_min: Number(u.area_min),
      area_max: Number(u.area_max),
      // numeric(10,2) as text: exact, never through a float.
      rent_min: u.rent_min,
      rent_max: u.rent_max,
    })),
    guide,
  });
}

/** District demand with every count under k blanked (k-anonymity), and a total of the published counts only. */
export function presentDemand(rows: DemandRow[], k: number): DemandResponse {
  const districts = rows.map((row) => {
    const suppressed = row.waiting < k;
    return {
      code: row.code,
      name: row.name,
      waiting: suppressed ? null : row.waiting,
      suppressed,
      available: row.available,
      projects: row.projects,
      label: row.lng === null || row.lat === null ? null : [row.lng, row.lat],
    };
  });
  return demandResponse.parse({
    k,
    districts,
    total_waiting: districts.reduce((sum, d) => sum + (d.waiting ?? 0), 0),
  });
}
