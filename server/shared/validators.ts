/**
 * Schemas for the values that recur across Appendix A: resident ID numbers (GB 11643), phone numbers,
 * region codes (GB/T 2260), money (never floating point) and GeoJSON geometry (see geometry.ts).
 */
import { z } from 'zod';

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK_CHARS = '10X98765432';

/** The GB 11643 check character of the first 17 digits. */
export function residentIdCheckChar(first17: string): string {
  const sum = [...first17].reduce((acc, digit, i) => acc + Number(digit) * ID_WEIGHTS[i]!, 0);
  return ID_CHECK_CHARS[sum % 11]!;
}

/** Why an 18-digit resident ID number is wrong, or undefined when it is right. */
export function residentIdProblem(value: string, today = new Date()): string | undefined {
  if (!/^\d{17}[\dX]$/.test(value)) return '公民身份号码须为 18 位，前 17 位为数字，末位为数字或 X';
  const year = Number(value.slice(6, 10));
  const month = Number(value.slice(10, 12));
  const day = Number(value.slice(12, 14));
  const birth = new Date(Date.UTC(year, month - 1, day));
  const realDate =
    birth.getUTCFullYear() === year && birth.getUTCMonth() === month - 1 && birth.getUTCDate() === day;
  if (!realDate || year < 1900 || birth > today) return '公民身份号码中的出生日期无效';
  if (residentIdCheckChar(value.slice(0, 17)) !== value[17]) return '公民身份号码校验码错误';
  return undefined;
}

/** 18-digit resident ID; a lower-case x is accepted and upper-cased. */
export const residentId = z
  .string()
  .trim()
  .transform((v) => v.toUpperCase())
  .superRefine((value, ctx) => {
    const problem = residentIdProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

/** Mainland mobile (11 digits) or landline with area code, optional extension. */
export const phone = z
  .string()
  .trim()
  .regex(/^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(-\d{1,6})?)$/, '电话号码格式不正确（手机 11 位，或区号-号码）');

/**
 * GB/T 2260 region code: 6 digits (county level and above) or 9/12 with street and community; normalised to
 * the stored 12 digits. Whether the code exists is checked against `regions` by the service.
 */
export const regionCode = z
  .string()
  .trim()
  .regex(/^(\d{6}|\d{9}|\d{12})$/, '行政区划代码须为 6、9 或 12 位数字')
  .transform((v) => v.padEnd(12, '0'));

/** Money in yuan as a decimal string with at most two decimals, e.g. "1234.50"; stored as numeric. */
export const moneyYuan = z
  .union([z.string(), z.number()])
  .transform((v) => (typeof v === 'number' ? String(v) : v.trim()))
  .refine((v) => /^-?\d{1,13}(\.\d{1,2})?$/.test(v), '金额须为最多两位小数的十进制数（元）');

/** Money in integer fen (分). */
export const moneyFen = z
  .number()
  .int('金额（分）须为整数')
  .min(-(2 ** 53) + 1)
  .max(2 ** 53 - 1);

export const pageQuery = {
  page: z.coerce.number().int().min(1).default(1),
  page_size: z.coerce.number().int().min(1).max(500).default(20),
};

export const idParam = z.object({ id: z.coerce.number().int().positive() });
