/**
 * Importing parcels from files, over real HTTP into a real PostGIS: dry runs write nothing and report every
 * rejection with its reason; real runs are all-or-nothing unless partial; Shapefiles in CGCS2000 (GBK attributes)
 * and Gauss-Kruger are read, GCJ-02 is converted when declared, and broken files are refused naming the problem.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestServer, type ApiClient } from '../test/harness.ts';
import { offset } from '../spatial/fixtures.ts';
import { clearFixtureArea, fixture, places, upload } from './fixtures/index.ts';

const t = useTestServer();

const IMPORT = '/api/land-parcels/import';
const importFile = (client: ApiClient, query: string, file: Buffer, type?: string) =>
  upload(client, `${IMPORT}${query}`, file, type);

let planner: ApiClient; // 南岗区 planner

const count = async (table: string) => Number((await t.db(table).count({ n: '*' }).first())!.n);
const parcelNos = async (prefix: string): Promise<string[]> =>
  (await t.db('land_parcels').where('parcel_no', 'like', `${prefix}%`).orderBy('parcel_no')).map(
    (p: { parcel_no: string }) => p.parcel_no,
  );

/** Metres between a stored parcel's centroid and a point. */
async function metresFrom(parcelNo: string, [lng, lat]: [number, number]): Promise<number> {
  const { rows } = await t.db.raw<{ rows: { d: number }[] }>(
    `SELECT ST_Distance(ST_Centroid(geom)::geography, ST_SetSRID(ST_MakePoint(?, ?), 4490)::geography) AS d
       FROM land_parcels WHERE parcel_no = ?`,
    [lng, lat, parcelNo],
  );
  return rows[0]!.d;
}

beforeAll(async () => {
  planner = await t.as('nangang_planner');
  await clearFixtureArea(t.db);
});

describe('parcel import: GeoJSON with valid and invalid features', () => {
  const mixed = fixture('mixed.geojson');

  it('dry run: creates nothing and reports each rejected feature with its reason', async () => {
    const [parcels, log] = [await count('land_parcels'), await count('operation_log')];
    const res = await importFile(planner, '?dry_run=true', mixed, 'application/geo+json');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({
      dry_run: true,
      committed: false,
      total: 6,
      crs: { detected: 'EPSG:4326', source: 'rfc7946', stored: 'EPSG:4490' },
      file: { format: 'geojson' },
    });
    expect(res.body.created).toEqual([
      { index: 0, id: null, number: 'NG-GJ-001' },
      { index: 3, id: null, number: 'NG-GJ-004' },
      { index: 5, id: null, number: 'NG-GJ-006' },
    ]);
    const rejected = res.body.rejected as {
      index: number;
      number: string;
      errors: { path: string; message: string }[];
    }[];
    expect(rejected.map((r) => [r.index, r.number])).toEqual([
      [1, 'NG-GJ-002'],
      [2, 'NG-GJ-003'],
      [4, 'NG-GJ-005'],
    ]);
    expect(rejected[0]!.errors).toEqual([
      {
        path: 'geometry',
        message: expect.stringMatching(/几何图形无效：Self-intersection，位置 POINT\(126\.\d+ 45\.\d+\)/),
      },
    ]);
    expect(rejected[1]!.errors).toEqual([
      { path: 'geometry', message: expect.stringContaining('超出哈尔滨市范围') },
    ]);
    // The second of two overlapping features is in the way of the first, named by its number.
    expect(rejected[2]!.errors).toEqual([
      {
        path: 'geometry',
        message: expect.stringMatching(/与储备地块 NG-GJ-004（重叠地块甲）重叠 \d+(\.\d)? 平方米/),
      },
    ]);
    expect(await count('land_parcels')).toBe(parcels);
    expect(await count('operation_log')).toBe(log);
  });

  it('real run: nothing is created when any feature is rejected (422 with the same report)', async () => {
    const parcels = await count('land_parcels');
    const res = await importFile(planner, '', mixed, 'application/geo+json');
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ code: 'import_rejected', dry_run: false, committed: false, total: 6 });
    expect(res.body.created.map((c: { id: unknown }) => c.id)).toEqual([null, null, null]);
    expect(res.body.errors).toContainEqual({
      path: 'features.1.geometry',
      message: expect.stringContaining('Self-intersection'),
    });
    expect(await count('land_parcels')).toBe(parcels);
  });

  it('real run with partial=true: creates exactly the valid ones and says which were not taken', async () => {
    const res = await importFile(planner, '?partial=true', mixed, 'application/geo+json');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.committed).toBe(true);
    expect(res.body.created.map((c: { index: number }) => c.index)).toEqual([0, 3, 5]);
    expect(res.body.rejected.map((r: { index: number }) => r.index)).toEqual([1, 2, 4]);
    expect(await parcelNos('NG-GJ-')).toEqual(['NG-GJ-001', 'NG-GJ-004', 'NG-GJ-006']);
    const ids = res.body.created.map((c: { id: number }) => c.id);
    const stored = await t.db('land_parcels').whereIn('id', ids).orderBy('id');
    expect(stored.map((p: { parcel_no: string }) => p.parcel_no)).toEqual([
      'NG-GJ-001',
      'NG-GJ-004',
      'NG-GJ-006',
    ]);
    // Chinese and English attribute names, and a date as people type it.
    expect(stored[0]).toMatchObject({
      parcel_name: '有效地块一',
      planned_use: '0701',
      created_by: 'nangang_planner',
    });
    expect(stored[2].reserved_on).toEqual(new Date(2026, 4, 1));
  });
});

describe('parcel import: Shapefiles', () => {
  it('reads a CGCS2000 Shapefile with GBK attributes under Chinese field names (.cpg)', async () => {
    const res = await importFile(planner, '', fixture('nangang-cgcs2000-gbk.zip'));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({
      committed: true,
      crs: { detected: 'EPSG:4490', source: 'prj' },
      file: { format: 'shapefile', layer: 'nangang_parcels', encoding: 'gbk', encoding_basis: 'cpg' },
      rejected: [],
      ignored_fields: [],
    });
    const stored = await t.db('land_parcels').where('parcel_no', 'like', 'NG-SHP-%').orderBy('parcel_no');
    expect(stored).toHaveLength(3);
    expect(stored[1]).toMatchObject({
      parcel_name: '和兴路北地块',
      location: '南岗区和兴路北侧',
      land_area: '14400.50',
      planned_use: '0701',
      development_level: '32',
      region_code: '230103000000',
    });
    expect(stored[1].reserved_on).toEqual(new Date(2026, 3, 15));
  });

  it('reprojects a CGCS2000 Gauss-Kruger Shapefile (EPSG:4551) and takes the region from the geometry', async () => {
    const res = await importFile(planner, '', fixture('nangang-gk-cm126.zip'));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.crs).toEqual({
      detected: 'EPSG:4551',
      name: 'CGCS2000 / 3-degree Gauss-Kruger CM 126E',
      source: 'prj',
      stored: 'EPSG:4490',
    });
    expect(res.body.created.map((c: { number: string }) => c.number)).toEqual(['NG-GK-001', 'NG-GK-002']);
    const stored = await t.db('land_parcels').where('parcel_no', 'NG-GK-001').first();
    expect(stored.region_code).toBe('230103000000');
    // The fixture script drew it 400 m east and north of the centre, then projected it to EPSG:4551.
    const expected = offset(places.centre, 400, 400);
    expect(await metresFrom('NG-GK-001', expected)).toBeLessThan(1);
  });

  it('a Shapefile without .prj: 400 naming the missing file, unless the coordinate system is declared', async () => {
    const file = fixture('no-prj.zip');
    const res = await importFile(planner, '?dry_run=true', file);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('unreadable_file');
    expect(res.body.errors).toEqual([
      { path: 'no_prj.prj', message: expect.stringContaining('缺少坐标系文件 no_prj.prj') },
    ]);
    const declared = await importFile(planner, '?dry_run=true&crs=EPSG:4490', file);
    expect(declared.status, JSON.stringify(declared.body)).toBe(200);
    expect(declared.body.crs).toMatchObject({ detected: 'EPSG:4490', source: 'declared' });
    expect(declared.body.created).toEqual([{ index: 0, id: null, number: 'NG-NOPRJ-001' }]);
  });

  it('a corrupt zip, a zip without .shp or .dbf, an unknown projection: 400 saying what is wrong', async () => {
    const corrupt = await importFile(planner, '', fixture('corrupt.zip'));
    expect(corrupt.status).toBe(400);
    expect(corrupt.body.detail).toMatch(/ZIP 文件已损坏/);

    const { zipSync, unzipSync } = await import('fflate');
    const files = unzipSync(fixture('nangang-gk-cm126.zip'));
    const without = (ext: string) =>
      Buffer.from(zipSync(Object.fromEntries(Object.entries(files).filter(([name]) => !name.endsWith(ext)))));
    expect((await importFile(planner, '', without('.shp'))).body.detail).toBe('压缩包中没有 .shp 文件');
    const noDbf = await importFile(planner, '', without('.dbf'));
    expect(noDbf.body.errors).toEqual([{ path: 'nangang_gk.dbf', message: '缺少属性文件 nangang_gk.dbf' }]);

    const xian80 = new TextDecoder()
      .decode(files['nangang_gk.prj'])
      .replace(/CGCS2000/g, 'Xian_1980')
      .replace(/China_2000|China_Geodetic_Coordinate_System_2000/g, 'Xian_1980');
    const res = await importFile(
      planner,
      '',
      Buffer.from(zipSync({ ...files, 'nangang_gk.prj': new TextEncoder().encode(xian80) })),
    );
    expect(res.status).toBe(400);
    expect(res.body.detail).toContain('Xian_1980_3_Degree_GK_CM_126E');
    expect(res.body.detail).toContain('不是 CGCS2000 或 WGS84 基准');
  });
});

describe('parcel import: coordinate systems declared by the user', () => {
  it('GCJ-02 (crs=GCJ02) is converted: stored ~500 m from the raw coordinates, at the true WGS84 place', async () => {
    const file = fixture('gcj02.geojson');
    const feature = JSON.parse(file.toString()).features[0];
    const res = await importFile(planner, '?crs=GCJ02', file, 'application/json');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.crs).toMatchObject({ detected: 'GCJ02', source: 'declared', stored: 'EPSG:4490' });
    expect(res.body.ignored_fields).toEqual(['wgs84_centre']);
    const ring = feature.geometry.coordinates[0] as [number, number][];
    const raw: [number, number] = [(ring[0]![0] + ring[2]![0]) / 2, (ring[0]![1] + ring[2]![1]) / 2];
    const offset = await metresFrom('NG-GCJ-001', raw);
    expect(offset).toBeGreaterThan(300);
    expect(offset).toBeLessThan(700);
    expect(await metresFrom('NG-GCJ-001', feature.properties.wgs84_centre)).toBeLessThan(2);
  });

  it('an unknown crs is a 400 on query.crs; projected metres declared as longitude/latitude are refused', async () => {
    const bad = await importFile(planner, '?crs=EPSG:2385', fixture('mixed.geojson'), 'application/geo+json');
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('query.crs');
    const metres = await importFile(
      planner,
      '?crs=EPSG:4490',
      fixture('nangang-gk-cm126.zip'),
      'application/zip',
    );
    expect(metres.status).toBe(400);
    expect(metres.body.detail).toContain('与参数 crs=EPSG:4490 不一致');
  });
});

describe('upload handling', () => {
  it('takes only the declared media types, needs a body and the manage permission', async () => {
    const text = await planner.request('POST', IMPORT, undefined, {
      raw: 'x',
      headers: { 'content-type': 'text/plain' },
    });
    expect(text.status).toBe(415);
    expect(text.body.detail).toContain('application/zip');
    expect((await planner.request('POST', IMPORT)).status).toBe(400);
    const leader = await t.as('hrb_leader');
    expect(
      (await importFile(leader, '?dry_run=true', fixture('mixed.geojson'), 'application/geo+json')).status,
    ).toBe(403);
    const anonymous = t.client();
    expect((await importFile(anonymous, '', fixture('mixed.geojson'), 'application/geo+json')).status).toBe(
      401,
    );
  });
});

describe('parcel import: map preview of a dry run', () => {
  it('hands back a zipped Shapefile’s geometries reprojected to degrees, and none on a real run', async () => {
    const res = await importFile(planner, '?dry_run=true', fixture('nangang-gk-cm126.zip'));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const preview = res.body.preview as {
      type: string;
      truncated: boolean;
      features: { geometry: { type: string; coordinates: unknown[] }; properties: { index: number } }[];
    };
    expect(preview).toMatchObject({ type: 'FeatureCollection', truncated: false });
    expect(preview.features.map((f) => f.properties.index)).toEqual([0, 1]);
    // The file is in metres (EPSG:4551); the preview is in degrees, where the fixture drew the first parcel.
    const ring: number[][] = [];
    const walk = (value: unknown): void => {
      if (Array.isArray(value) && typeof value[0] === 'number') ring.push(value as number[]);
      else if (Array.isArray(value)) value.forEach(walk);
    };
    walk(preview.features[0]!.geometry.coordinates);
    const [lng, lat] = [0, 1].map((i) => ring.reduce((sum, p) => sum + p[i]!, 0) / ring.length) as [
      number,
      number,
    ];
    const [elng, elat] = offset(places.centre, 400, 400);
    expect(Math.abs(lng - elng) * 111_000 * Math.cos((lat * Math.PI) / 180)).toBeLessThan(100);
    expect(Math.abs(lat - elat) * 111_000).toBeLessThan(100);

    const geojson = await importFile(
      planner,
      '?dry_run=true',
      fixture('mixed.geojson'),
      'application/geo+json',
    );
    expect(geojson.body.preview.features.length).toBeGreaterThan(0);
  });
});
