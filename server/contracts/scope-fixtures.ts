/**
 * Records and bodies for the region-scope test (server/test/scope-fixture.ts): an effective subsidy contract of
 * the district's first household with one archive file, inserted directly.
 */
import type { Knex } from 'knex';
import type { ScopeFixture } from '../test/scope-fixture.ts';

/** An effective subsidy contract (and an archive row) of the first household of `district`; returns its id. */
export async function insertContractRecord(db: Knex, district: string): Promise<number> {
  const household = await db('households')
    .where('region_code', 'like', `${district}%`)
    .whereNotExists(db('security_contracts').whereRaw('security_contracts.household_id = households.id'))
    .orderBy('id')
    .first<{
      id: number;
      application_no: string;
      registration_year: number;
      region_code: string;
      applicant_name: string;
      id_number: string;
    }>('id', 'application_no', 'registration_year', 'region_code', 'applicant_name', 'id_number');
  if (!household) throw new Error(`no household in ${district}`);
  const [contract] = await db('security_contracts')
    .insert({
      household_id: household.id,
      application_no: household.application_no,
      registration_year: household.registration_year,
      region_code: household.region_code,
      contract_type: 'subsidy',
      contract_no: `HTB-SCOPE-${district}-${household.id}`,
      subsidy_amount: 600,
      standard_amount: 600,
      subsidy_method: 'bank',
      subsidy_start_on: '2026-01-01',
      signatory_name: household.applicant_name,
      signatory_id_number: household.id_number,
      term_months: 12,
      starts_on: '2026-01-01',
      ends_on: '2026-12-31',
      signed_at: db.fn.now(),
      effective_at: db.fn.now(),
      status: 'effective',
    })
    .returning<{ id: number }[]>('id');
  await db('contract_archives').insert({
    contract_id: contract!.id,
    contract_no: `HTB-SCOPE-${district}-${household.id}`,
    application_no: household.application_no,
    name: 'scope.pdf',
    content_sha256: '0'.repeat(64),
    media_type: 'application/pdf',
    size_bytes: 1,
    region_code: household.region_code,
  });
  return contract!.id;
}

export const scopeFixture: ScopeFixture = {
  async insert(db, district) {
    await insertContractRecord(db, district);
  },
  validBodies: (district) => ({
    'contracts.create': { contract_type: 'rental', selection_id: 1, region_code: district },
    'contracts.auto_renew': { within_days: 30, region_code: district },
    'contracts.sign': {},
    'contracts.effective': {},
    'contracts.renew': {},
    'contracts.terminate': { reason: '越权终止' },
    'contracts.archive.upload': Buffer.from('%PDF-1.4 越权上传'),
  }),
};
