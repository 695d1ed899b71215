/**
 * The demo city's housing in the test template (scale 1): geometry that nests and never overlaps, unit counts that
 * match the buildings, valid ID numbers, statuses that agree with each other, realistic distributions, known
 * codes only, and the same rows on every run.
 */
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { residentIdProblem } from '../../server/shared/validators.ts';
import { createDb } from '../../server/db/knex.ts';
import { cloneTemplate, dropDatabase } from '../../server/test/databases.ts';
import { deleteSeedHousing, housingSizeForScale, seedHousing } from './index.ts';

let database: { name: string; url: string };
let db: Knex;

beforeAll(async () => {
  database = await cloneTemplate('hss_housing');
  db = createDb(database.url, { max: 2 });
});

afterAll(async () => {
  await db?.destroy();
  if (database) await dropDatabase(database.name);
});

const rows = async <T>(sql: string, bindings: readonly unknown[] = [], q: Knex = db): Promise<T[]> =>
  (await q.raw(sql, bindings as Knex.RawBinding[])).rows as T[];

describe('demo housing geometry', () => {
  it('has the scale-1 sizes', async () => {
    const [counts] = await rows<Record<string, number>>(
      `SELECT (SELECT count(*) FROM projects)::int AS projects, (SELECT count(*) FROM buildings)::int AS buildings,
              (SELECT count(*) FROM housing_units)::int AS units, (SELECT count(*) FROM households)::int AS households,
              (SELECT count(*) FROM land_parcels WHERE status = 'reserved')::int AS reserved`,
    );
    expect(counts?.projects).toBe(30);
    expect(counts?.households).toBe(10_000);
    expect(counts?.buildings).toBeGreaterThan(100);
    expect(counts?.units).toBeGreaterThan(12_000);
    expect(counts?.units).toBeLessThan(30_000);
    expect(counts?.reserved).toBeGreaterThan(10);
  });

  it('stores valid shapes: parcels and sites inside one district, 2–15 ha sites, no road through them', async () => {
    const bad = await rows(
      `SELECT 'parcel' AS kind, parcel_no AS no FROM land_parcels p
        WHERE NOT ST_IsValid(geom) OR NOT EXISTS (SELECT FROM regions d WHERE d.level = 3 AND ST_Within(p.geom, d.boundary))
       UNION ALL
       SELECT 'site', project_no FROM projects p
        WHERE NOT ST_IsValid(geom) OR geom_area_m2 NOT BETWEEN 19000 AND 151000
           OR NOT EXISTS (SELECT FROM regions d WHERE d.level = 3 AND ST_Within(p.geom, d.boundary))
       UNION ALL
       SELECT 'road through site', p.project_no FROM projects p JOIN roads r ON ST_Intersects(p.geom, r.geom)`,
    );
    expect(bad).toEqual([]);
  });

  it('never overlaps two reserved parcels, two sites, or a reserved parcel and a site', async () => {
    const overlaps = await rows(
      `WITH shape AS (
         SELECT 'parcel:' || parcel_no AS key, geom FROM land_parcels WHERE status = 'reserved'
         UNION ALL SELECT 'project:' || project_no, geom FROM projects
       )
       SELECT a.key, b.key FROM shape a JOIN shape b ON a.key < b.key AND ST_Intersects(a.geom, b.geom)`,
    );
    expect(overlaps).toEqual([]);
  });

  it('puts a supplied parcel around its project site, linked by the land supply', async () => {
    const bad = await rows(
      `SELECT p.project_no FROM project_land_supplies s
         JOIN projects p ON p.id = s.project_id JOIN land_parcels l ON l.id = s.parcel_id
        WHERE l.status <> 'supplied' OR NOT ST_Covers(l.geom, p.geom) OR s.area <> l.land_area`,
    );
    expect(bad).toEqual([]);
    const [supplied] = await rows<{ n: number }>(`SELECT count(*)::int AS n FROM project_land_supplies`);
    expect(supplied?.n).toBeGreaterThan(5);
  });

  it('keeps every building inside its project site, apart from the others', async () => {
    const outside = await rows(
      `SELECT b.building_no FROM buildings b JOIN projects p ON p.id = b.project_id WHERE NOT ST_Within(b.geom, p.geom)`,
    );
    expect(outside).toEqual([]);
    const touching = await rows(
      `SELECT a.building_no, b.building_no FROM buildings a JOIN buildings b
         ON a.id < b.id AND ST_DWithin(a.geom::geography, b.geom::geography, 10)`,
    );
    expect(touching).toEqual([]);
  });

  it('puts every unit point inside its building, with the building’s project and region', async () => {
    const bad = await rows(
      `SELECT u.unit_no FROM housing_units u JOIN buildings b ON b.id = u.building_id
        WHERE NOT ST_Within(u.geom, b.geom) OR u.project_id <> b.project_id OR u.region_code <> b.region_code`,
    );
    expect(bad).toEqual([]);
  });

  it('registers floors × entrances × rooms units in each started residential building, none elsewhere', async () => {
    const bad = await rows(
      `SELECT b.building_no, b.residential_units, u.n, u.floors, u.entrances, u.rooms
         FROM buildings b
         LEFT JOIN (SELECT building_id, count(*)::int AS n, count(DISTINCT floor_from)::int AS floors,
                           count(DISTINCT entrance)::int AS entrances, count(DISTINCT right(room_no, 2))::int AS rooms
                      FROM housing_units GROUP BY building_id) u ON u.building_id = b.id
        WHERE CASE WHEN b.category = 'residential' AND b.build_status <> 'planned'
                   THEN u.n IS DISTINCT FROM b.residential_units OR u.n <> u.floors * u.entrances * u.rooms
                     OR u.floors <> b.floors_above
                   ELSE u.n IS NOT NULL END`,
    );
    expect(bad).toEqual([]);
    const roomNumbers = await rows(
      `SELECT unit_no FROM housing_units WHERE room_no <> (floor_from * 100 + right(room_no, 2)::int)::text`,
    );
    expect(roomNumbers).toEqual([]);
  });

  it('geocodes households inside their own community', async () => {
    const bad = await rows(
      `SELECT h.application_no FROM households h JOIN regions r ON r.code = h.region_code
        WHERE r.level <> 5 OR (h.geom IS NOT NULL AND NOT ST_Covers(r.boundary, h.geom))
           OR (h.geom IS NULL) <> (h.geocode_quality IS NULL)`,
    );
    expect(bad).toEqual([]);
  });
});

describe('demo housing data', () => {
  it('gives every applicant (and agent) a unique valid ID number from the household’s district', async () => {
    const people = await rows<{ id_number: string; agent_id_number: string | null; region_code: string }>(
      `SELECT id_number, agent_id_number, region_code FROM households`,
    );
    const numbers = people.flatMap((p) => [p.id_number, ...(p.agent_id_number ? [p.agent_id_number] : [])]);
    expect(numbers.filter((n) => residentIdProblem(n) !== undefined)).toEqual([]);
    expect(new Set(numbers).size).toBe(numbers.length);
    expect(people.filter((p) => p.id_number.slice(0, 6) !== p.region_code.slice(0, 6))).toEqual([]);
    const births = numbers.map((n) => Number(n.slice(6, 10)));
    expect(Math.min(...births)).toBeGreaterThanOrEqual(1940);
    expect(Math.max(...births)).toBeLessThanOrEqual(2000);
  });

  it('keeps unit delivery and building progress consistent with the project status', async () => {
    const mix = await rows<{ status: string; statuses: string[] }>(
      `SELECT p.status, array_agg(DISTINCT u.delivery_status ORDER BY u.delivery_status) AS statuses
         FROM projects p JOIN housing_units u ON u.project_id = p.id GROUP BY p.status ORDER BY p.status`,
    );
    for (const { status, statuses } of mix) {
      if (status === 'delivered') expect(statuses).toEqual(['allocated', 'delivered', 'occupied']);
      else expect(statuses).toEqual(['undelivered']);
    }
    expect(mix.map((m) => m.status)).toEqual(expect.arrayContaining(['delivered', 'under_construction']));
    const buildings = await rows(
      `SELECT b.building_no, p.status, b.build_status FROM buildings b JOIN projects p ON p.id = b.project_id
        WHERE NOT CASE p.status
          WHEN 'planned' THEN b.build_status = 'planned' AND b.started_on IS NULL
          WHEN 'under_construction' THEN b.build_status IN ('planned', 'started', 'suspended') AND b.completed_on IS NULL
          ELSE b.build_status = 'completed' AND b.completed_on >= b.started_on
        END`,
    );
    expect(buildings).toEqual([]);
    const dates = await rows(
      `SELECT project_no FROM projects
        WHERE (status = 'planned') <> (actual_start_on IS NULL)
           OR (status IN ('completed', 'delivered')) <> (actual_completion_on IS NOT NULL)
           OR (status = 'delivered') <> handed_over OR actual_completion_on < actual_start_on`,
    );
    expect(dates).toEqual([]);
  });

  it('draws households realistically: size mode 3, incomes around 20,000 元, small homes, more need in old districts', async () => {
    const sizes = await rows<{ household_size: number }>(
      `SELECT household_size FROM households GROUP BY household_size ORDER BY count(*) DESC LIMIT 1`,
    );
    expect(sizes[0]?.household_size).toBe(3);
    const [stats] = await rows<{ median: number; small: number; waiting: number }>(
      `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY per_capita_income) AS median,
              avg((per_capita_floor_area < 15)::int)::float AS small,
              avg((waiting_status IN ('applied', 'waiting'))::int)::float AS waiting
         FROM households`,
    );
    expect(stats?.median).toBeGreaterThan(18_000);
    expect(stats?.median).toBeLessThan(30_000);
    expect(stats?.small).toBeGreaterThan(0.5);
    expect(stats?.waiting).toBeGreaterThan(0.6);
    const byDistrict = await rows<{ old: boolean; per_community: number; shanty: number }>(
      `SELECT left(h.region_code, 6) IN ('230102', '230104', '230110') AS old,
              count(*)::float / count(DISTINCT h.region_code) AS per_community, avg(in_shanty_area::int)::float AS shanty
         FROM households h GROUP BY 1 ORDER BY 1`,
    );
    const [outer, old] = byDistrict;
    expect(old?.per_community).toBeGreaterThan(1.5 * (outer?.per_community ?? Infinity));
    expect(old?.shanty).toBeGreaterThan(2 * (outer?.shanty ?? Infinity));
  });

  it('writes only codes of the code lists', async () => {
    const uses: [string, string, string][] = [
      ['land_parcels', 'planned_use', 'land_use'],
      ['land_parcels', 'development_level', 'development_level'],
      ['projects', 'project_category', 'project_category'],
      ['projects', 'construction_mode', 'construction_mode'],
      ['projects', 'planned_housing_type', 'security_mode'],
      ['projects', 'security_mode_type', 'security_mode'],
      ['projects', 'income_level_type', 'income_level'],
      ['buildings', 'structure', 'building_structure'],
      ['housing_units', 'source', 'unit_source'],
      ['housing_units', 'initial_nature', 'house_nature'],
      ['housing_units', 'planned_category', 'security_mode'],
      ['housing_units', 'orientation', 'orientation'],
      ['housing_units', 'layout', 'layout'],
      ['housing_units', 'decoration', 'decoration'],
      ['housing_units', 'delivery_status', 'delivery_status'],
      ['households', 'id_type', 'id_type'],
      ['households', 'housing_support_mode', 'security_mode'],
      ['households', 'waiting_status', 'waiting_status'],
    ];
    const unknown: string[] = [];
    for (const [table, column, type] of uses) {
      const found = await rows<{ code: string }>(
        `SELECT DISTINCT t.?? AS code FROM ?? t
          WHERE t.?? IS NOT NULL
            AND NOT EXISTS (SELECT FROM dict_items i WHERE i.type_code = ? AND i.code = t.?? AND i.enabled)`,
        [column, table, column, type, column],
      );
      unknown.push(...found.map((f) => `${table}.${column}=${f.code}`));
    }
    expect(unknown).toEqual([]);
  });

  it('records the seed as creator, and one bulk-load event instead of a log row per unit or household', async () => {
    const creators = await rows(
      `SELECT 'households' AS t, created_by, updated_by FROM households
       UNION SELECT 'units', created_by, updated_by FROM housing_units
       UNION SELECT 'projects', created_by, updated_by FROM projects`,
    );
    // One row per table (UNION removes duplicates): every seeded row was made and last changed by the seed.
    expect(creators.sort((a: any, b: any) => (a.t < b.t ? -1 : 1))).toEqual(
      ['households', 'projects', 'units'].map((t) => ({ t, created_by: 'seed', updated_by: 'seed' })),
    );
    const logged = await rows<{ entity: string; n: number }>(
      `SELECT coalesce(entity, action) AS entity, count(*)::int AS n FROM operation_log
        WHERE entity IN ('households', 'housing_units', 'projects') OR action = 'seed.bulk_load'
        GROUP BY 1 ORDER BY 1`,
    );
    expect(logged).toEqual([
      { entity: 'housing_units,households', n: 1 },
      { entity: 'projects', n: 30 },
    ]);
  });
});

describe('determinism', () => {
  const fingerprint = async (q: Knex) => {
    const [row] = await rows<{ print: string }>(
      `SELECT md5(
         (SELECT string_agg(parcel_no || parcel_name || status || ST_AsEWKB(geom)::text, ',' ORDER BY parcel_no) FROM land_parcels)
         || (SELECT string_agg(concat_ws('|', project_no, proposed_name, status, developer, address, actual_start_on,
                                         total_investment, ST_AsEWKB(geom)::text), ',' ORDER BY project_no) FROM projects)
         || (SELECT string_agg(building_no || build_status || total_floors || ST_AsEWKB(geom)::text, ',' ORDER BY building_no)
               FROM buildings)
         || (SELECT string_agg(concat_ws('|', unit_no, floor_area, layout, orientation, delivery_status, rent_monthly,
                                         ST_AsEWKB(geom)::text), ',' ORDER BY unit_no) FROM housing_units)
         || (SELECT string_agg(concat_ws('|', application_no, applicant_name, id_number, phone, hukou_road,
                                         per_capita_income, per_capita_floor_area, waiting_status, ST_AsEWKB(geom)::text),
                               ',' ORDER BY application_no) FROM households)
       ) AS print`,
      [],
      q,
    );
    return row?.print;
  };

  it('generates exactly the same housing again', { timeout: 90_000 }, async () => {
    const before = await fingerprint(db);
    const trx = await db.transaction();
    try {
      await trx.raw(`select set_config('hss.actor', 'seed', true)`);
      await deleteSeedHousing(trx);
      const report = await seedHousing(trx, housingSizeForScale(1));
      expect(report.counts.households).toBe(10_000);
      expect(await fingerprint(trx)).toBe(before);
    } finally {
      await trx.rollback();
    }
  });
});
