/** The wizard's model without a browser: ID checks, the figures, the body and where server errors go. */
import { describe, expect, it } from 'vitest';
import { checkChar, idFacts, idProblem } from './idNumber.ts';
import {
  applicantKey,
  checkStep,
  errorKey,
  isFieldKey,
  newAsset,
  newHousing,
  newMember,
  requestBody,
  stepOf,
  syncApplicant,
  totalsOf,
  type Draft,
} from './wizard.ts';
import { HOUSEHOLD_FIELDS, SELF } from './fields.ts';
import { blank } from './wizard.ts';

const id = (first17: string) => `${first17}${checkChar(first17)}`;
const MAN = id('23010219850315731');
const WOMAN = id('23010219870920846');

function draft(): Draft {
  const household = blank(HOUSEHOLD_FIELDS, {
    registration_year: '2026',
    applicant_name: '王建国',
    id_type: '111',
    id_number: MAN,
  });
  const spouse = { ...newMember('12'), name: '李秀梅', id_number: WOMAN, annual_income: '18000.50' };
  const d: Draft = {
    household,
    housing: [{ ...newHousing(), occupancy: '03', floor_area: '38.5' }],
    members: [spouse],
    assets: [],
  };
  syncApplicant(d);
  d.members[0]!.annual_income = '36000';
  return d;
}

describe('resident ID numbers (GB 11643)', () => {
  it('accepts a right number and reads birth date and sex from it', () => {
    expect(idProblem(MAN)).toBeNull();
    expect(idFacts(MAN)).toEqual({ bornOn: '1985-03-15', sex: '1' });
    expect(idFacts(WOMAN)).toEqual({ bornOn: '1987-09-20', sex: '2' });
  });

  it('names what is wrong: format, birth date, check character', () => {
    expect(idProblem('23010219850315731')).toBe('format');
    expect(idProblem(id('23010219850231731'))).toBe('birth');
    const wrong = `${MAN.slice(0, 17)}${MAN[17] === '0' ? '1' : '0'}`;
    expect(idProblem(wrong)).toBe('checksum');
  });
});

describe('the wizard model', () => {
  it('puts the applicant first among the members with the ID’s birth date and sex', () => {
    const d = draft();
    expect(d.members.map((m) => m.relation)).toEqual([SELF, '12']);
    expect(d.members[0]).toMatchObject({ name: '王建国', id_number: MAN, born_on: '1985-03-15', sex: '1' });
  });

  it('computes the totals and per-capita figures from the records', () => {
    const d = draft();
    d.assets.push({ ...newAsset(), owner_name: '王建国', category: '03', total_value: '20000' });
    expect(totalsOf(d.members, d.housing, d.assets)).toEqual({
      size: 2,
      totalIncome: 54000.5,
      perCapitaIncome: 27000.25,
      totalArea: 38.5,
      perCapitaArea: 19.25,
      totalAssets: 20000,
    });
  });

  it('flags a birth date that contradicts the ID number and a second applicant', () => {
    const d = draft();
    d.members[1]!.born_on = '1987-09-21';
    d.members[1]!.relation = SELF;
    const problems = checkStep('members', d);
    expect(problems['members.1.born_on']).toEqual({ kind: 'birthMismatch', expected: '1987-09-20' });
    expect(problems.members).toEqual({ kind: 'applicant' });
  });

  it('sends numbers for areas, decimal text for money, the member count as the household size and no computed figure', () => {
    const body = requestBody(draft());
    expect(body).toMatchObject({ applicant_name: '王建国', registration_year: 2026, household_size: 2 });
    expect(body).not.toHaveProperty('per_capita_income');
    expect((body.housing as Record<string, unknown>[])[0]).toEqual({
      occupancy: '03',
      floor_area: 38.5,
      owner_is_member: false,
      self_contained: false,
    });
    expect((body.members as Record<string, unknown>[])[1]).toMatchObject({
      annual_income: '18000.50',
      relation: '12',
    });
  });

  it('maps a server field path to its step and field', () => {
    const d = draft();
    expect(errorKey('body.members.1.id_number')).toBe('members.1.id_number');
    expect(stepOf('members.1.id_number')).toBe('members');
    expect(stepOf('household_size')).toBe('members');
    expect(stepOf('hukou_district')).toBe('household');
    expect(isFieldKey('members.1.id_number', d)).toBe(true);
    expect(isFieldKey('members.5.id_number', d)).toBe(false);
    expect(isFieldKey('members', d)).toBe(false);
  });

  it('carries an error on the applicant’s own ID to the first step, not a spouse’s', () => {
    const d = draft();
    expect(applicantKey('members.0.id_number', d)).toBe('id_number');
    expect(applicantKey('members.0.name', d)).toBe('applicant_name');
    expect(applicantKey('members.1.id_number', d)).toBeNull();
    expect(applicantKey('members.0.annual_income', d)).toBeNull();
  });
});
