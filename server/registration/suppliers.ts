/**
 * Supplier applications (支持对象, CJJ/T 196 6.2.1 item 1 and 16.x 支持对象管理; A.3.17 units, A.3.18 individuals):
 * the supplier's identity comes from the project (a unit must name one), the support asked for from the enabled
 * rules of the region (支持项目 / 支持方式 / 支持方式申请条件, A.1.8–A.1.10), and approval sets 核定额度 — never
 * above 申请额度 — with 审核时间 and 审核单位 (the approver's org unit).
 */
import type { Db, Tx } from '../db/knex.ts';
import { inScope, type Scope } from '../access/scope.ts';
import { conflict, fieldError, notFound, validationFailed, type FieldError } from '../http/errors.ts';
import { assertCodes } from '../dictionaries/service.ts';
import { unknownRegionCodes } from '../regions/store.ts';
import { ruleSetOf } from '../rules/analysis.ts';
import { versionById } from '../rules/store.ts';
import { residentIdProblem } from '../shared/validators.ts';
import { fromFen, toFen } from '../admission/figures.ts';
import { presentPersonApproval, presentUnitApproval } from './presenter.ts';
import type {
  ApproveInput,
  CreatePersonApprovalInput,
  CreateUnitApprovalInput,
  SupplierListQuery,
} from './schema.ts';
import * as store from './store.ts';
import * as suppliers from './supplier-store.ts';
import type { SupplierTable } from './supplier-store.ts';

type Row = Record<string, unknown>;

export interface Kind {
  table: SupplierTable;
  label: string;
  /** Columns `q` searches besides the approval number, by whether the user may see personal data. */
  searchable(scope: Scope): string[];
  present(row: Row, scope: Scope): Row;
}

export const UNITS: Kind = {
  table: 'supplier_unit_approvals',
  label: '保障住房供给单位登记审批',
  searchable: () => ['unit_name', 'unit_no', 'project_no'],
  present: (row) => presentUnitApproval(row),
};

export const PERSONS: Kind = {
  table: 'supplier_person_approvals',
  label: '保障住房供给个人登记审批',
  searchable: (scope) => (scope.permissions.has('personal_data.read') ? ['applicant_name'] : []),
  present: presentPersonApproval,
};

const RESIDENT_ID_CARD = '111';
/** Money as stored and shown: two decimals, exact (through integer fen, never a float). */
const money = (yuan: string | null | undefined) =>
  yuan === null || yuan === undefined ? null : fromFen(toFen(yuan));

type SupportInput = CreateUnitApprovalInput | CreatePersonApprovalInput;

/** The region of the application: given (in the scope), else the project's, else the user's own. */
async function regionOf(
  conn: Db | Tx,
  scope: Scope,
  input: SupportInput,
  fallback: string,
): Promise<FieldError[]> {
  const region = input.region_code ?? fallback;
  if (!inScope(scope, region) || (await unknownRegionCodes(conn, [region])).length)
    return [{ path: 'body.region_code', message: '行政区划代码不存在或不在您的管辖范围内' }];
  return [];
}

/** The support asked for, checked against the enabled rules of the region: project, mode and condition codes. */
async function supportOf(trx: Tx, input: SupportInput, region: string) {
  const versionId = await store.applicableRuleVersion(trx, region);
  const version = versionId ? await versionById(trx, versionId) : undefined;
  if (!version) throw conflict('该地区没有启用中的保障规则，无法核对支持项目');
  const { items } = await ruleSetOf(trx, version);
  const modes = items['support-modes'].filter((m) => m.enabled !== false);
  const mode = modes.find((m) => m.code === input.support_mode_code);
  if (!mode)
    throw fieldError(
      'body.support_mode_code',
      `支持方式 ${input.support_mode_code} 不在启用中的规则里（可选：${modes.map((m) => m.code).join('、') || '无'}）`,
    );
  const project = items['support-projects'].find((p) => p.code === mode.project_code);
  if (input.support_condition_code) {
    const conditions = items['support-conditions'].filter((c) => c.mode_code === mode.code);
    if (!conditions.some((c) => c.code === input.support_condition_code))
      throw fieldError(
        'body.support_condition_code',
        `申请支持条件 ${input.support_condition_code} 不属于支持方式 ${mode.code}（可选：${conditions.map((c) => c.code).join('、') || '无'}）`,
      );
  }
  return {
    rule_version_id: version.id,
    support_project_code: mode.project_code as string,
    support_mode_code: mode.code,
    support_condition_code: input.support_condition_code ?? null,
    support_object_class: input.support_object_class ?? (project?.supplier_type as string | null) ?? null,
  };
}

const amountsOf = (input: SupportInput) => ({
  standard_amount: money(input.standard_amount),
  subsidy_due: money(input.subsidy_due),
  payable: money(input.payable),
  deduction: money(input.deduction),
  requested_amount: money(input.requested_amount),
  ...(input.applied_at ? { applied_at: input.applied_at } : {}),
});

async function created(trx: Tx, scope: Scope, kind: Kind, row: Row) {
  const id = await suppliers.insertApproval(trx, kind.table, row);
  return kind.present((await suppliers.findApproval(trx, scope, kind.table, id))!, scope);
}

export async function createUnitApproval(trx: Tx, scope: Scope, input: CreateUnitApprovalInput) {
  const project = await suppliers.findProject(trx, scope, input.project_id);
  const errors = await regionOf(trx, scope, input, project?.region_code ?? scope.regionCode);
  if (!project) errors.push({ path: 'body.project_id', message: '项目不存在或不在您的管辖范围内' });
  if (errors.length) throw validationFailed(errors);
  const region = input.region_code ?? project!.region_code;
  return created(trx, scope, UNITS, {
    unit_no: input.unit_no,
    unit_name: input.unit_name,
    project_id: project!.id,
    project_no: project!.project_no,
    project_name: project!.name,
    ...(await supportOf(trx, input, region)),
    ...amountsOf(input),
    region_code: region,
  });
}

export async function createPersonApproval(trx: Tx, scope: Scope, input: CreatePersonApprovalInput) {
  const project = input.project_id ? await suppliers.findProject(trx, scope, input.project_id) : undefined;
  const errors = await regionOf(trx, scope, input, project?.region_code ?? scope.regionCode);
  if (input.project_id && !project)
    errors.push({ path: 'body.project_id', message: '项目不存在或不在您的管辖范围内' });
  const idType = input.applicant_id_type ?? RESIDENT_ID_CARD;
  const idNumber = input.applicant_id_number.toUpperCase();
  const idProblem = idType === RESIDENT_ID_CARD ? residentIdProblem(idNumber) : undefined;
  if (idProblem) errors.push({ path: 'body.applicant_id_number', message: idProblem });
  if (errors.length) throw validationFailed(errors);
  await assertCodes(trx, [{ path: 'body.applicant_id_type', dictionary: 'id_type', code: idType }]);
  const region = input.region_code ?? project?.region_code ?? scope.regionCode;
  return created(trx, scope, PERSONS, {
    applicant_name: input.applicant_name,
    applicant_id_type: idType,
    applicant_id_number: idNumber,
    project_id: project?.id ?? null,
    ...(await supportOf(trx, input, region)),
    ...amountsOf(input),
    region_code: region,
  });
}

export async function listApprovals(db: Db, scope: Scope, kind: Kind, query: SupplierListQuery) {
  const { rows, total } = await suppliers.listApprovals(db, scope, kind.table, query, kind.searchable(scope));
  return {
    items: rows.map((row) => kind.present(row, scope)),
    total,
    page: query.page,
    page_size: query.page_size,
  };
}

export async function getApproval(db: Db, scope: Scope, kind: Kind, id: number) {
  const row = await suppliers.findApproval(db, scope, kind.table, id);
  if (!row) throw notFound(kind.label);
  return kind.present(row, scope);
}

/** 核定额度 with 审核时间 now and 审核单位 the approver's org unit; an approval is final (409 the second time). */
export async function approve(trx: Tx, scope: Scope, kind: Kind, id: number, input: ApproveInput) {
  const row = await suppliers.findApproval(trx, scope, kind.table, id, { lock: true });
  if (!row) throw notFound(kind.label);
  if (row.status === 'approved') throw conflict(`${kind.label}已核定，不能再次核定`);
  if (toFen(input.approved_amount) > toFen(row.requested_amount))
    throw fieldError('body.approved_amount', `核定额度不得超过申请额度 ${row.requested_amount} 元`);
  await suppliers.updateApproval(trx, kind.table, id, {
    approved_amount: money(input.approved_amount),
    reviewed_at: trx.fn.now(),
    reviewing_unit: (await suppliers.regionName(trx, scope.regionCode)) ?? scope.regionCode,
    reviewing_unit_code: scope.regionCode,
    reviewed_by: scope.username,
    review_comment: input.comment ?? null,
    status: 'approved',
  });
  return kind.present((await suppliers.findApproval(trx, scope, kind.table, id))!, scope);
}
