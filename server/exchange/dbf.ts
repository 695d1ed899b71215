/**
 * A dBase III writer for the Shapefile's attribute table, in UTF-8 (announced by the .cpg) unless told otherwise.
 * Written here rather than through @mapbox/shp-write's `dbf` dependency, which stores each character's low byte
 * (Chinese text comes out as garbage) and makes every text column 254 bytes wide.
 */
import { plainText } from './values.ts';

export interface DbfColumn {
  /** At most 10 bytes in the file's encoding. */
  name: string;
  /** `number`, `date` and `boolean` columns become N, D and L when every value fits; anything else is text (C). */
  kind: 'number' | 'date' | 'boolean' | 'text';
}

/** Text to bytes in the file's encoding. */
export type Encode = (text: string) => Uint8Array;

interface Layout {
  name: string;
  type: 'C' | 'N' | 'D' | 'L';
  length: number;
  decimals: number;
  cell(value: unknown): string;
}

const MAX_TEXT = 254;
const utf8: Encode = (text) => new TextEncoder().encode(text);

/** The bytes of the longest prefix of `text` (whole characters) that fit in `max` bytes. */
function fit(text: string, max: number, encode: Encode): Uint8Array {
  const chars = [...text];
  let bytes = encode(text);
  while (bytes.length > max) {
    chars.length = Math.max(0, chars.length - Math.max(1, Math.floor((bytes.length - max) / 3)));
    bytes = encode(chars.join(''));
  }
  return bytes;
}

const numeric = (v: unknown) =>
  typeof v === 'number' ? Number.isFinite(v) : typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v);
const isDay = (v: unknown) => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v);

function layout(column: DbfColumn, rows: Record<string, unknown>[], encode: Encode): Layout {
  const { name, kind } = column;
  const values = rows.map((row) => row[name]).filter((v) => v !== null && v !== undefined);
  if (kind === 'number' && values.every(numeric)) {
    const decimals = Math.min(
      8,
      Math.max(0, ...values.map((v) => String(v as number | string).split('.')[1]?.length ?? 0)),
    );
    const length = Math.min(20, Math.max(1, ...values.map((v) => Number(v).toFixed(decimals).length)));
    const cell = (v: unknown) => (numeric(v) ? Number(v).toFixed(decimals).padStart(length) : '');
    return { name, type: 'N', length, decimals, cell };
  }
  if (kind === 'date' && values.every(isDay)) {
    return {
      name,
      type: 'D',
      length: 8,
      decimals: 0,
      cell: (v) => (isDay(v) ? (v as string).replace(/-/g, '') : ''),
    };
  }
  if (kind === 'boolean' && values.every((v) => typeof v === 'boolean')) {
    return {
      name,
      type: 'L',
      length: 1,
      decimals: 0,
      cell: (v) => (v === true ? 'T' : v === false ? 'F' : '?'),
    };
  }
  const widest = Math.max(1, ...rows.map((row) => encode(plainText(row[name])).length));
  return { name, type: 'C', length: Math.min(MAX_TEXT, widest), decimals: 0, cell: plainText };
}

/** The .dbf bytes for the rows (keyed by column name), one record per row, in order. */
export function writeDbf(
  columns: DbfColumn[],
  rows: Record<string, unknown>[],
  encode: Encode = utf8,
  today = new Date(),
): Uint8Array {
  const fields = columns.map((column) => layout(column, rows, encode));
  const headerLength = 32 + 32 * fields.length + 1;
  const recordLength = 1 + fields.reduce((sum, f) => sum + f.length, 0);
  const out = new Uint8Array(headerLength + recordLength * rows.length + 1);
  const view = new DataView(out.buffer);
  out[0] = 0x03; // dBase III without memo
  out[1] = today.getFullYear() - 1900;
  out[2] = today.getMonth() + 1;
  out[3] = today.getDate();
  view.setUint32(4, rows.length, true);
  view.setUint16(8, headerLength, true);
  view.setUint16(10, recordLength, true);
  fields.forEach((field, i) => {
    const at = 32 + 32 * i;
    out.set(fit(field.name, 10, encode), at);
    out[at + 11] = field.type.charCodeAt(0);
    out[at + 16] = field.length;
    out[at + 17] = field.decimals;
  });
  out[headerLength - 1] = 0x0d;
  // Every record starts "not deleted" (a space) and every cell is space-padded.
  out.fill(0x20, headerLength, headerLength + recordLength * rows.length);
  rows.forEach((row, r) => {
    let at = headerLength + r * recordLength + 1;
    for (const field of fields) {
      out.set(fit(field.cell(row[field.name]), field.length, encode), at);
      at += field.length;
    }
  });
  out[out.length - 1] = 0x1a;
  return out;
}
