/**
 * From database rows to JSON, for tables with dozens of Appendix A fields: one rule per kind of value instead of
 * one line per field. Dates are named `*_on` and come back from pg as local midnight; timestamps are `*_at`.
 */
import { z } from 'zod';

const pad = (n: number) => String(n).padStart(2, '0');

/** A `date` column as YYYY-MM-DD (pg parses it as local midnight, so the local calendar fields are the date). */
export const isoDate = (d: Date): string => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;

/** Unwraps optional/nullable/default layers to find what a field really holds (also for the exchange). */
export function unwrapField(schema: z.ZodType): z.ZodType {
  let current: z.ZodType = schema;
  while (
    current instanceof z.ZodOptional ||
    current instanceof z.ZodNullable ||
    current instanceof z.ZodDefault
  ) {
    current = current.unwrap() as z.ZodType;
  }
  return current;
}

/**
 * The fields of a shape that are numbers in the API. pg returns `numeric` columns as strings; areas and counts
 * are sent as numbers, while money (declared as strings) stays a decimal string and is never rounded.
 */
export function numberFieldsOf(shape: Record<string, z.ZodType>): ReadonlySet<string> {
  return new Set(
    Object.entries(shape)
      .filter(([, schema]) => unwrapField(schema) instanceof z.ZodNumber)
      .map(([key]) => key),
  );
}

/** A row with dates, timestamps and numeric strings made JSON-ready; `omit` drops internal columns. */
export function jsonRow(
  row: Record<string, unknown>,
  numberFields: ReadonlySet<string>,
  omit: readonly string[] = [],
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) {
    if (omit.includes(key)) continue;
    if (value instanceof Date) out[key] = key.endsWith('_on') ? isoDate(value) : value.toISOString();
    else if (typeof value === 'string' && numberFields.has(key)) out[key] = Number(value);
    else out[key] = value;
  }
  return out;
}
