/**
 * Contracts (CJJ/T 196 10.2.1 items 1–3, A.7.3): rental (配租) and sale (配售) contracts drawn up from a reviewed,
 * active unit selection (A.7.2), subsidy (补贴) contracts from a published subsidy plan's household (A.6.6).
 * draft → signed → effective → renewed (续签: a new contract continues it) | terminated (合同终止). Every move is a
 * conditional UPDATE (409 naming the state found), and the database's trigger refuses any other move as well.
 * Services take (trx, scope, …) and never see Koa: the demo seed and the benchmark call them directly.
 */
import type { Tx } from '../db/knex.ts';
import { inScope, regionPrefix, type Scope } from '../access/scope.ts';
import { conflict, fieldError, notFound } from '../http/errors.ts';
import { unknownRegionCodes } from '../regions/store.ts';
import { renderContract } from './document.ts';
import {
  STATUS_LABELS,
  type AutoRenewInput,
  type ContractStatus,
  type CreateContractInput,
} from './schema.ts';
import * as store from './store.ts';

export const CONTRACT_LABEL = '合同';

/** The database's refusals as API errors: a second live contract for a unit or household, a guarded move. */
export function translateContractError(error: unknown): unknown {
  const { code, constraint, message } = (error ?? {}) as {
    code?: string;
    constraint?: string;
    message?: string;
  };
  if (code === '23505' && constraint === 'security_contracts_live_unit')
    return conflict('该房屋已有在办或生效的合同');
  if (code === '23505' && constraint === 'security_contracts_live_household')
    return conflict('该家庭已有在办或生效的合同');
  if (code === '23505' && constraint === 'security_contracts_renewal_of_key') return conflict('该合同已续签');
  if (code === 'HS409') return conflict(message ?? '合同状态不允许此操作');
  return error;
}

async function guarded<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw translateContractError(error);
  }
}

/** A region the caller named must be in the scope (400 at the field otherwise, as every create does). */
export async function assertRegion(
  trx: Tx,
  scope: Scope,
  region: string | undefined,
  at = 'body.region_code',
) {
  if (region === undefined) return;
  if (!inScope(scope, region) || (await unknownRegionCodes(trx, [region])).length)
    throw fieldError(at, '行政区划代码不存在或不在您的管辖范围内');
}

const wrongState = (contract: { contract_no: string; status: ContractStatus }, action: string) =>
  conflict(
    `合同 ${contract.contract_no} 当前为“${STATUS_LABELS[contract.status]}”（${contract.status}），不能${action}`,
  );

async function load(trx: Tx, scope: Scope, id: number): Promise<store.ContractRow> {
  const contract = await store.findContract(trx, scope, id, { lock: true });
  if (!contract) throw notFound(CONTRACT_LABEL);
  return contract;
}

async function reload(trx: Tx, scope: Scope, id: number): Promise<store.ContractRow> {
  return (await store.findContract(trx, scope, id))!;
}

/** Draws up a contract (status draft) with its PDF; the 签约人 and 代理人 come from the household. */
export async function createContract(
  trx: Tx,
  scope: Scope,
  input: CreateContractInput,
): Promise<store.ContractRow> {
  await assertRegion(trx, scope, input.region_code);
  const row =
    input.contract_type === 'subsidy'
      ? await fromPlan(trx, scope, input)
      : await fromSelection(trx, scope, input);
  if (input.region_code && !row.region_code.startsWith(regionPrefix(input.region_code)))
    throw fieldError('body.region_code', '行政区划代码与来源记录的地区不一致');
  const id = await guarded(() => store.insertContract(trx, { ...row, auto_renew: input.auto_renew }));
  const contract = await reload(trx, scope, id);
  await renderContract(trx, contract);
  return reload(trx, scope, id);
}

type Row = Record<string, unknown> & { contract_type: 'rental' | 'sale' | 'subsidy'; region_code: string };

async function fromSelection(
  trx: Tx,
  scope: Scope,
  input: Extract<CreateContractInput, { contract_type: 'rental' | 'sale' }>,
): Promise<Row> {
  const s = await store.selectionForContract(trx, scope, input.selection_id);
  if (!s) throw fieldError('body.selection_id', '选房记录不存在或不在您的管辖范围内');
  if (s.status !== 'active') throw conflict('选房记录已撤销，不能签订合同');
  // 10.2.1: the selection is recorded and reviewed (是否已审核) before a contract is signed on it.
  if (!s.is_reviewed) throw conflict('选房记录尚未审核，审核通过后才能签订合同');
  if (s.resource_kind !== 'units') throw conflict('该方案不是实物配置方案');
  if (input.contract_type === 'sale' && input.auto_renew)
    throw fieldError('body.auto_renew', '配售合同没有期限，不适用自动续签');
  const rent = input.contract_type === 'rental' ? (input.rent_monthly ?? s.rent_monthly) : null;
  if (input.contract_type === 'rental' && rent === null)
    throw fieldError('body.rent_monthly', '房屋没有登记月租金，请填写月租金');
  return {
    contract_type: input.contract_type,
    household_id: s.household_id,
    application_no: s.application_no,
    registration_year: s.registration_year,
    region_code: s.region_code,
    unit_id: s.unit_id,
    unit_no: s.unit_no,
    selection_id: s.id,
    plan_id: s.plan_id,
    project_code: s.project_code,
    floor_area: s.floor_area,
    rent_monthly: rent,
    price: input.contract_type === 'sale' ? input.price : null,
    signatory_name: s.applicant_name,
    signatory_id_number: s.id_number,
    agent_name: s.agent_name,
    agent_id_number: s.agent_id_number,
    starts_on: input.starts_on,
    term_months: input.contract_type === 'rental' ? input.term_months : null,
  };
}

async function fromPlan(
  trx: Tx,
  scope: Scope,
  input: Extract<CreateContractInput, { contract_type: 'subsidy' }>,
): Promise<Row> {
  const h = await store.planHouseholdForContract(trx, scope, input.plan_household_id);
  if (!h) throw fieldError('body.plan_household_id', '方案保障对象不存在或不在您的管辖范围内');
  if (h.resource_kind !== 'subsidy' || h.subsidy_amount === null)
    throw fieldError('body.plan_household_id', '该保障对象不在货币补贴方案中');
  // 9.2.2 item 2: only a published plan is handed to deployment.
  if (h.plan_status !== 'published') throw conflict('配置方案未发布或已结束，不能签订补贴合同');
  if (h.status !== 'planned') throw conflict(`该保障对象的配置状态为 ${h.status}，不能签订补贴合同`);
  if (input.subsidy_start_on && input.starts_on && input.subsidy_start_on < input.starts_on)
    throw fieldError('body.subsidy_start_on', '发放起始时间不得早于合同起始日期');
  return {
    contract_type: 'subsidy',
    household_id: h.household_id,
    application_no: h.application_no,
    registration_year: h.registration_year,
    region_code: h.region_code,
    plan_id: h.plan_id,
    plan_household_id: h.id,
    project_code: h.project_code,
    subsidy_amount: h.subsidy_amount,
    // 原标准金额: the standard the rules computed at review (A.3.14), else the plan's amount.
    standard_amount: h.standard_amount ?? h.subsidy_amount,
    subsidy_method: input.subsidy_method,
    subsidy_start_on: trx.raw(`coalesce(?::date, ?::date, ${store.TODAY})`, [
      input.subsidy_start_on ?? null,
      input.starts_on ?? null,
    ]),
    signatory_name: h.applicant_name,
    signatory_id_number: h.id_number,
    agent_name: h.agent_name,
    agent_id_number: h.agent_id_number,
    starts_on: input.starts_on,
    term_months: input.term_months,
  };
}

async function move(
  trx: Tx,
  scope: Scope,
  id: number,
  from: ContractStatus[],
  to: ContractStatus,
  changes: Record<string, unknown>,
  action: string,
): Promise<store.ContractRow> {
  const contract = await load(trx, scope, id);
  if (!from.includes(contract.status)) throw wrongState(contract, action);
  await guarded(() => store.transition(trx, id, from, to, changes));
  return contract;
}

/** 合同签署: draft → signed. */
export async function signContract(trx: Tx, scope: Scope, id: number, input: { signed_at?: string } = {}) {
  await move(trx, scope, id, ['draft'], 'signed', { signed_at: input.signed_at ?? trx.fn.now() }, '签署');
  return reload(trx, scope, id);
}

/**
 * 合同生效: signed → effective; the registry book records the household as secured (A.3.16 实施保障时间/方式), a
 * rented or sold unit is occupied (figure 3 已入住), a subsidy household is allocated in its plan.
 */
export async function makeEffective(
  trx: Tx,
  scope: Scope,
  id: number,
  input: { effective_at?: string } = {},
) {
  const at = input.effective_at ?? new Date().toISOString();
  const contract = await move(trx, scope, id, ['signed'], 'effective', { effective_at: at }, '生效');
  await store.applyEffective(trx, contract, at);
  return reload(trx, scope, id);
}

/**
 * 合同终止: draft, signed or effective → terminated with 合同失效时间 and the reason. Terminating a rental frees
 * nothing by itself: the unit stays occupied until it is handed back (房源退回 is post-allocation management,
 * CJJ/T 196 11.2.1, another subsystem), and a subsidy simply stops being due from the next generation.
 */
export async function terminateContract(
  trx: Tx,
  scope: Scope,
  id: number,
  input: { reason: string; terminated_at?: string },
) {
  await move(
    trx,
    scope,
    id,
    ['draft', 'signed', 'effective'],
    'terminated',
    { expired_at: input.terminated_at ?? trx.fn.now(), termination_reason: input.reason },
    '终止',
  );
  return reload(trx, scope, id);
}

/**
 * 续签: an effective rental or subsidy contract is continued by a new one starting the day after it ends, signed
 * and effective at once (same parties, unit and amounts; term as before unless given). The old one is marked
 * renewed with its 合同失效时间 at the end of its term (its months stay due until then).
 */
export async function renewContract(trx: Tx, scope: Scope, id: number, input: { term_months?: number } = {}) {
  const old = await load(trx, scope, id);
  if (old.status !== 'effective') throw wrongState(old, '续签');
  if (old.contract_type === 'sale') throw conflict('配售合同没有期限，不能续签');
  const starts = nextDay(old.ends_on!);
  await guarded(() =>
    store.transition(trx, id, ['effective'], 'renewed', {
      expired_at: trx.raw(`greatest(now(), ?::date::timestamp AT TIME ZONE 'Asia/Shanghai')`, [starts]),
    }),
  );
  const nextId = await guarded(() =>
    store.insertContract(trx, {
      contract_type: old.contract_type,
      household_id: old.household_id,
      application_no: old.application_no,
      registration_year: old.registration_year,
      region_code: old.region_code,
      unit_id: old.unit_id,
      unit_no: old.unit_no,
      selection_id: old.selection_id,
      plan_id: old.plan_id,
      plan_household_id: old.plan_household_id,
      project_code: old.project_code,
      floor_area: old.floor_area,
      rent_monthly: old.rent_monthly,
      subsidy_amount: old.subsidy_amount,
      standard_amount: old.standard_amount,
      subsidy_method: old.subsidy_method,
      subsidy_start_on: old.contract_type === 'subsidy' ? starts : null,
      signatory_name: old.signatory_name,
      signatory_id_number: old.signatory_id_number,
      agent_name: old.agent_name,
      agent_id_number: old.agent_id_number,
      auto_renew: old.auto_renew,
      renewal_of: old.id,
      starts_on: starts,
      term_months: input.term_months ?? old.term_months,
      status: 'effective',
      signed_at: trx.fn.now(),
      effective_at: trx.fn.now(),
    }),
  );
  const next = await reload(trx, scope, nextId);
  await renderContract(trx, next);
  return reload(trx, scope, nextId);
}

/** The calendar day after a `date` column's value, as YYYY-MM-DD. */
function nextDay(d: Date): string {
  const next = new Date(d.getFullYear(), d.getMonth(), d.getDate() + 1);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${next.getFullYear()}-${pad(next.getMonth() + 1)}-${pad(next.getDate())}`;
}

/**
 * 自动续签: renews every effective auto-renew contract of the region whose term ends within `within_days` and
 * that has already begun. Idempotent: a renewed contract is no longer effective and its successor has not begun,
 * so a second run renews nothing; concurrent runs skip each other's locked rows.
 */
export async function autoRenew(trx: Tx, scope: Scope, input: AutoRenewInput) {
  await assertRegion(trx, scope, input.region_code);
  const prefix = input.region_code ? regionPrefix(input.region_code) : scope.regionPrefix;
  const renewed = [];
  for (const id of await store.dueForRenewal(trx, prefix, input.within_days)) {
    const next = await renewContract(trx, scope, id);
    renewed.push({ from: id, to: next.id, contract_no: next.contract_no });
  }
  return { renewed };
}
