/**
 * Bringing a file's geometries to what we store: 2D CGCS2000 longitude/latitude. Longitude/latitude input passes
 * unchanged (WGS84 ≈ CGCS2000), GCJ-02/BD-09 go through gcoord, projected coordinates through PostGIS.
 * A geometry whose structure is broken is not sent anywhere: it comes back with a problem for the report.
 */
import gcoordModule from 'gcoord';
import type { Tx } from '../db/knex.ts';
import { badFile } from './errors.ts';
import type { SourceCrs } from './crs.ts';
import type { Geometry, SourceFeature } from './source.ts';
import { transformToStorage } from './store.ts';

// gcoord's types declare an ES default export; its CommonJS build is that object itself.
const gcoord = gcoordModule as unknown as (typeof gcoordModule)['default'];

/** Array levels above the positions, per GeoJSON geometry type. */
const DEPTH: Record<string, number> = {
  Point: 0,
  MultiPoint: 1,
  LineString: 1,
  MultiLineString: 2,
  Polygon: 2,
  MultiPolygon: 3,
};

type Coordinates = number[] | Coordinates[];

/** The coordinates with every position cut to [x, y]; undefined when the nesting or a number is wrong. */
function flat2d(value: unknown, depth: number): Coordinates | undefined {
  if (!Array.isArray(value)) return undefined;
  if (depth === 0) {
    const [x, y] = value as unknown[];
    return typeof x === 'number' && typeof y === 'number' && Number.isFinite(x) && Number.isFinite(y)
      ? [x, y]
      : undefined;
  }
  const out: Coordinates[] = [];
  for (const item of value) {
    const inner = flat2d(item, depth - 1);
    if (!inner) return undefined;
    out.push(inner);
  }
  return out;
}

function* positions(coordinates: Coordinates): Generator<number[]> {
  if (typeof coordinates[0] === 'number') yield coordinates as number[];
  else for (const inner of coordinates as Coordinates[]) yield* positions(inner);
}

const lonLat = ([x, y]: number[]) => Math.abs(x!) <= 180 && Math.abs(y!) <= 90;

export interface StoredGeometry {
  geometry: Geometry | null;
  /** Why this feature's geometry cannot be used (reported at `geometry`). */
  problem?: string;
}

function structured(geometry: Geometry | null): StoredGeometry {
  if (!geometry) return { geometry: null };
  const depth = DEPTH[geometry.type];
  if (depth === undefined) return { geometry: null, problem: `不支持的几何类型 ${geometry.type}` };
  const coordinates = flat2d(geometry.coordinates, depth);
  if (!coordinates) return { geometry: null, problem: `${geometry.type} 的坐标结构无效` };
  return { geometry: { type: geometry.type, coordinates } };
}

/**
 * Projected → CGCS2000 in one statement; if PostGIS refuses one geometry (coordinates beyond the projection's
 * limits), each again in its own savepoint so only that one is rejected.
 */
async function transformEach(trx: Tx, items: StoredGeometry[], crs: SourceCrs): Promise<void> {
  const transform = (batch: StoredGeometry[]) =>
    trx.transaction(async (sp) => {
      const stored = await transformToStorage(
        sp,
        batch.map((item) => JSON.stringify(item.geometry)),
        crs.srid!,
      );
      batch.forEach((item, i) => (item.geometry = stored[i] as Geometry));
    });
  try {
    await transform(items);
  } catch {
    for (const item of items) {
      await transform([item]).catch((err: Error) => {
        item.problem = `坐标无法从 ${crs.code} 转换：${err.message}`;
        item.geometry = null;
      });
    }
  }
}

/**
 * Every feature's geometry as stored, in order. A file whose coordinates are all outside longitude/latitude (or
 * all inside it while a projection is declared) has the wrong coordinate system: that is a 400 for the file.
 */
export async function toStorage(
  trx: Tx,
  features: SourceFeature[],
  crs: SourceCrs,
): Promise<StoredGeometry[]> {
  const out = features.map((feature) => structured(feature.geometry));
  const present = out.filter((item) => item.geometry);
  const degrees = present.filter((item) =>
    [...positions(item.geometry!.coordinates as Coordinates)].every(lonLat),
  ).length;
  if (crs.kind === 'projected') {
    if (present.length && degrees === present.length)
      throw badFile(
        `坐标看起来是经纬度，而坐标系为投影坐标系 ${crs.code}（${crs.name}）：请检查 .prj 或 crs 参数`,
      );
    await transformEach(trx, present, crs);
    return out;
  }
  if (present.length && degrees === 0)
    throw badFile(
      `坐标超出经纬度范围，文件可能使用投影坐标（米）：请附带 .prj，或用 crs 参数声明投影坐标系（如 crs=EPSG:4551）`,
    );
  if (crs.kind === 'gcj02' || crs.kind === 'bd09') {
    const from = crs.kind === 'gcj02' ? gcoord.GCJ02 : gcoord.BD09;
    for (const item of present)
      item.geometry = gcoord.transform(
        item.geometry as Parameters<typeof gcoord.transform>[0],
        from,
        gcoord.WGS84,
      ) as Geometry;
  }
  return out;
}
