/**
 * The process diagram as SVG, drawn here (no BPMN library): nodes where the definition places them (extension
 * x/y, the centre of the node) or, when any node lacks a place, by a layered layout (longest path from the start,
 * back edges ignored); current nodes highlighted, visited nodes tinted, a count badge per node when given.
 * Shapes follow BPMN habits: circles for start/end (timer: a clock), boxes for tasks (countersign: double
 * border), diamonds for gateways (× exclusive, + parallel).
 */
import type { CompiledNode, CompiledTemplate } from './engine.ts';

export interface DiagramOptions {
  title?: string;
  /** Node keys where the process stands now (highlighted). */
  current?: Set<string>;
  /** Node keys already passed (tinted). */
  visited?: Set<string>;
  /** Per node key, e.g. active instances: drawn as a badge. */
  counts?: Map<string, number>;
}

interface Box {
  node: CompiledNode;
  x: number;
  y: number;
  w: number;
  h: number;
}

const TASK_W = 112;
const TASK_H = 52;
const ROUND = 36;
const GATE = 44;
const GAP_X = 160;
const GAP_Y = 110;
const MARGIN = 48;

const escapeXml = (s: string) =>
  s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&#39;' })[c]!);

function sizeOf(node: CompiledNode): [number, number] {
  if (node.node_type === 'task' || node.node_type === 'countersign') return [TASK_W, TASK_H];
  if (['exclusive', 'parallel_split', 'parallel_join'].includes(node.node_type)) return [GATE, GATE];
  return [ROUND, ROUND];
}

/** Longest-path layers from the start over a DFS tree's forward edges; rows in order of discovery. */
function layeredPositions(tpl: CompiledTemplate): Map<number, [number, number]> {
  const nodes = [...tpl.byId.values()];
  const start = nodes.find((n) => n.node_type === 'start') ?? nodes[0]!;
  const order: number[] = [];
  const state = new Map<number, 'open' | 'done'>();
  const back = new Set<number>(); // transition ids closing a cycle
  const visit = (n: CompiledNode) => {
    state.set(n.id, 'open');
    for (const t of n.outgoing) {
      const s = state.get(t.to_node_id);
      if (s === 'open') back.add(t.id);
      else if (!s) visit(tpl.byId.get(t.to_node_id)!);
    }
    state.set(n.id, 'done');
    order.unshift(n.id);
  };
  visit(start);
  for (const n of nodes) if (!state.has(n.id)) visit(n);
  const layer = new Map<number, number>(order.map((id) => [id, 0]));
  for (const id of order)
    for (const t of tpl.byId.get(id)!.outgoing)
      if (!back.has(t.id)) layer.set(t.to_node_id, Math.max(layer.get(t.to_node_id)!, layer.get(id)! + 1));
  const rows = new Map<number, number>();
  const positions = new Map<number, [number, number]>();
  for (const id of [...order].sort(
    (a, b) => layer.get(a)! - layer.get(b)! || order.indexOf(a) - order.indexOf(b),
  )) {
    const l = layer.get(id)!;
    const row = rows.get(l) ?? 0;
    rows.set(l, row + 1);
    positions.set(id, [MARGIN + TASK_W / 2 + l * GAP_X, MARGIN + 40 + TASK_H / 2 + row * GAP_Y]);
  }
  return positions;
}

function boxes(tpl: CompiledTemplate): Box[] {
  const nodes = [...tpl.byId.values()];
  const placed = nodes.every((n) => typeof n.extension.x === 'number' && typeof n.extension.y === 'number');
  const layered = placed ? undefined : layeredPositions(tpl);
  return nodes.map((node) => {
    const [w, h] = sizeOf(node);
    const [x, y] = placed ? [node.extension.x!, node.extension.y!] : layered!.get(node.id)!;
    return { node, x, y, w, h };
  });
}

/** Where the line from the box's centre towards (tx, ty) leaves the box (ellipse/diamond approximated). */
function edgePoint(b: Box, tx: number, ty: number): Point {
  const dx = tx - b.x;
  const dy = ty - b.y;
  if (!dx && !dy) return [b.x, b.y];
  const rx = b.w / 2;
  const ry = b.h / 2;
  const type = b.node.node_type;
  let scale: number;
  if (type === 'task' || type === 'countersign') scale = 1 / Math.max(Math.abs(dx) / rx, Math.abs(dy) / ry);
  else if (['exclusive', 'parallel_split', 'parallel_join'].includes(type))
    scale = 1 / (Math.abs(dx) / rx + Math.abs(dy) / ry);
  else scale = 1 / Math.hypot(dx / rx, dy / ry);
  return [b.x + dx * scale, b.y + dy * scale];
}

type Point = [number, number];

const onCurve = (p0: Point, c: Point, p2: Point, t: number): Point => [
  (1 - t) ** 2 * p0[0] + 2 * (1 - t) * t * c[0] + t ** 2 * p2[0],
  (1 - t) ** 2 * p0[1] + 2 * (1 - t) * t * c[1] + t ** 2 * p2[1],
];

/** Whether a path through `points` crosses a node other than its ends (boxes padded a little). */
function crosses(points: Point[], all: Box[], ends: Box[]): boolean {
  const pad = 8;
  return all.some(
    (b) =>
      !ends.includes(b) &&
      points.some(([x, y]) => Math.abs(x - b.x) <= b.w / 2 + pad && Math.abs(y - b.y) <= b.h / 2 + pad),
  );
}

interface Route {
  start: Point;
  end: Point;
  /** Control point of a quadratic curve; absent for a straight line. */
  control?: Point;
  label: Point;
}

/**
 * A transition's path: straight when that crosses no other node, otherwise a curve bowing to one side or the
 * other, further out until it is clear (back edges and long jumps on the same row).
 */
function route(from: Box, to: Box, all: Box[]): Route {
  const a: Point = [from.x, from.y];
  const b: Point = [to.x, to.y];
  const samples = (c: Point) => Array.from({ length: 31 }, (_, i) => onCurve(a, c, b, 0.05 + (0.9 * i) / 30));
  const mid: Point = [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
  const length = Math.hypot(b[0] - a[0], b[1] - a[1]) || 1;
  const normal: Point = [-(b[1] - a[1]) / length, (b[0] - a[0]) / length];
  let control: Point | undefined;
  if (crosses(samples(mid), all, [from, to])) {
    const step = Math.max(45, length * 0.18);
    for (const k of [1, -1, 2, -2, 3, -3, 4]) {
      control = [mid[0] + normal[0] * step * k, mid[1] + normal[1] * step * k];
      if (!crosses(samples(control), all, [from, to])) break;
    }
  }
  const start = edgePoint(from, ...(control ?? b));
  const end = edgePoint(to, ...(control ?? a));
  const label = control
    ? onCurve(start, control, end, 0.5)
    : ([(start[0] + end[0]) / 2, (start[1] + end[1]) / 2] as Point);
  return { start, end, control, label };
}

/** Splits a node name into lines of at most `max` characters (CJK names have no spaces to break at). */
function lines(text: string, max = 7): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length && out.length < 3; i += max) out.push(text.slice(i, i + max));
  return out;
}

function shape(b: Box, fill: string, stroke: string, width: number): string {
  const { x, y, w, h } = b;
  const common = `fill="${fill}" stroke="${stroke}" stroke-width="${width}"`;
  switch (b.node.node_type) {
    case 'task':
      return `<rect x="${x - w / 2}" y="${y - h / 2}" width="${w}" height="${h}" rx="8" ${common}/>`;
    case 'countersign':
      return (
        `<rect x="${x - w / 2}" y="${y - h / 2}" width="${w}" height="${h}" rx="8" ${common}/>` +
        `<rect x="${x - w / 2 + 4}" y="${y - h / 2 + 4}" width="${w - 8}" height="${h - 8}" rx="6" fill="none" stroke="${stroke}" stroke-width="1"/>`
      );
    case 'exclusive':
    case 'parallel_split':
    case 'parallel_join': {
      const mark =
        b.node.node_type === 'exclusive'
          ? `<path d="M${x - 8} ${y - 8}L${x + 8} ${y + 8}M${x + 8} ${y - 8}L${x - 8} ${y + 8}" stroke="${stroke}" stroke-width="3"/>`
          : `<path d="M${x} ${y - 10}V${y + 10}M${x - 10} ${y}H${x + 10}" stroke="${stroke}" stroke-width="3"/>`;
      return `<path d="M${x} ${y - h / 2}L${x + w / 2} ${y}L${x} ${y + h / 2}L${x - w / 2} ${y}Z" ${common}/>${mark}`;
    }
    case 'timer':
      return (
        `<circle cx="${x}" cy="${y}" r="${w / 2}" ${common}/>` +
        `<circle cx="${x}" cy="${y}" r="${w / 2 - 5}" fill="none" stroke="${stroke}" stroke-width="1"/>` +
        `<path d="M${x} ${y - 9}V${y}L${x + 7} ${y + 4}" fill="none" stroke="${stroke}" stroke-width="2"/>`
      );
    case 'end':
      return `<circle cx="${x}" cy="${y}" r="${w / 2}" ${common.replace(/stroke-width="[\d.]+"/, `stroke-width="${width + 2}"`)}/>`;
    case 'start':
      return `<circle cx="${x}" cy="${y}" r="${w / 2}" ${common}/>`;
  }
}

export function renderDiagram(tpl: CompiledTemplate, options: DiagramOptions = {}): string {
  const all = boxes(tpl);
  const byId = new Map(all.map((b) => [b.node.id, b]));
  const edges = all.flatMap((from) =>
    from.node.outgoing.map((t) => {
      const to = byId.get(t.to_node_id)!;
      return { t, from, to, route: route(from, to, all) };
    }),
  );
  const xs = [...all.flatMap((b) => [b.x - b.w / 2, b.x + b.w / 2]), ...edges.map((e) => e.route.label[0])];
  const ys = [...all.flatMap((b) => [b.y - b.h / 2, b.y + b.h / 2]), ...edges.map((e) => e.route.label[1])];
  const minX = Math.min(...xs) - MARGIN;
  const minY = Math.min(...ys) - MARGIN - (options.title ? 24 : 0);
  const maxX = Math.max(...xs) + MARGIN;
  const maxY = Math.max(...ys) + MARGIN + 16;
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="${minX} ${minY} ${maxX - minX} ${maxY - minY}" width="${maxX - minX}" height="${maxY - minY}" font-family="'Noto Sans CJK SC','Microsoft YaHei',sans-serif" font-size="13">`,
    `<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0 0L10 5L0 10z" fill="#555"/></marker></defs>`,
    `<rect x="${minX}" y="${minY}" width="${maxX - minX}" height="${maxY - minY}" fill="#fff"/>`,
  );
  if (options.title)
    out.push(
      `<text x="${minX + 16}" y="${minY + 24}" font-size="15" font-weight="bold">${escapeXml(options.title)}</text>`,
    );
  const f = (p: Point) => `${p[0].toFixed(1)} ${p[1].toFixed(1)}`;
  for (const { t, from, to, route: r } of edges) {
    const label = t.name ?? t.condition ?? '';
    // Dashed: the default branch of a gateway with several.
    const dash = !t.condition && from.node.outgoing.length > 1 ? ' stroke-dasharray="5 3"' : '';
    const d = r.control ? `M${f(r.start)} Q${f(r.control)} ${f(r.end)}` : `M${f(r.start)} L${f(r.end)}`;
    out.push(
      `<g class="transition" data-from="${escapeXml(from.node.node_key)}" data-to="${escapeXml(to.node.node_key)}">`,
      `<path d="${d}" fill="none" stroke="#555" stroke-width="1.5" marker-end="url(#arrow)"${dash}/>`,
    );
    if (label)
      out.push(
        `<text x="${r.label[0].toFixed(1)}" y="${(r.label[1] - 5).toFixed(1)}" text-anchor="middle" font-size="11" fill="#444" paint-order="stroke" stroke="#fff" stroke-width="3">${escapeXml(label)}</text>`,
      );
    out.push('</g>');
  }
  for (const b of all) {
    const key = b.node.node_key;
    const current = options.current?.has(key) ?? false;
    const visited = options.visited?.has(key) ?? false;
    const [fill, stroke, width] = current
      ? ['#fff3cd', '#d97706', 3]
      : visited
        ? ['#e8f5e9', '#2e7d32', 1.5]
        : ['#f5f7fa', '#64748b', 1.5];
    out.push(
      `<g class="node${current ? ' current' : ''}${visited ? ' visited' : ''}" data-node="${escapeXml(key)}" data-type="${b.node.node_type}">`,
      `<title>${escapeXml(`${b.node.name}（${key}）`)}</title>`,
      shape(b, fill, stroke, width),
    );
    const inside = b.node.node_type === 'task' || b.node.node_type === 'countersign';
    const text = lines(b.node.name);
    const top = inside ? b.y - ((text.length - 1) * 15) / 2 + 5 : b.y + b.h / 2 + 16;
    text.forEach((line, i) =>
      out.push(
        `<text x="${b.x}" y="${top + i * 15}" text-anchor="middle" fill="#1f2937">${escapeXml(line)}</text>`,
      ),
    );
    const count = options.counts?.get(key);
    if (count)
      out.push(
        `<g class="count" data-count="${count}"><circle cx="${b.x + b.w / 2}" cy="${b.y - b.h / 2}" r="12" fill="#dc2626"/>`,
        `<text x="${b.x + b.w / 2}" y="${b.y - b.h / 2 + 4}" text-anchor="middle" font-size="11" fill="#fff">${count > 999 ? `${Math.floor(count / 1000)}k` : count}</text></g>`,
      );
    out.push('</g>');
  }
  out.push('</svg>');
  return out.join('\n');
}
