/**
 * Appendix A conformance, read from the live schema: a table (or view) implements a clause when its
 * `COMMENT ON TABLE` starts with the clause id; it implements a required field when one of its columns'
 * `COMMENT ON COLUMN` starts with the exact Chinese field name.
 */
import { readFileSync } from 'node:fs';
import type { Knex } from 'knex';

export interface AppendixClause {
  clause: string;
  section: string;
  table: string;
  /** `group` clauses (A.3.1) list the clauses they group instead of fields. */
  kind: 'fields' | 'group';
  fields: string[];
}

export interface ClauseReport {
  clause: string;
  name: string;
  tables: string[];
  required: number;
  implemented: string[];
  missing: string[];
}

/** Appendix A as data; field names the extraction split inside parentheses are joined again (see below). */
export function loadAppendixA(): AppendixClause[] {
  const file = new URL('./appendix-a.json', import.meta.url);
  const { tables } = JSON.parse(readFileSync(file, 'utf8')) as { tables: AppendixClause[] };
  return tables.map((clause) => ({ ...clause, fields: rejoinSplitFields(clause.fields) }));
}

/**
 * The standard lists fields separated by "、", and the extraction split on every one — also inside a name such as
 * "户籍所在地-路（街、里、巷、小区）", which became four "fields". Rejoin pieces until the parenthesis closes.
 */
export function rejoinSplitFields(fields: string[]): string[] {
  const out: string[] = [];
  for (const field of fields) {
    const last = out.at(-1);
    if (last !== undefined && last.lastIndexOf('（') > last.lastIndexOf('）'))
      out[out.length - 1] = `${last}、${field}`;
    else out.push(field);
  }
  return out;
}

// After the field name a comment may go on, e.g. "项目编号（自动生成）", but "项目" must not match "项目编号".
const AFTER_NAME = /^($|[\s（(：:，,;；。、.—-])/;

export function commentNames(comment: string, field: string): boolean {
  return comment.startsWith(field) && AFTER_NAME.test(comment.slice(field.length));
}

interface Commented {
  relation: string;
  table_comment: string;
  column_comments: string[];
}

async function commentedRelations(db: Knex): Promise<Commented[]> {
  const { rows } = await db.raw<{ rows: Commented[] }>(`
    SELECT c.relname AS relation, obj_description(c.oid, 'pg_class') AS table_comment,
           coalesce(array_agg(d.description) FILTER (WHERE d.description IS NOT NULL), '{}') AS column_comments
      FROM pg_class c
      JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
      LEFT JOIN pg_description d ON d.objoid = c.oid AND d.classoid = 'pg_class'::regclass AND d.objsubid > 0
     WHERE c.relkind IN ('r', 'p', 'v', 'm') AND obj_description(c.oid, 'pg_class') ~ '^A\\.[0-9]+\\.[0-9]+'
     GROUP BY c.oid, c.relname`);
  return rows;
}

export async function conformanceReport(db: Knex, clauses = loadAppendixA()): Promise<ClauseReport[]> {
  const relations = await commentedRelations(db);
  const byClause = new Map<string, Commented[]>();
  for (const relation of relations) {
    const clause = /^(A\.\d+\.\d+)(\s|$)/.exec(relation.table_comment)?.[1];
    if (clause) byClause.set(clause, [...(byClause.get(clause) ?? []), relation]);
  }
  const builtTables = new Set(clauses.filter((c) => byClause.has(c.clause)).map((c) => c.table));
  return clauses.map((clause) => {
    const tables = byClause.get(clause.clause) ?? [];
    const columnComments = tables.flatMap((t) => t.column_comments);
    const implemented =
      clause.kind === 'group'
        ? clause.fields.filter((name) => builtTables.has(name))
        : clause.fields.filter((field) => columnComments.some((comment) => commentNames(comment, field)));
    return {
      clause: clause.clause,
      name: clause.table,
      tables: tables.map((t) => t.relation).sort(),
      required: clause.fields.length,
      implemented,
      missing: clause.fields.filter((f) => !implemented.includes(f)),
    };
  });
}
