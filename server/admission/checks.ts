/**
 * The checks of an application (6.2.1), run when it is entered or changed and shown on the case:
 *  - errors (400): a resident ID number failing GB 11643, a birth date or sex other than the number encodes,
 *    the same person twice, no applicant (本人) among the members or one differing from the household's
 *    applicant, 家庭人口数 other than the number of members listed;
 *  - duplicates (409): an ID number in another active application anywhere in the province, as applicant or
 *    member — named by that application's number and district only, since it may lie outside the user's scope;
 *  - warnings: members who already enjoyed housing security (福利房, 住房补贴), for the verifier to look into.
 */
import type { Db, Tx } from '../db/knex.ts';
import { conflict, validationFailed } from '../http/errors.ts';
import { residentIdProblem } from '../shared/validators.ts';
import type { Finding } from './application-schema.ts';
import { activeElsewhere } from './stage-store.ts';

export const RESIDENT_ID_CARD = '111';
/** GB/T 4761 与户主关系 01 本人: the applicant as a member. */
export const APPLICANT_RELATION = '01';

/** The member facts the checks read (input or stored row alike). */
export interface PersonFacts {
  relation: string;
  name: string;
  id_type?: string | null;
  id_number: string;
  sex?: string | null;
  born_on?: string | null;
  disability_category?: string | null;
  disability_grade?: number | null;
  had_welfare_housing?: boolean | null;
  has_housing_subsidy?: boolean | null;
}

export interface HouseholdFacts {
  applicant_name: string;
  id_number: string;
  household_size: number;
  had_housing_support?: boolean | null;
}

/** What an 18-digit resident ID number encodes: birth date (YYYY-MM-DD) and GB/T 2261.1 sex (odd digit 17: 1). */
export function encodedInResidentId(idNumber: string): { born_on: string; sex: '1' | '2' } {
  return {
    born_on: `${idNumber.slice(6, 10)}-${idNumber.slice(10, 12)}-${idNumber.slice(12, 14)}`,
    sex: Number(idNumber[16]) % 2 === 1 ? '1' : '2',
  };
}

const isResidentId = (person: PersonFacts) => (person.id_type ?? RESIDENT_ID_CARD) === RESIDENT_ID_CARD;

function identityFindings(person: PersonFacts, at: string): Finding[] {
  if (!isResidentId(person)) return [];
  const problem = residentIdProblem(person.id_number);
  if (problem) return [{ kind: 'error', path: `${at}.id_number`, message: problem }];
  const encoded = encodedInResidentId(person.id_number);
  const out: Finding[] = [];
  if (person.born_on && person.born_on !== encoded.born_on)
    out.push({
      kind: 'error',
      path: `${at}.born_on`,
      message: `出生日期与居民身份证号码不一致（号码所示为 ${encoded.born_on}）`,
    });
  if (person.sex && person.sex !== encoded.sex)
    out.push({
      kind: 'error',
      path: `${at}.sex`,
      message: `性别与居民身份证号码不一致（号码所示为${encoded.sex === '1' ? '男' : '女'}）`,
    });
  return out;
}

/** The checks that need no database: identity, the applicant among the members, size, disability, warnings. */
export function consistencyFindings(
  household: HouseholdFacts,
  members: readonly PersonFacts[],
  at = 'body',
): Finding[] {
  const out: Finding[] = [];
  const seen = new Map<string, number>();
  members.forEach((person, index) => {
    const path = `${at}.members.${index}`;
    out.push(...identityFindings(person, path));
    const first = seen.get(person.id_number);
    if (first !== undefined)
      out.push({
        kind: 'error',
        path: `${path}.id_number`,
        message: `与第 ${first + 1} 位成员的证件号码相同：同一人只能登记一次`,
      });
    else seen.set(person.id_number, index);
    if (((person.disability_category ?? null) === null) !== ((person.disability_grade ?? null) === null))
      out.push({
        kind: 'error',
        path: `${path}.disability_grade`,
        message: '残疾类别与残疾等级须同时填写或同时为空',
      });
    if (person.had_welfare_housing)
      out.push({
        kind: 'warning',
        path: `${path}.had_welfare_housing`,
        message: `${index + 1} 号成员享受过福利房：请核查是否仍符合申请条件`,
      });
    if (person.has_housing_subsidy)
      out.push({
        kind: 'warning',
        path: `${path}.has_housing_subsidy`,
        message: `${index + 1} 号成员享受住房补贴：请核查是否重复享受住房保障`,
      });
  });
  const applicants = members.flatMap((person, index) =>
    person.relation === APPLICANT_RELATION ? [index] : [],
  );
  if (applicants.length !== 1)
    out.push({
      kind: 'error',
      path: `${at}.members`,
      message: `须有且只有一位与户主关系为 01 本人的成员（申请人），现有 ${applicants.length} 位`,
    });
  else {
    const index = applicants[0]!;
    const applicant = members[index]!;
    if (applicant.id_number !== household.id_number)
      out.push({
        kind: 'error',
        path: `${at}.members.${index}.id_number`,
        message: '申请人本人（01）的证件号码须与申请家庭的证件号码一致',
      });
    if (applicant.name !== household.applicant_name)
      out.push({
        kind: 'error',
        path: `${at}.members.${index}.name`,
        message: '申请人本人（01）的姓名须与申请人姓名一致',
      });
  }
  if (household.household_size !== members.length)
    out.push({
      kind: 'error',
      path: `${at}.household_size`,
      message: `家庭人口数（${household.household_size}）须等于登记的家庭成员数（${members.length}，含申请人）`,
    });
  if (household.had_housing_support)
    out.push({
      kind: 'warning',
      path: `${at}.had_housing_support`,
      message: '家庭享受过住房保障待遇：请核查享受方式与退出情况',
    });
  return out;
}

/** Duplicates of the members' ID numbers in other active applications of the province (see the store). */
export async function duplicateFindings(
  conn: Db | Tx,
  members: readonly PersonFacts[],
  exceptHousehold: number | null,
  at = 'body',
): Promise<Finding[]> {
  const found = await activeElsewhere(
    conn,
    members.map((m) => m.id_number),
    exceptHousehold,
  );
  return members.flatMap((person, index) =>
    found
      .filter((row) => row.id_number === person.id_number)
      .map((row): Finding => ({
        kind: 'duplicate',
        path: `${at}.members.${index}.id_number`,
        message: `该证件号码已在${row.district_name}的在办申请 ${row.application_no} 中登记（作为申请人或家庭成员）`,
      })),
  );
}

/** All findings of an application as it is (the case page shows them). */
export async function checkApplication(
  conn: Db | Tx,
  household: HouseholdFacts,
  members: readonly PersonFacts[],
  exceptHousehold: number | null,
  at = 'body',
): Promise<Finding[]> {
  return [
    ...consistencyFindings(household, members, at),
    ...(await duplicateFindings(conn, members, exceptHousehold, at)),
  ];
}

/** Refuses a write: errors first (400, every failing field), then duplicates (409); warnings pass. */
export function assertAcceptable(findings: readonly Finding[]): void {
  const errors = findings.filter((f) => f.kind === 'error');
  if (errors.length) throw validationFailed(errors.map(({ path, message }) => ({ path, message })));
  const duplicates = findings.filter((f) => f.kind === 'duplicate');
  if (duplicates.length)
    throw conflict(
      duplicates.map((d) => d.message).join('；'),
      duplicates.map(({ path, message }) => ({ path, message })),
    );
}
