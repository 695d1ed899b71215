/**
 * Support records for the region-scope test (server/test/scope-fixture.ts): in each district an entry and a
 * closed ledger, a plan with one object (the district's supplier unit application from the registration
 * fixtures), and a land supply on one of its parcels; and bodies for every write route.
 */
import type { Knex } from 'knex';
import type { ScopeFixture } from '../test/scope-fixture.ts';

const like = (district: string) => `${district.replace(/0+$/, '')}%`;

export const scopeFixture: ScopeFixture = {
  async insert(db: Knex, district: string) {
    const region = district.padEnd(12, '0');
    await db.raw(
      `SELECT support_ledger_post(p_region_code => ?, p_project_code => 'SP', p_resource_type => 'funds',
         p_direction => 'in', p_received_on => '2025-01-15', p_amount => 1000, p_batch_no => 'SCOPE',
         p_handed_by => '财政局', p_received_by => '住房保障中心') AS id`,
      [region],
    );
    await db('support_ledgers').insert({
      ledger_no: `ZTZ-${region}-SP-2024-12`,
      project_code: 'SP',
      period_type: 'month',
      period: '2024-12',
      period_start: '2024-12-01',
      period_end: '2024-12-31',
      region_code: region,
    });
    const [plan] = await db('support_plans')
      .insert({
        name: `支持方案 ${district}`,
        project_code: 'SP',
        mode_code: 'SP-MODE',
        period_type: 'year',
        period: '2026',
        rule_version_id: db.raw('(SELECT min(id) FROM rule_versions)'),
        region_code: region,
      })
      .returning<{ id: number; plan_no: string }[]>(['id', 'plan_no']);
    const approval = await db('supplier_unit_approvals')
      .where('region_code', 'like', like(district))
      .orderBy('id')
      .first<{ id: number; approval_no: string; region_code: string }>(['id', 'approval_no', 'region_code']);
    await db('support_plan_objects').insert({
      object_no: approval.approval_no,
      project_code: 'SP',
      mode_code: 'SP-MODE',
      plan_id: plan!.id,
      plan_no: plan!.plan_no,
      object_kind: 'unit',
      unit_approval_id: approval.id,
      object_name: '测试供给单位',
      region_code: approval.region_code,
    });
    const parcel = await db('land_parcels')
      .where('region_code', 'like', like(district))
      .whereNotExists(db('land_supplies').whereRaw('land_supplies.parcel_id = land_parcels.id'))
      .orderBy('id')
      .first<{ id: number; parcel_no: string; parcel_name: string; region_code: string }>([
        'id',
        'parcel_no',
        'parcel_name',
        'region_code',
      ]);
    await db('land_supplies').insert({
      parcel_id: parcel.id,
      parcel_no: parcel.parcel_no,
      parcel_name: parcel.parcel_name,
      approval_doc_name: '国有建设用地划拨决定书',
      approval_doc_no: `哈国土划〔2026〕${district}号`,
      approved_on: '2026-03-01',
      acquisition_method: '划拨',
      land_area: 1000,
      supplied_on: '2026-03-15',
      ledger_project_code: 'SP',
      received_by: '用地单位',
      region_code: parcel.region_code,
    });
  },
  validBodies: (district: string) => ({
    'support.entries.create': {
      project_code: 'SP',
      resource_type: 'funds',
      direction: 'in',
      amount: '100.00',
      received_on: '2026-11-01',
      batch_no: 'INTRUDER',
      handed_by: '越权',
      received_by: '越权',
      region_code: district,
    },
    'support.ledgers.close': {
      project_code: 'SP',
      period_type: 'month',
      period: '2025-10',
      region_code: district,
    },
    'support.plans.create': {
      name: '越权方案',
      mode_code: 'SM',
      period_type: 'year',
      period: '2026',
      region_code: district,
    },
    'support.plans.update': { name: '越权修改' },
    'support.plans.objects': { objects: [{ kind: 'unit', approval_id: 1 }] },
    'support.plans.publish': undefined,
    'support.plan_objects.update': { status: 'withdrawn' },
    'support.plan_objects.remove': undefined,
    'land_supplies.create': {
      parcel_id: 1,
      project_code: 'SP',
      approval_doc_name: '越权',
      approval_doc_no: '越权',
      approved_on: '2026-01-01',
      acquisition_method: '划拨',
      supplied_on: '2026-11-01',
      region_code: district,
    },
    'land_supplies.update': { approval_doc_no: '越权修改' },
    'land_supplies.remove': undefined,
  }),
};
