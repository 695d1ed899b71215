/**
 * Field schemas for the long Appendix A records, each carrying its Chinese field name into OpenAPI. Optional
 * fields are `nullish`: absent leaves a value alone, `null` clears it (PATCH).
 */
import { z } from 'zod';
import { moneyYuan } from './validators.ts';

/** A required text field. */
export const text = (label: string, max = 200) => z.string().trim().min(1).max(max).describe(label);

/** An optional text field. */
export const optionalText = (label: string, max = 200) => text(label, max).nullish();

/** A code of a code list (代码表); the service checks it with `assertCodes` where the list is seeded. */
export const codeField = (label: string, dictionary?: string) =>
  z
    .string()
    .trim()
    .min(1)
    .max(20)
    .describe(dictionary ? `${label}（代码表 ${dictionary}）` : label)
    .nullish();

/** Square metres, two decimals are kept by the column. */
export const squareMetres = (label: string) =>
  z.number().nonnegative().max(1e11).describe(`${label}（平方米）`).nullish();

/** A non-negative whole number (套数, 层数, 户数). */
export const count = (label: string, max = 1_000_000) =>
  z.number().int().nonnegative().max(max).describe(label).nullish();

/** A calendar date, YYYY-MM-DD. */
export const day = (label: string) => z.iso.date().describe(`${label}（YYYY-MM-DD）`).nullish();

/** Money in yuan as a decimal string (never a float). */
export const yuan = (label: string) => moneyYuan.describe(`${label}（元）`).nullish();

/** A PATCH body: every field optional, at least one given. */
export function patchOf<T extends z.ZodRawShape>(shape: T) {
  return z
    .object(shape)
    .partial()
    .refine((value) => Object.values(value).some((v) => v !== undefined), '至少修改一项');
}

/** Bookkeeping members of every presented record. */
export const bookkeeping = {
  id: z.number().int(),
  region_name: z.string().describe('行政区划名称'),
  created_at: z.string().describe('增加时间'),
  created_by: z.string().describe('增加人'),
  updated_at: z.string().describe('最后更新时间'),
  updated_by: z.string().describe('最后更新人'),
};

/** The `assertCodes` list for the coded fields of an input: field → code list. */
export const codesOf = (input: Record<string, unknown>, dictionaries: Record<string, string>, at: string) =>
  Object.entries(dictionaries).map(([field, dictionary]) => ({
    path: `${at}.${field}`,
    dictionary,
    code: input[field] as string | null | undefined,
  }));
