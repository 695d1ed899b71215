/**
 * The wizard's model, free of Svelte: form values per record, the browser's own checks (required fields, ID
 * numbers against GB 11643 and the member's birth date and sex, numbers), the figures computed live, the request
 * body, and where a field error of the server (`body.members.2.id_number`) belongs.
 */
import {
  ASSET_FIELDS,
  HOUSEHOLD_FIELDS,
  HOUSING_FIELDS,
  MEMBER_FIELDS,
  SELF,
  type FieldSpec,
} from './fields.ts';
import { idFacts, idProblem, type IdProblem } from './idNumber.ts';

export type Values = Record<string, string | boolean>;
export type ListName = 'housing' | 'members' | 'assets';

export const STEPS = ['household', 'housing', 'members', 'assets', 'review'] as const;
export type Step = (typeof STEPS)[number];

/** Errors keyed by path without the request part: `applicant_name`, `members.2.id_number`. */
export type Errors = Record<string, string>;

/** What a browser-side check found; the page words it (messages are per locale). */
export type Problem =
  | { kind: 'required' }
  | { kind: 'number' }
  | { kind: 'phone' }
  | { kind: 'id'; problem: IdProblem }
  | { kind: 'birthMismatch'; expected: string }
  | { kind: 'sexMismatch' }
  | { kind: 'applicant' };

export type Problems = Record<string, Problem>;

export const RESIDENT_ID = '111';

export function blank(specs: FieldSpec[], preset: Values = {}): Values {
  return Object.fromEntries(specs.map((s) => [s.name, preset[s.name] ?? (s.kind === 'bool' ? false : '')]));
}

export function newMember(relation = ''): Values {
  return blank(MEMBER_FIELDS, { relation, id_type: RESIDENT_ID, lives_together: true, is_resident: true });
}

export const newHousing = (): Values => blank(HOUSING_FIELDS);
export const newAsset = (): Values => blank(ASSET_FIELDS, { quantity: '1' });

const str = (value: string | boolean | undefined): string => (typeof value === 'string' ? value.trim() : '');

function number(value: string | boolean | undefined): number {
  const text = str(value);
  return text === '' ? 0 : Number(text);
}

/** The figures the wizard shows as it goes; the server computes them again from the same records. */
export interface Totals {
  size: number;
  totalIncome: number;
  perCapitaIncome: number;
  totalArea: number;
  perCapitaArea: number;
  totalAssets: number;
}

export function totalsOf(members: Values[], housing: Values[], assets: Values[]): Totals {
  const sum = (rows: Values[], field: string) =>
    rows.reduce((acc, row) => acc + (Number.isFinite(number(row[field])) ? number(row[field]) : 0), 0);
  const size = members.length;
  const totalIncome = sum(members, 'annual_income');
  const totalArea = sum(housing, 'floor_area');
  return {
    size,
    totalIncome,
    perCapitaIncome: size ? totalIncome / size : 0,
    totalArea,
    perCapitaArea: size ? totalArea / size : 0,
    totalAssets: sum(assets, 'total_value'),
  };
}

const PHONE = /^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(-\d{1,6})?)$/;

/** The browser's checks of one record; `typeField` names the ID-type field of each ID-number field. */
function checkRecord(specs: FieldSpec[], values: Values, prefix: string, problems: Problems): void {
  for (const spec of specs) {
    const key = `${prefix}${spec.name}`;
    const value = values[spec.name];
    const text = str(value);
    if (spec.kind === 'bool') continue;
    if (text === '') {
      if (spec.required) problems[key] = { kind: 'required' };
      continue;
    }
    if (
      ['int', 'decimal', 'money'].includes(spec.kind) &&
      !(Number.isFinite(Number(text)) && Number(text) >= 0)
    )
      problems[key] = { kind: 'number' };
    if (spec.kind === 'phone' && !PHONE.test(text)) problems[key] = { kind: 'phone' };
    if (spec.kind === 'idNumber') {
      const typeField = spec.name === 'owner_id_number' ? null : spec.name.replace('number', 'type');
      const isResidentId = typeField ? str(values[typeField]) === RESIDENT_ID : /^\d{17}[\dXx]$/.test(text);
      const problem = isResidentId ? idProblem(text) : null;
      if (problem) problems[key] = { kind: 'id', problem };
    }
  }
}

/** A member's birth date and sex must be what the ID number says (6.2.1 checks). */
function checkMemberFacts(member: Values, prefix: string, problems: Problems): void {
  if (str(member.id_type) !== RESIDENT_ID) return;
  const facts = idFacts(str(member.id_number));
  if (!facts) return;
  if (str(member.born_on) && str(member.born_on) !== facts.bornOn)
    problems[`${prefix}born_on`] = { kind: 'birthMismatch', expected: facts.bornOn };
  if (str(member.sex) && ['1', '2'].includes(str(member.sex)) && str(member.sex) !== facts.sex)
    problems[`${prefix}sex`] = { kind: 'sexMismatch' };
}

export interface Draft {
  household: Values;
  housing: Values[];
  members: Values[];
  assets: Values[];
}

/** The browser's checks of one step. */
export function checkStep(step: Step, draft: Draft): Problems {
  const problems: Problems = {};
  if (step === 'household' || step === 'review') checkRecord(HOUSEHOLD_FIELDS, draft.household, '', problems);
  if (step === 'housing' || step === 'review')
    draft.housing.forEach((row, i) => checkRecord(HOUSING_FIELDS, row, `housing.${i}.`, problems));
  if (step === 'members' || step === 'review') {
    draft.members.forEach((row, i) => {
      checkRecord(MEMBER_FIELDS, row, `members.${i}.`, problems);
      checkMemberFacts(row, `members.${i}.`, problems);
    });
    if (draft.members.filter((m) => m.relation === SELF).length !== 1)
      problems.members = { kind: 'applicant' };
  }
  if (step === 'assets' || step === 'review')
    draft.assets.forEach((row, i) => checkRecord(ASSET_FIELDS, row, `assets.${i}.`, problems));
  return problems;
}

/** Fills a member's empty birth date and sex from a valid resident ID number. */
export function fillFromId(member: Values): void {
  if (str(member.id_type) !== RESIDENT_ID) return;
  const facts = idFacts(str(member.id_number));
  if (!facts) return;
  if (!str(member.born_on)) member.born_on = facts.bornOn;
  if (!str(member.sex)) member.sex = facts.sex;
}

/** The applicant's member row carries the applicant's name and ID from the first step. */
export function syncApplicant(draft: Draft): void {
  let self = draft.members.find((m) => m.relation === SELF);
  if (!self) {
    self = newMember(SELF);
    draft.members.unshift(self);
  }
  self.name = draft.household.applicant_name ?? '';
  self.id_type = draft.household.id_type ?? RESIDENT_ID;
  self.id_number = str(draft.household.id_number).toUpperCase();
  self.phone = self.phone || draft.household.phone || '';
  fillFromId(self);
}

/** A form value as the API takes it: numbers for counts and areas, decimal text for money, null for empty. */
function apiValue(spec: FieldSpec, value: string | boolean | undefined): unknown {
  if (spec.kind === 'bool') return value === true;
  const text = str(value);
  if (text === '') return undefined;
  if (spec.kind === 'int' || spec.kind === 'decimal') return Number(text);
  if (spec.name === 'disability_grade') return Number(text);
  if (spec.kind === 'idNumber') return text.toUpperCase();
  return text;
}

function recordBody(specs: FieldSpec[], values: Values): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const spec of specs) {
    const value = apiValue(spec, values[spec.name]);
    if (value !== undefined) body[spec.name] = value;
  }
  return body;
}

/** The one POST of the wizard: the household (A.3.8 minus computed figures) with its three lists. */
export function requestBody(draft: Draft): Record<string, unknown> {
  return {
    ...recordBody(HOUSEHOLD_FIELDS, draft.household),
    household_size: draft.members.length,
    housing: draft.housing.map((row) => recordBody(HOUSING_FIELDS, row)),
    members: draft.members.map((row) => recordBody(MEMBER_FIELDS, row)),
    assets: draft.assets.map((row) => recordBody(ASSET_FIELDS, row)),
  };
}

/** A server path (`body.members.2.id_number`) as an error key (`members.2.id_number`). */
export function errorKey(path: string): string {
  return path.replace(/^body\./, '').replace(/^household\./, '');
}

/** The step a field error belongs to: the lists by their name, the household size with the members. */
export function stepOf(key: string): Step {
  const head = key.split('.')[0] ?? '';
  if (head === 'housing' || head === 'assets' || head === 'members') return head;
  if (head === 'household_size') return 'members';
  return 'household';
}

/** The element id of a field's input (the wizard focuses it when jumping to an error). */
export function inputId(key: string): string {
  return `f-${key.replace(/\./g, '-')}`;
}

const FIELDS_OF: Record<ListName, FieldSpec[]> = {
  housing: HOUSING_FIELDS,
  members: MEMBER_FIELDS,
  assets: ASSET_FIELDS,
};

/** Whether an error key names a field the wizard shows (else it is listed above the step's form). */
export function isFieldKey(key: string, draft: Draft): boolean {
  const [head, index, field] = key.split('.');
  if (head === 'housing' || head === 'members' || head === 'assets') {
    return (
      field !== undefined &&
      Number(index) < draft[head].length &&
      FIELDS_OF[head].some((spec) => spec.name === field)
    );
  }
  return key.split('.').length === 1 && HOUSEHOLD_FIELDS.some((spec) => spec.name === key);
}

const APPLICANT_FIELDS: Record<string, string> = {
  name: 'applicant_name',
  id_type: 'id_type',
  id_number: 'id_number',
};

/**
 * The first step's field behind an error on the applicant's own member row (its name and ID are carried from
 * there and read-only in the members step), e.g. a duplicate ID at `members.0.id_number` → `id_number`.
 */
export function applicantKey(key: string, draft: Draft): string | null {
  const [head, index, field] = key.split('.');
  if (head !== 'members' || field === undefined) return null;
  if (draft.members[Number(index)]?.relation !== SELF) return null;
  return APPLICANT_FIELDS[field] ?? null;
}
