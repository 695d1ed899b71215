/** Telling a file's coordinate system from real-world .prj files (Esri and OGC WKT1, WKT2) and codes. */
import { describe, expect, it } from 'vitest';
import { crsFromCode, crsFromPrj, reconcileCrs, type ProjectedCrs } from './crs.ts';

const tmerc = (lon_0: number, x_0: number, k = 1) => ({ lon_0, lat_0: 0, k, x_0, y_0: 0 });
// As store.projectedCandidates reads them from spatial_ref_sys.
const CANDIDATES: ProjectedCrs[] = [
  { srid: 4497, name: 'CGCS2000 / Gauss-Kruger zone 22', datum: 'CGCS2000', params: tmerc(129, 22500000) },
  { srid: 4508, name: 'CGCS2000 / Gauss-Kruger CM 129E', datum: 'CGCS2000', params: tmerc(129, 500000) },
  {
    srid: 4530,
    name: 'CGCS2000 / 3-degree Gauss-Kruger zone 42',
    datum: 'CGCS2000',
    params: tmerc(126, 42500000),
  },
  {
    srid: 4551,
    name: 'CGCS2000 / 3-degree Gauss-Kruger CM 126E',
    datum: 'CGCS2000',
    params: tmerc(126, 500000),
  },
  { srid: 32652, name: 'WGS 84 / UTM zone 52N', datum: 'WGS84', params: tmerc(129, 500000, 0.9996) },
];

const ESRI_CGCS2000 =
  'GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]';
const esriProjected = (name: string, geogcs: string, projection: string, fe: number, cm: number, k = 1) =>
  `PROJCS["${name}",${geogcs},PROJECTION["${projection}"],PARAMETER["False_Easting",${fe}],PARAMETER["False_Northing",0.0],` +
  `PARAMETER["Central_Meridian",${cm}],PARAMETER["Scale_Factor",${k}],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]`;
const ESRI_WGS84 =
  'GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]';
const WKT2_CM126 = (id: string) =>
  'PROJCRS["CGCS2000 / 3-degree Gauss-Kruger CM 126E",BASEGEOGCRS["China Geodetic Coordinate System 2000",' +
  'DATUM["China 2000",ELLIPSOID["CGCS2000",6378137,298.257222101,LENGTHUNIT["metre",1]]],' +
  'PRIMEM["Greenwich",0,ANGLEUNIT["degree",0.0174532925199433]],ID["EPSG",4490]],' +
  'CONVERSION["3-degree Gauss-Kruger CM 126E",METHOD["Transverse Mercator",ID["EPSG",9807]],' +
  'PARAMETER["Latitude of natural origin",0,ANGLEUNIT["degree",0.0174532925199433],ID["EPSG",8801]],' +
  'PARAMETER["Longitude of natural origin",126,ANGLEUNIT["degree",0.0174532925199433],ID["EPSG",8802]],' +
  'PARAMETER["Scale factor at natural origin",1,SCALEUNIT["unity",1],ID["EPSG",8805]],' +
  'PARAMETER["False easting",500000,LENGTHUNIT["metre",1],ID["EPSG",8806]],' +
  'PARAMETER["False northing",0,LENGTHUNIT["metre",1],ID["EPSG",8807]]],CS[Cartesian,2],' +
  'AXIS["northing (X)",north,ORDER[1],LENGTHUNIT["metre",1]],AXIS["easting (Y)",east,ORDER[2],LENGTHUNIT["metre",1]],' +
  `USAGE[SCOPE["Cadastre."],AREA["China - between 124°30'E and 127°30'E."],BBOX[40.19,124.5,53.56,127.5]]${id}]`;

const code = (prj: string) => crsFromPrj(prj, 'x.prj', CANDIDATES).code;

describe('crsFromPrj', () => {
  it('takes CGCS2000 and WGS84 longitude/latitude (Esri and OGC WKT, and WKT2)', () => {
    expect(code(ESRI_CGCS2000)).toBe('EPSG:4490');
    expect(code(ESRI_WGS84)).toBe('EPSG:4326');
    expect(
      code(
        'GEOGCS["China Geodetic Coordinate System 2000",DATUM["China_2000",SPHEROID["CGCS2000",6378137,298.257222101,AUTHORITY["EPSG","1024"]],AUTHORITY["EPSG","1043"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AUTHORITY["EPSG","4490"]]',
      ),
    ).toBe('EPSG:4490');
    expect(
      code(
        'GEOGCRS["China Geodetic Coordinate System 2000",DATUM["China 2000",ELLIPSOID["CGCS2000",6378137,298.257222101]],CS[ellipsoidal,2],ID["EPSG",4490]]',
      ),
    ).toBe('EPSG:4490');
  });

  it('recognises Gauss-Kruger zones by their parameters, with and without the zone prefix', () => {
    expect(
      code(esriProjected('CGCS2000_3_Degree_GK_CM_126E', ESRI_CGCS2000, 'Gauss_Kruger', 500000, 126)),
    ).toBe('EPSG:4551');
    expect(
      code(esriProjected('CGCS2000_3_Degree_GK_Zone_42', ESRI_CGCS2000, 'Gauss_Kruger', 42500000, 126)),
    ).toBe('EPSG:4530');
    expect(
      code(esriProjected('CGCS2000_GK_Zone_22', ESRI_CGCS2000, 'Transverse_Mercator', 22500000, 129)),
    ).toBe('EPSG:4497');
    expect(
      code(esriProjected('WGS_1984_UTM_Zone_52N', ESRI_WGS84, 'Transverse_Mercator', 500000, 129, 0.9996)),
    ).toBe('EPSG:32652');
    expect(code(WKT2_CM126(''))).toBe('EPSG:4551');
    expect(code(WKT2_CM126(',ID["EPSG",4551]'))).toBe('EPSG:4551');
  });

  it('refuses other datums, other projections, feet and garbage, saying which', () => {
    const xian = esriProjected(
      'Xian_1980_3_Degree_GK_CM_126E',
      'GEOGCS["GCS_Xian_1980",DATUM["D_Xian_1980",SPHEROID["Xian_1980",6378140.0,298.257]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]',
      'Gauss_Kruger',
      500000,
      126,
    );
    expect(() => code(xian)).toThrow(/"Xian_1980_3_Degree_GK_CM_126E" 不是 CGCS2000 或 WGS84 基准/);
    expect(() =>
      code(esriProjected('CGCS2000_Lambert', ESRI_CGCS2000, 'Lambert_Conformal_Conic', 0, 105)),
    ).toThrow(/投影 "CGCS2000_Lambert"（Lambert_Conformal_Conic）不受支持/);
    expect(() =>
      code(esriProjected('CGCS2000_GK_CM_127E', ESRI_CGCS2000, 'Gauss_Kruger', 500000, 127)),
    ).toThrow(/中央经线 127°/);
    const feet = esriProjected('CGCS2000_GK_CM_126E_ft', ESRI_CGCS2000, 'Gauss_Kruger', 500000, 126);
    expect(() => code(feet.replace('UNIT["Meter",1.0]', 'UNIT["Foot_US",0.3048006096012192]'))).toThrow(
      /长度单位为 Foot_US，只接受米/,
    );
    expect(() => code('not a prj')).toThrow(/不是可识别的坐标系定义/);
  });
});

describe('declared codes and reconciliation', () => {
  it('reads codes in the usual spellings', () => {
    expect(crsFromCode('urn:ogc:def:crs:EPSG::4490', 'geojson', CANDIDATES)?.code).toBe('EPSG:4490');
    expect(crsFromCode('urn:ogc:def:crs:OGC:1.3:CRS84', 'geojson', CANDIDATES)?.code).toBe('EPSG:4326');
    expect(crsFromCode('gcj-02', 'declared', CANDIDATES)?.kind).toBe('gcj02');
    expect(crsFromCode('BD09', 'declared', CANDIDATES)?.kind).toBe('bd09');
    expect(crsFromCode('EPSG:4551', 'declared', CANDIDATES)).toMatchObject({ kind: 'projected', srid: 4551 });
    expect(crsFromCode('EPSG:3857', 'declared', CANDIDATES)).toBeUndefined();
  });

  it('a declared GCJ-02/BD-09 wins over a longitude/latitude file; a projected file does not bend', () => {
    const wgs = crsFromCode('EPSG:4326', 'prj', CANDIDATES);
    const gk = crsFromCode('EPSG:4551', 'prj', CANDIDATES);
    const gcj = crsFromCode('GCJ02', 'declared', CANDIDATES);
    const cgcs = crsFromCode('EPSG:4490', 'declared', CANDIDATES);
    expect(reconcileCrs(wgs, gcj, 'a.prj')?.code).toBe('GCJ02');
    expect(reconcileCrs(wgs, cgcs, 'a.prj')?.code).toBe('EPSG:4326');
    expect(reconcileCrs(undefined, cgcs, 'a.prj')?.code).toBe('EPSG:4490');
    expect(reconcileCrs(undefined, undefined, 'a.prj')).toBeUndefined();
    expect(() => reconcileCrs(gk, cgcs, 'a.prj')).toThrow(/与参数 crs=EPSG:4490 不一致/);
  });
});
