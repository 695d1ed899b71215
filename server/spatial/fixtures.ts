/**
 * Test fixtures for map-bearing records: places computed from the seeded city (so tests survive a re-tiled demo
 * city), shapes in metres, and direct inserts of parcels, projects, buildings, units and households for tests
 * that need records to exist (the region-leak test). Used by tests only.
 */
import type { Db } from '../db/knex.ts';

export type Position = [lng: number, lat: number];

/**
 * The point `dx` metres east and `dy` metres north of `from`, with the lengths of a degree on the ellipsoid at
 * that latitude (the usual series for WGS84/CGCS2000): good to a few centimetres over a few kilometres, so tests
 * can compare distances with PostGIS to ±1 m.
 */
export function offset([lng, lat]: Position, dx: number, dy: number): Position {
  const phi = (lat * Math.PI) / 180;
  const perDegreeLat = 111_132.954 - 559.822 * Math.cos(2 * phi) + 1.175 * Math.cos(4 * phi);
  const perDegreeLng = 111_412.84 * Math.cos(phi) - 93.5 * Math.cos(3 * phi) + 0.118 * Math.cos(5 * phi);
  return [lng + dx / perDegreeLng, lat + dy / perDegreeLat];
}

/** An axis-aligned rectangle from `sw` spanning `width` metres east and `height` metres north. */
export function rectangle(sw: Position, width: number, height = width) {
  const ne = offset(sw, width, height);
  return {
    type: 'Polygon' as const,
    coordinates: [[sw, [ne[0], sw[1]], ne, [sw[0], ne[1]], sw] as Position[]],
  };
}

/** A square of `side` metres centred on `centre`. */
export const squareAround = (centre: Position, side: number) =>
  rectangle(offset(centre, -side / 2, -side / 2), side);

/** A point deep inside a region: the centre of its largest inscribed circle. */
export async function interiorOf(db: Db, code: string): Promise<Position> {
  const { rows } = await db.raw<{ rows: { lng: number; lat: number }[] }>(
    `SELECT ST_X(center) AS lng, ST_Y(center) AS lat
       FROM regions, ST_MaximumInscribedCircle(boundary) WHERE code = ?`,
    [code.padEnd(12, '0')],
  );
  if (!rows[0]) throw new Error(`no region ${code}`);
  return [rows[0].lng, rows[0].lat];
}

/** A community (level 5) of a district and a point deep inside it. */
export async function communityIn(
  db: Db,
  district: string,
): Promise<{ code: string; name: string; street: string; district: string; at: Position }> {
  const { rows } = await db.raw<{ rows: { code: string; name: string; street: string; district: string }[] }>(
    `SELECT c.code, c.name, s.name AS street, d.name AS district
       FROM regions c JOIN regions s ON s.code = c.parent_code JOIN regions d ON d.code = s.parent_code
      WHERE c.level = 5 AND c.code LIKE ? ORDER BY c.code LIMIT 1`,
    [`${district.slice(0, 6)}%`],
  );
  const community = rows[0]!;
  return { ...community, at: await interiorOf(db, community.code) };
}

const geo = (db: Db, geometry: object, multi = false) =>
  db.raw(
    multi ? 'ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(?), 4490))' : 'ST_SetSRID(ST_GeomFromGeoJSON(?), 4490)',
    [JSON.stringify(geometry)],
  );

async function insert(db: Db, table: string, row: Record<string, unknown>): Promise<number> {
  const [inserted] = await db(table).insert(row).returning<{ id: number }[]>('id');
  return inserted!.id;
}

/**
 * One parcel, project, building, unit and household at `at` in `regionCode`, inserted directly (no service
 * rules), tagged with `tag` so several sets can coexist. Returns their ids.
 */
export async function insertHousingSet(db: Db, regionCode: string, at: Position, tag: string) {
  const region_code = regionCode.padEnd(12, '0');
  const site = geo(db, squareAround(at, 200), true);
  const parcel = await insert(db, 'land_parcels', {
    parcel_no: `P-${tag}`,
    parcel_name: `地块${tag}`,
    region_code,
    geom: site,
  });
  const project = await insert(db, 'projects', {
    project_no: `X-${tag}`,
    proposed_name: `项目${tag}`,
    region_code,
    geom: geo(db, squareAround(at, 200), true),
  });
  const building = await insert(db, 'buildings', {
    building_no: `B-${tag}`,
    project_id: project,
    name: `${tag}号楼`,
    region_code,
    total_floors: 6,
    floors_above: 6,
    geom: geo(db, squareAround(at, 40), true),
  });
  const unit = await insert(db, 'housing_units', {
    unit_no: `U-${tag}`,
    building_id: building,
    floor_from: 1,
    floor_to: 1,
    room_no: '101',
    region_code,
    geom: geo(db, { type: 'Point', coordinates: at }),
  });
  const household = await insert(db, 'households', {
    application_no: `H-${tag}`,
    registration_year: 2026,
    applicant_name: '测试户主',
    id_number: '110101199003074514',
    household_size: 3,
    region_code,
    geocode_quality: 'manual',
    geom: geo(db, { type: 'Point', coordinates: offset(at, 30, 30) }),
  });
  return { parcel, project, building, unit, household };
}

/**
 * Empties the map's business tables in a test file's own database, for tests that count what lies in an area
 * and must not meet the demo city's records there.
 */
export async function clearHousingData(db: Db): Promise<void> {
  await db.raw(`TRUNCATE households, housing_units, buildings, project_investments, project_relocations,
                         project_land_supplies, projects, land_parcels CASCADE`);
}
