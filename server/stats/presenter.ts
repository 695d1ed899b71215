/** Shapes the dashboard's aggregates for the API: counts by status as named figures, cells as lng/lat points. */
import type { Region } from './service.ts';
import { HALF, type CellRow, type ChildRow, type RegionRow, type StatusCount } from './store.ts';
import type { RegionRef } from './schema.ts';

const EARTH_RADIUS = 6378137;

export const ref = (r: RegionRow): RegionRef => ({ code: r.code, name: r.name, level: r.level });

/** Delivered, unallocated units per household in demand (4 decimals); null when nobody is in demand. */
export const ratioOf = (supply: number, demand: number): number | null =>
  demand > 0 ? Math.round((supply / demand) * 10_000) / 10_000 : null;

const countsOf = (rows: StatusCount[]) => {
  const by = new Map(rows.map((r) => [r.status, r.n]));
  return (status: string) => by.get(status) ?? 0;
};

export function summary(
  region: Region,
  path: RegionRow[],
  households: StatusCount[],
  units: StatusCount[],
  year: { year: number; applications: number; allocations: number },
) {
  const h = countsOf(households);
  const u = countsOf(units);
  const demand = h('applied') + h('waiting');
  const supply = u('delivered');
  return {
    region: ref(region),
    path: path.map(ref),
    year: year.year,
    households: {
      registered: households.reduce((sum, r) => sum + r.n, 0),
      applied: h('applied'),
      waiting: h('waiting'),
      allocated: h('allocated'),
      withdrawn: h('withdrawn'),
    },
    units: {
      total: units.reduce((sum, r) => sum + r.n, 0),
      undelivered: u('undelivered'),
      delivered: supply,
      allocated: u('allocated'),
      occupied: u('occupied'),
    },
    demand,
    supply,
    ratio: ratioOf(supply, demand),
    applications_this_year: year.applications,
    allocated_this_year: year.allocations,
  };
}

export function children(region: Region, rows: ChildRow[]) {
  return {
    region: ref(region),
    type: 'FeatureCollection' as const,
    features: rows.map((r) => {
      const demand = r.applied + r.waiting;
      return {
        type: 'Feature' as const,
        id: Number(r.code),
        properties: {
          ...ref(r),
          demand,
          supply: r.delivered,
          ratio: ratioOf(r.delivered, demand),
          waiting: r.waiting,
          applied: r.applied,
          allocated: r.allocated,
          units: r.units,
          label: r.label,
        },
        geometry: r.geometry as Record<string, unknown> | null,
      };
    }),
  };
}

/** A z/cx/cy cell's centre in lng/lat (Web Mercator inverse). */
export function cellCentre(z: number, cx: number, cy: number): [number, number] {
  const size = (2 * HALF) / 2 ** (z + 5);
  const x = (cx + 0.5) * size - HALF;
  const y = HALF - (cy + 0.5) * size;
  const lng = (x / HALF) * 180;
  const lat = (2 * Math.atan(Math.exp(y / EARTH_RADIUS)) - Math.PI / 2) * (180 / Math.PI);
  return [Math.round(lng * 1e6) / 1e6, Math.round(lat * 1e6) / 1e6];
}

export function density(region: Region, z: number, k: number, cells: CellRow[]) {
  const points = cells.map((c) => [...cellCentre(z, c.cx, c.cy), c.n] as [number, number, number]);
  const lat = points.length ? points.reduce((sum, p) => sum + p[1], 0) / points.length : 45.75;
  const size = (2 * HALF) / 2 ** (z + 5);
  return {
    region: ref(region),
    cell_zoom: z,
    cell_m: Math.round(size * Math.cos((lat * Math.PI) / 180)),
    k,
    points,
  };
}
