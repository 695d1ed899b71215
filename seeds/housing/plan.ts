/**
 * The whole housing plan of the demo city, computed in memory before anything is written: projects (each from its
 * own forked generator, so adding projects never reshuffles earlier ones) until both the project count and the
 * unit count are reached, then the reserved parcels in the space left.
 */
import type { Prng } from '../prng.ts';
import type { CityContext } from './city.ts';
import { type ParcelPlan, reserveParcels } from './parcels.ts';
import { type ProjectContext, type ProjectPlan, planProject } from './projects.ts';
import { SitePlanner } from './sites.ts';

export interface HousingSize {
  /** Projects at least (more when `unitsAtLeast` needs them). */
  projects: number;
  households: number;
  /** Keep adding projects until their registered units reach this many. */
  unitsAtLeast?: number;
  /** Reserved (not yet supplied) parcels; default 5 for every 6 projects. */
  reservedParcels?: number;
}

/** The demo city's size at a scale: scale 1 is about 30 projects, 17,000 units and 10,000 households. */
export function housingSizeForScale(scale: number): HousingSize {
  return { projects: Math.round(30 * scale), households: Math.round(10_000 * scale) };
}

export interface HousingPlan {
  projects: ProjectPlan[];
  /** Reserved parcels, then the supplied ones under project sites. */
  parcels: ParcelPlan[];
  units: number;
}

/** Consecutive projects that found no site before giving up: the city is full. */
const MAX_MISSES = 300;

export function planHousing(city: CityContext, prng: Prng, size: HousingSize): HousingPlan {
  const planner = new SitePlanner(city);
  const ctx: ProjectContext = { city, planner, names: new Set(), serials: new Map() };
  const projects: ProjectPlan[] = [];
  let units = 0;
  let misses = 0;
  for (let i = 0; projects.length < size.projects || units < (size.unitsAtLeast ?? 0); i++) {
    const plan = planProject(prng.fork(`project:${i}`), ctx);
    if (!plan) {
      if (++misses > MAX_MISSES)
        throw new Error(
          `no room for more projects after ${projects.length} (${units} units): lower the target`,
        );
      continue;
    }
    misses = 0;
    projects.push(plan);
    units += plan.units;
  }
  const reserved = reserveParcels(
    prng.fork('parcels'),
    planner,
    ctx,
    size.reservedParcels ?? Math.round((projects.length * 5) / 6),
  );
  const supplied = projects.flatMap((p) => (p.supply ? [p.supply.parcel] : []));
  return { projects, parcels: [...reserved, ...supplied], units };
}
