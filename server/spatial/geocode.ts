/**
 * Geocoding of a household's 户籍地址 (A.3.8) against the regions of the city. The names of district, street and
 * community (or a region code) lead down to the finest region that matches; the point is then placed inside it,
 * deterministically, so the same address always lands on the same spot:
 * - road and house number given and the road crosses the community: on that road inside the community, at a
 *   position derived from the house number (quality `address`);
 * - other address detail: a point scattered inside the region, seeded by a hash of the address;
 * - nothing finer than the region: the region's point on surface.
 * A manual point can be given instead; its region is then the community containing it (quality `manual`).
 */
import { createHash } from 'node:crypto';
import type { Db, Tx } from '../db/knex.ts';
import { inScope, regionPrefix, type Scope } from '../access/scope.ts';
import { fieldError } from '../http/errors.ts';
import type { RegionRow } from '../regions/store.ts';
import { REGION_UNUSABLE, assertRegionUsable } from './placement.ts';
import { escapeLike } from '../shared/like.ts';

type Conn = Db | Tx;

export type GeocodeQuality = 'address' | 'community' | 'street' | 'district' | 'manual';

export interface HukouAddress {
  region_code?: string | null;
  hukou_district?: string | null;
  hukou_street?: string | null;
  hukou_community?: string | null;
  hukou_road?: string | null;
  hukou_house_no?: string | null;
  hukou_building?: string | null;
  hukou_room?: string | null;
  geometry?: { type: 'Point'; coordinates: number[] } | null;
}

export interface Geocoded {
  region_code: string;
  geocode_quality: GeocodeQuality;
  lng: number;
  lat: number;
}

const NAMED_LEVELS = [
  [3, 'hukou_district', '区县'],
  [4, 'hukou_street', '街道'],
  [5, 'hukou_community', '社区'],
] as const;

const QUALITY_OF_LEVEL: Record<number, GeocodeQuality> = { 3: 'district', 4: 'street', 5: 'community' };

/** The province+city digits of the user's scope: names are looked up in the user's city. */
const cityPrefixOf = (scope: Scope) => scope.regionPrefix.slice(0, 4);

/** A positive 31-bit seed from the address text (ST_GeneratePoints wants a positive integer). */
function seedOf(text: string): number {
  return createHash('sha1').update(text).digest().readUInt32BE(0) & 0x7fffffff || 1;
}

async function regionByCode(conn: Conn, code: string): Promise<RegionRow> {
  return (await conn('regions')
    .select('code', 'name', 'level', 'parent_code')
    .where({ code })
    .first()) as RegionRow;
}

/** Follows the named levels below `start`; a name may be shortened (南岗 for 南岗区). */
async function descend(
  conn: Conn,
  scope: Scope,
  start: RegionRow,
  address: HukouAddress,
  at: string,
): Promise<{ region: RegionRow; field: string }> {
  let region = start;
  let field = 'region_code';
  for (const [level, key, label] of NAMED_LEVELS) {
    const name = address[key]?.trim();
    if (!name || level <= region.level) continue;
    const candidates = (await conn('regions')
      .select('code', 'name', 'level', 'parent_code')
      .where('level', level)
      .where('code', 'like', `${regionPrefix(region.code)}%`)
      .where((q) => void q.where('name', name).orWhere('name', 'like', `${escapeLike(name)}%`))
      .orderBy('code')) as RegionRow[];
    let pool = candidates.some((c) => c.name === name)
      ? candidates.filter((c) => c.name === name)
      : candidates;
    if (pool.length > 1 && pool.some((c) => inScope(scope, c.code)))
      pool = pool.filter((c) => inScope(scope, c.code));
    if (!pool.length) throw fieldError(`${at}.${key}`, `${region.name}下没有名为“${name}”的${label}`);
    if (pool.length > 1) {
      throw fieldError(`${at}.${key}`, `${region.name}下名为“${name}”的${label}不止一个，请同时填写上级区划`);
    }
    region = pool[0]!;
    field = key;
  }
  return { region, field };
}

/** Where a manual point is: the finest region of the user's city containing it, and the name of its district. */
async function regionAt(conn: Conn, scope: Scope, lng: number, lat: number) {
  return (await conn('regions as r')
    .leftJoin('regions as d', 'd.code', conn.raw(`rpad(left(r.code, 6), 12, '0')`))
    .select('r.code', 'r.name', 'r.level', 'd.name as district')
    .where('r.code', 'like', `${cityPrefixOf(scope)}%`)
    .where('r.level', '>=', 2)
    .whereRaw('ST_Covers(r.boundary, ST_SetSRID(ST_MakePoint(?, ?), 4490))', [lng, lat])
    .orderBy('r.level', 'desc')
    .first()) as (RegionRow & { district: string | null }) | undefined;
}

async function manual(
  conn: Conn,
  scope: Scope,
  point: { coordinates: number[] },
  regionCode: string | null | undefined,
  at: string,
): Promise<Geocoded> {
  const [lng, lat] = point.coordinates as [number, number];
  const path = `${at}.geometry`;
  const region = await regionAt(conn, scope, lng, lat);
  if (!region || region.level < 3) throw fieldError(path, '位置超出本市范围（不在任何区县内）');
  const where = region.level === 3 ? region.name : `${region.district}${region.name}`;
  if (!inScope(scope, region.code)) throw fieldError(path, `位置在${where}，不在您的管辖范围内`);
  if (regionCode && !region.code.startsWith(regionPrefix(regionCode))) {
    throw fieldError(path, `位置在${where}，不在所填行政区划内`);
  }
  return { region_code: region.code, geocode_quality: 'manual', lng, lat };
}

/** A point on the named road inside the community, at a house-number-derived position along it. */
async function onRoad(conn: Conn, community: string, road: string, seed: number) {
  const { rows } = await conn.raw<{ rows: { lng: number; lat: number }[] }>(
    `SELECT ST_X(p) AS lng, ST_Y(p) AS lat FROM (
       SELECT ST_LineInterpolatePoint(part.geom, ?) AS p
         FROM roads r JOIN regions c ON c.code = ? AND ST_Intersects(r.geom, c.boundary),
              LATERAL ST_Dump(ST_Intersection(r.geom, c.boundary)) AS part
        WHERE r.name = ? AND ST_GeometryType(part.geom) = 'ST_LineString'
        ORDER BY ST_Length(part.geom) DESC LIMIT 1) x`,
    // 5 %–95 % along the longest stretch inside the community, never at its ends (the community's edge).
    [0.05 + 0.9 * ((seed % 997) / 997), community, road],
  );
  return rows[0];
}

/** A deterministic point inside the region: scattered by the address seed, or its point on surface. */
async function inside(conn: Conn, code: string, seed: number | undefined) {
  const point = seed ? 'ST_GeometryN(ST_GeneratePoints(boundary, 1, ?), 1)' : 'label_point';
  const { rows } = await conn.raw<{ rows: { lng: number; lat: number }[] }>(
    `SELECT ST_X(p) AS lng, ST_Y(p) AS lat FROM (SELECT ${point} AS p FROM regions WHERE code = ?) x`,
    seed ? [seed, code] : [code],
  );
  return rows[0]!;
}

/**
 * Geocodes a household address for a user: the region must be in the user's scope (else 400 on the field that
 * led there, saying no more than for an unknown code).
 */
export async function geocodeHousehold(
  conn: Conn,
  scope: Scope,
  address: HukouAddress,
  at = 'body',
): Promise<Geocoded> {
  if (address.region_code) await assertRegionUsable(conn, scope, address.region_code, `${at}.region_code`);
  if (address.geometry) return manual(conn, scope, address.geometry, address.region_code, at);

  const start = await regionByCode(conn, address.region_code ?? `${cityPrefixOf(scope)}`.padEnd(12, '0'));
  const { region, field } = await descend(conn, scope, start, address, at);
  if (region.level < 3) {
    throw fieldError(`${at}.hukou_district`, '请填写户籍所在区县、街道、社区名称或行政区划代码');
  }
  if (!inScope(scope, region.code)) throw fieldError(`${at}.${field}`, REGION_UNUSABLE);

  const detail = [address.hukou_road, address.hukou_house_no, address.hukou_building, address.hukou_room]
    .map((part) => part?.trim())
    .filter(Boolean)
    .join('|');
  const seed = detail ? seedOf(`${region.code}|${detail}`) : undefined;
  if (seed && region.level === 5 && address.hukou_road?.trim() && address.hukou_house_no?.trim()) {
    const point = await onRoad(conn, region.code, address.hukou_road.trim(), seed);
    if (point) return { region_code: region.code, geocode_quality: 'address', ...point };
  }
  const point = await inside(conn, region.code, seed);
  return { region_code: region.code, geocode_quality: QUALITY_OF_LEVEL[region.level]!, ...point };
}
