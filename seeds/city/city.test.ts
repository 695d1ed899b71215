/**
 * Invariants of the demo city in the test template (seedAll at scale 1): the regions tile each other exactly,
 * every geometry is valid, codes follow GB/T 2260, the demo users exist per role, and generation is
 * deterministic.
 */
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '../../server/auth/password.ts';
import { createDb } from '../../server/db/knex.ts';
import { cloneTemplate, dropDatabase } from '../../server/test/databases.ts';
import { DEMO_CITY_VERSION, DEMO_PASSWORD, DEMO_USERS, seedAll, seedDemoCity } from '../index.ts';
import { CITY, DISTRICTS, PROVINCE } from './harbin.ts';
import { STAFF_ROLES } from './users.ts';

/** Areas are in square degrees; relative errors of overlay arithmetic are ~1e-13. */
const RELATIVE_TOLERANCE = 1e-9;

let database: { name: string; url: string };
let db: Knex;

beforeAll(async () => {
  database = await cloneTemplate('hss_seeds');
  db = createDb(database.url, { max: 2 });
});

afterAll(async () => {
  await db?.destroy();
  if (database) await dropDatabase(database.name);
});

const rows = async <T>(sql: string, bindings: readonly unknown[] = []): Promise<T[]> =>
  (await db.raw(sql, bindings as Knex.RawBinding[])).rows as T[];

describe('demo city regions', () => {
  it('has the province, the city and the nine real districts of Harbin', async () => {
    const top = await rows<{ code: string; name: string; level: number; parent_code: string | null }>(
      'SELECT code, name, level, parent_code FROM regions WHERE level <= 3 ORDER BY code',
    );
    expect(top).toEqual([
      { code: PROVINCE.code, name: '黑龙江省', level: 1, parent_code: null },
      { code: CITY.code, name: '哈尔滨市', level: 2, parent_code: PROVINCE.code },
      { code: '230102000000', name: '道里区', level: 3, parent_code: CITY.code },
      { code: '230103000000', name: '南岗区', level: 3, parent_code: CITY.code },
      { code: '230104000000', name: '道外区', level: 3, parent_code: CITY.code },
      { code: '230108000000', name: '平房区', level: 3, parent_code: CITY.code },
      { code: '230109000000', name: '松北区', level: 3, parent_code: CITY.code },
      { code: '230110000000', name: '香坊区', level: 3, parent_code: CITY.code },
      { code: '230111000000', name: '呼兰区', level: 3, parent_code: CITY.code },
      { code: '230112000000', name: '阿城区', level: 3, parent_code: CITY.code },
      { code: '230113000000', name: '双城区', level: 3, parent_code: CITY.code },
    ]);
  });

  it('has 3-9 streets per district and 2-8 communities per street at scale 1', async () => {
    const perParent = await rows<{ level: number; min: number; max: number; avg: number }>(
      `SELECT p.level, min(n) AS min, max(n) AS max, avg(n)::float AS avg
       FROM regions p JOIN (SELECT parent_code, count(*)::int AS n FROM regions GROUP BY parent_code) c
         ON c.parent_code = p.code
       WHERE p.level IN (3, 4) GROUP BY p.level ORDER BY p.level`,
    );
    const [districts, streets] = perParent;
    expect(districts?.min).toBeGreaterThanOrEqual(3);
    expect(districts?.max).toBeLessThanOrEqual(9);
    expect(streets?.min).toBeGreaterThanOrEqual(2);
    expect(streets?.max).toBeLessThanOrEqual(8);
    expect(streets?.avg).toBeGreaterThanOrEqual(3);
  });

  it('stores only valid MultiPolygons in CGCS2000', async () => {
    const bad = await rows(
      `SELECT code FROM regions
       WHERE NOT ST_IsValid(boundary) OR ST_IsEmpty(boundary) OR GeometryType(boundary) <> 'MULTIPOLYGON'
          OR ST_SRID(boundary) <> 4490 OR label_point IS NULL OR boundary_3857 IS NULL`,
    );
    expect(bad).toEqual([]);
  });

  it('tiles every parent exactly with its children (city, districts, streets)', async () => {
    const worst = await rows<{ code: string; level: number; relative: number }>(
      `SELECT p.code, p.level, ST_Area(ST_SymDifference(p.boundary, u.area)) / ST_Area(p.boundary) AS relative
       FROM regions p
       JOIN (SELECT parent_code, ST_Union(boundary) AS area FROM regions GROUP BY parent_code) u
         ON u.parent_code = p.code
       WHERE p.level >= 2
       ORDER BY relative DESC`,
    );
    expect(worst.map((w) => w.level).sort()).toContain(4); // streets have children too
    expect(worst[0]?.relative).toBeLessThan(RELATIVE_TOLERANCE);
  });

  it('has no overlaps between siblings', async () => {
    const overlaps = await rows<{ a: string; b: string; relative: number }>(
      `SELECT a.code AS a, b.code AS b,
              ST_Area(ST_Intersection(a.boundary, b.boundary)) / least(ST_Area(a.boundary), ST_Area(b.boundary))
                AS relative
       FROM regions a JOIN regions b
         ON a.parent_code = b.parent_code AND a.code < b.code AND ST_Intersects(a.boundary, b.boundary)`,
    );
    expect(overlaps.length).toBeGreaterThan(0); // neighbours touch
    expect(overlaps.filter((o) => o.relative > RELATIVE_TOLERANCE)).toEqual([]);
  });

  it('keeps every region inside its parent', async () => {
    const outside = await rows<{ code: string; relative: number }>(
      `SELECT c.code, ST_Area(ST_Difference(c.boundary, p.boundary)) / ST_Area(c.boundary) AS relative
       FROM regions c JOIN regions p ON p.code = c.parent_code
       WHERE ST_Area(ST_Difference(c.boundary, p.boundary)) / ST_Area(c.boundary) > ?`,
      [RELATIVE_TOLERANCE],
    );
    expect(outside).toEqual([]);
  });

  it('makes inner districts smaller than outer ones', async () => {
    const areas = await rows<{ code: string; km2: number }>(
      `SELECT code, ST_Area(boundary::geography) / 1e6 AS km2 FROM regions WHERE level = 3`,
    );
    const inner = new Set(DISTRICTS.filter((d) => d.inner).map((d) => `${d.code6}000000`));
    const largestInner = Math.max(...areas.filter((a) => inner.has(a.code)).map((a) => a.km2));
    const smallestOuter = Math.min(...areas.filter((a) => !inner.has(a.code)).map((a) => a.km2));
    expect(largestInner).toBeLessThan(smallestOuter);
    const city = await rows<{ km2: number }>(
      `SELECT ST_Area(boundary::geography) / 1e6 AS km2 FROM regions WHERE code = ?`,
      [CITY.code],
    );
    expect(city[0]?.km2).toBeGreaterThan(2500);
    expect(city[0]?.km2).toBeLessThan(5000);
  });

  it('gives well-formed GB/T 2260 codes and names unique within each parent', async () => {
    const malformed = await rows(
      `SELECT c.code FROM regions c LEFT JOIN regions p ON p.code = c.parent_code
       WHERE NOT CASE c.level
         WHEN 1 THEN c.code ~ '^[0-9]{2}0{10}$'
         WHEN 2 THEN c.code ~ '^[0-9]{4}0{8}$' AND left(c.code, 2) = left(p.code, 2)
         WHEN 3 THEN c.code ~ '^[0-9]{6}0{6}$' AND left(c.code, 4) = left(p.code, 4) AND substr(c.code, 5, 2) <> '00'
         WHEN 4 THEN c.code ~ '^[0-9]{9}000$' AND left(c.code, 6) = left(p.code, 6) AND substr(c.code, 7, 3) <> '000'
         WHEN 5 THEN left(c.code, 9) = left(p.code, 9) AND right(c.code, 3) <> '000'
       END`,
    );
    expect(malformed).toEqual([]);
    const suffixes = await rows(
      `SELECT code, name FROM regions
       WHERE (level = 4 AND name !~ '(街道|镇)$') OR (level = 5 AND name !~ '(社区|村)$')
          OR (level = 4 AND substr(code, 7, 1) = '0' AND name !~ '街道$')
          OR (level = 4 AND substr(code, 7, 1) = '1' AND name !~ '镇$')`,
    );
    expect(suffixes).toEqual([]);
    const duplicateNames = await rows(
      `SELECT parent_code, name FROM regions GROUP BY parent_code, name HAVING count(*) > 1`,
    );
    expect(duplicateNames).toEqual([]);
  });

  it('records the seed as the rows’ creator', async () => {
    const creators = await rows<{ created_by: string }>(
      `SELECT DISTINCT created_by FROM regions WHERE level >= 2`,
    );
    expect(creators).toEqual([{ created_by: 'seed' }]);
  });
});

describe('demo city roads', () => {
  it('has every road class, valid MultiLineStrings inside the city, filed under a district or the city', async () => {
    const classes = await rows<{ road_class: string; n: number }>(
      `SELECT road_class, count(*)::int AS n FROM roads GROUP BY road_class ORDER BY road_class`,
    );
    expect(classes.map((c) => c.road_class)).toEqual(['arterial', 'expressway', 'local', 'secondary']);
    const bad = await rows(
      `SELECT r.id, r.name FROM roads r JOIN regions c ON c.code = ?
       LEFT JOIN regions d ON d.code = r.region_code
       WHERE NOT ST_IsValid(r.geom) OR ST_IsEmpty(r.geom) OR GeometryType(r.geom) <> 'MULTILINESTRING'
          OR ST_SRID(r.geom) <> 4490
          OR ST_Length(ST_Difference(r.geom, c.boundary)) > 1e-9 * ST_Length(r.geom)
          OR NOT (d.level = 3 OR d.code = c.code)`,
      [CITY.code],
    );
    expect(bad).toEqual([]);
  });

  it('has the ring roads and the well-known Harbin arterials', async () => {
    const names = (await rows<{ name: string }>(`SELECT name FROM roads`)).map((r) => r.name);
    expect(names).toEqual(
      expect.arrayContaining(['一环路', '二环路', '三环路', '中山路', '红旗大街', '学府路']),
    );
  });
});

describe('demo users', () => {
  it('has a city user and a user in each district for every role', async () => {
    const users = await rows<{ username: string; region_code: string; role_code: string }>(
      `SELECT u.username, u.region_code, r.role_code
       FROM staff_users u JOIN staff_user_roles r ON r.user_id = u.id ORDER BY u.username`,
    );
    const roles = await rows<{ code: string }>(`SELECT code FROM staff_roles ORDER BY code`);
    expect([...STAFF_ROLES].sort()).toEqual(roles.map((r) => r.code));
    for (const role of STAFF_ROLES) {
      const holders = users.filter((u) => u.role_code === role);
      expect(holders.find((u) => u.region_code === CITY.code)?.username).toBe(`hrb_${role}`);
      for (const district of DISTRICTS) {
        expect(holders.find((u) => u.region_code === `${district.code6}000000`)?.username).toBe(
          `${district.pinyin}_${role}`,
        );
      }
    }
    expect(users).toHaveLength(DEMO_USERS.length);
    const expected = DEMO_USERS.flatMap((u) =>
      u.roles.map((role_code) => ({ username: u.username, region_code: u.region_code, role_code })),
    ).sort((a, b) => a.username.localeCompare(b.username));
    expect(users).toEqual(expected);
  });

  it('accepts the demo password for every account', async () => {
    const hashes = await rows<{ password_hash: string }>(`SELECT DISTINCT password_hash FROM staff_users`);
    for (const { password_hash } of hashes)
      expect(await verifyPassword(DEMO_PASSWORD, password_hash)).toBe(true);
    expect(await verifyPassword('wrong-password', hashes[0]?.password_hash ?? '')).toBe(false);
  });

  it('gives Chinese display names carrying the unit and the job', () => {
    const user = DEMO_USERS.find((u) => u.username === 'nangang_caseworker');
    expect(user?.display_name).toMatch(/^南岗区经办人 [\u4e00-\u9fa5]{2,3}$/);
  });
});

describe('seedAll', () => {
  it('records the demo city in app_meta and skips it quickly the second time', async () => {
    const meta = await rows<{ value: { scale: number; version: number; seeded_at: string } }>(
      `SELECT value FROM app_meta WHERE key = 'demo_city'`,
    );
    expect(meta[0]?.value).toMatchObject({ scale: 1, version: DEMO_CITY_VERSION });
    const logBefore = await rows<{ n: number }>(`SELECT count(*)::int AS n FROM operation_log`);
    const started = Date.now();
    await seedAll(db, { scale: 1 });
    expect(Date.now() - started).toBeLessThan(1000);
    const logAfter = await rows<{ n: number }>(`SELECT count(*)::int AS n FROM operation_log`);
    expect(logAfter).toEqual(logBefore); // unchanged reference rows are not rewritten
  });

  it('regenerates exactly the same city (determinism)', async () => {
    const fingerprint = (q: Knex) =>
      q
        .raw(
          `SELECT (SELECT md5(string_agg(code || name || ST_AsEWKB(boundary)::text, ',' ORDER BY code)) FROM regions)
                  || (SELECT md5(string_agg(name || road_class || region_code || ST_AsEWKB(geom)::text, ',' ORDER BY id))
                      FROM roads) AS print`,
        )
        .then((r: { rows: { print: string }[] }) => r.rows[0]?.print);
    const before = await fingerprint(db);
    const counts = await rows<{ level: number; n: number }>(
      `SELECT level, count(*)::int AS n FROM regions GROUP BY level ORDER BY level`,
    );
    // The scale-1 city's size; change it only together with DEMO_CITY_VERSION.
    expect(counts).toEqual([
      { level: 1, n: 1 },
      { level: 2, n: 1 },
      { level: 3, n: 9 },
      { level: 4, n: 53 },
      { level: 5, n: 229 },
    ]);
    const trx = await db.transaction();
    try {
      await seedDemoCity(trx, { scale: 1, replace: true });
      expect(await fingerprint(trx)).toBe(before);
    } finally {
      await trx.rollback();
    }
  });
});
