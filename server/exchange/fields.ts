/**
 * Attribute names of exchanged files ↔ API fields. A field is known by its API name (`parcel_no`), its
 * Appendix A name (`地块编号`, read from the create schema's description so the two cannot drift), a short alias
 * for DBF's 10-byte column names (`DKBH`, the pinyin initials GIS data in China customarily uses), and the
 * 10-byte truncations GDAL/ArcGIS make of the long names when they write a DBF — when those are unambiguous.
 * The alias tables are documented in server/exchange/README.md.
 */
import { z } from 'zod';
import { unwrapField } from '../shared/rows.ts';

export type FieldKind = 'number' | 'integer' | 'date' | 'boolean' | 'text' | 'other';

export interface FieldSpec {
  /** API / column name. */
  key: string;
  /** Appendix A field name (CSV header). */
  label: string;
  /** DBF column name, at most 10 ASCII characters. */
  alias: string;
  kind: FieldKind;
}

export interface EntityFields {
  specs: FieldSpec[];
  /** Normalised attribute name → API name. */
  byName: Map<string, string>;
}

function kindOf(schema: z.ZodType): FieldKind {
  // A transform (region codes are padded to 12 digits) takes what its input takes.
  if (schema instanceof z.ZodPipe) return kindOf(schema.in as z.ZodType);
  if (schema instanceof z.ZodISODate) return 'date';
  if (schema instanceof z.ZodNumber) return schema.format?.includes('int') ? 'integer' : 'number';
  if (schema instanceof z.ZodBoolean) return 'boolean';
  // Strings of any format (date-times too) and enums.
  if (schema.def.type === 'string' || schema instanceof z.ZodEnum) return 'text';
  return 'other';
}

/** "土地面积（平方米）" → "土地面积"; "储备状态：reserved …" → "储备状态". */
const labelOf = (description: string | undefined, key: string) =>
  description?.split(/[（(：:]/)[0]?.trim() || key;

/** Case, surrounding space and a trailing unit in brackets do not matter: "土地面积(平方米)" is "土地面积". */
export const normaliseName = (name: string) =>
  name
    .trim()
    .replace(/\s*[（(][^）)]*[）)]\s*$/, '')
    .toLowerCase();

/** 10 bytes of GBK: five Chinese characters (ASCII counts one byte). */
function gbkTruncation(label: string): string {
  let bytes = 0;
  let out = '';
  for (const ch of label) {
    bytes += ch.charCodeAt(0) < 0x80 ? 1 : 2;
    if (bytes > 10) break;
    out += ch;
  }
  return out;
}

/**
 * The fields of an entity from its create schema's shape (without `geometry`) and the alias table, which must
 * name every field (a test checks it).
 */
export function entityFields(
  shape: Record<string, z.ZodType>,
  aliases: Record<string, string>,
): EntityFields {
  const specs: FieldSpec[] = Object.entries(shape)
    .filter(([key]) => key !== 'geometry')
    .map(([key, schema]) => {
      const base = unwrapField(schema);
      return { key, label: labelOf(base.description, key), alias: aliases[key] ?? key, kind: kindOf(base) };
    });
  const byName = new Map<string, string>();
  const truncations = new Map<string, string | null>();
  for (const spec of specs) {
    for (const name of [spec.key, spec.label, spec.alias]) byName.set(normaliseName(name), spec.key);
    for (const cut of [spec.key.slice(0, 10), gbkTruncation(spec.label)]) {
      const name = normaliseName(cut);
      // A truncation two fields share names neither.
      truncations.set(name, truncations.has(name) && truncations.get(name) !== spec.key ? null : spec.key);
    }
  }
  for (const [name, key] of truncations) if (key && !byName.has(name)) byName.set(name, key);
  return { specs, byName };
}

/** "2024/3/5", "2024.03.05" and "20240305" as 2024-03-05; anything else is left for validation to name. */
function plainDate(value: string): string {
  const m = /^(\d{4})[-/.年]?(\d{1,2})[-/.月]?(\d{1,2})日?$/.exec(value);
  return m ? `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}` : value;
}

const BOOLEAN: Record<string, boolean> = {
  true: true,
  t: true,
  y: true,
  是: true,
  false: false,
  f: false,
  n: false,
  否: false,
};

function coerce(value: unknown, kind: FieldKind): unknown {
  if (typeof value === 'string') {
    const trimmed = value.trim();
    if (!trimmed) return undefined;
    if (kind === 'boolean') return BOOLEAN[trimmed.toLowerCase()] ?? trimmed;
    if ((kind === 'number' || kind === 'integer') && /^[-+]?\d+(\.\d+)?$/.test(trimmed.replace(/,/g, '')))
      return Number(trimmed.replace(/,/g, ''));
    if (kind === 'date') return plainDate(trimmed);
    return trimmed;
  }
  if (typeof value === 'number' && kind === 'text') return String(value);
  return value ?? undefined;
}

export interface MappedAttributes {
  input: Record<string, unknown>;
  /** API name → the attribute name it came from, to report errors in the file's own terms. */
  sources: Map<string, string>;
  /** Attribute names that match no field. */
  ignored: string[];
}

/** A feature's attributes as create input. */
export function mapAttributes(properties: Record<string, unknown>, fields: EntityFields): MappedAttributes {
  const kinds = new Map(fields.specs.map((spec) => [spec.key, spec.kind]));
  const input: Record<string, unknown> = {};
  const sources = new Map<string, string>();
  const ignored: string[] = [];
  for (const [name, value] of Object.entries(properties)) {
    const key = fields.byName.get(normaliseName(name));
    if (!key) {
      ignored.push(name);
      continue;
    }
    const coerced = coerce(value, kinds.get(key)!);
    if (coerced === undefined || sources.has(key)) continue;
    input[key] = coerced;
    sources.set(key, name);
  }
  return { input, sources, ignored };
}
