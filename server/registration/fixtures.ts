/**
 * Test fixtures of review and registration: the admission process cut down to its two reviews (same process key
 * and node keys as server/admission/process.ts, so the registration hooks apply), for tests that should not
 * depend on verification and public notice.
 */
import type { Knex } from 'knex';
const decisions = (...codes: string[]) => codes.map((code) => ({ code }));

export const REVIEW_ONLY_ADMISSION = {
  key: 'admission',
  name: '保障对象准入登记（测试：初审与复审）',
  business_category: '准入登记',
  nodes: [
    { key: 'start', name: '开始', type: 'start' },
    {
      key: 'first_review',
      name: '初审',
      type: 'task',
      participants: [{ role: 'reviewer', type: 'district' }],
      extension: { decisions: decisions('approve', 'deny') },
    },
    { key: 'gw_first', name: '初审结果', type: 'exclusive' },
    {
      key: 'second_review',
      name: '复审',
      type: 'task',
      participants: [{ role: 'approver', type: 'city' }],
      extension: { decisions: decisions('approve', 'modify', 'deny') },
    },
    { key: 'gw_second', name: '复审结果', type: 'exclusive' },
    { key: 'registered', name: '登记', type: 'end', extension: { outcome: 'approved' } },
    { key: 'denied', name: '不予登记', type: 'end', extension: { outcome: 'denied' } },
  ],
  transitions: [
    { from: 'start', to: 'first_review' },
    { from: 'first_review', to: 'gw_first' },
    { from: 'gw_first', to: 'second_review', condition: 'approve', priority: 1 },
    { from: 'gw_first', to: 'denied', priority: 2 },
    { from: 'second_review', to: 'gw_second' },
    { from: 'gw_second', to: 'registered', condition: 'approve or modify', priority: 1 },
    { from: 'gw_second', to: 'denied', priority: 2 },
  ],
};

/**
 * Registration records of a district for the generic region-scope test (server/access/region-scope.test.ts): a
 * registry entry for its first household and a unit and a person supplier application on its first project, so
 * the lists have something of the caller's to show and the `:id` routes something of another district's to attack.
 * Needs a rule version (any) for the applications' rule_version_id.
 */
export async function insertRegistrationRecords(db: Knex, district: string): Promise<void> {
  const inDistrict = `LIKE '${district.replace(/0+$/, '').replace(/[^0-9]/g, '')}%'`;
  await db.raw(
    `INSERT INTO registry_book (household_id, application_no, registration_year, region_code, applicant_name, id_type,
                                id_number, household_size, in_shanty_area, is_minimum_living, applied_at)
     SELECT id, application_no, registration_year, region_code, applicant_name, id_type, id_number, household_size,
            in_shanty_area, is_minimum_living, created_at
       FROM households WHERE region_code ${inDistrict} ORDER BY id LIMIT 1`,
  );
  const support = `'SP', 'SP-MODE', (SELECT min(id) FROM rule_versions), 1000, p.region_code`;
  const project = `FROM projects p WHERE p.region_code ${inDistrict} ORDER BY p.id LIMIT 1`;
  await db.raw(
    `INSERT INTO supplier_unit_approvals (unit_no, unit_name, project_id, project_no, project_name,
       support_project_code, support_mode_code, rule_version_id, requested_amount, region_code)
     SELECT 'U-' || p.project_no, '测试供给单位', p.id, p.project_no, p.proposed_name, ${support} ${project}`,
  );
  await db.raw(
    `INSERT INTO supplier_person_approvals (applicant_name, applicant_id_number,
       support_project_code, support_mode_code, rule_version_id, requested_amount, region_code)
     SELECT '测试出租人', '110101199003074514', ${support} ${project}`,
  );
}

/** Valid bodies of the registration write routes, for the region-scope test (ids → body). */
export const validRegistrationBodies = (otherDistrict: string): Record<string, unknown> => {
  const support = { support_mode_code: 'SP-MODE', requested_amount: '1000.00', region_code: otherDistrict };
  return {
    'applications.plan.compute': {},
    'applications.plan.modify': { proposed_area: 50, reason: '越权修改' },
    'suppliers.units.create': { unit_no: 'INTRUDER-U', unit_name: '越权单位', project_id: 1, ...support },
    'suppliers.persons.create': {
      applicant_name: '越权个人',
      applicant_id_type: '414',
      applicant_id_number: 'E99999999',
      ...support,
    },
    'suppliers.units.approve': { approved_amount: '1' },
    'suppliers.persons.approve': { approved_amount: '1' },
  };
};
