/**
 * Housing units (A.5.3) as COPY rows: every floor × entrance × room of each started or finished residential
 * building, room 1203 on the 12th floor, its point inside the footprint where the flat is. Delivery follows the
 * project: nothing is delivered before handover; after it, the longer ago, the more flats are occupied.
 */
import { toLonLat } from '../city/geo.ts';
import { DEMO_SEED, Prng } from '../prng.ts';
import {
  DECORATION,
  LAYOUT,
  NATURE,
  SECURITY_MODE,
  SOURCE,
  type CategoryKey,
  type ModeKey,
} from './codes.ts';
import { LAYOUT_ROOMS } from './buildings.ts';
import type { Cell } from './copy.ts';
import { pointEwkb } from './copy.ts';
import { AS_OF, yearOf } from './dates.ts';
import type { BuildingPlan, ProjectPlan } from './projects.ts';
import { toWorld } from './space.ts';
import { round2 } from './values.ts';

export const UNIT_COLUMNS = [
  'unit_no',
  'building_id',
  'project_id',
  'source',
  'initial_nature',
  'planned_category',
  'floor_from',
  'floor_to',
  'nominal_floor',
  'entrance',
  'room_no',
  'floor_area',
  'inner_area',
  'shared_area',
  'balcony_area',
  'orientation',
  'rooms',
  'layout',
  'shared_facilities',
  'storey_height',
  'decoration',
  'registered',
  'handover_batch_no',
  'handed_over',
  'handed_over_at',
  'handed_over_by',
  'delivery_status',
  'rent_monthly',
  'region_code',
  'geom',
  'created_by',
  'updated_by',
] as const;

const SOURCES: Record<ModeKey, string> = {
  newBuild: SOURCE.newBuild,
  inclusion: SOURCE.inclusion,
  purchase: SOURCE.purchase,
  conversion: SOURCE.conversion,
};

const NATURES: Record<CategoryKey, string> = {
  publicRental: NATURE.public,
  lowRent: NATURE.public,
  affordable: NATURE.affordable,
  capped: NATURE.commercial,
  shanty: NATURE.commercial,
};

function decorationFor(random: Prng, category: CategoryKey): string {
  if (category === 'publicRental' || category === 'lowRent')
    return random.bool(0.6) ? DECORATION.basic : DECORATION.full;
  return random.bool(0.8) ? DECORATION.shell : DECORATION.basic;
}

/** The units of one building, floor by floor. */
function* buildingUnits(
  project: ProjectPlan,
  building: BuildingPlan,
  ids: { project: number; building: number },
): Generator<Cell[]> {
  const random = new Prng(DEMO_SEED).fork(`units:${building.row.building_no as string}`);
  const { timeline, category } = project;
  const delivered = timeline.status === 'delivered';
  const yearsSince = delivered ? yearOf(AS_OF) - yearOf(timeline.handover ?? AS_OF) : 0;
  const occupied = Math.min(0.85, 0.35 + 0.12 * yearsSince);
  const innerShare = random.range(0.76, 0.84);
  const decoration = decorationFor(random, category);
  const facilities = building.floors >= 11 ? '电梯、楼梯间、公共走廊、设备间' : '楼梯间、公共走廊';
  const handoverAt = delivered ? (project.row.handed_over_at as string) : null;
  const handoverBy = delivered ? (project.row.handed_over_by as string) : null;
  const batch = delivered ? (project.row.handover_batch_no as string) : null;
  const rect = building.footprint.rect;
  const region = building.row.region_code as string;
  for (let floor = 1; floor <= building.floors; floor++) {
    for (let entrance = 1; entrance <= building.entrances; entrance++) {
      for (const [k, room] of building.rooms.entries()) {
        const roomNo = String(floor * 100 + k + 1);
        const status = delivered
          ? random.weighted([
              ['occupied', occupied],
              ['allocated', 0.12],
              ['delivered', 1 - occupied - 0.12],
            ] as const)
          : 'undelivered';
        const inner = round2(room.area * innerShare);
        const u = -rect.halfU + ((entrance - 1) * building.entranceWidthM + room.s) / 1000;
        const [lon, lat] = toLonLat(toWorld(rect, u, room.t / 1000));
        yield [
          `${building.row.building_no as string}-${entrance}-${roomNo}`,
          ids.building,
          ids.project,
          SOURCES[project.mode],
          NATURES[category],
          SECURITY_MODE[category === 'lowRent' ? 'lowRentInKind' : category],
          floor,
          floor,
          String(floor),
          String(entrance),
          roomNo,
          room.area,
          inner,
          round2(room.area - inner),
          room.layout === 'studio' ? 0 : round2(2 + (room.area % 4)),
          room.orientation,
          LAYOUT_ROOMS[room.layout],
          LAYOUT[room.layout],
          facilities,
          building.storeyHeight,
          decoration,
          delivered,
          batch,
          delivered,
          handoverAt,
          handoverBy,
          status,
          project.rent ? round2(room.area * random.range(...project.rent)) : null,
          region,
          pointEwkb(lon, lat),
          'seed',
          'seed',
        ];
      }
    }
  }
}

/** Every unit of the plan; `ids` maps project and building numbers to the ids they were inserted with. */
export function* unitRows(
  projects: readonly ProjectPlan[],
  ids: { projects: Map<string, number>; buildings: Map<string, number> },
): Generator<Cell[]> {
  for (const project of projects) {
    const projectId = ids.projects.get(project.projectNo);
    if (projectId === undefined) throw new Error(`project ${project.projectNo} was not inserted`);
    for (const building of project.buildings) {
      if (!building.hasUnits || building.rooms.length === 0) continue;
      const buildingId = ids.buildings.get(building.row.building_no as string);
      if (buildingId === undefined)
        throw new Error(`building ${building.row.building_no as string} was not inserted`);
      yield* buildingUnits(project, building, { project: projectId, building: buildingId });
    }
  }
}
