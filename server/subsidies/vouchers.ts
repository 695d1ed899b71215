/**
 * Printable vouchers (补贴发放单据, A.7.5 是否已打印单据): one due, or a month's dues of a region, rendered from
 * the documents module's `subsidy_voucher` template with a table of the dues and a signature column, recorded
 * in generated_documents, and the dues marked printed — in the caller's transaction. Names of households are
 * masked for printers without personal_data.read; ID numbers are never printed.
 */
import type { Tx } from '../db/knex.ts';
import type { Scope } from '../access/scope.ts';
import { conflict, notFound } from '../http/errors.ts';
import { maskName } from '../shared/mask.ts';
import { renderDocument } from '../documents/service.ts';
import { toFen, fromFen } from '../admission/figures.ts';
import { actionPrefix, DUE_LABEL } from './dues.ts';
import * as store from './dues-store.ts';
import type { VouchersInput } from './schema.ts';

type Due = Record<string, unknown> & { id: number; payment: Record<string, unknown> | null };

async function render(
  trx: Tx,
  scope: Scope,
  dues: Due[],
  business: { type: 'subsidy_due' | 'subsidy_month'; id: number; region: string },
): Promise<Buffer> {
  const first = dues[0]!;
  const seeNames = scope.permissions.has('personal_data.read');
  const name = (d: Due) =>
    d.object_type === 'household' && !seeNames
      ? maskName(d.object_name as string)!
      : (d.object_name as string);
  const total = dues.reduce((sum, d) => sum + toFen(d.amount as string), 0);
  const { content } = await renderDocument(trx, {
    kind: 'subsidy_voucher',
    businessType: business.type,
    businessId: business.id,
    regionCode: business.region,
    values: {
      period: `${String(first.subsidy_year)}年${String(first.subsidy_month)}月`,
      count: String(dues.length),
      total: fromFen(total),
      paid_count: String(dues.filter((d) => d.payment).length),
    },
    table: {
      columns: [
        { header: '序号', width: 1 },
        { header: '应发编号', width: 4 },
        { header: '对象', width: 2 },
        { header: '应发（元）', width: 2 },
        { header: '实发（元）', width: 2 },
        { header: '签收', width: 2 },
      ],
      rows: dues.map((d, i) => [
        String(i + 1),
        d.due_no as string,
        name(d),
        d.amount as string,
        d.payment ? String(d.payment.paid_amount) : '',
        '',
      ]),
    },
  });
  await store.markPrinted(
    trx,
    dues.map((d) => d.id),
  );
  return content;
}

/** The voucher of one due (404 outside the scope). */
export async function dueVoucher(trx: Tx, scope: Scope, id: number): Promise<Buffer> {
  const due = await store.findDue(trx, scope, id, { lock: true });
  if (!due) throw notFound(DUE_LABEL);
  return render(trx, scope, [due], { type: 'subsidy_due', id, region: due.region_code });
}

/** The vouchers of a month in the region (the first `limit` dues by 应发编号); 409 when none was generated. */
export async function monthVouchers(trx: Tx, scope: Scope, input: VouchersInput): Promise<Buffer> {
  const prefix = await actionPrefix(trx, scope, input.region_code);
  const dues = (await store.monthDues(trx, prefix, input)) as Due[];
  if (!dues.length) throw conflict(`${input.year}年${input.month}月没有应发记录，请先生成应发`);
  const region = prefix.padEnd(12, '0');
  return render(trx, scope, dues, { type: 'subsidy_month', id: input.year * 100 + input.month, region });
}
