/**
 * Land reserve parcels (A.5.11): reserved ones anywhere in a district, mostly in the outer districts where the
 * city still grows, and the supplied parcel under a project's site (the site plus the land levied for roads
 * and green space around it).
 */
import type { Prng } from '../prng.ts';
import type { District } from './city.ts';
import { DEVELOPMENT, LAND_USE } from './codes.ts';
import { AS_OF, addMonths, dayIn } from './dates.ts';
import type { ProjectContext } from './projects.ts';
import type { Placed, RoadSite, SitePlanner } from './sites.ts';
import { COMPASS_ZH, grow, multiPolygonWkt, rectRing, ringAreaKm2 } from './space.ts';
import type { Timeline } from './timeline.ts';
import { type Row, round2 } from './values.ts';

export interface ParcelPlan {
  parcelNo: string;
  row: Row;
  wkt: string;
  suppliedOn?: string;
}

const RESERVE_WEIGHT: Record<string, number> = {
  松北区: 3,
  呼兰区: 2.5,
  平房区: 2,
  阿城区: 2,
  双城区: 2,
  香坊区: 0.8,
  道外区: 0.8,
  南岗区: 0.6,
  道里区: 0.6,
};

function parcelNo(serials: Map<string, number>, district: District, year: number): string {
  const key = `TD${district.code6}${year}`;
  const serial = (serials.get(key) ?? 0) + 1;
  serials.set(key, serial);
  return `${key}${String(serial).padStart(3, '0')}`;
}

function uniqueName(taken: Set<string>, base: string): string {
  for (let n = 1; ; n++) {
    const name = n === 1 ? `${base}地块` : `${base}${n}号地块`;
    if (!taken.has(name)) {
      taken.add(name);
      return name;
    }
  }
}

/** The parcel a project was built on: its site grown by `levyKm`, supplied a few months before the start. */
export function supplyParcel(
  prng: Prng,
  ctx: ProjectContext,
  site: RoadSite,
  levyKm: number,
  floorArea: number,
  timeline: Timeline,
): ParcelPlan {
  const ring = rectRing(grow(site.rect, levyKm));
  const landArea = round2(ringAreaKm2(ring) * 1e6);
  const siteArea = round2(4 * site.rect.halfU * site.rect.halfV * 1e6);
  const suppliedOn = addMonths(timeline.actualStart ?? timeline.plannedStart, -prng.int(2, 8));
  const reservedOn = addMonths(suppliedOn, -prng.int(8, 36));
  // The parcel lies on the far side of the road from where the road is seen from the site.
  const side = COMPASS_ZH[site.roadSide].slice(-1);
  const opposite = { 东: '西', 西: '东', 南: '北', 北: '南' }[side] ?? side;
  return {
    parcelNo: parcelNo(ctx.serials, site.district, Number(reservedOn.slice(0, 4))),
    suppliedOn,
    wkt: multiPolygonWkt(ring),
    row: {
      parcel_name: uniqueName(ctx.names, `${site.district.name}${site.road.name}${opposite}侧`),
      location: `${site.district.name}${site.community.streetName}，${site.road.name}${opposite}侧`,
      land_area: landArea,
      construction_land_area: siteArea,
      levied_land_area: round2(landArea - siteArea),
      planned_floor_area: round2(floorArea),
      planned_use: LAND_USE.residential,
      development_level: prng.pick([DEVELOPMENT.five, DEVELOPMENT.seven]),
      reserved_on: reservedOn,
      region_code: site.community.code,
      status: 'supplied',
    },
  };
}

const USES: (readonly [keyof typeof LAND_USE, number, readonly [number, number]])[] = [
  ['residential', 55, [1.5, 3]],
  ['retail', 8, [1.5, 3]],
  ['business', 7, [2, 4]],
  ['education', 5, [0.8, 1.5]],
  ['health', 3, [1, 2]],
  ['industrial', 15, [0.8, 1.5]],
  ['storage', 7, [0.6, 1.2]],
];

/** `count` reserved parcels, 1.5–20 ha, irregular quadrilaterals, 250 m apart from each other and every site. */
export function reserveParcels(
  prng: Prng,
  planner: SitePlanner,
  ctx: ProjectContext,
  count: number,
): ParcelPlan[] {
  const parcels: ParcelPlan[] = [];
  for (let i = 0; i < count; i++) {
    const random = prng.fork(`parcel:${i}`);
    const areaKm2 = random.range(0.015, 0.2);
    const aspect = random.range(0.6, 1.6);
    const halfU = Math.sqrt(areaKm2 * aspect) / 2;
    const placed: Placed | undefined = planner.inDistrict(
      random,
      (d) => RESERVE_WEIGHT[d.name] ?? 1,
      { halfU, halfV: areaKm2 / (4 * halfU) },
      { gapKm: 0.25 },
    );
    if (!placed) continue;
    const ring = rectRing(
      placed.rect,
      [0, 1, 2, 3].map(() => random.range(0, 0.15)),
    );
    const landArea = round2(ringAreaKm2(ring) * 1e6);
    const construction = round2(landArea * random.range(0.8, 0.95));
    const [use, , far] = random.weighted(USES.map((u) => [u, u[1]] as const));
    const year = random.int(2013, 2026);
    const reservedOn = dayIn(random, year);
    const near = planner.nearestRoad(placed.rect.centre);
    const place = near ? `${near.road.name}${COMPASS_ZH[near.side].slice(-1)}侧` : placed.community.name;
    parcels.push({
      parcelNo: parcelNo(ctx.serials, placed.district, year),
      wkt: multiPolygonWkt(ring),
      row: {
        parcel_name: uniqueName(ctx.names, `${placed.district.name}${place}`),
        location: `${placed.district.name}${placed.community.streetName}${placed.community.name}，${place}`,
        land_area: landArea,
        construction_land_area: construction,
        levied_land_area: round2(landArea - construction),
        planned_floor_area: round2(construction * random.range(...far)),
        planned_use: LAND_USE[use],
        development_level: random.weighted([
          [DEVELOPMENT.raw, 3],
          [DEVELOPMENT.uncleared, 2],
          [DEVELOPMENT.three, 2],
          [DEVELOPMENT.five, 2],
          [DEVELOPMENT.seven, 1],
        ] as const),
        reserved_on: reservedOn > AS_OF ? AS_OF : reservedOn,
        region_code: placed.community.code,
        status: 'reserved',
      },
    });
  }
  return parcels;
}
