/**
 * 准入登记簿 (A.3.16 保障对象准入登记簿交换信息): written when an admission process ends approved (准予登记) as a
 * snapshot of the household, its assets and the approved plan; listed in the scope and exported as the exchange
 * record with the standard's Chinese field names.
 */
import type { Db, Tx } from '../db/knex.ts';
import type { Scope } from '../access/scope.ts';
import { notFound } from '../http/errors.ts';
import { ruleSetOf } from '../rules/analysis.ts';
import { versionById } from '../rules/store.ts';
import { writeCsv } from '../exchange/csv.ts';
import { presentRegistryEntry } from './presenter.ts';
import type { RegistryExportQuery, RegistryQuery } from './schema.ts';
import * as store from './store.ts';

/** A.3.16 in the standard's order: column → field name (the exchange record's keys and the CSV header). */
export const REGISTRY_FIELDS: [column: string, name: string][] = [
  ['application_no', '申请编号'],
  ['survey_no', '调查编号'],
  ['applicant_name', '申请人姓名'],
  ['id_type', '证件类别'],
  ['id_number', '证件号码'],
  ['phone', '联系电话'],
  ['hukou_district', '户籍所在地-县（市）-区'],
  ['hukou_street', '户籍所在地-街道'],
  ['hukou_community', '户籍所在地-社区'],
  ['hukou_road', '户籍所在地-路（街、里、巷、小区）'],
  ['hukou_house_no', '户籍所在地-号'],
  ['hukou_building', '户籍所在地-座（栋）'],
  ['hukou_room', '户籍所在地-室'],
  ['household_size', '家庭人口数'],
  ['per_capita_income', '家庭人均年收入'],
  ['total_income', '家庭年总收入'],
  ['per_capita_assets', '家庭人均资产'],
  ['total_assets', '家庭总资产'],
  ['per_capita_floor_area', '家庭人均建筑面积'],
  ['total_floor_area', '家庭总建筑面积'],
  ['in_shanty_area', '是否居住在棚户区'],
  ['is_minimum_living', '是否为最低生活保障家庭'],
  ['minimum_living_cert_no', '最低生活保障证号'],
  ['applied_at', '申请时间'],
  ['income_level', '申请家庭收入层次类别'],
  ['special_group', '特定群体类别'],
  ['applied_project', '申请保障项目类别'],
  ['applied_mode', '申请保障方式'],
  ['registered_at', '登记时间'],
  ['implemented_at', '实施保障时间'],
  ['implemented_mode', '实施住房保障方式'],
  ['exited_at', '保障退出时间'],
  ['security_status', '保障状态'],
  ['last_review_year', '最后年审年度'],
  // Not an A.3.16 field: the receiving system needs to know whose record it is.
  ['region_code', '行政区划代码'],
];

const COPIED = [
  'application_no',
  'registration_year',
  'region_code',
  'applicant_name',
  'id_type',
  'id_number',
  'phone',
  'hukou_district',
  'hukou_street',
  'hukou_community',
  'hukou_road',
  'hukou_house_no',
  'hukou_building',
  'hukou_room',
  'household_size',
  'per_capita_income',
  'total_income',
  'per_capita_floor_area',
  'total_floor_area',
  'in_shanty_area',
  'is_minimum_living',
  'minimum_living_cert_no',
];

/** 收入分类 and 特殊人群分类 of the plan's 保障项目 in the rule version the plan was computed with. */
async function ruleProject(conn: Db | Tx, versionId: number, code: string | null) {
  const version = code ? await versionById(conn, versionId) : undefined;
  if (!version) return undefined;
  const set = await ruleSetOf(conn, version);
  return set.items.projects.find((p) => p.code === code) as
    { income_class: string | null; special_group_class: string | null } | undefined;
}

/**
 * 准予登记: the registry entry (a second registration of the same household refreshes it), the household joins
 * the waiting list (waiting_status waiting) and the plan is marked registered. Runs in the process end's
 * transaction, for an instance already authorised, so it reads the household without a scope.
 */
export async function registerHousehold(trx: Tx, householdId: number): Promise<number> {
  const household = await store.householdForRegistry(trx, householdId);
  if (!household) throw notFound('申请家庭');
  const plan = await store.planOfHousehold(trx, householdId);
  const project = plan ? await ruleProject(trx, plan.rule_version_id, plan.project_code) : undefined;
  const entry = {
    household_id: householdId,
    ...Object.fromEntries(COPIED.map((column) => [column, household[column] ?? null])),
    survey_no: null,
    total_assets: household.total_assets,
    per_capita_assets: household.per_capita_assets,
    applied_at: household.created_at,
    income_level: project?.income_class ?? null,
    special_group:
      project?.special_group_class ??
      (await store.applicantSpecialGroup(trx, householdId)) ??
      // 残疾人 (code list special_group 01) when a member's disability is on record.
      (household.disability_grade === null || household.disability_grade === undefined ? null : '01'),
    applied_project: plan?.project_code ?? null,
    applied_project_name: plan?.project_name ?? null,
    applied_mode: plan?.mode_type ?? null,
    registered_at: trx.fn.now(),
    implemented_at: null,
    implemented_mode: null,
    exited_at: null,
    security_status: 'waiting',
    // The admission review is this year's review of the household's eligibility (年审 counts from it).
    last_review_year: new Date().getFullYear(),
    plan_id: plan?.id ?? null,
  };
  const id = await store.upsertRegistryEntry(trx, entry);
  await store.setWaitingStatus(trx, householdId, 'waiting');
  if (plan) await store.updatePlan(trx, plan.id, { handling_stage: 'registered' });
  return id;
}

export async function listRegistry(conn: Db, scope: Scope, query: RegistryQuery) {
  const { rows, total } = await store.listRegistry(conn, scope, query);
  return {
    items: rows.map((row) => presentRegistryEntry(row, scope)),
    total,
    page: query.page,
    page_size: query.page_size,
  };
}

/** One entry as the exchange record: the standard's field names as keys, masked like the list. */
const exchangeRecord = (entry: Record<string, unknown>) =>
  Object.fromEntries(REGISTRY_FIELDS.map(([column, name]) => [name, entry[column] ?? null]));

export async function exportRegistry(db: Db, scope: Scope, query: RegistryExportQuery) {
  const { format, ...filter } = query;
  const records = (await store.exportRegistry(db, scope, filter))
    .map((row) => presentRegistryEntry(row, scope))
    .map(exchangeRecord);
  if (format === 'csv') {
    const columns = REGISTRY_FIELDS.map(([, name]) => ({
      header: name,
      value: (record: Record<string, unknown>) => record[name],
    }));
    return { csv: writeCsv(columns, records) };
  }
  return {
    json: {
      exchange: 'A.3.16 保障对象准入登记簿交换信息',
      generated_at: new Date().toISOString(),
      records,
    },
  };
}
