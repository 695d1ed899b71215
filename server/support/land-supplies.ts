/**
 * Land supply records (CJJ/T 196 10.2.2 item 2 土地配给管理: 记录宗地与地块关系和宗地配给的结果; A.7.8): land supplied
 * from a reserve parcel (宗地编号 = the parcel's number, its geometry the parcel's), optionally to a project. The
 * record, the parcel's status (reserved → supplied) and the land-out entry of the support ledger (A.6.4) are
 * written in one transaction; a correction of area or date reverses the entry and posts it again, a deletion
 * reverses it and returns the parcel to the reserve (if it still fits among the reserved parcels).
 */
import type { Db, Tx } from '../db/knex.ts';
import { inScope, type Scope } from '../access/scope.ts';
import { conflict, notFound, validationFailed, type FieldError } from '../http/errors.ts';
import { fromFen, toFen } from '../admission/figures.ts';
import { isoDate } from '../shared/rows.ts';
import { lockReserve, reservedOverlaps } from '../land/store.ts';
import { featureCollection } from '../spatial/features.ts';
import { guarded } from './errors.ts';
import * as ledger from './ledger-store.ts';
import { assertOpenDay } from './ledgers.ts';
import * as store from './land-store.ts';
import { presentLandSupply } from './presenter.ts';
import { supportProjectOf } from './rules.ts';
import type { CreateLandSupplyInput, LandSupplyListQuery, UpdateLandSupplyInput } from './schema.ts';

const LABEL = '土地供应记录';
const money = (yuan: string | null | undefined) =>
  yuan === null || yuan === undefined ? yuan : fromFen(toFen(yuan));

async function present(conn: Db | Tx, scope: Scope, id: number) {
  return presentLandSupply((await store.findSupply(conn, scope, id))!);
}

/** Posts the supply's land as out of its support project's ledger (or back in, reversing). */
function postLand(
  trx: Tx,
  scope: Scope,
  supply: { id: number; record_no: string; parcel_no: string; region_code: string; project_code: string },
  area: string | number,
  day: string,
  how: { direction: 'in' | 'out'; source: ledger.Posting['source']; note: string; received_by: string },
) {
  return guarded(() =>
    ledger.post(trx, {
      region_code: supply.region_code,
      project_code: supply.project_code,
      resource_type: 'land',
      direction: how.direction,
      received_on: day,
      land_area: area,
      batch_no: supply.record_no,
      handed_by: scope.username,
      received_by: how.received_by,
      source: how.source,
      source_id: supply.id,
      note: `${how.note} ${supply.parcel_no}（${supply.record_no}）`,
    }),
  );
}

export async function createSupply(trx: Tx, scope: Scope, input: CreateLandSupplyInput) {
  const errors: FieldError[] = [];
  const parcel = await store.findParcel(trx, scope, input.parcel_id);
  if (
    input.region_code &&
    (!inScope(scope, input.region_code) || (parcel && parcel.region_code !== input.region_code))
  )
    errors.push({ path: 'body.region_code', message: '行政区划代码须为宗地所在区划，且在您的管辖范围内' });
  if (!parcel) errors.push({ path: 'body.parcel_id', message: '宗地不存在或不在您的管辖范围内' });
  else if (parcel.status !== 'reserved')
    errors.push({
      path: 'body.parcel_id',
      message: `宗地 ${parcel.parcel_no} ${parcel.status === 'supplied' ? '已供应' : '已注销'}，不能再供应`,
    });
  const project = input.project_id ? await store.findProject(trx, scope, input.project_id) : undefined;
  if (input.project_id && !project)
    errors.push({ path: 'body.project_id', message: '项目不存在或不在您的管辖范围内' });
  const area = input.land_area ?? (parcel?.area_m2 ? Number(parcel.area_m2) : undefined);
  if (parcel && !(area && area > 0))
    errors.push({ path: 'body.land_area', message: '宗地没有面积，请填写大于 0 的土地面积' });
  if (errors.length) throw validationFailed(errors);
  const region = parcel!.region_code;
  await supportProjectOf(trx, region, input.project_code, 'body.project_code');
  await assertOpenDay(trx, region, input.project_code, input.supplied_on, 'body.supplied_on');
  const receivedBy = input.received_by ?? project?.developer ?? project?.name ?? '用地单位';
  const { id, record_no } = await guarded(() =>
    store.insertSupply(trx, {
      parcel_id: parcel!.id,
      parcel_no: parcel!.parcel_no,
      parcel_name: parcel!.parcel_name,
      project_id: project?.id ?? null,
      project_no: project?.project_no ?? null,
      approval_doc_name: input.approval_doc_name,
      approval_doc_no: input.approval_doc_no,
      approved_on: input.approved_on,
      acquisition_method: input.acquisition_method,
      land_area: area,
      land_value: money(input.land_value) ?? null,
      use_years: input.use_years ?? null,
      supplied_on: input.supplied_on,
      ledger_project_code: input.project_code,
      received_by: receivedBy,
      region_code: region,
    }),
  );
  const supply = {
    id,
    record_no,
    parcel_no: parcel!.parcel_no,
    region_code: region,
    project_code: input.project_code,
  };
  const entry = await postLand(trx, scope, supply, area!, input.supplied_on, {
    direction: 'out',
    source: 'land_supply',
    note: '供应宗地',
    received_by: receivedBy,
  });
  await store.updateSupply(trx, id, { ledger_entry_id: entry });
  await store.setParcelStatus(trx, parcel!.id, 'supplied');
  return present(trx, scope, id);
}

export async function updateSupply(trx: Tx, scope: Scope, id: number, input: UpdateLandSupplyInput) {
  const row = await store.findSupply(trx, scope, id, { lock: true });
  if (!row) throw notFound(LABEL);
  const changes: Record<string, unknown> = {};
  for (const key of [
    'approval_doc_name',
    'approval_doc_no',
    'approved_on',
    'acquisition_method',
    'use_years',
    'received_by',
  ] as const)
    if (input[key] !== undefined) changes[key] = input[key];
  if (input.land_value !== undefined) changes.land_value = money(input.land_value);
  if (input.project_id !== undefined) {
    const project = input.project_id === null ? null : await store.findProject(trx, scope, input.project_id);
    if (project === undefined)
      throw validationFailed([{ path: 'body.project_id', message: '项目不存在或不在您的管辖范围内' }]);
    changes.project_id = project?.id ?? null;
    changes.project_no = project?.project_no ?? null;
  }
  const oldDay = isoDate(row.supplied_on);
  const newDay = input.supplied_on ?? oldDay;
  const newArea = input.land_area ?? Number(row.land_area);
  if (toFen(String(newArea)) !== toFen(row.land_area) || newDay !== oldDay) {
    // A correction: the old entry reversed and the new one posted, both on the (new) supply day, which must be
    // open; the closed period keeps the old entry, and the balance after both is the corrected one.
    const path = input.supplied_on ? 'body.supplied_on' : 'body.land_area';
    await assertOpenDay(trx, row.region_code, row.ledger_project_code, newDay, path);
    const supply = { ...row, project_code: row.ledger_project_code };
    const how = {
      source: 'land_supply_changed' as const,
      received_by: (changes.received_by as string) ?? row.received_by,
    };
    await postLand(trx, scope, supply, row.land_area, newDay, {
      ...how,
      direction: 'in',
      note: '更正前冲回',
    });
    changes.ledger_entry_id = await postLand(trx, scope, supply, newArea, newDay, {
      ...how,
      direction: 'out',
      note: '更正后供应',
    });
    changes.land_area = newArea;
    changes.supplied_on = newDay;
  }
  await store.updateSupply(trx, id, changes);
  return present(trx, scope, id);
}

/** Deletes a mistaken record: its land posted back in today, the parcel back in the reserve. */
export async function deleteSupply(trx: Tx, scope: Scope, id: number) {
  const row = await store.findSupply(trx, scope, id, { lock: true });
  if (!row) throw notFound(LABEL);
  await lockReserve(trx);
  await store.setParcelStatus(trx, row.parcel_id, 'reserved');
  const overlaps = await reservedOverlaps(trx, row.parcel_id);
  if (overlaps.length)
    throw conflict(
      `宗地 ${row.parcel_no} 与储备中的地块 ${overlaps.map((o) => o.parcel_no).join('、')} 重叠，不能退回储备`,
    );
  await postLand(
    trx,
    scope,
    { ...row, project_code: row.ledger_project_code },
    row.land_area,
    isoDate(new Date()),
    {
      direction: 'in',
      source: 'land_supply_cancelled',
      note: '撤销供应，退回宗地',
      received_by: scope.username,
    },
  );
  await store.deleteSupply(trx, id);
}

export async function listSupplies(db: Db, scope: Scope, query: LandSupplyListQuery) {
  const { rows, total } = await store.listSupplies(db, scope, query);
  return { items: rows.map(presentLandSupply), total, page: query.page, page_size: query.page_size };
}

/** The list as GeoJSON (the parcels' outlines with the records as properties), for the map. */
export async function listSuppliesGeoJson(db: Db, scope: Scope, query: LandSupplyListQuery) {
  return featureCollection(await listSupplies(db, scope, query));
}

export async function getSupply(db: Db, scope: Scope, id: number) {
  const row = await store.findSupply(db, scope, id);
  if (!row) throw notFound(LABEL);
  return presentLandSupply(row);
}
