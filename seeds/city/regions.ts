/**
 * The region tree of the demo city: 黑龙江省 > 哈尔滨市 > 9 districts (real codes) > streets and towns >
 * communities and villages. Counts grow with `scale` (roughly ∝ √scale per level, so ∝ scale overall).
 *
 * Codes follow GB/T 2260 padded to 12 digits, with the serial ranges of the statistical division codes
 * (统计用区划代码): 街道 001–099 and 镇 101–199 under a district; 社区 001–199 and 村 201–399 under a street.
 */
import type { Knex } from 'knex';
import type { Prng } from '../prng.ts';
import {
  type Km,
  type KmMultiPolygon,
  contains,
  distance,
  polygonWkt,
  spreadPoints,
  wobblyRing,
} from './geo.ts';
import { CITY, DISTRICTS, type DistrictSpec, PROVINCE, districtCode } from './harbin.ts';
import { communityName, streetName, townName, villageName } from './names.ts';
import { type RegionSeed, insertTiledRegions, loadBoundaries } from './tiling.ts';

export type StreetKind = 'street' | 'town';

export interface StreetPlan {
  code: string;
  name: string;
  kind: StreetKind;
  district: DistrictSpec;
  /** The seed point: the street office or town seat. */
  centre: Km;
}

export interface CityPlan {
  cityRing: Km[];
  streets: StreetPlan[];
  communityCount: number;
}

/** A rough outline of Heilongjiang (lon/lat): the province only needs to contain the city. */
const HEILONGJIANG_OUTLINE: [number, number][] = [
  [121.2, 53.3],
  [123.5, 53.6],
  [126.0, 52.8],
  [127.5, 50.2],
  [130.6, 48.9],
  [132.5, 47.7],
  [134.7, 48.3],
  [134.2, 47.0],
  [133.1, 45.6],
  [131.3, 44.9],
  [131.0, 43.8],
  [129.6, 43.4],
  [128.0, 44.3],
  [127.0, 45.0],
  [125.6, 45.2],
  [124.2, 45.5],
  [123.6, 46.3],
  [124.0, 47.5],
  [121.6, 47.2],
  [121.4, 48.5],
  [121.2, 53.3],
];

/**
 * Street offices (街道) lie within these distances (km) of the city centre, or of an outer district's seat;
 * farther seats are towns (镇).
 */
const INNER_URBAN_RADIUS_KM = 12;
const URBAN_RADIUS_KM = 10;
const SEAT_TOWN_RADIUS_KM = 5;

/** Larger than 1 near angle `at`: stretches the city towards 呼兰 (N), 阿城 (E) and 双城 (SW). */
const lobe = (angle: number, at: number, width: number, height: number) => {
  const delta = Math.atan2(Math.sin(angle - at), Math.cos(angle - at));
  return height * Math.exp(-((delta / width) ** 2));
};

function cityRing(prng: Prng): Km[] {
  const deg = Math.PI / 180;
  return wobblyRing(
    prng,
    { radiusX: 32, radiusY: 27, vertices: 72, roughness: 0.08 },
    (a) => 1 + lobe(a, 90 * deg, 0.5, 0.22) + lobe(a, 220 * deg, 0.6, 0.2) + lobe(a, -30 * deg, 0.6, 0.2),
  );
}

const pad3 = (n: number) => String(n).padStart(3, '0');

export async function seedRegions(trx: Knex.Transaction, prng: Prng, scale: number): Promise<CityPlan> {
  // The province is shared reference-like data: upserted, never deleted by a re-seed.
  await trx.raw(
    `INSERT INTO regions (code, name, level, parent_code, boundary)
     VALUES (?, ?, 1, NULL, ST_Multi(ST_GeomFromText(?, 4490)))
     ON CONFLICT (code) DO NOTHING`,
    [
      PROVINCE.code,
      PROVINCE.name,
      `POLYGON((${HEILONGJIANG_OUTLINE.map(([lon, lat]) => `${lon} ${lat}`).join(', ')}))`,
    ],
  );

  const ring = cityRing(prng.fork('city'));
  const cityShape: KmMultiPolygon = [[ring]];
  await trx.raw(
    `INSERT INTO regions (code, name, level, parent_code, boundary)
     VALUES (?, ?, 2, ?, ST_Multi(ST_CollectionExtract(ST_MakeValid(ST_GeomFromText(?, 4490)), 3)))`,
    [CITY.code, CITY.name, PROVINCE.code, polygonWkt(ring)],
  );

  await insertTiledRegions(trx, districtSeeds(prng.fork('districts'), cityShape));
  const districtShapes = await loadBoundaries(trx, 3);

  const streets = planStreets(prng, districtShapes, scale);
  await insertTiledRegions(
    trx,
    streets.map((s) => ({
      code: s.code,
      name: s.name,
      level: 4,
      parent_code: districtCode(s.district),
      points: [s.centre],
    })),
  );
  const streetShapes = await loadBoundaries(trx, 4);

  const communities = planCommunities(prng, streets, streetShapes, scale);
  await insertTiledRegions(trx, communities);
  return { cityRing: ring, streets, communityCount: communities.length };
}

/**
 * Districts: each owns its anchors, plus filler points (denser near the centre) given to the district of
 * the nearest anchor. The union of a district's cells is then the anchor Voronoi cell with ragged edges.
 */
function districtSeeds(prng: Prng, cityShape: KmMultiPolygon): RegionSeed[] {
  const anchors = DISTRICTS.flatMap((d) => d.anchors.map((point) => ({ district: d, point })));
  for (const { district, point } of anchors) {
    if (!contains(cityShape, point))
      throw new Error(`anchor ${point.join(',')} of ${district.name} is outside the city`);
  }
  const fillers = spreadPoints(prng, cityShape, 420, {
    existing: anchors.map((a) => a.point),
    spacing: (p) => 0.5 + 0.07 * Math.hypot(p[0], p[1]),
  });
  const pointsByDistrict = new Map<DistrictSpec, Km[]>(DISTRICTS.map((d) => [d, [...(d.anchors as Km[])]]));
  for (const p of fillers) {
    let nearest = anchors[0];
    for (const a of anchors) if (nearest && distance(p, a.point) < distance(p, nearest.point)) nearest = a;
    if (nearest) pointsByDistrict.get(nearest.district)?.push(p);
  }
  return DISTRICTS.map((d) => ({
    code: districtCode(d),
    name: d.name,
    level: 3,
    parent_code: CITY.code,
    points: pointsByDistrict.get(d) ?? [],
  }));
}

function planStreets(prng: Prng, districtShapes: Map<string, KmMultiPolygon>, scale: number): StreetPlan[] {
  const plans: StreetPlan[] = [];
  for (const district of DISTRICTS) {
    const random = prng.fork(`streets:${district.code6}`);
    const shape = districtShapes.get(districtCode(district));
    if (!shape) throw new Error(`district ${district.name} has no boundary`);
    const seat = district.anchors[0] as Km;
    const count = Math.min(
      90,
      Math.max(3, Math.round(district.baseStreets * Math.sqrt(scale)) + random.int(-1, 1)),
    );
    // Denser towards the urban centre and the district seat, as real street offices are.
    const points = spreadPoints(random, shape, count, {
      spacing: (p) => 0.5 + 0.15 * Math.min(Math.hypot(p[0], p[1]), distance(p, seat)),
    }).sort((a, b) => distance(a, seat) - distance(b, seat));

    const streetNames = [...district.streetNames];
    const townNames = [...district.townNames];
    const taken = new Set<string>();
    let streetSerial = 0;
    let townSerial = 100;
    points.forEach((centre, index) => {
      const fromCentre = Math.hypot(centre[0], centre[1]);
      const urban =
        index === 0 ||
        fromCentre < (district.inner ? INNER_URBAN_RADIUS_KM : URBAN_RADIUS_KM) ||
        (!district.inner && distance(centre, seat) < SEAT_TOWN_RADIUS_KM);
      const kind: StreetKind = urban ? 'street' : 'town';
      const pool = urban ? streetNames : townNames;
      let name = pool.shift();
      while (name && taken.has(name)) name = pool.shift();
      if (name) taken.add(name);
      else name = urban ? streetName(random, taken) : townName(random, taken);
      const serial = urban ? ++streetSerial : ++townSerial;
      plans.push({ code: `${district.code6}${pad3(serial)}000`, name, kind, district, centre });
    });
  }
  return plans;
}

function planCommunities(
  prng: Prng,
  streets: StreetPlan[],
  streetShapes: Map<string, KmMultiPolygon>,
  scale: number,
): RegionSeed[] {
  const seeds: RegionSeed[] = [];
  const takenByDistrict = new Map<string, Set<string>>();
  for (const street of streets) {
    const random = prng.fork(`communities:${street.code}`);
    const shape = streetShapes.get(street.code);
    if (!shape) throw new Error(`street ${street.name} has no boundary`);
    const taken = takenByDistrict.get(street.district.code6) ?? new Set<string>();
    takenByDistrict.set(street.district.code6, taken);
    const base =
      street.kind === 'street'
        ? street.district.inner
          ? random.int(4, 6)
          : random.int(3, 5)
        : random.int(3, 5);
    const count = Math.min(150, Math.max(2, Math.round(base * Math.sqrt(scale))));
    const points = spreadPoints(random, shape, count).sort(
      (a, b) => distance(a, street.centre) - distance(b, street.centre),
    );
    // A town has a few residents' communities around its seat; the rest are villages.
    const urbanCount = street.kind === 'street' ? points.length : Math.max(1, Math.round(points.length / 3));
    let communitySerial = 0;
    let villageSerial = 200;
    points.forEach((point, index) => {
      const urban = index < urbanCount;
      const serial = urban ? ++communitySerial : ++villageSerial;
      seeds.push({
        code: `${street.code.slice(0, 9)}${pad3(serial)}`,
        name: urban ? communityName(random, taken) : villageName(random, taken),
        level: 5,
        parent_code: street.code,
        points: [point],
      });
    });
  }
  return seeds;
}
