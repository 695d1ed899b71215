/**
 * Test records for allocation and deployment (issue 7), inserted directly (no service rules) so each subsystem's
 * tests can start from the state they need: waiting households, handed-over units, a published plan with its
 * households and units, and an allocation order. Tags keep several sets apart in one database.
 */
import type { Knex } from 'knex';
import { insertRuleSet } from '../rules/seed.ts';
import { minimalRuleSet } from '../rules/fixtures/minimal.ts';
import { communityIn, offset, squareAround, type Position } from '../spatial/fixtures.ts';

const pad = (code: string) => code.padEnd(12, '0');
const geo = (db: Knex, geometry: object, multi = false) =>
  db.raw(
    multi ? 'ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(?), 4490))' : 'ST_SetSRID(ST_GeomFromGeoJSON(?), 4490)',
    [JSON.stringify(geometry)],
  );

/** Inserts rows and returns the named columns, typed (knex's builder answers `any`). */
async function insertRows<T>(
  db: Knex,
  table: string,
  rows: object | object[],
  columns: string[],
): Promise<T[]> {
  return (await db(table).insert(rows).returning(columns)) as T[];
}

/**
 * An enabled rule version of the district (the minimal set: project `P`, mode `M`, ordering by household size);
 * reuses the one made before. Returns its id.
 */
export async function enabledRules(db: Knex, district: string): Promise<number> {
  const code = `ALLOC-${district}`;
  const found = await db('rule_versions')
    .where({ template_code: code, status: 'enabled' })
    .first<{ id: number } | undefined>('id');
  if (found) return Number(found.id);
  return db.transaction((trx) =>
    insertRuleSet(trx, minimalRuleSet(code, pad(district), `${new Date().getFullYear()}-01-01`), {
      enable: true,
    }),
  );
}

export interface WaitingHousehold {
  id: number;
  application_no: string;
  household_size: number;
}

/**
 * `count` households 轮候中 in a community of `district`, sizes 1–4 in turn (so the minimal rules' ordering by size
 * makes ties of every fourth household), with points near the community's centre.
 */
export async function insertWaitingHouseholds(
  db: Knex,
  district: string,
  count: number,
  tag: string,
): Promise<WaitingHousehold[]> {
  const community = await communityIn(db, district);
  const rows = Array.from({ length: count }, (_, i) => ({
    application_no: `AL-${tag}-${String(i + 1).padStart(5, '0')}`,
    registration_year: 2026,
    applicant_name: `轮候户${i + 1}`,
    id_number: `1101011990${String(i % 1000).padStart(4, '0')}451X`.slice(0, 18),
    phone: `139${String(i).padStart(8, '0')}`,
    household_size: (i % 4) + 1,
    per_capita_income: 12000 + (i % 7) * 1000,
    waiting_status: 'waiting',
    region_code: community.code,
    geocode_quality: 'manual',
    geom: geo(db, {
      type: 'Point',
      coordinates: offset(community.at, (i % 20) * 15, Math.floor(i / 20) * 15),
    }),
  }));
  const inserted: WaitingHousehold[] = [];
  for (let i = 0; i < rows.length; i += 500)
    inserted.push(
      ...(await insertRows<WaitingHousehold>(db, 'households', rows.slice(i, i + 500), [
        'id',
        'application_no',
        'household_size',
      ])),
    );
  return inserted.map((h) => ({ ...h, id: Number(h.id) }));
}

export interface DeliveredUnits {
  project: number;
  building: number;
  units: { id: number; unit_no: string; floor_area: number }[];
}

/** A project with one building of `count` handed-over, delivered units (4 rooms a floor) in `district`. */
export async function insertDeliveredUnits(
  db: Knex,
  district: string,
  count: number,
  tag: string,
  at?: Position,
): Promise<DeliveredUnits> {
  const community = await communityIn(db, district);
  const place = at ?? offset(community.at, 200, 200);
  const [project] = await insertRows<{ id: number }>(
    db,
    'projects',
    {
      project_no: `AX-${tag}`,
      proposed_name: `配置项目${tag}`,
      region_code: community.code,
      geom: geo(db, squareAround(place, 200), true),
    },
    ['id'],
  );
  const floors = Math.max(1, Math.ceil(count / 4));
  const [building] = await insertRows<{ id: number }>(
    db,
    'buildings',
    {
      building_no: `AB-${tag}`,
      project_id: project!.id,
      name: `${tag}号楼`,
      region_code: community.code,
      total_floors: floors,
      floors_above: floors,
      build_status: 'completed',
      handed_over: true,
      geom: geo(db, squareAround(place, 40), true),
    },
    ['id'],
  );
  const units = Array.from({ length: count }, (_, i) => {
    const floor = Math.floor(i / 4) + 1;
    return {
      unit_no: `AU-${tag}-${String(i + 1).padStart(4, '0')}`,
      building_id: building!.id,
      floor_from: floor,
      floor_to: floor,
      room_no: `${floor}0${(i % 4) + 1}`,
      floor_area: 40 + (i % 4) * 10,
      layout: ['studio', 'one', 'two', 'three'][i % 4],
      handed_over: true,
      handed_over_at: db.fn.now(),
      delivery_status: 'delivered',
      rent_monthly: 400 + (i % 4) * 100,
      region_code: community.code,
      geom: geo(db, { type: 'Point', coordinates: offset(place, (i % 4) * 5, floor) }),
    };
  });
  const inserted = await insertRows<{ id: number; unit_no: string; floor_area: string }>(
    db,
    'housing_units',
    units,
    ['id', 'unit_no', 'floor_area'],
  );
  return {
    project: Number(project!.id),
    building: Number(building!.id),
    units: inserted.map((u) => ({ id: Number(u.id), unit_no: u.unit_no, floor_area: Number(u.floor_area) })),
  };
}

export interface PublishedPlan {
  plan: number;
  plan_no: string;
  households: WaitingHousehold[];
  units: DeliveredUnits;
  rule_version_id: number;
}

/**
 * A published plan of `district` (mode `M` of the minimal rules) with `households` waiting households and, for a
 * units plan, `units` delivered units as its resources; a subsidy plan gives each household 600 元/月.
 */
export async function insertPublishedPlan(
  db: Knex,
  district: string,
  options: { households: number; units?: number; kind?: 'units' | 'subsidy'; tag: string },
): Promise<PublishedPlan> {
  const kind = options.kind ?? 'units';
  const ruleVersion = await enabledRules(db, district);
  const households = await insertWaitingHouseholds(db, district, options.households, options.tag);
  const units =
    kind === 'units'
      ? await insertDeliveredUnits(db, district, options.units ?? options.households, options.tag)
      : { project: 0, building: 0, units: [] };
  const plan_no = `PZ-T-${options.tag}`;
  const [plan] = await insertRows<{ id: number }>(
    db,
    'allocation_plans',
    {
      plan_no,
      mode_code: 'M',
      project_code: 'P',
      name: `测试方案${options.tag}`,
      period_type: 'batch',
      period: `2026-${options.tag}`,
      object_type: '低收入家庭',
      resource_kind: kind,
      rule_version_id: ruleVersion,
      project_id: kind === 'units' ? units.project : null,
      starts_on: '2026-01-01',
      ends_on: '2030-12-31',
      status: 'published',
      published_at: db.fn.now(),
      published_by: 'fixture',
      total_households: households.length,
      total_units: units.units.length,
      total_area: units.units.reduce((sum, u) => sum + u.floor_area, 0),
      total_subsidy: kind === 'subsidy' ? households.length * 600 : 0,
      region_code: pad(district),
    },
    ['id'],
  );
  const planId = plan!.id;
  const planHouseholds = await db('households')
    .whereIn(
      'id',
      households.map((h) => h.id),
    )
    .select<
      {
        id: number;
        application_no: string;
        registration_year: number;
        region_code: string;
        household_size: number;
      }[]
    >('id', 'application_no', 'registration_year', 'region_code', 'household_size');
  const bySize = [...planHouseholds].sort((a, b) => b.household_size - a.household_size || a.id - b.id);
  await db('allocation_plan_households').insert(
    bySize.map((h, i) => ({
      household_id: h.id,
      application_no: h.application_no,
      registration_year: h.registration_year,
      region_code: h.region_code,
      plan_id: planId,
      plan_no,
      project_code: 'P',
      mode_code: 'M',
      waiting_rank: i + 1,
      score: h.household_size,
      subsidy_amount: kind === 'subsidy' ? 600 : null,
    })),
  );
  if (units.units.length)
    await db('allocation_plan_resources').insert(
      units.units.map((u) => ({
        resource_no: u.unit_no,
        resource_type: 'unit',
        plan_id: planId,
        plan_no,
        unit_id: u.id,
        floor_area: u.floor_area,
        region_code: pad(district),
      })),
    );
  return { plan: Number(planId), plan_no, households, units, rule_version_id: ruleVersion };
}

/**
 * The plan's allocation order (A.7.1) written straight from its households' waiting ranks (no draw): for tests
 * of what comes after the order. Returns the household ids in order.
 */
export async function insertOrder(db: Knex, plan: number): Promise<number[]> {
  const rows = await db('allocation_plan_households')
    .where({ plan_id: plan })
    .orderBy(['waiting_rank', 'household_id'])
    .select<
      { household_id: number; application_no: string; registration_year: number; region_code: string }[]
    >('household_id', 'application_no', 'registration_year', 'region_code');
  await db('allocation_orders').insert(
    rows.map((r, i) => ({ ...r, plan_id: plan, order_no: i + 1, group_name: '第一组' })),
  );
  return rows.map((r) => Number(r.household_id));
}
