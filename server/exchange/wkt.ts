/**
 * A small reader for the WKT of a Shapefile's .prj (OGC WKT1, Esri WKT1 and the common parts of WKT2): enough
 * to tell the datum, the projection and its parameters, and an EPSG code when the file carries one.
 */
export interface WktNode {
  keyword: string;
  args: WktValue[];
}
export type WktValue = string | number | WktNode;

const TOKEN =
  /\s*(?:([A-Za-z_][A-Za-z0-9_]*)|"((?:[^"]|"")*)"|([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)|([[\](),]))/y;

/** Parses WKT text into a tree; throws an Error with the offset of the first thing it cannot read. */
export function parseWkt(text: string): WktNode {
  let at = 0;
  const next = () => {
    TOKEN.lastIndex = at;
    const m = TOKEN.exec(text);
    if (!m) throw new Error(`无法解析的 WKT（位置 ${at}）`);
    at = TOKEN.lastIndex;
    return m;
  };
  const node = (keyword: string): WktNode => {
    const open = next()[4];
    if (open !== '[' && open !== '(') throw new Error(`WKT 中 ${keyword} 之后应为 [（位置 ${at}）`);
    const args: WktValue[] = [];
    for (;;) {
      const m = next();
      if (m[1] !== undefined) {
        // A bare word is a node when a bracket follows, else an enumeration value (e.g. AXIS["X",EAST]).
        TOKEN.lastIndex = at;
        const peek = TOKEN.exec(text);
        args.push(peek?.[4] === '[' || peek?.[4] === '(' ? node(m[1].toUpperCase()) : m[1]);
      } else if (m[2] !== undefined) args.push(m[2].replace(/""/g, '"'));
      else if (m[3] !== undefined) args.push(Number(m[3]));
      const separator = next()[4];
      if (separator === ']' || separator === ')') return { keyword, args };
      if (separator !== ',') throw new Error(`WKT 中缺少逗号或右括号（位置 ${at}）`);
    }
  };
  const first = next();
  if (first[1] === undefined) throw new Error('WKT 应以关键字开头（如 GEOGCS、PROJCS）');
  const root = node(first[1].toUpperCase());
  if (text.slice(at).trim()) throw new Error(`WKT 结尾有多余内容（位置 ${at}）`);
  return root;
}

/** Direct children with one of the keywords. */
export function children(node: WktNode, ...keywords: string[]): WktNode[] {
  return node.args.filter((a): a is WktNode => typeof a === 'object' && keywords.includes(a.keyword));
}

export function child(node: WktNode, ...keywords: string[]): WktNode | undefined {
  return children(node, ...keywords)[0];
}

/** The first (name) argument of a node. */
export const nameOf = (node: WktNode | undefined): string =>
  typeof node?.args[0] === 'string' ? node.args[0] : '';

/** `AUTHORITY["EPSG","4551"]` (WKT1) or `ID["EPSG",4551]` (WKT2) directly on the node. */
export function epsgCodeOf(node: WktNode): number | undefined {
  const id = child(node, 'AUTHORITY', 'ID');
  if (!id || typeof id.args[0] !== 'string' || id.args[0].toUpperCase() !== 'EPSG') return undefined;
  const code = Number(id.args[1]);
  return Number.isInteger(code) ? code : undefined;
}

/** Normalised parameter names: `False_Easting`, `false easting` and `False easting` are the same key. */
export const paramKey = (name: string) => name.toLowerCase().replace(/[^a-z0-9]+/g, '_');

/** Every PARAMETER under the node (WKT1 directly, WKT2 inside CONVERSION) as normalised name → number. */
export function parametersOf(node: WktNode): Map<string, number> {
  const out = new Map<string, number>();
  const holders = [node, ...children(node, 'CONVERSION')];
  for (const holder of holders) {
    for (const p of children(holder, 'PARAMETER')) {
      if (typeof p.args[1] === 'number') out.set(paramKey(nameOf(p)), p.args[1]);
    }
  }
  return out;
}
