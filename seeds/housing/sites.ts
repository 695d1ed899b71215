/**
 * Where things go: project sites beside a road, reserve parcels anywhere in a district. Everything placed keeps a
 * gap from everything else (Occupied), stays clear of the district's edge (so it lies in one district) and of
 * every road (a road never runs through an estate).
 */
import { type Km, distance, randomPointIn } from '../city/geo.ts';
import type { Prng } from '../prng.ts';
import type { CityContext, Community, District, Road } from './city.ts';
import { type Rect, Occupied, SegmentIndex, circumradius, clearance, compass } from './space.ts';

/** Metres between a site's edge and the centre line of any road: half a carriageway plus a green strip. */
const ROAD_CLEARANCE_KM = 0.015;
/** Metres a site keeps from its district's edge. */
const EDGE_CLEARANCE_KM = 0.02;

interface Segment {
  a: Km;
  b: Km;
  road: Road;
  weight: number;
}

export interface Placed {
  rect: Rect;
  district: District;
  community: Community;
}

export interface RoadSite extends Placed {
  road: Road;
  /** Compass side of the site the road runs along (北 → "北至学府路"). */
  roadSide: ReturnType<typeof compass>;
}

/** Busier roads are likelier frontage: per km, arterials count thrice, secondary and local roads twice. */
const CLASS_WEIGHT = { expressway: 0, arterial: 3, secondary: 2, local: 2 } as const;

export class SitePlanner {
  private readonly occupied = new Occupied();
  private readonly roadIndex: SegmentIndex;
  private readonly segments: Segment[] = [];
  private readonly cumulative: number[] = [];

  constructor(private readonly city: CityContext) {
    this.roadIndex = new SegmentIndex(city.roads.flatMap((r) => r.lines));
    let total = 0;
    for (const road of city.roads)
      for (const line of road.lines)
        for (let i = 1; i < line.length; i++) {
          const a = line[i - 1] as Km;
          const b = line[i] as Km;
          const weight = distance(a, b) * CLASS_WEIGHT[road.roadClass];
          if (weight <= 0) continue;
          total += weight;
          this.segments.push({ a, b, road, weight });
          this.cumulative.push(total);
        }
  }

  private pickSegment(prng: Prng): Segment {
    const target = prng.next() * (this.cumulative[this.cumulative.length - 1] ?? 0);
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.cumulative[mid] ?? 0) < target) lo = mid + 1;
      else hi = mid;
    }
    return this.segments[lo] as Segment;
  }

  /** Whether a rectangle may go here (and which district and community hold it), without taking it. */
  private check(rect: Rect, gapKm: number, district?: District): Placed | undefined {
    const radius = circumradius(rect);
    if (!this.occupied.fits(rect.centre, radius, gapKm)) return undefined;
    const home = this.city.districtAt(rect.centre);
    if (!home || (district && home !== district)) return undefined;
    if (clearance(home.shape, rect.centre) < radius + EDGE_CLEARANCE_KM) return undefined;
    if (this.roadIndex.hits(rect, ROAD_CLEARANCE_KM)) return undefined;
    const community = this.city.communityAt(rect.centre);
    return community ? { rect, district: home, community } : undefined;
  }

  private take(placed: Placed, extraRadius = 0): void {
    this.occupied.take(placed.rect.centre, circumradius(placed.rect) + extraRadius);
  }

  /**
   * A site fronting a road: a point on a road (districts accepted in proportion to `weightOf`), the site set back
   * from it on one side, aligned with it. `shape` sizes the site for the road's direction. `reserve` widens the
   * disc taken (for the land parcel around the site).
   */
  nearRoad(
    prng: Prng,
    weightOf: (d: District) => number,
    shape: (angle: number) => { halfU: number; halfV: number },
    options: { gapKm: number; reserveKm?: number; attempts?: number },
  ): RoadSite | undefined {
    const maxWeight = Math.max(...this.city.districts.map(weightOf));
    for (let attempt = 0; attempt < (options.attempts ?? 400); attempt++) {
      const segment = this.pickSegment(prng);
      const t = prng.range(0.1, 0.9);
      const p: Km = [
        segment.a[0] + (segment.b[0] - segment.a[0]) * t,
        segment.a[1] + (segment.b[1] - segment.a[1]) * t,
      ];
      const district = this.city.districtAt(p);
      if (!district || prng.next() * maxWeight >= weightOf(district)) continue;
      const angle = Math.atan2(segment.b[1] - segment.a[1], segment.b[0] - segment.a[0]);
      const { halfU, halfV } = shape(angle);
      const side = prng.bool() ? 1 : -1;
      const offset = halfV + prng.range(0.025, 0.045);
      const normal = angle + (side * Math.PI) / 2;
      const rect: Rect = {
        centre: [p[0] + offset * Math.cos(normal), p[1] + offset * Math.sin(normal)],
        angle,
        halfU,
        halfV,
      };
      const placed = this.check(rect, options.gapKm + (options.reserveKm ?? 0), district);
      if (!placed) continue;
      this.take(placed, options.reserveKm);
      return { ...placed, road: segment.road, roadSide: compass(normal + Math.PI) };
    }
    return undefined;
  }

  /** A rectangle anywhere in a district (picked by weight), at a random angle. */
  inDistrict(
    prng: Prng,
    weightOf: (d: District) => number,
    size: { halfU: number; halfV: number },
    options: { gapKm: number; attempts?: number },
  ): Placed | undefined {
    const weighted = this.city.districts.map((d) => [d, weightOf(d)] as const);
    for (let attempt = 0; attempt < (options.attempts ?? 200); attempt++) {
      const district = prng.weighted(weighted);
      const centre = randomPointIn(prng, district.shape);
      if (!centre) continue;
      const placed = this.check({ centre, angle: prng.range(0, Math.PI), ...size }, options.gapKm, district);
      if (!placed) continue;
      this.take(placed);
      return placed;
    }
    return undefined;
  }

  /** The nearest road that is not an expressway (for a parcel's name), and the side of `p` it lies on. */
  nearestRoad(p: Km): { road: Road; side: ReturnType<typeof compass> } | undefined {
    let best: { road: Road; side: ReturnType<typeof compass> } | undefined;
    let bestDistance = Infinity;
    for (const s of this.segments) {
      const dx = s.b[0] - s.a[0];
      const dy = s.b[1] - s.a[1];
      const t = Math.max(
        0,
        Math.min(1, ((p[0] - s.a[0]) * dx + (p[1] - s.a[1]) * dy) / (dx * dx + dy * dy || 1)),
      );
      const q: Km = [s.a[0] + t * dx, s.a[1] + t * dy];
      const d = distance(p, q);
      if (d < bestDistance) {
        bestDistance = d;
        best = { road: s.road, side: compass(Math.atan2(p[1] - q[1], p[0] - q[0])) };
      }
    }
    return best;
  }
}
