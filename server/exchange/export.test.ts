/**
 * Exporting parcels and projects: GeoJSON equal to what is stored, CSV with the Appendix A headers, a zipped
 * Shapefile that reads back, only the caller's region — and an export imported again is in its own way.
 */
import { unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestServer, type ApiClient } from '../test/harness.ts';
import { clearFixtureArea, fixture, places, upload } from './fixtures/index.ts';
import { interiorOf, offset, squareAround } from '../spatial/fixtures.ts';

const t = useTestServer();

let city: ApiClient; // 哈尔滨市 planner
let nangang: ApiClient; // 南岗区 planner

beforeAll(async () => {
  city = await t.as('hrb_planner');
  nangang = await t.as('nangang_planner');
  await clearFixtureArea(t.db);
  const imported = await upload(
    nangang,
    '/api/land-parcels/import',
    fixture('nangang-cgcs2000-gbk.zip'),
    'application/zip',
  );
  expect(imported.status, JSON.stringify(imported.body)).toBe(200);
  // One parcel in 道里区, which the 南岗区 planner must never see.
  const daoli = await city.post('/api/land-parcels', {
    parcel_no: 'DL-EXPORT-001',
    parcel_name: '道里区导出测试地块',
    region_code: '230102',
    geometry: squareAround(offset(await interiorOf(t.db, '230102'), 900, 900), 80),
  });
  expect(daoli.status, JSON.stringify(daoli.body)).toBe(201);
});

describe('parcel export', () => {
  it('GeoJSON: RFC 7946 longitude/latitude equal to the stored geometry within 1e-7°, with a file name', async () => {
    const res = await nangang.get('/api/land-parcels/export?format=geojson&q=NG-SHP');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/geo+json; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(
      /^attachment; filename="land_parcels_230103_\d{8}\.geojson"; filename\*=UTF-8''%E5%9C%9F/,
    );
    expect(res.body.type).toBe('FeatureCollection');
    expect(res.body.crs).toBeUndefined();
    expect(res.body.features).toHaveLength(3);
    for (const feature of res.body.features) {
      const { rows } = await t.db.raw<{ rows: { d: number; ccw: boolean }[] }>(
        `SELECT ST_HausdorffDistance(geom, ST_SetSRID(ST_GeomFromGeoJSON(?), 4490)) AS d,
                ST_IsPolygonCCW(ST_SetSRID(ST_GeomFromGeoJSON(?), 4490)) AS ccw
           FROM land_parcels WHERE id = ?`,
        [JSON.stringify(feature.geometry), JSON.stringify(feature.geometry), feature.id],
      );
      expect(rows[0]!.d).toBeLessThan(1e-7);
      expect(rows[0]!.ccw).toBe(true);
      expect(feature.properties).toMatchObject({ region_code: '230103000000', status: 'reserved' });
    }
  });

  it('CSV: UTF-8 with BOM, Appendix A field names as headers, area in m² and 亩, geometry as WKT', async () => {
    const res = await nangang.get('/api/land-parcels/export?format=csv&q=NG-SHP-002');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const [header, row, end] = (res.body as string).split('\r\n');
    expect(
      header!.startsWith(
        '\uFEFF地块编号,宗地名称,宗地位置,土地面积,建设用地面积,代征地面积,规划建筑面积,规划用途,开发程度,储备时间,行政区划代码,储备状态,',
      ),
    ).toBe(true);
    expect(header).toContain(
      '行政区划名称,图形面积（平方米）,图形面积（亩）,增加时间,增加人,最后更新时间,最后更新人,几何图形（WKT，CGCS2000 经纬度）',
    );
    expect(row).toMatch(
      /^NG-SHP-002,和兴路北地块,南岗区和兴路北侧,14400\.5,,,,0701,32,2026-04-15,230103000000,reserved,南岗区,\d+(\.\d+)?,\d+(\.\d+)?,.*,"MULTIPOLYGON\(\(\(126\.\d+ 45\.\d+,/,
    );
    expect(end).toBe('');
  });

  it('Shapefile: zipped with .prj (CGCS2000), .cpg (UTF-8) and short field names; reads back', async () => {
    const res = await nangang.request('GET', '/api/land-parcels/export?format=shp&q=NG-SHP', undefined, {
      binary: true,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/zip');
    const files = unzipSync(res.body as Buffer);
    expect(Object.keys(files).sort()).toEqual(
      ['cpg', 'dbf', 'prj', 'shp', 'shx'].map((ext) => `land_parcels.${ext}`),
    );
    expect(new TextDecoder().decode(files['land_parcels.prj'])).toContain(
      'GCS_China_Geodetic_Coordinate_System_2000',
    );
    expect(new TextDecoder().decode(files['land_parcels.cpg'])).toBe('UTF-8');
    // Imported again (dry run): read as CGCS2000 in UTF-8, every attribute mapped, and each parcel in its own way.
    const again = await upload(
      nangang,
      '/api/land-parcels/import?dry_run=true',
      res.body as Buffer,
      'application/zip',
    );
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    expect(again.body).toMatchObject({
      total: 3,
      created: [],
      crs: { detected: 'EPSG:4490', source: 'prj' },
      file: { encoding: 'utf-8', encoding_basis: 'cpg' },
      ignored_fields: ['TXMJ', 'TXMJM', 'XZQHMC'],
    });
    expect(again.body.rejected.map((r: { number: string }) => r.number)).toEqual([
      'NG-SHP-001',
      'NG-SHP-002',
      'NG-SHP-003',
    ]);
    expect(again.body.rejected[0].errors).toEqual([{ path: 'properties.DKBH', message: '已被使用，须唯一' }]);
  });

  it('round trip: the GeoJSON export imported under new numbers overlaps the parcels it came from', async () => {
    const exported = await nangang.get('/api/land-parcels/export?q=NG-SHP');
    for (const feature of exported.body.features) feature.properties.parcel_no += '-COPY';
    const res = await upload(
      nangang,
      '/api/land-parcels/import?dry_run=true',
      Buffer.from(JSON.stringify(exported.body)),
      'application/geo+json',
    );
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.created).toEqual([]);
    expect(res.body.rejected.map((r: { errors: { path: string; message: string }[] }) => r.errors)).toEqual(
      ['NG-SHP-001', 'NG-SHP-002', 'NG-SHP-003'].map((no) => [
        { path: 'geometry', message: expect.stringContaining(`与储备地块 ${no}`) },
      ]),
    );
  });

  it("a district planner's export holds only their district; the city planner's holds both", async () => {
    for (const format of ['geojson', 'csv']) {
      const mine = await nangang.get(`/api/land-parcels/export?format=${format}`);
      const text = typeof mine.body === 'string' ? mine.body : JSON.stringify(mine.body);
      expect(text).toContain('NG-SHP-001');
      expect(text).not.toContain('DL-EXPORT-001');
      expect(text).not.toMatch(/230102\d{6}/);
    }
    const asked = await nangang.get('/api/land-parcels/export?region=230102');
    expect(asked.body.features).toEqual([]);
    const all = await city.get('/api/land-parcels/export');
    const numbers = all.body.features.map(
      (f: { properties: { parcel_no: string } }) => f.properties.parcel_no,
    );
    expect(numbers).toEqual(expect.arrayContaining(['NG-SHP-001', 'DL-EXPORT-001']));
  });

  it('bad format is a 400; export needs land.read', async () => {
    expect((await nangang.get('/api/land-parcels/export?format=xlsx')).status).toBe(400);
    expect((await (await t.as('nangang_caseworker')).get('/api/land-parcels/export')).status).toBe(403);
  });
});

describe('project import and export', () => {
  it('imports projects from GeoJSON and exports the full A.5.1 exchange record as CSV', async () => {
    const site = squareAround(offset(places.centre, -200, 0), 150);
    const collection = {
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          properties: {
            项目编号: 'NG-XM-001',
            项目提出名称: '南岗区导入测试项目',
            行政区划代码: '230103',
            占地面积: 22500,
            年度: 2026,
          },
          geometry: site,
        },
        { type: 'Feature', properties: { XMTCMC: '缺编号项目' }, geometry: null },
      ],
    };
    const res = await upload(
      nangang,
      '/api/projects/import?partial=true',
      Buffer.from(JSON.stringify(collection)),
      'application/json',
    );
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.created).toEqual([{ index: 0, id: expect.any(Number), number: 'NG-XM-001' }]);
    expect(res.body.rejected).toEqual([
      {
        index: 1,
        number: null,
        errors: [
          { path: 'properties.项目编号', message: expect.any(String) },
          { path: 'properties.行政区划代码', message: expect.any(String) },
        ],
      },
    ]);

    const csv = await nangang.get('/api/projects/export?format=csv&q=NG-XM-001');
    const [header, row] = (csv.body as string).split('\r\n');
    // A.5.1 in the standard's order, with the fields derived from buildings and detail records.
    expect(header!.startsWith('\uFEFF项目编号,项目提出名称,项目立项名称,行政区划代码,项目类别,')).toBe(true);
    expect(header).toContain(',单体个数,');
    expect(header).toContain(',供地面积,');
    expect(header).toContain(',项目状态,');
    expect(row!.startsWith('NG-XM-001,南岗区导入测试项目,,230103000000,')).toBe(true);

    const shp = await nangang.request('GET', '/api/projects/export?format=shp&q=NG-XM-001', undefined, {
      binary: true,
    });
    expect(Object.keys(unzipSync(shp.body as Buffer))).toContain('projects.dbf');
  });
});
