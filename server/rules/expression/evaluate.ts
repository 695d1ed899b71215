/**
 * Evaluates a parsed expression over a plain object of values — no eval, Function or vm. Missing data is null and
 * follows SQL's rules, so that the evaluator and its SQL compilation (to-sql.ts) always agree: arithmetic and
 * comparisons with null give null, and/or/not are three-valued, max/min skip nulls (GREATEST/LEAST), division by
 * zero gives null, round rounds halves away from zero (numeric round).
 */
import type { Node } from './ast.ts';

export type Value = number | boolean | null;
/** Values by name; only own properties are read, so `__proto__` or `constructor` can never be reached. */
export type Values = Readonly<Record<string, Value>>;

const num = (value: Value) => value as number | null;

function roundHalfAway(value: number, digits: number): number {
  const factor = 10 ** digits;
  // toPrecision first: 2.675 * 100 is 267.49999… in binary, but the decimal the user wrote was 267.5.
  const scaled = Number((Math.abs(value) * factor).toPrecision(15));
  return (Math.sign(value) * Math.round(scaled)) / factor;
}

function arithmetic(operator: '+' | '-' | '*' | '/', a: number, b: number): number | null {
  switch (operator) {
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
      return b === 0 ? null : a / b;
  }
}

function compare(operator: '<' | '<=' | '>' | '>=' | '==' | '!=', a: number | boolean, b: number | boolean) {
  switch (operator) {
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
    case '==':
      return a === b;
    case '!=':
      return a !== b;
  }
}

function call(node: Extract<Node, { kind: 'call' }>, values: Values): Value {
  if (node.name === 'if') {
    const [condition, then, otherwise] = node.args as [Node, Node, Node];
    return evaluate(condition, values) === true ? evaluate(then, values) : evaluate(otherwise, values);
  }
  const args = node.args.map((arg) => num(evaluate(arg, values)));
  const [x] = args as [number | null];
  switch (node.name) {
    case 'max':
    case 'min': {
      const present = args.filter((a): a is number => a !== null);
      if (!present.length) return null;
      return node.name === 'max' ? Math.max(...present) : Math.min(...present);
    }
    case 'round':
      return x === null ? null : roundHalfAway(x, (args[1] as number | undefined) ?? 0);
    case 'abs':
      return x === null ? null : Math.abs(x);
    case 'floor':
      return x === null ? null : Math.floor(x);
    case 'ceil':
      return x === null ? null : Math.ceil(x);
  }
}

/** The value of `node` with `values` for its names (a name absent from `values` is null). */
export function evaluate(node: Node, values: Values): Value {
  switch (node.kind) {
    case 'number':
    case 'boolean':
      return node.value;
    case 'name':
      return Object.hasOwn(values, node.name) ? (values[node.name] ?? null) : null;
    case 'negate': {
      const value = num(evaluate(node.operand, values));
      return value === null ? null : -value;
    }
    case 'not': {
      const value = evaluate(node.operand, values);
      return value === null ? null : !value;
    }
    case 'call':
      return call(node, values);
    case 'binary': {
      const { operator } = node;
      const left = evaluate(node.left, values);
      if (operator === 'and' || operator === 'or') {
        const right = evaluate(node.right, values);
        // Kleene logic: false dominates and, true dominates or, otherwise unknown stays unknown.
        const dominant = operator === 'or';
        if (left === dominant || right === dominant) return dominant;
        return left === null || right === null ? null : !dominant;
      }
      const right = evaluate(node.right, values);
      if (left === null || right === null) return null;
      if (operator === '+' || operator === '-' || operator === '*' || operator === '/')
        return arithmetic(operator, left as number, right as number);
      return compare(operator, left, right);
    }
  }
}
