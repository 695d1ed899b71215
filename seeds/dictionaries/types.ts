/** The shape of a code list (代码表) as written in the data files; `sort` defaults to the item's position. */
export interface DictionaryItem {
  code: string;
  name_zh: string;
  name_en: string;
  sort?: number;
  /** For hierarchical lists (e.g. 文化程度 21 大学本科毕业 under 20 大学本科教育). */
  parent_code?: string;
}

export interface Dictionary {
  /** snake_case English, e.g. `marital_status`. */
  code: string;
  name_zh: string;
  name_en: string;
  /** The standard the codes come from, or a note saying they are this system's own. */
  source: string;
  items: DictionaryItem[];
}

/** A parent item followed by its children (each [code, 中文, English]), for two-level code lists. */
export function withChildren(
  code: string,
  name_zh: string,
  name_en: string,
  children: readonly (readonly [string, string, string])[],
): DictionaryItem[] {
  return [
    { code, name_zh, name_en },
    ...children.map(([childCode, childZh, childEn]) => ({
      code: childCode,
      name_zh: childZh,
      name_en: childEn,
      parent_code: code,
    })),
  ];
}
