/**
 * Applications (6.2.1 申请): the wizard's one write — the household (A.3.8, through the household service) with
 * its housing, members and assets (A.3.9–A.3.11), the derived figures, the checks, and the start of the admission
 * process — all in the caller's transaction; changes to the parts while the application is still being accepted
 * or verified; the case as a whole.
 */
import { readTogether, type Db, type Tx } from '../db/knex.ts';
import type { Scope } from '../access/scope.ts';
import { notFound } from '../http/errors.ts';
import { assertCodes } from '../dictionaries/service.ts';
import { codesOf } from '../shared/fields.ts';
import { isoDate } from '../shared/rows.ts';
import { residentIdProblem } from '../shared/validators.ts';
import type { HouseholdChanges, HouseholdInput } from './schema.ts';
import { createHousehold, HOUSEHOLD_LABEL, updateHousehold } from './service.ts';
import { findHousehold, type HouseholdRow } from './store.ts';
import * as store from './application-store.ts';
import { lockPeople, stageOf, type StageRow } from './stage-store.ts';
import type {
  ApplicationChanges,
  ApplicationInput,
  HousingInput,
  MemberInput,
} from './application-schema.ts';
import {
  assertAcceptable,
  checkApplication,
  encodedInResidentId,
  RESIDENT_ID_CARD,
  type PersonFacts,
} from './checks.ts';
import { householdFigures, memberFactors } from './figures.ts';
import { listArchive, type ArchiveRow } from './archive-store.ts';
import { processOf, startAdmission } from './process-link.ts';
import { assertEditable } from './household-guard.ts';

const HOUSING_CODES = {
  occupancy: 'housing_occupancy',
  house_nature: 'house_nature',
  house_type: 'housing_type',
  repair_state: 'housing_condition',
  structure: 'building_structure',
  layout: 'layout',
  property_management: 'property_management',
  ownership_share_class: 'ownership_share_class',
  property_right_nature: 'property_right_nature',
  address_category: 'member_address_category',
  disposal_intention: 'original_housing_disposal',
};
const MEMBER_CODES = {
  relation: 'relationship',
  id_type: 'id_type',
  hukou_type: 'hukou_type',
  sex: 'gender',
  ethnicity: 'ethnicity',
  employment: 'employment_status',
  employer_nature: 'employer_nature',
  education: 'education',
  marital_status: 'marital_status',
  special_group: 'special_group',
  disability_category: 'disability_category',
  honor_level: 'honor_level',
};
const ASSET_CODES = { category: 'asset_category' };

interface Parts {
  housing: HousingInput[];
  members: MemberInput[];
  assets: ApplicationInput['assets'];
}

/** Every coded field of the lists, checked against its code list (400 at the field). */
async function assertPartCodes(conn: Db | Tx, parts: Partial<Parts>, at: string): Promise<void> {
  await assertCodes(conn, [
    ...(parts.housing ?? []).flatMap((row, i) => codesOf(row, HOUSING_CODES, `${at}.housing.${i}`)),
    ...(parts.members ?? []).flatMap((row, i) => [
      ...codesOf(row, MEMBER_CODES, `${at}.members.${i}`),
      {
        path: `${at}.members.${i}.disability_grade`,
        dictionary: 'disability_grade',
        code:
          row.disability_grade === null || row.disability_grade === undefined
            ? null
            : String(row.disability_grade),
      },
    ]),
    ...(parts.assets ?? []).flatMap((row, i) => codesOf(row, ASSET_CODES, `${at}.assets.${i}`)),
  ]);
}

/** ID numbers upper-cased; a resident ID card's birth date and sex filled in from the number when left empty. */
function normalisedMembers(members: readonly MemberInput[]): MemberInput[] {
  return members.map((member) => {
    const id_number = member.id_number.trim().toUpperCase();
    const resident = (member.id_type ?? RESIDENT_ID_CARD) === RESIDENT_ID_CARD;
    if (!resident || residentIdProblem(id_number)) return { ...member, id_number };
    const encoded = encodedInResidentId(id_number);
    return {
      ...member,
      id_number,
      born_on: member.born_on ?? encoded.born_on,
      sex: member.sex ?? encoded.sex,
    };
  });
}

/** A stored member row as the checks read it. */
const personOf = (row: Record<string, unknown>): PersonFacts & MemberInput =>
  ({
    ...row,
    born_on: row.born_on instanceof Date ? isoDate(row.born_on) : (row.born_on as string | null),
    annual_income: row.annual_income as string,
    hukou_years: row.hukou_years === null ? null : Number(row.hukou_years),
  }) as unknown as PersonFacts & MemberInput;

/** The household columns derived from the parts (never typed). */
function derivedColumns(size: number, parts: Parts) {
  const { total_asset_value: _assets, ...figures } = householdFigures(
    size,
    parts.members,
    parts.housing,
    parts.assets,
  );
  return { ...figures, ...memberFactors(parts.members) };
}

async function insertParts(trx: Tx, owner: store.Owner, parts: Partial<Parts>): Promise<void> {
  for (const kind of ['housing', 'members', 'assets'] as const) {
    const rows = parts[kind];
    if (!rows) continue;
    await store.deleteChildren(trx, kind, owner.household_id);
    await store.insertChildren(trx, kind, owner, rows);
  }
}

/** Enters an application: household, parts, derived figures, checks and the admission process, in `trx`. */
export async function createApplication(trx: Tx, scope: Scope, input: ApplicationInput): Promise<number> {
  const { housing, members: given, assets, ...household } = input;
  const members = normalisedMembers(given);
  const id_number = household.id_number.trim().toUpperCase();
  await lockPeople(
    trx,
    members.map((m) => m.id_number),
  );
  assertAcceptable(await checkApplication(trx, { ...household, id_number }, members, null));
  await assertPartCodes(trx, { housing, members, assets }, 'body');
  const year = household.registration_year ?? new Date().getFullYear();
  const application_no =
    household.application_no ??
    (await store.nextApplicationNo(trx, year, household.region_code ?? scope.regionCode));
  const columns = Object.fromEntries(
    Object.entries(household).filter(([, value]) => value !== undefined),
  ) as unknown as HouseholdInput;
  const created = await createHousehold(trx, scope, {
    ...columns,
    id_number,
    application_no,
    registration_year: year,
    ...derivedColumns(household.household_size, { housing, members, assets }),
  });
  await insertParts(trx, store.ownerOf(created), { housing, members, assets });
  await startAdmission(trx, scope, created);
  return created.id;
}

/** Changes an application while it is accepted or verified (409 after); a list given replaces that list. */
export async function updateApplication(
  trx: Tx,
  scope: Scope,
  id: number,
  changes: ApplicationChanges,
): Promise<number> {
  const existing = await findHousehold(trx, scope, id);
  if (!existing) throw notFound(HOUSEHOLD_LABEL);
  await assertEditable(trx, id);
  const { housing, members: given, assets, ...householdChanges } = changes;
  const members = given ? normalisedMembers(given) : undefined;
  const parts: Parts = {
    housing: housing ?? ((await store.childrenOf(trx, 'housing', id)) as unknown as HousingInput[]),
    members: members ?? (await store.childrenOf(trx, 'members', id)).map(personOf),
    assets: assets ?? ((await store.childrenOf(trx, 'assets', id)) as unknown as Parts['assets']),
  };
  const facts = {
    applicant_name: householdChanges.applicant_name ?? (existing.applicant_name as string),
    id_number: (householdChanges.id_number ?? existing.id_number).trim().toUpperCase(),
    household_size: householdChanges.household_size ?? (existing.household_size as number),
    had_housing_support: householdChanges.had_housing_support ?? (existing.had_housing_support as boolean),
  };
  await lockPeople(
    trx,
    parts.members.map((m) => m.id_number),
  );
  assertAcceptable(await checkApplication(trx, facts, parts.members, id));
  await assertPartCodes(trx, { housing, members, assets }, 'body');
  const columns = Object.fromEntries(
    Object.entries(householdChanges).filter(([, value]) => value !== undefined),
  ) as HouseholdChanges;
  const updated = await updateHousehold(trx, scope, id, {
    ...columns,
    ...derivedColumns(facts.household_size, parts),
  });
  await insertParts(trx, store.ownerOf(updated), { housing, members, assets });
  return id;
}

export interface CaseData {
  household: HouseholdRow;
  housing: store.ChildRow[];
  members: store.ChildRow[];
  assets: store.ChildRow[];
  archive: ArchiveRow[];
  reports: Record<string, unknown>[];
  stage: StageRow;
  process: Awaited<ReturnType<typeof processOf>>;
  figures: ReturnType<typeof householdFigures>;
  checks: Awaited<ReturnType<typeof checkApplication>>;
}

/** The case: everything about one application in scope (404 outside it). */
export async function getCase(conn: Db | Tx, scope: Scope, id: number): Promise<CaseData> {
  const household = await findHousehold(conn, scope, id);
  if (!household) throw notFound(HOUSEHOLD_LABEL);
  const [housing, members, assets, archive, reports, stage] = await readTogether(conn, [
    () => store.childrenOf(conn, 'housing', id),
    () => store.childrenOf(conn, 'members', id),
    () => store.childrenOf(conn, 'assets', id),
    () => listArchive(conn, id),
    () => store.reportsOf(conn, id),
    () => stageOf(conn, id),
  ] as const);
  const people = members.map(personOf);
  const facts = {
    applicant_name: household.applicant_name as string,
    id_number: household.id_number,
    household_size: household.household_size as number,
    had_housing_support: household.had_housing_support as boolean,
  };
  // A household entered before members were recorded has none: its size is not checked against an empty list.
  const checks = people.length ? await checkApplication(conn, facts, people, id, 'case') : [];
  return {
    household,
    housing,
    members,
    assets,
    archive,
    reports,
    stage,
    process: await processOf(conn, id),
    figures: householdFigures(facts.household_size, people, housing as never[], assets as never[]),
    checks,
  };
}
