/** Role- and region-aware tiles: scope, privacy (k-anonymity, no personal attributes), precise invalidation. */
import { beforeAll, describe, expect, it } from 'vitest';
import { VectorTile, type VectorTileLayer } from '@mapbox/vector-tile';
import Pbf from 'pbf';
import { useTestServer, type ApiClient } from '../server/test/harness.ts';
import { tileAt, type TileCoord } from './coords.ts';
import { deleteSeedHousing } from '../seeds/housing/index.ts';

const t = useTestServer({ tiles: { cacheMb: 64, kAnonymity: 10 } });

interface Spot {
  code: string;
  lng: number;
  lat: number;
}

let daoli: Spot; // 道里区: 12 households at one spot, a project with units
let daoliSparse: Spot; // 道里区: 3 households, under k
let nangang: Spot; // 南岗区: 5 households
let unitIds: number[];

async function communityIn(district: string, offset: number): Promise<Spot> {
  const row = await t
    .db('regions')
    .where('level', 5)
    .andWhere('code', 'like', `${district}%`)
    .orderBy('code')
    .offset(offset)
    .first(t.db.raw('code, ST_X(label_point) AS lng, ST_Y(label_point) AS lat'));
  return row as Spot;
}

async function addHouseholds(spot: Spot, count: number, tag: string): Promise<void> {
  await t.db('households').insert(
    Array.from({ length: count }, (_, i) => ({
      application_no: `T-${tag}-${i}`,
      registration_year: 2026,
      applicant_name: `测试${tag}${i}`,
      id_number: '11010519491231002X',
      phone: '13800138000',
      household_size: 3,
      region_code: spot.code,
      waiting_status: 'waiting',
      geom: t.db.raw('ST_SetSRID(ST_MakePoint(?, ?), 4490)', [spot.lng + i * 1e-6, spot.lat]),
    })),
  );
}

async function tileOf(client: ApiClient | undefined, layer: string, tile: TileCoord, etag?: string) {
  const headers: Record<string, string> = etag ? { 'if-none-match': etag } : {};
  const res = client
    ? await client.request('GET', `/tiles/${layer}/${tile.z}/${tile.x}/${tile.y}.mvt`, undefined, { headers })
    : await t
        .client()
        .request('GET', `/tiles/${layer}/${tile.z}/${tile.x}/${tile.y}.mvt`, undefined, { headers });
  return res;
}

/** Fetches raw tile bytes (the harness client reads text). */
async function decode(
  client: ApiClient | undefined,
  layer: string,
  tile: TileCoord,
): Promise<VectorTileLayer | undefined> {
  const headers: Record<string, string> = {};
  if (client) headers.cookie = client.cookieHeader;
  const res = await fetch(`${t.url}/tiles/${layer}/${tile.z}/${tile.x}/${tile.y}.mvt`, { headers });
  if (res.status === 204) return undefined;
  expect(res.status).toBe(200);
  return new VectorTile(new Pbf(new Uint8Array(await res.arrayBuffer()))).layers[layer];
}

const features = (layer: VectorTileLayer | undefined) =>
  layer ? Array.from({ length: layer.length }, (_, i) => layer.feature(i)) : [];

beforeAll(async () => {
  // Exact counts below: start from no housing (the template carries the demo city's).
  await t.db.transaction((trx) => deleteSeedHousing(trx));
  daoli = await communityIn('230102', 0);
  daoliSparse = await communityIn('230102', 7);
  nangang = await communityIn('230103', 0);
  await addHouseholds(daoli, 12, 'dl');
  await addHouseholds(daoliSparse, 3, 'ds');
  await addHouseholds(nangang, 5, 'ng');

  const square = (s: Spot, d: number) =>
    t.db.raw(`ST_Multi(ST_Buffer(ST_SetSRID(ST_MakePoint(?, ?), 4490), ?, 'quad_segs=1'))`, [
      s.lng + 0.002,
      s.lat,
      d,
    ]);
  const [project] = await t
    .db('projects')
    .insert({
      project_no: 'T-P1',
      proposed_name: '测试公租房项目',
      region_code: daoli.code,
      status: 'delivered',
      geom: square(daoli, 0.002),
    })
    .returning('id');
  const [building] = await t
    .db('buildings')
    .insert({
      building_no: 'T-P1-01',
      project_id: project.id,
      name: '1号楼',
      region_code: daoli.code,
      geom: square(daoli, 0.0003),
    })
    .returning('id');
  const rows = await t
    .db('housing_units')
    .insert(
      [1, 2, 3].map((floor) => ({
        unit_no: `T-P1-01-${floor}01`,
        building_id: building.id,
        floor_from: floor,
        floor_to: floor,
        room_no: `${floor}01`,
        region_code: daoli.code,
        delivery_status: 'delivered',
        geom: t.db.raw('ST_SetSRID(ST_MakePoint(?, ?), 4490)', [daoli.lng + 0.002, daoli.lat]),
      })),
    )
    .returning('id');
  unitIds = rows.map((r: { id: number }) => r.id);
});

describe('tile access', () => {
  it('serves records to anonymous users only through public layers', async () => {
    const tile = tileAt(daoli.lng + 0.002, daoli.lat, 16);
    expect((await tileOf(undefined, 'units', tile)).status).toBe(401);
    expect((await tileOf(undefined, 'parcels', tileAt(daoli.lng, daoli.lat, 12))).status).toBe(401);
    const caseworker = await t.as('hrb_caseworker');
    expect((await tileOf(caseworker, 'parcels', tileAt(daoli.lng, daoli.lat, 12))).status).toBe(403);
  });

  it('gives a district caseworker nothing from another district, in points, cells or units', async () => {
    const nangangWorker = await t.as('nangang_caseworker');
    const cityWorker = await t.as('hrb_caseworker');
    const points = tileAt(daoli.lng, daoli.lat, 16);
    expect(features(await decode(cityWorker, 'households', points)).length).toBe(12);
    expect(features(await decode(nangangWorker, 'households', points))).toEqual([]);
    const units = tileAt(daoli.lng + 0.002, daoli.lat, 16);
    expect(
      features(await decode(cityWorker, 'units', units))
        .map((f) => f.id)
        .sort(),
    ).toEqual([...unitIds].sort());
    expect(features(await decode(nangangWorker, 'units', units))).toEqual([]);
    // at z12 both districts' households fall in cells; the Nangang worker's sum is Nangang's 5 only
    const overview = tileAt(nangang.lng, nangang.lat, 9);
    const counts = (layer: VectorTileLayer | undefined) =>
      features(layer).reduce((n, f) => n + Number(f.properties.households), 0);
    const cityTotal = counts(await decode(cityWorker, 'households', overview));
    expect(counts(await decode(nangangWorker, 'households', overview))).toBe(5);
    expect(cityTotal).toBeGreaterThanOrEqual(5 + 12);
  });

  it('never gives anonymous users a personal attribute or a cell under k households', async () => {
    for (const z of [9, 12, 14, 16, 18]) {
      for (const spot of [daoli, daoliSparse, nangang]) {
        const layer = await decode(undefined, 'households', tileAt(spot.lng, spot.lat, z));
        for (const f of features(layer)) {
          expect(Object.keys(f.properties).sort()).toEqual(['cell_zoom', 'households']);
          expect(Number(f.properties.households)).toBeGreaterThanOrEqual(10);
        }
      }
    }
    const dense = features(await decode(undefined, 'households', tileAt(daoli.lng, daoli.lat, 14)));
    expect(dense.map((f) => f.properties.households)).toContain(12);
    expect(
      features(await decode(undefined, 'households', tileAt(daoliSparse.lng, daoliSparse.lat, 14))),
    ).toEqual([]);
  });

  it('aggregates supply and demand per district', async () => {
    const layer = await decode(
      await t.as('hrb_supervisor'),
      'supply_demand',
      tileAt(daoli.lng, daoli.lat, 9),
    );
    const district = features(layer).find((f) => f.properties.code === '230102000000')!;
    expect(district.properties).toMatchObject({ name: '道里区', waiting: 15, available: 3, units: 3 });
  });
});

describe('tile cache invalidation', () => {
  it("changes a unit's tiles within a second of the edit, and leaves far tiles alone", async () => {
    const worker = await t.as('hrb_caseworker');
    const near = tileAt(daoli.lng + 0.002, daoli.lat, 16);
    const far = tileAt(nangang.lng, nangang.lat, 16);
    const nearProjects = tileAt(daoli.lng + 0.002, daoli.lat, 13);
    const before = await tileOf(worker, 'units', near);
    const farBefore = await tileOf(worker, 'households', far);
    const projectsBefore = await tileOf(worker, 'projects', nearProjects);
    expect(before.status).toBe(200);
    // a cached tile revalidates to 304 while nothing changed
    expect((await tileOf(worker, 'units', near, before.headers.get('etag')!)).status).toBe(304);

    const editedAt = Date.now();
    await t.db('housing_units').where('id', unitIds[0]).update({ delivery_status: 'allocated' });
    let after = before;
    while (after.headers.get('etag') === before.headers.get('etag') && Date.now() - editedAt < 1000) {
      after = await tileOf(worker, 'units', near);
    }
    expect(after.headers.get('etag')).not.toBe(before.headers.get('etag'));
    const statuses = features(await decode(worker, 'units', near)).map((f) => f.properties.delivery_status);
    expect(statuses.sort()).toEqual(['allocated', 'delivered', 'delivered']);
    // the project's unit counts changed too; a far tile did not
    expect((await tileOf(worker, 'projects', nearProjects)).headers.get('etag')).not.toBe(
      projectsBefore.headers.get('etag'),
    );
    expect((await tileOf(worker, 'households', far)).headers.get('etag')).toBe(farBefore.headers.get('etag'));
  });
});
