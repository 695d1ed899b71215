/** Splits an expression into tokens; any character outside the language is an error at its position. */
import { ExpressionError } from './ast.ts';

export type Token =
  | { type: 'number'; value: number; at: number }
  | { type: 'name'; value: string; at: number }
  | { type: 'punct'; value: string; at: number }
  | { type: 'end'; at: number };

const PUNCTUATION = ['<=', '>=', '==', '!=', '<', '>', '+', '-', '*', '/', '(', ')', ','];
const NUMBER = /^(\d+(\.\d+)?|\.\d+)([eE][+-]?\d+)?/;
const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;
/** Long enough for any real formula; longer input is refused before any work. */
export const MAX_EXPRESSION_LENGTH = 2000;

export function tokenize(source: string): Token[] {
  if (source.length > MAX_EXPRESSION_LENGTH)
    throw new ExpressionError(MAX_EXPRESSION_LENGTH, `表达式超过 ${MAX_EXPRESSION_LENGTH} 个字符`);
  const tokens: Token[] = [];
  let at = 0;
  while (at < source.length) {
    const rest = source.slice(at);
    const space = /^\s+/.exec(rest);
    if (space) {
      at += space[0].length;
      continue;
    }
    const number = NUMBER.exec(rest);
    if (number) {
      const value = Number(number[0]);
      if (!Number.isFinite(value)) throw new ExpressionError(at, `数值 ${number[0]} 超出范围`);
      tokens.push({ type: 'number', value, at });
      at += number[0].length;
      if (NAME.test(source.slice(at))) throw new ExpressionError(at, '数字后不能紧跟名称');
      continue;
    }
    const name = NAME.exec(rest);
    if (name) {
      tokens.push({ type: 'name', value: name[0], at });
      at += name[0].length;
      continue;
    }
    const punct = PUNCTUATION.find((p) => rest.startsWith(p));
    if (punct) {
      tokens.push({ type: 'punct', value: punct, at });
      at += punct.length;
      continue;
    }
    const char = String.fromCodePoint(source.codePointAt(at)!);
    const hint = char === '.' ? '（不支持属性访问）' : char === '=' ? '（比较请用 ==）' : '';
    throw new ExpressionError(at, `不允许的字符 “${char}”${hint}`);
  }
  tokens.push({ type: 'end', at });
  return tokens;
}
