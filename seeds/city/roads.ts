/**
 * The demo basemap's road network: ring roads around the centre, radial expressways, an arterial grid in
 * the old core (south of the river) and in 松北's new town, secondary streets between them, county roads
 * linking the towns (a minimum spanning tree over street/town seats), and local lanes in the urban streets.
 * Lines are drawn in km, clipped in PostGIS to the city (and to their zone), and filed under the district
 * holding most of their length — or the city, for roads no district holds 80 % of.
 */
import type { Knex } from 'knex';
import type { Prng } from '../prng.ts';
import { type Km, distance, lineWkt, polygonWkt, wobblyLine, wobblyRing } from './geo.ts';
import { CITY } from './harbin.ts';
import { chineseNumber, placeStem, uniqueName } from './names.ts';
import type { CityPlan, StreetPlan } from './regions.ts';

type RoadClass = 'expressway' | 'arterial' | 'secondary' | 'local';

interface RoadDraft {
  name: string;
  road_class: RoadClass;
  lines: Km[][];
  /** Only the part inside this ring is kept (besides the city clip). */
  zone?: Km[];
}

/** The old core's centre: the rings and the grid are drawn around it. */
const CORE: Km = [1, -1];
/** The Songhua river's course, simplified to a line of latitude (km north of the centre). */
const RIVER_Y = 4.5;
/** Harbin's old grid runs about 25° off north. */
const GRID_ANGLE = (-25 * Math.PI) / 180;

const words = (text: string) => text.split(/\s+/).filter(Boolean);
/** Arterials of the old core, one list per grid direction (real Harbin names). */
const CORE_ARTERIALS_A = words(
  '红旗大街 中山路 学府路 和平路 先锋路 哈平路 宣化街 中兴大道 果戈里大街 文昌街 红军街 友谊路 经纬街 新阳路 安发街 通达街',
);
const CORE_ARTERIALS_B = words(
  '长江路 黄河路 西大直街 东大直街 嵩山路 珠江路 赣水路 湘江路 征仪路 三大动力路 南直路 东直路 靖宇街 康安路 群力大道 顾乡大街',
);
const SONGBEI_ARTERIALS = words(
  '世茂大道 松北大道 创新路 中源大道 祥安北大街 科技大道 智谷大街 龙川路 学海街 松祥街',
);
const SECONDARY_WORDS = words(
  '海城 地段 尚志 兆麟 透笼 西十二道 霁虹 上游 邮政 耀景 联发 大成 复华 花园 士课 河图 公司 鞍山 曲线 ' +
    '衡山 泰山 华山 黄山 庐山 峨眉 长白 松山 汉水 闽江 淮河 钱塘 辽河 松花 嫩江 牡丹 乌苏 兴安',
);

export async function seedRoads(trx: Knex.Transaction, prng: Prng, plan: CityPlan): Promise<void> {
  const names = new Set<string>();
  const drafts = [
    ...ringRoads(prng.fork('rings')),
    ...radialExpressways(prng.fork('radials')),
    ...coreGrid(prng.fork('core-grid'), names),
    ...songbeiGrid(prng.fork('songbei-grid'), names),
    ...countyRoads(prng.fork('county'), plan.streets, names),
    ...localLanes(prng.fork('lanes'), plan.streets),
  ];
  await insertRoads(trx, drafts);
}

function ringRoads(prng: Prng): RoadDraft[] {
  const ring = (radiusX: number, radiusY: number) => [
    wobblyRing(prng, { centre: CORE, radiusX, radiusY, vertices: 64, roughness: 0.05 }),
  ];
  return [
    { name: '一环路', road_class: 'arterial', lines: ring(3.2, 2.6) },
    { name: '二环路', road_class: 'arterial', lines: ring(6.2, 5.2) },
    { name: '三环路', road_class: 'expressway', lines: ring(10.5, 9) },
    { name: '哈尔滨绕城高速', road_class: 'expressway', lines: ring(19, 17) },
  ];
}

/** Expressways leaving the 三环 towards the cities they are named after; angles from east, anticlockwise. */
function radialExpressways(prng: Prng): RoadDraft[] {
  const radials: [string, number][] = [
    ['哈同高速', 15],
    ['哈伊高速', 80],
    ['哈大齐高速', 155],
    ['机场高速', 175],
    ['京哈高速', 215],
    ['哈五高速', 265],
    ['哈牡高速', 330],
  ];
  return radials.map(([name, degrees]) => {
    const angle = (degrees * Math.PI) / 180 + prng.normal(0, 0.03);
    const at = (r: number, bend = 0): Km => [
      CORE[0] + r * Math.cos(angle + bend),
      CORE[1] + r * Math.sin(angle + bend),
    ];
    // A gentle bend half-way, so the expressway does not look ruled.
    const bend = prng.normal(0, 0.06);
    const line = [
      ...wobblyLine(prng, at(9.5), at(25, bend), { segmentKm: 3, jitterKm: 0.1 }),
      ...wobblyLine(prng, at(25, bend), at(50, bend / 2), { segmentKm: 3, jitterKm: 0.1 }).slice(1),
    ];
    return { name, road_class: 'expressway', lines: [line] };
  });
}

/** A disc cut by a horizontal line: the ring of the zone a grid is clipped to. */
function zone(centre: Km, radius: number, clampY: (y: number) => number): Km[] {
  return Array.from({ length: 49 }, (_, i) => {
    const a = (2 * Math.PI * (i % 48)) / 48;
    return [centre[0] + radius * Math.cos(a), clampY(centre[1] + radius * Math.sin(a))] as Km;
  });
}

/** Lines of a grid rotated by GRID_ANGLE: `offset` across, spanning ±`half` along. */
function gridLine(centre: Km, direction: 0 | 1, offset: number, from: number, to: number): [Km, Km] {
  const angle = GRID_ANGLE + (direction === 0 ? Math.PI / 2 : 0);
  const along: Km = [Math.cos(angle), Math.sin(angle)];
  const across: Km = [-along[1], along[0]];
  const point = (t: number): Km => [
    centre[0] + across[0] * offset + along[0] * t,
    centre[1] + across[1] * offset + along[1] * t,
  ];
  return [point(from), point(to)];
}

/** Keeps random runs of `blocks` equal pieces of a segment (secondary streets stop and start). */
function brokenLine(prng: Prng, [a, b]: [Km, Km], blocks: number, keep: number): Km[][] {
  const at = (t: number): Km => [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t];
  const runs: Km[][] = [];
  let start: number | undefined;
  for (let i = 0; i <= blocks; i++) {
    const kept = i < blocks && prng.bool(keep);
    if (kept && start === undefined) start = i;
    if (!kept && start !== undefined) {
      runs.push(wobblyLine(prng, at(start / blocks), at(i / blocks), { jitterKm: 0.02 }));
      start = undefined;
    }
  }
  return runs;
}

function secondaryName(prng: Prng, taken: Set<string>): string {
  return uniqueName(
    taken,
    () => `${prng.pick(SECONDARY_WORDS)}${prng.pick(['街', '路', '街', '道街'])}`,
    (n) => `${prng.pick(SECONDARY_WORDS)}${chineseNumber(n)}道街`,
  );
}

function gridRoads(
  prng: Prng,
  options: { centre: Km; radius: number; spacing: number; zone: Km[]; arterials: string[][] },
  taken: Set<string>,
): RoadDraft[] {
  const { centre, radius, spacing, arterials } = options;
  const roads: RoadDraft[] = [];
  const lines = Math.floor(radius / spacing);
  for (const direction of [0, 1] as const) {
    const pool = [...(arterials[direction] ?? [])];
    for (let k = -lines; k <= lines; k++) {
      const offset = k * spacing + prng.normal(0, spacing * 0.08);
      const ends = gridLine(centre, direction, offset, -radius, radius);
      let name = pool.shift();
      while (name && taken.has(name)) name = pool.shift();
      if (name) taken.add(name);
      roads.push({
        name: name ?? secondaryName(prng, taken),
        road_class: name ? 'arterial' : 'secondary',
        lines: [wobblyLine(prng, ends[0], ends[1], { jitterKm: 0.03 })],
        zone: options.zone,
      });
      // A secondary street half-way to the next arterial, broken into runs.
      if (k < lines) {
        const mid = gridLine(centre, direction, offset + spacing / 2, -radius, radius);
        const runs = brokenLine(prng, mid, Math.round((2 * radius) / 1.2), 0.65);
        if (runs.length)
          roads.push({
            name: secondaryName(prng, taken),
            road_class: 'secondary',
            lines: runs,
            zone: options.zone,
          });
      }
    }
  }
  return roads;
}

function coreGrid(prng: Prng, taken: Set<string>): RoadDraft[] {
  return gridRoads(
    prng,
    {
      centre: CORE,
      radius: 9,
      spacing: 1.6,
      zone: zone(CORE, 9, (y) => Math.min(y, RIVER_Y)),
      arterials: [CORE_ARTERIALS_A, CORE_ARTERIALS_B],
    },
    taken,
  );
}

function songbeiGrid(prng: Prng, taken: Set<string>): RoadDraft[] {
  const centre: Km = [-2, 10];
  return gridRoads(
    prng,
    {
      centre,
      radius: 5,
      spacing: 1.8,
      zone: zone(centre, 5, (y) => Math.max(y, RIVER_Y + 1)),
      arterials: [SONGBEI_ARTERIALS.slice(0, 5), SONGBEI_ARTERIALS.slice(5)],
    },
    taken,
  );
}

/**
 * County roads: a minimum spanning tree (Prim) over the seats of the streets and towns outside the core,
 * plus eight points on the 三环路 where the tree joins the city.
 */
function countyRoads(prng: Prng, streets: StreetPlan[], taken: Set<string>): RoadDraft[] {
  interface Node {
    point: Km;
    stem: string;
  }
  const nodes: Node[] = [
    ...Array.from({ length: 8 }, (_, i): Node => {
      const a = (2 * Math.PI * i) / 8 + Math.PI / 8;
      return { point: [CORE[0] + 10.5 * Math.cos(a), CORE[1] + 9 * Math.sin(a)], stem: '哈' };
    }),
    ...streets
      .filter((s) => Math.hypot(s.centre[0] - CORE[0], s.centre[1] - CORE[1]) > 11)
      .map((s): Node => ({ point: s.centre, stem: placeStem(s.name) })),
  ];
  const inTree = new Set<number>([nodes.length - 1]);
  const roads: RoadDraft[] = [];
  while (inTree.size < nodes.length) {
    let best: [number, number] | undefined;
    let bestLength = Infinity;
    for (const i of inTree) {
      for (let j = 0; j < nodes.length; j++) {
        if (inTree.has(j)) continue;
        const length = distance((nodes[i] as Node).point, (nodes[j] as Node).point);
        // Two ring points are already joined by the ring road itself.
        const bothOnRing = (nodes[i] as Node).stem === '哈' && (nodes[j] as Node).stem === '哈';
        if (!bothOnRing && length < bestLength) {
          best = [i, j];
          bestLength = length;
        }
      }
    }
    if (!best) break;
    inTree.add(best[1]);
    const [a, b] = best.map((k) => nodes[k] as Node) as [Node, Node];
    const [first, second] = a.stem === '哈' ? [a, b] : [b, a];
    const name = uniqueName(
      taken,
      () => `${first.stem.slice(0, 1)}${second.stem.slice(0, 1)}公路`,
      (n) => `${first.stem}${second.stem}${chineseNumber(n)}线`,
    );
    roads.push({
      name,
      road_class: 'secondary',
      lines: [wobblyLine(prng, first.point, second.point, { segmentKm: 1.2, jitterKm: 0.15 })],
    });
  }
  return roads;
}

/** Local lanes through the urban streets: 头道街, 二道街 … named after their street, Harbin style. */
function localLanes(prng: Prng, streets: StreetPlan[]): RoadDraft[] {
  const roads: RoadDraft[] = [];
  for (const street of streets) {
    if (street.kind !== 'street') continue;
    const lanes = street.district.inner ? prng.int(1, 3) : prng.int(0, 2);
    const stem = placeStem(street.name);
    for (let i = 1; i <= lanes; i++) {
      const centre: Km = [street.centre[0] + prng.normal(0, 0.4), street.centre[1] + prng.normal(0, 0.4)];
      const half = prng.range(0.4, 0.8);
      const ends = gridLine(centre, prng.bool() ? 0 : 1, 0, -half, half);
      roads.push({
        name: `${stem}${i === 1 ? '头' : chineseNumber(i)}道街`,
        road_class: 'local',
        lines: [wobblyLine(prng, ends[0], ends[1], { segmentKm: 0.4, jitterKm: 0.01 })],
      });
    }
  }
  return roads;
}

async function insertRoads(trx: Knex.Transaction, drafts: RoadDraft[]): Promise<void> {
  const rows = drafts.map((d, ord) => ({
    ord,
    name: d.name,
    road_class: d.road_class,
    wkt: lineWkt(d.lines),
    zone: d.zone ? polygonWkt(d.zone) : null,
  }));
  await trx.raw(
    `WITH draft AS (
       SELECT d.ord, d.name, d.road_class, ST_GeomFromText(d.wkt, 4490) AS line,
              ST_GeomFromText(d.zone, 4490) AS zone
       FROM json_to_recordset(?::json) AS d(ord int, name text, road_class text, wkt text, zone text)
     ),
     clipped AS (
       SELECT d.ord, d.name, d.road_class,
              ST_Multi(ST_CollectionExtract(
                ST_Intersection(CASE WHEN d.zone IS NULL THEN d.line ELSE ST_Intersection(d.line, d.zone) END,
                                c.boundary), 2)) AS geom
       FROM draft d CROSS JOIN regions c
       WHERE c.code = ?
     )
     INSERT INTO roads (region_code, name, road_class, geom)
     SELECT CASE WHEN top.share >= 0.8 THEN top.code ELSE ? END, r.name, r.road_class, r.geom
     FROM clipped r
     LEFT JOIN LATERAL (
       SELECT d.code, ST_Length(ST_Intersection(r.geom, d.boundary)) / ST_Length(r.geom) AS share
       FROM regions d
       WHERE d.level = 3 AND ST_Intersects(d.boundary, r.geom)
       ORDER BY share DESC, d.code
       LIMIT 1
     ) top ON true
     WHERE NOT ST_IsEmpty(r.geom) AND ST_Length(r.geom) > 0
     ORDER BY r.ord`,
    [JSON.stringify(rows), CITY.code, CITY.code],
  );
}
