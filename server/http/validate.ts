/** Validation at the edge: parse params, query and body with the route's zod schemas, or a 400 naming each field. */
import { z } from 'zod';
import { validationFailed, type FieldError } from './errors.ts';

// Chinese messages first: the people reading them are caseworkers.
z.config(z.locales.zhCN());

export function issuesToFieldErrors(prefix: string, error: z.ZodError): FieldError[] {
  return error.issues.map((issue) => ({
    path: [prefix, ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));
}

/** Parses every part, collecting all failures before answering, so the user fixes the form in one go. */
export function parseInput(
  parts: { name: 'params' | 'query' | 'body'; schema: z.ZodType | undefined; value: unknown }[],
): Record<string, unknown> {
  const errors: FieldError[] = [];
  const parsed: Record<string, unknown> = {};
  for (const { name, schema, value } of parts) {
    if (!schema) {
      parsed[name] = name === 'body' ? undefined : {};
      continue;
    }
    const result = schema.safeParse(value);
    if (result.success) parsed[name] = result.data;
    else errors.push(...issuesToFieldErrors(name, result.error));
  }
  if (errors.length) throw validationFailed(errors);
  return parsed;
}
