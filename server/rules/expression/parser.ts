/**
 * Recursive-descent parser for rule expressions, followed by a type check. Names are resolved against the
 * caller's declared list (factors and a standard's parameters) while parsing, so `constructor`, `__proto__` or
 * an undeclared function never get past this point.
 *
 *   expr   := or
 *   or     := and ('or' and)*
 *   and    := not ('and' not)*
 *   not    := 'not' not | cmp
 *   cmp    := sum (('<' | '<=' | '>' | '>=' | '==' | '!=') sum)?
 *   sum    := term (('+' | '-') term)*
 *   term   := unary (('*' | '/') unary)*
 *   unary  := '-' unary | atom
 *   atom   := number | 'true' | 'false' | name | function '(' expr (',' expr)* ')' | '(' expr ')'
 */
import {
  ExpressionError,
  FUNCTIONS,
  isFunctionName,
  type BinaryOperator,
  type Node,
  type ValueType,
} from './ast.ts';
import { tokenize, type Token } from './tokenizer.ts';

const KEYWORDS = new Set(['and', 'or', 'not', 'true', 'false']);
const COMPARISONS = new Set(['<', '<=', '>', '>=', '==', '!=']);
/** Deep nesting is refused rather than allowed to exhaust the stack. */
const MAX_DEPTH = 64;

/** The names an expression may use, with their types. */
export type NameTypes = ReadonlyMap<string, ValueType>;

export interface Parsed {
  ast: Node;
  type: ValueType;
}

class Parser {
  private index = 0;
  private depth = 0;

  constructor(
    private readonly tokens: Token[],
    private readonly names: NameTypes,
  ) {}

  private peek(): Token {
    return this.tokens[this.index]!;
  }

  private isPunct(value: string): boolean {
    const token = this.peek();
    return token.type === 'punct' && token.value === value;
  }

  private isWord(value: string): boolean {
    const token = this.peek();
    return token.type === 'name' && token.value === value;
  }

  private expectPunct(value: string): void {
    if (!this.isPunct(value)) throw new ExpressionError(this.peek().at, `此处应为 “${value}”`);
    this.index++;
  }

  parseAll(): Node {
    const node = this.expression();
    const token = this.peek();
    if (token.type !== 'end') throw new ExpressionError(token.at, '表达式在此处应结束');
    return node;
  }

  private expression(): Node {
    if (++this.depth > MAX_DEPTH) throw new ExpressionError(this.peek().at, '表达式嵌套过深');
    const node = this.or();
    this.depth--;
    return node;
  }

  private leftAssociative(next: () => Node, accepts: (token: Token) => BinaryOperator | undefined): Node {
    let left = next();
    for (let operator = accepts(this.peek()); operator; operator = accepts(this.peek())) {
      const at = this.peek().at;
      this.index++;
      left = { kind: 'binary', operator, left, right: next(), at };
    }
    return left;
  }

  private or = (): Node =>
    this.leftAssociative(this.and, (t) => (t.type === 'name' && t.value === 'or' ? 'or' : undefined));

  private and = (): Node =>
    this.leftAssociative(this.not, (t) => (t.type === 'name' && t.value === 'and' ? 'and' : undefined));

  private not = (): Node => {
    if (this.isWord('not')) {
      const at = this.peek().at;
      this.index++;
      return { kind: 'not', operand: this.nested(this.not), at };
    }
    return this.comparison();
  };

  private comparison(): Node {
    const left = this.sum();
    const token = this.peek();
    if (token.type === 'punct' && COMPARISONS.has(token.value)) {
      this.index++;
      const right = this.sum();
      const next = this.peek();
      if (next.type === 'punct' && COMPARISONS.has(next.value))
        throw new ExpressionError(next.at, '比较不能连写，请用 and 连接');
      return { kind: 'binary', operator: token.value as BinaryOperator, left, right, at: token.at };
    }
    return left;
  }

  private sum = (): Node =>
    this.leftAssociative(this.term, (t) =>
      t.type === 'punct' && (t.value === '+' || t.value === '-') ? t.value : undefined,
    );

  private term = (): Node =>
    this.leftAssociative(this.unary, (t) =>
      t.type === 'punct' && (t.value === '*' || t.value === '/') ? t.value : undefined,
    );

  private unary = (): Node => {
    if (this.isPunct('-')) {
      const at = this.peek().at;
      this.index++;
      return { kind: 'negate', operand: this.nested(this.unary), at };
    }
    return this.atom();
  };

  private nested(next: () => Node): Node {
    if (++this.depth > MAX_DEPTH) throw new ExpressionError(this.peek().at, '表达式嵌套过深');
    const node = next();
    this.depth--;
    return node;
  }

  private atom(): Node {
    const token = this.peek();
    if (token.type === 'number') {
      this.index++;
      return { kind: 'number', value: token.value, at: token.at };
    }
    if (token.type === 'punct' && token.value === '(') {
      this.index++;
      const inner = this.expression();
      this.expectPunct(')');
      return inner;
    }
    if (token.type === 'name') return this.named(token.value, token.at);
    throw new ExpressionError(
      token.at,
      token.type === 'end' ? '表达式不完整' : `此处不应出现 “${token.value}”`,
    );
  }

  private named(name: string, at: number): Node {
    this.index++;
    if (name === 'true' || name === 'false') return { kind: 'boolean', value: name === 'true', at };
    if (KEYWORDS.has(name)) throw new ExpressionError(at, `此处不应出现 “${name}”`);
    if (this.isPunct('(')) {
      if (!isFunctionName(name)) throw new ExpressionError(at, `不允许的函数 “${name}”`);
      this.index++;
      const args = [this.expression()];
      while (this.isPunct(',')) {
        this.index++;
        args.push(this.expression());
      }
      this.expectPunct(')');
      const arity = FUNCTIONS[name];
      if (args.length < arity.min || args.length > arity.max)
        throw new ExpressionError(at, `函数 ${name} 的参数个数应为 ${arity.min}–${arity.max} 个`);
      return { kind: 'call', name, args, at };
    }
    if (!this.names.has(name)) throw new ExpressionError(at, `未知的因素或参数 “${name}”`);
    return { kind: 'name', name, at };
  }
}

function expect(node: Node, want: ValueType, names: NameTypes): void {
  const got = typeOf(node, names);
  if (got !== want)
    throw new ExpressionError(node.at, want === 'number' ? '此处应为数值' : '此处应为逻辑值（真/假）');
}

/** The type of a node; throws where an operand has the wrong type. */
export function typeOf(node: Node, names: NameTypes): ValueType {
  switch (node.kind) {
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'name':
      return names.get(node.name)!;
    case 'negate':
      expect(node.operand, 'number', names);
      return 'number';
    case 'not':
      expect(node.operand, 'boolean', names);
      return 'boolean';
    case 'binary': {
      const { operator, left, right } = node;
      if (operator === 'and' || operator === 'or') {
        expect(left, 'boolean', names);
        expect(right, 'boolean', names);
        return 'boolean';
      }
      if (operator === '==' || operator === '!=') {
        const type = typeOf(left, names);
        expect(right, type, names);
        return 'boolean';
      }
      expect(left, 'number', names);
      expect(right, 'number', names);
      return COMPARISONS.has(operator) ? 'boolean' : 'number';
    }
    case 'call': {
      if (node.name === 'if') {
        const [condition, then, otherwise] = node.args as [Node, Node, Node];
        expect(condition, 'boolean', names);
        const type = typeOf(then, names);
        expect(otherwise, type, names);
        return type;
      }
      for (const arg of node.args) expect(arg, 'number', names);
      if (node.name === 'round' && node.args[1]) {
        const digits = node.args[1];
        if (
          digits.kind !== 'number' ||
          !Number.isInteger(digits.value) ||
          digits.value < 0 ||
          digits.value > 10
        )
          throw new ExpressionError(digits.at, 'round 的小数位数须为 0–10 的整数常量');
      }
      return 'number';
    }
  }
}

/**
 * Parses `source` allowing only the declared `names`; with `want`, the result must have that type.
 * Throws ExpressionError with the position of the first problem.
 */
export function parseExpression(source: string, names: NameTypes, want?: ValueType): Parsed {
  const ast = new Parser(tokenize(source), names).parseAll();
  const type = typeOf(ast, names);
  if (want && type !== want) expect(ast, want, names);
  return { ast, type };
}

/** The declared names an expression uses, in order of first use. */
export function namesUsed(node: Node, found: string[] = []): string[] {
  switch (node.kind) {
    case 'name':
      if (!found.includes(node.name)) found.push(node.name);
      break;
    case 'negate':
    case 'not':
      namesUsed(node.operand, found);
      break;
    case 'binary':
      namesUsed(node.left, found);
      namesUsed(node.right, found);
      break;
    case 'call':
      for (const arg of node.args) namesUsed(arg, found);
      break;
    case 'number':
    case 'boolean':
      break;
  }
  return found;
}
