/**
 * The small tables of the plan — parcels, projects, buildings and the project detail rows — inserted the
 * ordinary way, so each row gets its bookkeeping and its operation-log entry like any other write. They are a
 * few thousand rows even for a million households.
 */
import type { Knex } from 'knex';
import { bulkDelete } from './load.ts';
import type { HousingPlan } from './plan.ts';

/** Rows per INSERT: ~45 columns each keeps the statement far below PostgreSQL's 65535 bind parameters. */
const BATCH = 400;

type Row = Record<string, unknown>;

async function insertWithGeometry(
  trx: Knex.Transaction,
  table: string,
  rows: { row: Row; wkt: string }[],
  key: string,
): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  for (let i = 0; i < rows.length; i += BATCH) {
    const batch = rows.slice(i, i + BATCH).map(({ row, wkt }) => ({
      ...row,
      geom: trx.raw('ST_GeomFromText(?, 4490)', [wkt]),
    }));
    const inserted: { id: number; key: string }[] = await trx(table)
      .insert(batch)
      .returning(['id', `${key} as key`]);
    for (const r of inserted) ids.set(r.key, r.id);
  }
  return ids;
}

async function insertPlain(trx: Knex.Transaction, table: string, rows: Row[]): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH) await trx(table).insert(rows.slice(i, i + BATCH));
}

export interface InsertedIds {
  parcels: Map<string, number>;
  projects: Map<string, number>;
  buildings: Map<string, number>;
}

export interface InsertedCounts {
  land_parcels: number;
  projects: number;
  buildings: number;
  project_investments: number;
  project_relocations: number;
  project_land_supplies: number;
}

export async function insertPlan(
  trx: Knex.Transaction,
  plan: HousingPlan,
): Promise<{ ids: InsertedIds; counts: InsertedCounts }> {
  const parcels = await insertWithGeometry(
    trx,
    'land_parcels',
    plan.parcels.map((p) => ({ row: { parcel_no: p.parcelNo, ...p.row }, wkt: p.wkt })),
    'parcel_no',
  );
  const projects = await insertWithGeometry(trx, 'projects', plan.projects, 'project_no');
  const buildings = await insertWithGeometry(
    trx,
    'buildings',
    plan.projects.flatMap((p) =>
      p.buildings.map((b) => ({ row: { ...b.row, project_id: projects.get(p.projectNo) }, wkt: b.wkt })),
    ),
    'building_no',
  );
  const detail = (pick: (p: HousingPlan['projects'][number]) => Row[]) =>
    plan.projects.flatMap((p) => pick(p).map((row) => ({ project_id: projects.get(p.projectNo), ...row })));
  const investments = detail((p) => p.investments);
  const relocations = detail((p) => p.relocations);
  const supplies = detail((p) =>
    p.supply ? [{ parcel_id: parcels.get(p.supply.parcel.parcelNo), ...p.supply.row }] : [],
  );
  await insertPlain(trx, 'project_investments', investments);
  await insertPlain(trx, 'project_relocations', relocations);
  await insertPlain(trx, 'project_land_supplies', supplies);
  return {
    ids: { parcels, projects, buildings },
    counts: {
      land_parcels: parcels.size,
      projects: projects.size,
      buildings: buildings.size,
      project_investments: investments.length,
      project_relocations: relocations.length,
      project_land_supplies: supplies.length,
    },
  };
}

/** Business tables the generator fills, children first (the order to delete in). */
export const HOUSING_TABLES = [
  'households',
  'housing_units',
  'project_land_supplies',
  'project_relocations',
  'project_investments',
  'buildings',
  'projects',
  'land_parcels',
] as const;

/**
 * Deletes the rows the seed created before the demo city is regenerated (in bulk, one log event: load.ts).
 * Rows others created stay; if they refer to seed rows (or to the regions deleted next), the re-seed fails as a
 * whole: re-seed a database holding only seed data.
 */
export async function deleteSeedHousing(trx: Knex.Transaction): Promise<Record<string, number>> {
  return bulkDelete(trx, HOUSING_TABLES, { created_by: 'seed' });
}
