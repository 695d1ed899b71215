/**
 * 公民身份号码 (GB 11643-1999) checked in the browser, so a caseworker sees a mistyped number at the field before
 * sending the application; the server checks again (it is the authority), with the same rules.
 */

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

/** What an ID number says about its holder: birth date (YYYY-MM-DD) and sex (GB/T 2261.1: 1 男, 2 女). */
export interface IdFacts {
  bornOn: string;
  sex: '1' | '2';
}

export type IdProblem = 'format' | 'birth' | 'checksum';

/** The check character of the first 17 digits. */
export function checkChar(first17: string): string {
  const sum = [...first17].reduce((acc, digit, i) => acc + Number(digit) * (WEIGHTS[i] ?? 0), 0);
  return CHECK_CHARS[sum % 11] ?? '';
}

/** Why an 18-character resident ID number is wrong, or null when it is right. */
export function idProblem(value: string, today = new Date()): IdProblem | null {
  const id = value.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(id)) return 'format';
  const year = Number(id.slice(6, 10));
  const month = Number(id.slice(10, 12));
  const day = Number(id.slice(12, 14));
  const birth = new Date(Date.UTC(year, month - 1, day));
  const real =
    birth.getUTCFullYear() === year && birth.getUTCMonth() === month - 1 && birth.getUTCDate() === day;
  if (!real || year < 1900 || birth > today) return 'birth';
  if (checkChar(id.slice(0, 17)) !== id[17]) return 'checksum';
  return null;
}

/** Birth date and sex read from a valid ID number; null for an invalid one. */
export function idFacts(value: string): IdFacts | null {
  const id = value.trim().toUpperCase();
  if (idProblem(id)) return null;
  return {
    bornOn: `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`,
    // The 17th digit (order code's last): odd for men, even for women.
    sex: Number(id[16]) % 2 === 1 ? '1' : '2',
  };
}
