/**
 * The expression language of rule standards and derived factors: numbers, booleans, named values (factors and a
 * standard's parameters), + - * /, comparisons, and/or/not and a few whitelisted functions. Every node keeps the
 * position of its first character so errors can point at it.
 */
export type BinaryOperator = '+' | '-' | '*' | '/' | '<' | '<=' | '>' | '>=' | '==' | '!=' | 'and' | 'or';

export type Node =
  | { kind: 'number'; value: number; at: number }
  | { kind: 'boolean'; value: boolean; at: number }
  | { kind: 'name'; name: string; at: number }
  | { kind: 'negate'; operand: Node; at: number }
  | { kind: 'not'; operand: Node; at: number }
  | { kind: 'binary'; operator: BinaryOperator; left: Node; right: Node; at: number }
  | { kind: 'call'; name: FunctionName; args: Node[]; at: number };

export type ValueType = 'number' | 'boolean';

/** Whitelisted functions with their arity (min, max) — nothing else can be called. */
export const FUNCTIONS = {
  max: { min: 1, max: 16 },
  min: { min: 1, max: 16 },
  round: { min: 1, max: 2 },
  abs: { min: 1, max: 1 },
  floor: { min: 1, max: 1 },
  ceil: { min: 1, max: 1 },
  /** if(condition, then, else) */
  if: { min: 3, max: 3 },
} as const;
export type FunctionName = keyof typeof FUNCTIONS;

export const isFunctionName = (name: string): name is FunctionName => Object.hasOwn(FUNCTIONS, name);

/** A parse or type error at a character position (0-based) of the source. */
export class ExpressionError extends Error {
  constructor(
    readonly position: number,
    readonly reason: string,
  ) {
    super(`第 ${position + 1} 个字符处：${reason}`);
  }
}
