/**
 * Records and bodies for the region-scope test (server/test/scope-fixture.ts): a fund disbursement plan of the
 * district's first supplier unit application (server/registration/fixtures.ts inserts one per district), one due
 * of it and its payment, inserted directly.
 */
import type { ScopeFixture } from '../test/scope-fixture.ts';

export const scopeFixture: ScopeFixture = {
  async insert(db, district) {
    const approval = await db('supplier_unit_approvals')
      .where('region_code', 'like', `${district}%`)
      .orderBy('id')
      .first<{ id: number; approval_no: string; unit_name: string; region_code: string } | undefined>(
        'id',
        'approval_no',
        'unit_name',
        'region_code',
      );
    if (!approval) throw new Error(`no supplier unit application in ${district}`);
    const [plan] = await db('subsidy_fund_plans')
      .insert({
        supplier_kind: 'unit',
        unit_approval_id: approval.id,
        object_no: approval.approval_no,
        object_name: approval.unit_name,
        support_project_code: 'SP',
        total_amount: 1000,
        period_type: 'month',
        cycles: 10,
        starts_on: '2026-01-01',
        region_code: approval.region_code,
      })
      .returning<{ id: number; plan_no: string }[]>(['id', 'plan_no']);
    const [due] = await db('subsidy_dues')
      .insert({
        object_type: 'supplier',
        object_no: approval.approval_no,
        object_name: approval.unit_name,
        item_no: plan!.plan_no,
        subsidy_type: 'support_fund',
        standard_amount: 100,
        amount: 100,
        subsidy_year: 2026,
        subsidy_month: 1,
        due_on: '2026-01-01',
        fund_plan_id: plan!.id,
        region_code: approval.region_code,
      })
      .returning<{ id: number; due_no: string }[]>(['id', 'due_no']);
    await db('subsidy_payments').insert({
      due_id: due!.id,
      due_no: due!.due_no,
      due_amount: 100,
      status: 'paid',
      method: 'bank',
      region_code: approval.region_code,
    });
  },
  validBodies: (district) => {
    const month = { year: 2026, month: 1, region_code: district };
    return {
      'subsidies.dues.generate': month,
      'subsidies.dues.vouchers': month,
      'subsidies.dues.voucher': undefined,
      'subsidies.dues.pay': { method: 'bank' },
      'subsidies.payments.batch': { ...month, method: 'bank' },
      'subsidies.fund_plans.create': {
        supplier_kind: 'unit',
        approval_id: 1,
        total_amount: '1000',
        period_type: 'month',
        cycles: 10,
        starts_on: '2026-01-01',
        region_code: district,
      },
      'subsidies.fund_plans.update': { note: '越权修改' },
      'subsidies.fund_plans.remove': undefined,
    };
  },
};
