/**
 * `npm run build:glyphs`: MapLibre SDF glyph PBFs for the basemap's Latin labels (digits, road numbers, the
 * English UI), generated from the DejaVu TTFs with opentype.js — no native fontnik. Chinese text needs none:
 * MapLibre draws CJK with the browser's local fonts (`localIdeographFontFamily`).
 *
 * Follows fontnik (mapbox/sdf-glyph-foundry) so the glyphs look as MapLibre expects: 24 px em, a 3 px buffer,
 * outlines flattened to segments, distance to the nearest segment within a radius of 8 px, negative inside
 * (even–odd ray casting), value = 255 − clamp(distance × 256/8 + 0.25 × 256), so the outline sits at 191;
 * `top` relative to MapLibre's line origin (BASELINE below).
 * Output: tiles/glyphs/<slug>/<start>-<end>.pbf, served at /tiles/fonts/{fontstack}/{range}.pbf.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import opentype, { type Font, type PathCommand } from 'opentype.js';
import { encodeGlyphs, FONTS, GLYPH_RANGES, type GlyphBitmap } from '../tiles/glyphs.ts';

const SIZE = 24;
const BUFFER = 3;
const RADIUS = 8;
const CUTOFF = 0.25;
/**
 * `top` is measured from the line's origin, not the baseline: MapLibre's shaping puts the baseline about 25 px
 * below it for server glyphs (calibrated on DIN Pro, as pbf_font_tools and font-maker assume) and 27.5 px for
 * the CJK glyphs it draws locally. 26 keeps digits and Latin level with the Chinese text they sit in.
 */
const BASELINE = 26;
/** Segments per quadratic or cubic curve: at 24 px a curve spans a few pixels, so 8 is well under 0.1 px. */
const CURVE_STEPS = 8;

type Point = [number, number];

/** The outline as closed rings of points in pixels (y up, baseline at 0). */
function flatten(commands: PathCommand[], scale: number): Point[][] {
  const rings: Point[][] = [];
  let ring: Point[] = [];
  const close = () => {
    if (ring.length > 1) {
      const [first, last] = [ring[0]!, ring[ring.length - 1]!];
      if (first[0] !== last[0] || first[1] !== last[1]) ring.push(first);
      rings.push(ring);
    }
    ring = [];
  };
  for (const c of commands) {
    const to: Point = [(c.x ?? 0) * scale, (c.y ?? 0) * scale];
    const from = ring[ring.length - 1] ?? to;
    if (c.type === 'M') {
      close();
      ring.push(to);
    } else if (c.type === 'L') {
      ring.push(to);
    } else if (c.type === 'Q') {
      const ctl: Point = [c.x1! * scale, c.y1! * scale];
      for (let i = 1; i <= CURVE_STEPS; i++) {
        const t = i / CURVE_STEPS;
        const u = 1 - t;
        ring.push([
          u * u * from[0] + 2 * u * t * ctl[0] + t * t * to[0],
          u * u * from[1] + 2 * u * t * ctl[1] + t * t * to[1],
        ]);
      }
    } else if (c.type === 'C') {
      const [c1, c2]: Point[] = [
        [c.x1! * scale, c.y1! * scale],
        [c.x2! * scale, c.y2! * scale],
      ];
      for (let i = 1; i <= CURVE_STEPS; i++) {
        const t = i / CURVE_STEPS;
        const u = 1 - t;
        const [a, b, d, e] = [u * u * u, 3 * u * u * t, 3 * u * t * t, t * t * t];
        ring.push([
          a * from[0] + b * c1![0] + d * c2![0] + e * to[0],
          a * from[1] + b * c1![1] + d * c2![1] + e * to[1],
        ]);
      }
    } else {
      close();
    }
  }
  close();
  return rings;
}

function distanceToSegment(p: Point, v: Point, w: Point): number {
  const [dx, dy] = [w[0] - v[0], w[1] - v[1]];
  const l2 = dx * dx + dy * dy;
  let t = l2 === 0 ? 0 : ((p[0] - v[0]) * dx + (p[1] - v[1]) * dy) / l2;
  t = Math.max(0, Math.min(1, t));
  return Math.hypot(p[0] - (v[0] + t * dx), p[1] - (v[1] + t * dy));
}

function inside(rings: Point[][], [x, y]: Point): boolean {
  let result = false;
  for (const ring of rings) {
    for (let i = 1; i < ring.length; i++) {
      const [a, b] = [ring[i - 1]!, ring[i]!];
      if (a[1] > y !== b[1] > y && x < ((b[0] - a[0]) * (y - a[1])) / (b[1] - a[1]) + a[0]) result = !result;
    }
  }
  return result;
}

/** One glyph's metrics and SDF bitmap ((width + 6) × (height + 6) bytes, top row first). */
export function renderGlyph(font: Font, codePoint: number): GlyphBitmap | undefined {
  const index = font.charToGlyphIndex(String.fromCodePoint(codePoint));
  if (!index) return undefined;
  const glyph = font.glyphs.get(index);
  const scale = SIZE / font.unitsPerEm;
  const advance = Math.floor((glyph.advanceWidth ?? 0) * scale);
  const rings = flatten(glyph.path.commands, scale);
  const points = rings.flat();
  const empty = { id: codePoint, width: 0, height: 0, left: 0, top: 0, advance };
  if (!points.length) return empty;
  const xs = points.map((p) => p[0]);
  const ys = points.map((p) => p[1]);
  const [xmin, ymin] = [Math.round(Math.min(...xs)), Math.round(Math.min(...ys))];
  const [xmax, ymax] = [Math.round(Math.max(...xs)), Math.round(Math.max(...ys))];
  const [width, height] = [xmax - xmin, ymax - ymin];
  if (width === 0 || height === 0) return empty;
  // Into the bitmap's frame: the bounding box starts BUFFER pixels in.
  const shifted = rings.map((ring) => ring.map(([x, y]): Point => [x - xmin + BUFFER, y - ymin + BUFFER]));
  const segments = shifted.flatMap((ring) => ring.slice(1).map((b, i): [Point, Point] => [ring[i]!, b]));
  const [bw, bh] = [width + 2 * BUFFER, height + 2 * BUFFER];
  const bitmap = new Uint8Array(bw * bh);
  for (let y = 0; y < bh; y++) {
    for (let x = 0; x < bw; x++) {
      const p: Point = [x + 0.5, y + 0.5];
      let d = RADIUS;
      for (const [v, w] of segments) d = Math.min(d, distanceToSegment(p, v, w));
      let value = d * (256 / RADIUS);
      if (inside(shifted, p)) value = -value;
      value += CUTOFF * 256;
      // Rows run top to bottom in the bitmap; y runs up in the outline.
      bitmap[(bh - y - 1) * bw + x] = 255 - Math.max(0, Math.min(255, Math.floor(value)));
    }
  }
  return { id: codePoint, bitmap, width, height, left: xmin, top: ymax - BASELINE, advance };
}

function loadFont(file: string): Font {
  const require = createRequire(import.meta.url);
  const path = join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf', file);
  const bytes = readFileSync(path);
  return opentype.parse(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}

function main(): void {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..', 'tiles', 'glyphs');
  for (const { name, slug, file } of FONTS) {
    const font = loadFont(file);
    mkdirSync(join(root, slug), { recursive: true });
    for (const [start, end] of GLYPH_RANGES) {
      const glyphs: GlyphBitmap[] = [];
      for (let code = start; code <= end; code++) {
        const glyph = renderGlyph(font, code);
        if (glyph) glyphs.push(glyph);
      }
      const bytes = encodeGlyphs(name, `${start}-${end}`, glyphs);
      writeFileSync(join(root, slug, `${start}-${end}.pbf`), bytes);
      console.log(`${name} ${start}-${end}: ${glyphs.length} glyphs, ${bytes.length} bytes`);
    }
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main();
