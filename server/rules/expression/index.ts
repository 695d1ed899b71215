/** The rule expression language: parse (with declared names), evaluate in JS, compile to SQL. */
export { ExpressionError, FUNCTIONS, type Node, type ValueType } from './ast.ts';
export { parseExpression, namesUsed, type NameTypes, type Parsed } from './parser.ts';
export { evaluate, type Value, type Values } from './evaluate.ts';
export { toSql, type NameSql, type SqlFragment } from './to-sql.ts';
