/**
 * The basemap's water and green areas: the 松花江 (Songhua) as a band a kilometre wide running west–east a few
 * km north of the centre (where the road grids leave room for it, seeds/city/roads.ts), its tributaries 呼兰河
 * and 阿什河, a few lakes and wetlands, and the parks a Harbin map shows (太阳岛, 兆麟公园, 斯大林公园 …).
 * Plausible rather than surveyed, deterministic (its own fork of the demo seed), clipped to the city in
 * PostGIS and filed under the district holding most of each area (or the city, like long roads).
 */
import type { Knex } from 'knex';
import { DEMO_SEED, Prng } from '../prng.ts';
import { type Km, polygonWkt, wobblyRing } from './geo.ts';
import { CITY } from './harbin.ts';

type AreaKind = 'water' | 'green';

interface AreaDraft {
  kind: AreaKind;
  name: string;
  /** Outer rings in km, each closed. */
  rings: Km[][];
}

/** The Songhua's centre line: y (km north) at x (km east); gentle where the grids border it, freer outside. */
function songhuaY(prng: Prng): (x: number) => number {
  const phases = [prng.range(0, 2 * Math.PI), prng.range(0, 2 * Math.PI)];
  return (x) => {
    const freedom = Math.min(1, Math.max(0, (Math.abs(x) - 9) / 8)); // 0 by the old core, 1 from 17 km out
    return (
      5 +
      0.12 * Math.sin(x / 3 + phases[0]!) +
      freedom * (1.4 * Math.sin(x / 9 + phases[1]!) + 0.5 * Math.sin(x / 4.3 + phases[0]!))
    );
  };
}

/**
 * A river band along a centre line given as points, `halfWidth(t)` km to each side (t from 0 to 1 along it).
 * Offsets follow the local normal; the curvature is gentle against the width, so the ring does not cross itself.
 */
function band(centre: Km[], halfWidth: (t: number) => number): Km[] {
  const left: Km[] = [];
  const right: Km[] = [];
  centre.forEach((p, i) => {
    const a = centre[Math.max(0, i - 1)]!;
    const b = centre[Math.min(centre.length - 1, i + 1)]!;
    const length = Math.hypot(b[0] - a[0], b[1] - a[1]) || 1;
    const nx = -(b[1] - a[1]) / length;
    const ny = (b[0] - a[0]) / length;
    const w = halfWidth(i / (centre.length - 1));
    left.push([p[0] + nx * w, p[1] + ny * w]);
    right.push([p[0] - nx * w, p[1] - ny * w]);
  });
  return [...left, ...right.reverse(), left[0]!];
}

/** A meandering centre line from a to b: points every `stepKm`, pushed sideways by two smooth sines. */
function meander(prng: Prng, a: Km, b: Km, amplitudeKm: number, stepKm = 0.4): Km[] {
  const length = Math.hypot(b[0] - a[0], b[1] - a[1]);
  const steps = Math.max(2, Math.ceil(length / stepKm));
  const [nx, ny] = [-(b[1] - a[1]) / length, (b[0] - a[0]) / length];
  const [p1, p2] = [prng.range(0, 2 * Math.PI), prng.range(0, 2 * Math.PI)];
  return Array.from({ length: steps + 1 }, (_, i) => {
    const t = i / steps;
    // Zero at both ends, so the tributary meets the Songhua where it is aimed.
    const off = Math.sin(Math.PI * t) * amplitudeKm * (Math.sin(t * 7 + p1) + 0.4 * Math.sin(t * 17 + p2));
    return [a[0] + (b[0] - a[0]) * t + nx * off, a[1] + (b[1] - a[1]) * t + ny * off] as Km;
  });
}

function rivers(prng: Prng): AreaDraft[] {
  const y = songhuaY(prng.fork('songhua'));
  const songhua: Km[] = [];
  for (let x = -48; x <= 48; x += 0.4) songhua.push([x, y(x)]);
  return [
    {
      kind: 'water',
      name: '松花江',
      // About 1 km wide by the old core, wider downstream (east) where the Hulan and the Ashi have joined.
      rings: [band(songhua, (t) => 0.42 + 0.25 * t + 0.06 * Math.sin(t * 40))],
    },
    {
      kind: 'water',
      name: '呼兰河',
      rings: [band(meander(prng.fork('hulan'), [4, 34], [13, y(13)], 1.8), () => 0.14)],
    },
    {
      kind: 'water',
      name: '阿什河',
      rings: [band(meander(prng.fork('ashi'), [24, -30], [19, y(19)], 1.5), () => 0.09)],
    },
    {
      kind: 'water',
      name: '运粮河',
      rings: [band(meander(prng.fork('yunliang'), [-16, -14], [-18, y(-18)], 1), () => 0.05)],
    },
  ];
}

/** Lakes, wetlands and parks: [kind, name, centre, radius x, radius y] (km); drawn as wobbly ellipses. */
const BLOBS: [AreaKind, string, Km, number, number][] = [
  ['green', '太阳岛风景区', [-2, 6.6], 2.3, 0.95],
  ['green', '斯大林公园', [-1, 4.05], 1.9, 0.16],
  ['green', '兆麟公园', [-1.6, 3.0], 0.35, 0.28],
  ['green', '儿童公园', [1.8, -1.8], 0.3, 0.25],
  ['green', '文化公园', [3.2, -0.6], 0.42, 0.34],
  ['green', '哈尔滨植物园', [4.6, -4.6], 0.75, 0.6],
  ['green', '群力国家城市湿地公园', [-12.5, 0.6], 0.65, 0.5],
  ['green', '金河湾湿地植物园', [-8.5, 6.7], 1.3, 0.7],
  ['green', '东北虎林园', [3.8, 7.3], 1.0, 0.6],
  ['green', '哈尔滨森林植物园', [7.5, -8.5], 0.9, 0.7],
  ['green', '伏尔加庄园', [21, -8], 1.2, 0.9],
  ['green', '呼兰河口湿地公园', [11.5, 7.6], 1.6, 0.9],
  ['water', '太阳湖', [-2.3, 6.5], 0.4, 0.22],
  ['water', '金河湾', [-8.6, 6.6], 0.6, 0.3],
  ['water', '群力湿地湖', [-12.4, 0.5], 0.3, 0.2],
  ['water', '植物园湖', [4.7, -4.5], 0.22, 0.15],
  ['water', '西泉眼水库', [27, -22], 2.6, 1.1],
  ['water', '白鱼泡', [7, 10.5], 0.7, 0.45],
];

function blobs(prng: Prng): AreaDraft[] {
  return BLOBS.map(([kind, name, centre, radiusX, radiusY]) => ({
    kind,
    name,
    rings: [wobblyRing(prng.fork(name), { centre, radiusX, radiusY, vertices: 48, roughness: 0.12 })],
  }));
}

/** Replaces the city's water and green areas (idempotent). The city boundary must exist already. */
export async function seedBasemapAreas(trx: Knex | Knex.Transaction): Promise<number> {
  const prng = new Prng(DEMO_SEED).fork('basemap-areas');
  const drafts = [...rivers(prng), ...blobs(prng)];
  const rows = drafts.map((d, ord) => ({
    ord,
    kind: d.kind,
    name: d.name,
    wkt: `MULTIPOLYGON(${d.rings.map((ring) => polygonWkt(ring).slice('MULTIPOLYGON('.length, -1)).join(', ')})`,
  }));
  await trx('basemap_areas')
    .where('region_code', 'like', `${CITY.code.slice(0, 4)}%`)
    .delete();
  const result: { rowCount: number } = await trx.raw(
    `WITH draft AS (
       SELECT d.ord, d.kind, d.name, ST_MakeValid(ST_GeomFromText(d.wkt, 4490)) AS shape
       FROM json_to_recordset(?::json) AS d(ord int, kind text, name text, wkt text)
     ),
     clipped AS (
       SELECT d.ord, d.kind, d.name, ST_Multi(ST_CollectionExtract(ST_Intersection(d.shape, c.boundary), 3)) AS geom
       FROM draft d CROSS JOIN regions c
       WHERE c.code = ?
     )
     INSERT INTO basemap_areas (region_code, kind, name, geom)
     SELECT CASE WHEN top.share >= 0.8 THEN top.code ELSE ? END, a.kind, a.name, a.geom
     FROM clipped a
     LEFT JOIN LATERAL (
       SELECT d.code, ST_Area(ST_Intersection(a.geom, d.boundary)) / ST_Area(a.geom) AS share
       FROM regions d
       WHERE d.level = 3 AND ST_Intersects(d.boundary, a.geom)
       ORDER BY share DESC, d.code
       LIMIT 1
     ) top ON true
     WHERE NOT ST_IsEmpty(a.geom) AND ST_Area(a.geom) > 0
     ORDER BY a.ord`,
    [JSON.stringify(rows), CITY.code, CITY.code],
  );
  return result.rowCount;
}

/** For a city seeded before the basemap had water and green areas: adds them once (a no-op afterwards). */
export async function seedMissingBasemapAreas(db: Knex): Promise<void> {
  const missing = async (q: Knex): Promise<boolean> => {
    const city: unknown = await q('regions').where({ code: CITY.code }).first('code');
    const area: unknown = await q('basemap_areas').first('id');
    return city !== undefined && area === undefined;
  };
  if (!(await missing(db))) return;
  await db.transaction(async (trx) => {
    await trx.raw(`select set_config('hss.actor', 'seed', true)`);
    await trx.raw('LOCK TABLE basemap_areas IN SHARE ROW EXCLUSIVE MODE');
    if (await missing(trx)) await seedBasemapAreas(trx);
  });
}
