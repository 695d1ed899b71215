/**
 * Buildings (A.5.2) of a project: placed on the project's site (1 m tolerance for drawing), floors that add up,
 * deleted only while no housing unit belongs to them.
 */
import type { Tx } from '../db/knex.ts';
import type { Scope } from '../access/scope.ts';
import { conflict, fieldError, notFound, validationFailed } from '../http/errors.ts';
import { assertValidGeometry } from '../shared/geometry.ts';
import { codesOf } from '../shared/fields.ts';
import { assertCodes } from '../dictionaries/service.ts';
import { assertRegionUsable, assertStoredPlacement } from '../spatial/placement.ts';
import { deleteFeature, insertFeature, updateFeature } from '../spatial/feature-store.ts';
import { findProject, buildingsOutsideSite } from './store.ts';
import type { BuildingChanges, BuildingInput } from './buildings.schema.ts';
import * as store from './buildings.store.ts';

export const BUILDING_LABEL = '单体工程';
const CODES = { structure: 'building_structure' };

interface Floors {
  total_floors?: number | null;
  floors_above?: number | null;
  floors_below?: number | null;
}

/** 总层数 = 地上层数 + 地下层数 (the table's check): derived when missing, a 400 when it does not add up. */
function settleFloors(merged: Floors, at: string): Floors {
  const below = merged.floors_below ?? 0;
  if (merged.floors_above == null) return {};
  const sum = merged.floors_above + below;
  if (merged.total_floors == null) return { total_floors: sum };
  if (merged.total_floors !== sum) {
    throw fieldError(
      `${at}.total_floors`,
      `总层数（${merged.total_floors}）须等于地上层数（${merged.floors_above}）与地下层数（${below}）之和`,
    );
  }
  return {};
}

async function assertOnSite(trx: Tx, id: number, at: string): Promise<void> {
  const outside = await buildingsOutsideSite(trx, { buildingId: id });
  if (outside.length) {
    throw validationFailed([
      {
        path: `${at}.geometry`,
        message: `建筑基底超出项目用地范围（容差 1 米），位置 ${outside[0]!.outside}`,
      },
    ]);
  }
}

/** Creates a building in a project in scope; the exchange import calls this too. */
export async function createBuilding(
  trx: Tx,
  scope: Scope,
  input: BuildingInput,
  at = 'body',
): Promise<store.BuildingRow> {
  if (input.region_code) await assertRegionUsable(trx, scope, input.region_code, `${at}.region_code`);
  const project = await findProject(trx, scope, input.project_id);
  if (!project) throw fieldError(`${at}.project_id`, '项目不存在或不在您的管辖范围内');
  if (project.status === 'retired') throw conflict(`项目 ${project.project_no} 已撤销，不能再增加单体工程`);
  await assertCodes(trx, codesOf(input, CODES, at));
  const derived = settleFloors(input, at);
  if (input.geometry) await assertValidGeometry(trx, input.geometry, `${at}.geometry`);
  const { geometry, ...columns } = input;
  const id = await insertFeature(
    trx,
    store.BUILDINGS,
    { ...columns, ...derived, region_code: input.region_code ?? project.region_code },
    { geometry, multi: true },
    { at },
  );
  await assertStoredPlacement(trx, store.BUILDINGS, id, `${at}.geometry`);
  await assertOnSite(trx, id, at);
  return (await store.findBuilding(trx, scope, id))!;
}

export async function updateBuilding(
  trx: Tx,
  scope: Scope,
  id: number,
  input: BuildingChanges,
  at = 'body',
): Promise<store.BuildingRow> {
  const existing = await store.findBuilding(trx, scope, id);
  if (!existing) throw notFound(BUILDING_LABEL);
  if (input.region_code) await assertRegionUsable(trx, scope, input.region_code, `${at}.region_code`);
  await assertCodes(trx, codesOf(input, CODES, at));
  const floors: Floors = { ...existing, ...input };
  // Changing the floors above or below ground without a total re-derives the total.
  if (
    input.total_floors === undefined &&
    (input.floors_above !== undefined || input.floors_below !== undefined)
  )
    floors.total_floors = null;
  const derived = settleFloors(floors, at);
  if (input.geometry) await assertValidGeometry(trx, input.geometry, `${at}.geometry`);
  const { geometry, ...columns } = input;
  await updateFeature(
    trx,
    scope,
    store.BUILDINGS,
    id,
    { ...columns, ...derived },
    { geometry, multi: true },
    { at },
  );
  if (geometry || input.region_code) await assertStoredPlacement(trx, store.BUILDINGS, id, `${at}.geometry`);
  if (geometry) await assertOnSite(trx, id, at);
  return (await store.findBuilding(trx, scope, id))!;
}

/** Deletes a building that has no housing units (those would lose their building); otherwise 409. */
export async function deleteBuilding(trx: Tx, scope: Scope, id: number): Promise<undefined> {
  if (!(await store.findBuilding(trx, scope, id))) throw notFound(BUILDING_LABEL);
  const units = await store.unitCount(trx, id);
  if (units) throw conflict(`单体工程下还有 ${units} 套住房，不能删除`);
  await deleteFeature(trx, scope, store.BUILDINGS, id, BUILDING_LABEL);
  return undefined;
}
