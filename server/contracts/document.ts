/**
 * The contract's text (A.7.3; 10.2.1 items 1–2 合同签约): rendered from the documents module's editable templates
 * (contract_rental / contract_sale / contract_subsidy) with the parties, the unit, the money and the term, recorded
 * in generated_documents in the caller's transaction, and pointed at by the contract. Names and ID numbers are
 * printed in full: the contract is signed by these people (serving it needs personal_data.read, see routes.ts).
 */
import type { Tx } from '../db/knex.ts';
import { renderDocument } from '../documents/service.ts';
import type { DocumentTable } from '../documents/pdf.ts';
import type { TemplateKey } from '../documents/templates.ts';
import { isoDate } from '../shared/rows.ts';
import { CONTRACT_TYPE_LABELS, METHOD_LABELS } from './schema.ts';
import * as store from './store.ts';

const KINDS: Record<store.ContractRow['contract_type'], TemplateKey> = {
  rental: 'contract_rental',
  sale: 'contract_sale',
  subsidy: 'contract_subsidy',
};

/** 2026年12月1日 from a `date` column (pg gives local midnight). */
export const chineseDay = (d: Date | null): string => {
  if (!d) return '长期';
  const [y, m, day] = isoDate(d).split('-').map(Number);
  return `${y}年${m}月${day}日`;
};

const termOf = (months: number | null) =>
  months === null ? '长期' : months % 12 === 0 ? `${months / 12}年` : `${months}个月`;

async function unitAddress(trx: Tx, unitId: number | null): Promise<string> {
  if (!unitId) return '';
  const row = await trx({ u: 'housing_units' })
    .join('buildings as b', 'b.id', 'u.building_id')
    .join('projects as p', 'p.id', 'u.project_id')
    .where('u.id', unitId)
    .first<{ address: string }>(
      trx.raw(
        `coalesce(p.approved_name, p.proposed_name) || b.name || coalesce(u.entrance || '单元', '') || u.room_no || '室' AS address`,
      ),
    );
  return row?.address ?? '';
}

/** The values of the contract's placeholders (server/documents/templates.ts CONTRACT, UNIT and the kind's own). */
async function valuesOf(trx: Tx, c: store.ContractRow): Promise<Record<string, string>> {
  const agent = c.agent_name
    ? `；代理人：${c.agent_name}${c.agent_id_number ? `（身份证号：${c.agent_id_number}）` : ''}`
    : '';
  return {
    contract_no: c.contract_no,
    application_no: c.application_no,
    signatory_name: c.signatory_name,
    signatory_id_number: c.signatory_id_number,
    agent_line: agent,
    term: termOf(c.term_months),
    starts_on: chineseDay(c.starts_on),
    ends_on: chineseDay(c.ends_on),
    auto_renew: c.auto_renew ? '是' : '否',
    unit_no: c.unit_no ?? '',
    unit_address: await unitAddress(trx, c.unit_id),
    floor_area: c.floor_area ?? '',
    rent_monthly: c.rent_monthly ?? '',
    price: c.price ?? '',
    subsidy_amount: c.subsidy_amount ?? '',
    standard_amount: c.standard_amount ?? c.subsidy_amount ?? '',
    subsidy_method: c.subsidy_method ? METHOD_LABELS[c.subsidy_method as keyof typeof METHOD_LABELS] : '',
    subsidy_start: c.subsidy_start_on ? chineseDay(c.subsidy_start_on).replace(/\d+日$/, '') : '',
  };
}

/** 合同要素表: the particulars at a glance, after the clauses. */
function particulars(c: store.ContractRow, values: Record<string, string>): DocumentTable {
  const rows: string[][] = [
    ['合同编号', c.contract_no],
    ['合同类型', CONTRACT_TYPE_LABELS[c.contract_type]],
    ['签约人', `${c.signatory_name}（${c.signatory_id_number}）`],
  ];
  if (c.agent_name) rows.push(['代理人', `${c.agent_name}（${c.agent_id_number ?? ''}）`]);
  if (c.unit_no) rows.push(['房屋', `${values.unit_address}（${c.unit_no}），${c.floor_area} 平方米`]);
  if (c.rent_monthly) rows.push(['月租金', `${c.rent_monthly} 元`]);
  if (c.price) rows.push(['房屋总价款', `${c.price} 元`]);
  if (c.subsidy_amount) rows.push(['补贴金额', `${c.subsidy_amount} 元/月，${values.subsidy_method}`]);
  rows.push(['合同有效期', `${values.starts_on} 至 ${values.ends_on}`]);
  return {
    columns: [
      { header: '项目', width: 1 },
      { header: '内容', width: 3 },
    ],
    rows,
  };
}

/** Renders and records the contract's PDF, and points the contract at it. */
export async function renderContract(trx: Tx, contract: store.ContractRow): Promise<number> {
  const values = await valuesOf(trx, contract);
  const { document } = await renderDocument(trx, {
    kind: KINDS[contract.contract_type],
    businessType: 'contract',
    businessId: contract.id,
    regionCode: contract.region_code,
    values,
    table: particulars(contract, values),
  });
  await store.setDocument(trx, contract.id, document.id);
  return document.id;
}

export const contractLabel = (type: store.ContractRow['contract_type']) =>
  ({ rental: '保障性住房租赁合同', sale: '保障性住房买卖合同', subsidy: '住房租赁补贴协议' })[type];
