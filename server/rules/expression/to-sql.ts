/**
 * Compiles a parsed expression to a SQL expression with the same meaning as evaluate.ts, so a rule can be applied
 * to every household in one statement. Names become the SQL the caller supplies for them (a column, or a bound
 * parameter); numbers are emitted from the parsed value, never from the source text, and typed numeric so that
 * integer columns never divide as integers.
 */
import type { Node } from './ast.ts';

export interface SqlFragment {
  sql: string;
  bindings: unknown[];
}

/** SQL for a name: numbers should already be numeric (e.g. `h.household_size::numeric`). */
export type NameSql = (name: string) => SqlFragment;

const SQL_OPERATORS = { '==': '=', '!=': '<>', and: 'AND', or: 'OR' } as const;

function literal(value: number): string {
  if (!Number.isFinite(value)) throw new Error(`not a finite number: ${value}`);
  return `${String(value)}::numeric`;
}

/** SQL for `node`; every name is resolved through `nameSql`. */
export function toSql(node: Node, nameSql: NameSql): SqlFragment {
  const bindings: unknown[] = [];
  const sub = (child: Node) => {
    const fragment = toSql(child, nameSql);
    bindings.push(...fragment.bindings);
    return fragment.sql;
  };
  const sql = (() => {
    switch (node.kind) {
      case 'number':
        return literal(node.value);
      case 'boolean':
        return node.value ? 'TRUE' : 'FALSE';
      case 'name': {
        const fragment = nameSql(node.name);
        bindings.push(...fragment.bindings);
        return `(${fragment.sql})`;
      }
      case 'negate':
        return `(-${sub(node.operand)})`;
      case 'not':
        return `(NOT ${sub(node.operand)})`;
      case 'binary': {
        const left = sub(node.left);
        const right = sub(node.right);
        if (node.operator === '/') return `(${left} / NULLIF(${right}, 0))`;
        const operator =
          node.operator in SQL_OPERATORS
            ? SQL_OPERATORS[node.operator as keyof typeof SQL_OPERATORS]
            : node.operator;
        return `(${left} ${operator} ${right})`;
      }
      case 'call': {
        const args = node.args.map(sub);
        switch (node.name) {
          case 'if':
            return `(CASE WHEN ${args[0]} THEN ${args[1]} ELSE ${args[2]} END)`;
          case 'max':
            return `GREATEST(${args.join(', ')})`;
          case 'min':
            return `LEAST(${args.join(', ')})`;
          case 'round':
            return `round(${args[0]}, ${node.args[1] ? String((node.args[1] as { value: number }).value) : '0'})`;
          case 'abs':
          case 'floor':
          case 'ceil':
            return `${node.name}(${args[0]})`;
        }
      }
    }
  })();
  return { sql, bindings };
}
