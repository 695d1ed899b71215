/**
 * Construction projects (CJJ/T 196 8.2 项目储备库管理, A.5.1). A project's site is drawn inside its region; its
 * buildings must stay on the site. Retiring keeps the record (status retired) but is refused while a household
 * holds one of its units.
 */
import type { Tx } from '../db/knex.ts';
import type { Scope } from '../access/scope.ts';
import { conflict, notFound, validationFailed } from '../http/errors.ts';
import { assertValidGeometry } from '../shared/geometry.ts';
import { codesOf } from '../shared/fields.ts';
import { assertCodes } from '../dictionaries/service.ts';
import { assertRegionUsable, assertStoredPlacement } from '../spatial/placement.ts';
import { insertFeature, retireFeature, updateFeature } from '../spatial/feature-store.ts';
import type { ProjectChanges, ProjectInput } from './schema.ts';
import * as store from './store.ts';

export const PROJECT_LABEL = '建设项目';

const CODES = {
  project_category: 'project_category',
  construction_mode: 'construction_mode',
  planned_housing_type: 'security_mode',
  income_level_type: 'income_level',
  security_mode_type: 'security_mode',
};

/** Creates a project; the exchange import calls this too, with `at` naming where the feature sits. */
export async function createProject(
  trx: Tx,
  scope: Scope,
  input: ProjectInput,
  at = 'body',
): Promise<store.ProjectRow> {
  await assertRegionUsable(trx, scope, input.region_code, `${at}.region_code`);
  await assertCodes(trx, codesOf(input, CODES, at));
  if (input.geometry) await assertValidGeometry(trx, input.geometry, `${at}.geometry`);
  const { geometry, ...columns } = input;
  const id = await insertFeature(trx, store.TABLE, columns, { geometry, multi: true }, { at });
  await assertStoredPlacement(trx, store.TABLE, id, `${at}.geometry`);
  return (await store.findProject(trx, scope, id))!;
}

export async function updateProject(
  trx: Tx,
  scope: Scope,
  id: number,
  input: ProjectChanges,
  at = 'body',
): Promise<store.ProjectRow> {
  if (!(await store.findProject(trx, scope, id))) throw notFound(PROJECT_LABEL);
  if (input.region_code) await assertRegionUsable(trx, scope, input.region_code, `${at}.region_code`);
  await assertCodes(trx, codesOf(input, CODES, at));
  if (input.geometry) await assertValidGeometry(trx, input.geometry, `${at}.geometry`);
  if (input.status === 'retired') await assertRetirable(trx, id);
  const { geometry, ...columns } = input;
  await updateFeature(trx, scope, store.TABLE, id, columns, { geometry, multi: true }, { at });
  if (geometry || input.region_code) await assertStoredPlacement(trx, store.TABLE, id, `${at}.geometry`);
  if (geometry) {
    const outside = await store.buildingsOutsideSite(trx, { projectId: id });
    if (outside.length) {
      throw validationFailed(
        outside.map((b) => ({
          path: `${at}.geometry`,
          message: `单体工程 ${b.building_no} 的基底将落在项目用地范围外，位置 ${b.outside}`,
        })),
      );
    }
  }
  return (await store.findProject(trx, scope, id))!;
}

async function assertRetirable(trx: Tx, id: number): Promise<void> {
  const inUse = await store.unitsInUse(trx, id);
  if (inUse) throw conflict(`项目有 ${inUse} 套住房已配给或已入住，不能撤销`);
}

/** Retires a project (status retired): the record stays; refused while households hold its units. */
export const retireProject = (trx: Tx, scope: Scope, id: number): Promise<store.ProjectRow> =>
  retireFeature(trx, scope, id, {
    table: store.TABLE,
    label: PROJECT_LABEL,
    column: 'status',
    value: 'retired',
    find: store.findProject,
    guard: (row) => assertRetirable(trx, row.id),
  });
