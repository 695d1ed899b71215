/**
 * Validation against code lists: a business service calls `assertCodes` for each dictionary-coded field, so an
 * unknown code is a 400 naming the field, never a foreign-key 500.
 */
import type { Db, Tx } from '../db/knex.ts';
import { validationFailed } from '../http/errors.ts';
import { unknownCodes } from './store.ts';

export async function assertCodes(
  conn: Db | Tx,
  fields: { path: string; dictionary: string; code: string | null | undefined }[],
): Promise<void> {
  const errors = [];
  for (const field of fields) {
    if (field.code === null || field.code === undefined) continue;
    const unknown = await unknownCodes(conn, field.dictionary, [field.code]);
    if (unknown.length)
      errors.push({ path: field.path, message: `代码 ${field.code} 不在代码表 ${field.dictionary} 中` });
  }
  if (errors.length) throw validationFailed(errors);
}
