/**
 * 支持对象资金拨付配置计划 (A.7.7; 10.2.2 item 1 资金补贴管理): a total paid to an approved supplier (A.3.17 unit,
 * A.3.18 person) in equal instalments per period from a start month; the month's dues generation reads them
 * (对象类型 supplier). A plan can be changed or deleted only while none of its dues exists; after that it is
 * cancelled (no further dues), so what was paid stays explained by the plan that made it due.
 */
import type { Db, Tx } from '../db/knex.ts';
import { regionPrefix, scoped, type Scope } from '../access/scope.ts';
import { conflict, fieldError, notFound } from '../http/errors.ts';
import { pageOf } from '../spatial/features.ts';
import { assertRegion } from '../contracts/service.ts';
import type { CreateFundPlanInput, UpdateFundPlanInput } from './schema.ts';

type Conn = Db | Tx;
type Row = Record<string, unknown> & { id: number; region_code: string };

const LABEL = '拨付计划';
const TABLES = { unit: 'supplier_unit_approvals', person: 'supplier_person_approvals' } as const;

const plansIn = (conn: Conn, scope: Scope) => scoped(conn('subsidy_fund_plans'), scope);

export async function findFundPlan(conn: Conn, scope: Scope, id: number, lock = false): Promise<Row> {
  const query = plansIn(conn, scope).where({ id });
  if (lock) void query.forUpdate();
  const row = (await query.first('*')) as Row | undefined;
  if (!row) throw notFound(LABEL);
  return row;
}

export function listFundPlans(
  conn: Conn,
  scope: Scope,
  filter: { status?: string; region?: string; page: number; page_size: number },
) {
  const query = plansIn(conn, scope).select('*');
  if (filter.region) void query.where('region_code', 'like', `${regionPrefix(filter.region)}%`);
  if (filter.status) void query.where('status', filter.status);
  return pageOf<Row>(query, filter, ['region_code', 'id']);
}

export async function createFundPlan(trx: Tx, scope: Scope, input: CreateFundPlanInput): Promise<Row> {
  await assertRegion(trx, scope, input.region_code);
  const table = TABLES[input.supplier_kind];
  const approval = (await scoped(trx(table), scope).where({ id: input.approval_id }).first('*')) as
    (Row & { status: string; approval_no: string; approved_amount: string | null }) | undefined;
  if (!approval) throw fieldError('body.approval_id', '供给登记审批不存在或不在您的管辖范围内');
  // Support is paid to approved applications only (A.3.17/A.3.18 核定额度), never above the approved amount.
  if (approval.status !== 'approved') throw conflict('该供给登记审批尚未核定，不能制定拨付计划');
  if (Number(input.total_amount) > Number(approval.approved_amount))
    throw fieldError('body.total_amount', `拨付总金额不能超过核定额度 ${approval.approved_amount} 元`);
  const [row] = await trx('subsidy_fund_plans')
    .insert({
      supplier_kind: input.supplier_kind,
      unit_approval_id: input.supplier_kind === 'unit' ? approval.id : null,
      person_approval_id: input.supplier_kind === 'person' ? approval.id : null,
      object_no: approval.approval_no,
      object_name: (approval.unit_name ?? approval.applicant_name) as string,
      support_project_code: approval.support_project_code as string,
      total_amount: input.total_amount,
      period_type: input.period_type,
      cycles: input.cycles,
      starts_on: input.starts_on,
      note: input.note ?? null,
      region_code: input.region_code ?? approval.region_code,
    })
    .returning<Row[]>('*');
  return row!;
}

const hasDues = async (conn: Conn, id: number) =>
  !!(await conn('subsidy_dues').where({ fund_plan_id: id }).first('id'));

export async function updateFundPlan(trx: Tx, scope: Scope, id: number, input: UpdateFundPlanInput) {
  const plan = await findFundPlan(trx, scope, id, true);
  const { status, note, ...terms } = input;
  if (Object.values(terms).some((v) => v !== undefined) && (await hasDues(trx, id)))
    throw conflict('该计划已生成应发，金额与周期不能再改；可撤销后另订计划');
  const [row] = await trx('subsidy_fund_plans')
    .where({ id: plan.id })
    .update({ ...terms, ...(status ? { status } : {}), ...(note !== undefined ? { note } : {}) })
    .returning<Row[]>('*');
  return row!;
}

export async function deleteFundPlan(trx: Tx, scope: Scope, id: number): Promise<void> {
  const plan = await findFundPlan(trx, scope, id, true);
  if (await hasDues(trx, id)) throw conflict('该计划已生成应发，不能删除；请改为撤销');
  await trx('subsidy_fund_plans').where({ id: plan.id }).delete();
}
