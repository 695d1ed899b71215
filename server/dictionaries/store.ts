/** SQL for code lists (代码表). */
import type { Db, Tx } from '../db/knex.ts';

type Conn = Db | Tx;

export interface DictType {
  code: string;
  name_zh: string;
  name_en: string;
  source: string;
}

export interface DictItem {
  code: string;
  name_zh: string;
  name_en: string;
  sort: number;
  parent_code: string | null;
}

export function listTypes(conn: Conn): Promise<DictType[]> {
  return conn('dict_types').select('code', 'name_zh', 'name_en', 'source').orderBy('code');
}

export function findType(conn: Conn, code: string): Promise<DictType | undefined> {
  return conn('dict_types').select('code', 'name_zh', 'name_en', 'source').where({ code }).first();
}

export function listItems(conn: Conn, typeCode: string): Promise<DictItem[]> {
  return conn('dict_items')
    .select('code', 'name_zh', 'name_en', 'sort', 'parent_code')
    .where({ type_code: typeCode, enabled: true })
    .orderBy([{ column: 'sort' }, { column: 'code' }]);
}

/** Codes among `codes` that are not enabled items of the dictionary. */
export async function unknownCodes(conn: Conn, typeCode: string, codes: string[]): Promise<string[]> {
  const found = new Set(
    (await conn('dict_items')
      .where({ type_code: typeCode, enabled: true })
      .whereIn('code', codes)
      .pluck('code')) as string[],
  );
  return codes.filter((code) => !found.has(code));
}
