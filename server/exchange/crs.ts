/**
 * Which coordinate system an uploaded file is in, from its .prj, its GeoJSON `crs` member or the `crs` the user
 * declares — and whether we can bring it to CGCS2000 (EPSG:4490) longitude/latitude:
 * - CGCS2000 and WGS84 longitude/latitude: the same datum within ~1 m, stored unchanged (ARCHITECTURE.md);
 * - CGCS2000 Gauss-Kruger (3° and 6° zones, with or without the zone prefix) and WGS 84 / UTM over China:
 *   reprojected by PostGIS, recognised by their parameters against `spatial_ref_sys`;
 * - GCJ-02 (AMap, Tencent) and BD-09 (Baidu): only when declared (a .prj cannot say so), converted with gcoord.
 * Other datums (Xian 1980, Beijing 1954) need a seven-parameter transformation we do not have: refused by name.
 */
import { badFile } from './errors.ts';
import { child, children, epsgCodeOf, nameOf, parametersOf, parseWkt, type WktNode } from './wkt.ts';

export type Datum = 'CGCS2000' | 'WGS84';

/** A projected system PostGIS can transform from, with the parameters we match a .prj against. */
export interface ProjectedCrs {
  srid: number;
  name: string;
  datum: Datum;
  /** proj4 parameters: lon_0, lat_0, k, x_0, y_0. */
  params: Record<string, number>;
}

export interface SourceCrs {
  /** How coordinates become CGCS2000 longitude/latitude. */
  kind: 'lonlat' | 'projected' | 'gcj02' | 'bd09';
  /** `EPSG:4490`, `EPSG:4551`, `GCJ02`… — what the report calls `detected`. */
  code: string;
  name: string;
  /** For `projected`: the SRID PostGIS transforms from. */
  srid?: number;
  /** Where we learnt it. */
  from: 'prj' | 'geojson' | 'declared' | 'rfc7946';
}

const LONLAT: Record<Datum, Omit<SourceCrs, 'from'>> = {
  CGCS2000: { kind: 'lonlat', code: 'EPSG:4490', name: 'CGCS2000' },
  WGS84: { kind: 'lonlat', code: 'EPSG:4326', name: 'WGS 84' },
};
const OFFSET: Record<'GCJ02' | 'BD09', Omit<SourceCrs, 'from'>> = {
  GCJ02: { kind: 'gcj02', code: 'GCJ02', name: 'GCJ-02（国测局加密坐标）' },
  BD09: { kind: 'bd09', code: 'BD09', name: 'BD-09（百度坐标）' },
};

/** The datum of a geographic node by its names; undefined for datums we do not take. */
function datumOf(geo: WktNode | undefined): Datum | undefined {
  if (!geo) return undefined;
  const datum = child(geo, 'DATUM', 'TRF', 'GEODETICDATUM');
  const names = `${nameOf(geo)} ${nameOf(datum)}`;
  if (/china.*2000|cgcs\s*_?2000/i.test(names)) return 'CGCS2000';
  if (/wgs[\s_]*(19)?84/i.test(names)) return 'WGS84';
  return undefined;
}

const near = (a: number | undefined, b: number | undefined, tolerance: number) =>
  a !== undefined && b !== undefined && Math.abs(a - b) <= tolerance;

function pick(params: Map<string, number>, ...names: string[]): number | undefined {
  for (const name of names) if (params.has(name)) return params.get(name);
  return undefined;
}

function projectedFromWkt(root: WktNode, file: string, candidates: ProjectedCrs[]): SourceCrs {
  const name = nameOf(root);
  const code = epsgCodeOf(root);
  const byCode = candidates.find((c) => c.srid === code);
  if (byCode)
    return {
      kind: 'projected',
      code: `EPSG:${byCode.srid}`,
      name: byCode.name,
      srid: byCode.srid,
      from: 'prj',
    };

  const datum = datumOf(child(root, 'GEOGCS', 'BASEGEOGCRS', 'BASEGEODCRS'));
  if (!datum)
    throw badFile(
      `${file} 的坐标系 "${name}" 不是 CGCS2000 或 WGS84 基准，不能导入：请先转换为 CGCS2000`,
      file,
    );
  const method = nameOf(child(root, 'PROJECTION') ?? child(child(root, 'CONVERSION') ?? root, 'METHOD'));
  if (!/transverse.?mercator|gauss.?kr(u|ü)ger/i.test(method))
    throw badFile(
      `${file} 的投影 "${name}"（${method || '未知投影方法'}）不受支持：只接受高斯-克吕格/横轴墨卡托投影`,
      file,
    );
  const unit = child(root, 'UNIT', 'LENGTHUNIT');
  if (unit && typeof unit.args[1] === 'number' && unit.args[1] !== 1)
    throw badFile(`${file} 的投影 "${name}" 长度单位为 ${nameOf(unit)}，只接受米`, file);

  const p = parametersOf(root);
  const wanted = {
    lon_0: pick(p, 'central_meridian', 'longitude_of_natural_origin', 'longitude_of_origin'),
    lat_0: pick(p, 'latitude_of_origin', 'latitude_of_natural_origin') ?? 0,
    k: pick(p, 'scale_factor', 'scale_factor_at_natural_origin') ?? 1,
    x_0: pick(p, 'false_easting'),
    y_0: pick(p, 'false_northing') ?? 0,
  };
  const found = candidates.find(
    (c) =>
      c.datum === datum &&
      near(c.params.lon_0, wanted.lon_0, 1e-9) &&
      near(c.params.lat_0, wanted.lat_0, 1e-9) &&
      near(c.params.k, wanted.k, 1e-9) &&
      near(c.params.x_0, wanted.x_0, 1e-6) &&
      near(c.params.y_0, wanted.y_0, 1e-6),
  );
  if (!found)
    throw badFile(
      `${file} 的投影 "${name}"（${datum}，中央经线 ${wanted.lon_0 ?? '?'}°，东偏移 ${wanted.x_0 ?? '?'} m）不受支持：` +
        '只接受 CGCS2000 高斯-克吕格 3°/6° 分带或 WGS 84 / UTM 北半球 43-53 带',
      file,
    );
  return { kind: 'projected', code: `EPSG:${found.srid}`, name: found.name, srid: found.srid, from: 'prj' };
}

/** Reads a .prj (file is its name, for messages). */
export function crsFromPrj(prj: string, file: string, candidates: ProjectedCrs[]): SourceCrs {
  let root: WktNode;
  try {
    root = parseWkt(prj.trim());
  } catch (err) {
    throw badFile(`${file} 不是可识别的坐标系定义（WKT）：${(err as Error).message}`, file);
  }
  if (/^PROJ(CS|CRS|ECTEDCRS)$/.test(root.keyword)) return projectedFromWkt(root, file, candidates);
  if (!/^GEO(GCS|GCRS|DCRS|GRAPHICCRS|DETICCRS)$/.test(root.keyword))
    throw badFile(`${file} 的坐标系类型 ${root.keyword} 不受支持`, file);
  const code = epsgCodeOf(root);
  const datum = code === 4490 ? 'CGCS2000' : code === 4326 ? 'WGS84' : datumOf(root);
  if (!datum)
    throw badFile(
      `${file} 的坐标系 "${nameOf(root)}" 不受支持：只接受 CGCS2000 或 WGS84 经纬度及其投影`,
      file,
    );
  const unit = children(root, 'UNIT', 'ANGLEUNIT')[0];
  if (unit && typeof unit.args[1] === 'number' && !near(unit.args[1], Math.PI / 180, 1e-12))
    throw badFile(`${file} 的角度单位为 ${nameOf(unit)}，只接受度`, file);
  return { ...LONLAT[datum], from: 'prj' };
}

/**
 * A code as given in `?crs=` or a GeoJSON `crs` name: `EPSG:4490`, `urn:ogc:def:crs:EPSG::4551`, `CRS84`,
 * `GCJ02`, `BD09`. Undefined when we cannot take it.
 */
export function crsFromCode(
  value: string,
  from: SourceCrs['from'],
  candidates: ProjectedCrs[],
): SourceCrs | undefined {
  const text = value.trim().toUpperCase().replace(/[-_]/g, '');
  if (text === 'GCJ02' || text === 'BD09') return { ...OFFSET[text], from };
  if (/CRS84$/.test(text)) return { ...LONLAT.WGS84, from };
  const code = Number(/EPSG:{1,2}(\d+)$/.exec(text)?.[1]);
  if (code === 4490) return { ...LONLAT.CGCS2000, from };
  if (code === 4326) return { ...LONLAT.WGS84, from };
  const projected = candidates.find((c) => c.srid === code);
  return projected
    ? { kind: 'projected', code: `EPSG:${code}`, name: projected.name, srid: code, from }
    : undefined;
}

/** GeoJSON without a `crs` member is WGS84 longitude/latitude (RFC 7946 §4). */
export const RFC7946: SourceCrs = { ...LONLAT.WGS84, from: 'rfc7946' };

/**
 * What the file says and what the user declares, made one (undefined when neither says anything). A .prj or
 * GeoJSON `crs` of longitude/latitude cannot say GCJ-02/BD-09 (they are WGS84 with an offset), so a declared
 * GCJ02/BD09 wins over it; any other disagreement is the user's to resolve.
 */
export function reconcileCrs(
  file: SourceCrs | undefined,
  declared: SourceCrs | undefined,
  fileName: string,
): SourceCrs | undefined {
  if (!file || !declared || declared.code === file.code) return file ?? declared;
  const offsetOfLonLat = file.kind === 'lonlat' && (declared.kind === 'gcj02' || declared.kind === 'bd09');
  if (offsetOfLonLat) return declared;
  if (file.kind === 'lonlat' && declared.kind === 'lonlat') return file;
  throw badFile(
    `${fileName} 声明的坐标系为 ${file.code}（${file.name}），与参数 crs=${declared.code} 不一致：请去掉 crs 参数或修正文件`,
    fileName,
  );
}
