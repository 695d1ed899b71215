/**
 * The buildings of a project on its site: the layout's plots turned into footprints, each residential building
 * with its floors, flats, areas, structure and progress within the project's timeline, plus the facility
 * building on a spare plot.
 */
import type { Km } from '../city/geo.ts';
import type { Prng } from '../prng.ts';
import {
  type EstateLayout,
  type EstateSpec,
  type Footprint,
  type RoomPlan,
  footprint,
  layoutFrame,
  roomPlans,
  structureFor,
} from './buildings.ts';
import type { CityContext } from './city.ts';
import type { CategoryKey } from './codes.ts';
import { CATEGORY_SHORT } from './naming.ts';
import type { RoadSite } from './sites.ts';
import { type Rect, multiPolygonWkt, rectRing } from './space.ts';
import { type Timeline, buildingTimeline } from './timeline.ts';
import { type Row, round2 } from './values.ts';

export interface BuildingPlan {
  row: Row;
  wkt: string;
  footprint: Footprint;
  floors: number;
  entrances: number;
  entranceWidthM: number;
  storeyHeight: number;
  /** Rooms of each floor of each entrance; none on a facility building. */
  rooms: RoomPlan[];
  /** Whether its units are registered (a started or finished residential building). */
  hasUnits: boolean;
}

export interface EstateProject {
  projectNo: string;
  road: string;
  houseNumber: number;
  category: CategoryKey;
  timeline: Timeline;
}

export function planBuildings(
  prng: Prng,
  city: CityContext,
  site: RoadSite,
  layout: EstateLayout,
  spec: EstateSpec,
  project: EstateProject,
): BuildingPlan[] {
  const { projectNo, road, houseNumber, category, timeline } = project;
  const frame = layoutFrame(site.rect, layout);
  const buildings: BuildingPlan[] = layout.plots.map((plot, i) => {
    const fp = footprint(frame, plot, spec.entrances * spec.entranceWidthM, spec.depthM);
    const floors = Math.max(6, spec.floors - prng.int(0, 2));
    const later = i >= 2 && i === layout.plots.length - 1 && prng.bool(0.3);
    const built = buildingTimeline(prng, timeline, later);
    const rooms = roomPlans(prng, category, fp, spec);
    const units = floors * spec.entrances * rooms.length;
    const residentialArea = round2(floors * spec.entrances * rooms.reduce((sum, r) => sum + r.area, 0));
    const basement = floors >= 11 ? 1 : 0;
    const footprintM2 = spec.entrances * spec.entranceWidthM * spec.depthM;
    const areaAbove = round2(residentialArea * 1.02);
    return {
      row: {
        building_no: `${projectNo}-${String(i + 1).padStart(2, '0')}`,
        category: 'residential',
        name: `${road}${CATEGORY_SHORT[category]}${i + 1}号楼`,
        street: road,
        compound_no: `${houseNumber}号`,
        building_number: `${i + 1}号楼`,
        block_number: String(i + 1),
        floor_area: round2(areaAbove + basement * footprintM2),
        structure: structureFor(prng, floors),
        total_floors: floors + basement,
        floors_above: floors,
        floors_below: basement,
        area_above: areaAbove,
        area_below: basement * footprintM2,
        residential_units: units,
        residential_area: residentialArea,
        build_status: built.status,
        started_on: built.startedOn ?? null,
        completed_on: built.completedOn ?? null,
        region_code: (city.communityAt(fp.rect.centre) ?? site.community).code,
      },
      wkt: multiPolygonWkt(rectRing(fp.rect)),
      footprint: fp,
      floors,
      entrances: spec.entrances,
      entranceWidthM: spec.entranceWidthM,
      storeyHeight: spec.storeyHeight,
      rooms,
      hasUnits: built.status !== 'planned',
    };
  });
  if (layout.spare) buildings.push(facility(prng, city, frame, layout.spare, project, site.community.code));
  return buildings;
}

/** The estate's 社区服务中心: 2–3 floors, no flats. */
function facility(
  prng: Prng,
  city: CityContext,
  frame: Rect,
  plot: Km,
  project: EstateProject,
  region: string,
): BuildingPlan {
  const { projectNo, road, category, timeline } = project;
  const fp = footprint(frame, plot, 36, 15);
  const floors = prng.int(2, 3);
  const built = buildingTimeline(prng, timeline, false);
  const area = 36 * 15 * floors;
  return {
    row: {
      building_no: `${projectNo}-F1`,
      category: 'facility',
      name: `${road}${CATEGORY_SHORT[category]}社区服务中心`,
      street: road,
      building_number: '配套1',
      block_number: 'F1',
      floor_area: area,
      structure: structureFor(prng, floors),
      total_floors: floors,
      floors_above: floors,
      floors_below: 0,
      area_above: area,
      area_below: 0,
      residential_units: 0,
      residential_area: 0,
      build_status: built.status,
      started_on: built.startedOn ?? null,
      completed_on: built.completedOn ?? null,
      region_code: city.communityAt(fp.rect.centre)?.code ?? region,
    },
    wkt: multiPolygonWkt(rectRing(fp.rect)),
    footprint: fp,
    floors,
    entrances: 1,
    entranceWidthM: 36,
    storeyHeight: 3.6,
    rooms: [],
    hasUnits: false,
  };
}
