/**
 * The estate inside a project site: slab buildings (about 15 m deep, 2–4 entrances) in rows, their long side
 * towards the sun where the site allows, rows spaced by height; each building's stack of identical floors
 * (every floor repeats the same rooms: unit 1203 lies above 1103), and a 社区服务中心 in a spare plot.
 */
import type { Km } from '../city/geo.ts';
import type { Prng } from '../prng.ts';
import { type CategoryKey, type LayoutKey, ORIENTATION, STRUCTURE } from './codes.ts';
import { type Rect, compass, toWorld } from './space.ts';

/** One room position on every floor of an entrance. */
export interface RoomPlan {
  /** Floor area in m² (2 decimals); the same on every floor. */
  area: number;
  layout: LayoutKey;
  orientation: string;
  /** Position, metres: s from the start of its entrance along the long side, t along the footprint's v axis. */
  s: number;
  t: number;
}

export interface EstateSpec {
  floors: number;
  entrances: number;
  roomsPerEntrance: number;
  storeyHeight: number;
  depthM: number;
  entranceWidthM: number;
  buildings: number;
}

export interface EstateLayout {
  /** Along the buildings' long side and across it, km. */
  lengthKm: number;
  widthKm: number;
  /** Plot centres in the layout frame (km from the site centre): u along the long side, v across. */
  plots: Km[];
  /** A spare plot for the facility building, if any. */
  spare?: Km;
}

const FLOOR_BANDS: Record<CategoryKey, (readonly [readonly [number, number], number])[]> = {
  publicRental: [
    [[6, 7], 0.15],
    [[11, 18], 0.45],
    [[19, 33], 0.4],
  ],
  lowRent: [
    [[6, 7], 0.3],
    [[11, 18], 0.7],
  ],
  affordable: [
    [[6, 7], 0.3],
    [[11, 18], 0.55],
    [[19, 26], 0.15],
  ],
  capped: [
    [[11, 18], 0.5],
    [[19, 33], 0.5],
  ],
  shanty: [
    [[6, 7], 0.1],
    [[11, 18], 0.4],
    [[19, 33], 0.5],
  ],
};

/** Rooms per floor and entrance: small flats along a corridor for rentals, two or three flats per landing for sale. */
const ROOMS: Record<CategoryKey, readonly [number, number]> = {
  publicRental: [4, 6],
  lowRent: [4, 6],
  affordable: [2, 3],
  capped: [2, 3],
  shanty: [2, 4],
};

export function estateSpec(prng: Prng, category: CategoryKey): EstateSpec {
  const [lowFloors, highFloors] = prng.weighted(FLOOR_BANDS[category]);
  const roomsPerEntrance = prng.int(...ROOMS[category]);
  return {
    floors: prng.int(lowFloors, highFloors),
    entrances: roomsPerEntrance >= 5 ? 2 : prng.int(2, roomsPerEntrance === 4 ? 3 : 4),
    roomsPerEntrance,
    storeyHeight: prng.pick([2.8, 2.9, 3.0]),
    depthM: prng.int(12, 16),
    entranceWidthM: 6 * roomsPerEntrance + 4,
    buildings: prng.weighted([
      [2, 1],
      [3, 2],
      [4, 3],
      [5, 3],
      [6, 2],
      [7, 2],
      [8, 1],
    ] as const),
  };
}

const SITE_MIN_M2 = 20_000;
const SITE_MAX_M2 = 150_000;

/**
 * Rows of buildings: a fire gap of 13–18 m between neighbours in a row, rows apart by 0.9 × height (20–60 m) for
 * winter sun, a 20–30 m margin; the site is enlarged to 2 ha with green space, and rows are dropped to stay ≤ 15 ha.
 */
export function layoutEstate(prng: Prng, spec: EstateSpec): EstateLayout {
  const lengthM = spec.entrances * spec.entranceWidthM;
  const heightM = spec.floors * spec.storeyHeight;
  const rowGap = Math.min(60, Math.max(20, 0.9 * heightM));
  const colGap = prng.int(13, 18);
  const margin = prng.int(20, 30);
  let count = spec.buildings;
  const cols = count <= 2 ? prng.int(1, 2) : prng.int(2, 3);
  for (;;) {
    // A spare plot for the facility building on estates of four buildings or more.
    const rows = Math.ceil((count + (count >= 4 ? 1 : 0)) / cols);
    let along = cols * lengthM + (cols - 1) * colGap + 2 * margin;
    let across = rows * spec.depthM + (rows - 1) * rowGap + 2 * margin;
    if (along * across > SITE_MAX_M2 && count > 1) {
      count = Math.max(1, count - cols);
      continue;
    }
    const green = Math.max(Math.sqrt(SITE_MIN_M2 / (along * across)), 1) * prng.range(1.0, 1.25);
    const scale = Math.min(green, Math.sqrt(SITE_MAX_M2 / (along * across)));
    along *= scale;
    across *= scale;
    const plots: Km[] = [];
    for (let r = 0; r < rows; r++)
      for (let c = 0; c < cols; c++)
        plots.push([
          ((c + 0.5) / cols - 0.5) * (along - 2 * margin),
          ((r + 0.5) / rows - 0.5) * (across - 2 * margin),
        ]);
    const km = (p: Km): Km => [p[0] / 1000, p[1] / 1000];
    return {
      lengthKm: along / 1000,
      widthKm: across / 1000,
      plots: plots.slice(0, count).map(km),
      spare: count >= 4 && plots.length > count ? km(plots[count] as Km) : undefined,
    };
  }
}

/** The frame the layout was made in, for a site fronting a road at `angle`: long sides face north–south if they can. */
export function layoutFrame(site: Rect, layout: EstateLayout): Rect {
  const alongRoad = Math.abs(Math.cos(site.angle)) >= Math.SQRT1_2;
  return {
    centre: site.centre,
    angle: alongRoad ? site.angle : site.angle + Math.PI / 2,
    halfU: layout.lengthKm / 2,
    halfV: layout.widthKm / 2,
  };
}

/** Half-sizes of the site along and across its road, for a road at `angle`. */
export function siteHalfSizes(layout: EstateLayout, angle: number): { halfU: number; halfV: number } {
  const alongRoad = Math.abs(Math.cos(angle)) >= Math.SQRT1_2;
  return alongRoad
    ? { halfU: layout.lengthKm / 2, halfV: layout.widthKm / 2 }
    : { halfU: layout.widthKm / 2, halfV: layout.lengthKm / 2 };
}

export interface Footprint {
  rect: Rect;
  /** +1 when the front (sunny side) is the rect's +v side. */
  frontSign: 1 | -1;
  front: ReturnType<typeof compass>;
}

/** A building's footprint on a plot of the layout frame, its front the more southerly long side. */
export function footprint(frame: Rect, plot: Km, lengthM: number, depthM: number): Footprint {
  const rect: Rect = {
    centre: toWorld(frame, plot[0], plot[1]),
    angle: frame.angle,
    halfU: lengthM / 2000,
    halfV: depthM / 2000,
  };
  const frontSign = Math.sin(frame.angle + Math.PI / 2) <= 0 ? 1 : -1;
  return { rect, frontSign, front: compass(frame.angle + (frontSign * Math.PI) / 2) };
}

/** Flat sizes (m²) and layouts by category: 公租房 30–60 m² (up to 90 for large families), sale types larger. */
const FLATS: Record<CategoryKey, (readonly [LayoutKey, number, number, number])[]> = {
  publicRental: [
    ['studio', 30, 40, 3],
    ['one', 40, 50, 4],
    ['two', 50, 60, 3],
    ['three', 60, 90, 1],
  ],
  lowRent: [
    ['studio', 35, 42, 2],
    ['one', 42, 50, 3],
  ],
  affordable: [
    ['two', 60, 75, 3],
    ['three', 75, 90, 2],
  ],
  capped: [
    ['two', 70, 90, 3],
    ['three', 90, 120, 2],
  ],
  shanty: [
    ['one', 45, 55, 2],
    ['two', 55, 80, 4],
    ['three', 80, 100, 2],
  ],
};

export const LAYOUT_ROOMS: Record<LayoutKey, number> = { studio: 1, one: 2, two: 3, three: 4 };

/**
 * The rooms of one entrance's floor: with two flats per landing both run through (南北通透); otherwise the first
 * half face the front, the rest the back.
 */
export function roomPlans(prng: Prng, category: CategoryKey, fp: Footprint, spec: EstateSpec): RoomPlan[] {
  const n = spec.roomsPerEntrance;
  const width = spec.entranceWidthM;
  const depth = spec.depthM;
  const back = compass(fp.rect.angle - (fp.frontSign * Math.PI) / 2);
  const throughCode = ['S', 'SE', 'SW'].includes(fp.front) ? ORIENTATION.through : ORIENTATION.eastWest;
  const frontCount = n === 2 ? 2 : Math.ceil(n / 2);
  return Array.from({ length: n }, (_, k): RoomPlan => {
    const [layout, min, max] = prng.weighted(FLATS[category].map((f) => [f, f[3]] as const));
    const area = Math.round(prng.range(min, max) * 100) / 100;
    const front = k < frontCount;
    const slot = front ? k : k - frontCount;
    const slots = front ? frontCount : n - frontCount;
    return {
      area,
      layout,
      orientation: n === 2 ? throughCode : ORIENTATION[front ? fp.front : back],
      s: (width * (slot + 0.5)) / slots,
      t: n === 2 ? 0 : ((front ? 1 : -1) * fp.frontSign * depth) / 4,
    };
  });
}

/** 钢筋混凝土 for most; 混合 (砖混) for some low buildings; 钢-混凝土 for some towers. */
export function structureFor(prng: Prng, floors: number): string {
  if (floors <= 7) return prng.bool(0.5) ? STRUCTURE.mixed : STRUCTURE.concrete;
  if (floors >= 25) return prng.bool(0.3) ? STRUCTURE.steelConcrete : STRUCTURE.concrete;
  return STRUCTURE.concrete;
}
