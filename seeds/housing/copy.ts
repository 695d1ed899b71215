/**
 * COPY … FROM STDIN in PostgreSQL's text format, fed from a generator of rows: rows are encoded into ~1 MB
 * chunks as the database asks for them (stream backpressure), so a million rows never sit in memory at once.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Knex } from 'knex';
import type pg from 'pg';
import copyStreams from 'pg-copy-streams';

export type Cell = string | number | boolean | null | undefined;

const NEEDS_ESCAPE = /[\\\t\n\r]/;

function encodeCell(value: Cell): string {
  if (value === null || value === undefined) return '\\N';
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`cannot COPY the number ${value}`);
    return String(value);
  }
  return NEEDS_ESCAPE.test(value)
    ? value.replace(/[\\\t\n\r]/g, (c) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[c] ?? c)
    : value;
}

export function encodeRow(cells: readonly Cell[]): string {
  let line = encodeCell(cells[0]);
  for (let i = 1; i < cells.length; i++) line += '\t' + encodeCell(cells[i]);
  return line + '\n';
}

const CHUNK_CHARS = 1 << 20;

function* chunks(rows: Iterable<readonly Cell[]>): Generator<string> {
  let chunk = '';
  for (const row of rows) {
    chunk += encodeRow(row);
    if (chunk.length >= CHUNK_CHARS) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}

/** The pg client a knex transaction runs on (COPY needs the raw protocol, on the transaction's connection). */
async function connectionOf(trx: Knex.Transaction): Promise<pg.ClientBase> {
  const client = trx.client as { acquireConnection(): Promise<pg.ClientBase> };
  return client.acquireConnection();
}

export interface CopyResult {
  table: string;
  rows: number;
  ms: number;
}

/** Streams `rows` into `table (columns)` with COPY on the transaction's connection; resolves with the row count. */
export async function copyInto(
  trx: Knex.Transaction,
  table: string,
  columns: readonly string[],
  rows: Iterable<readonly Cell[]>,
): Promise<CopyResult> {
  const started = performance.now();
  const connection = await connectionOf(trx);
  const sql = `COPY ${table} (${columns.join(', ')}) FROM STDIN`;
  const sink = connection.query(copyStreams.from(sql));
  await pipeline(Readable.from(chunks(rows), { objectMode: false }), sink);
  return { table, rows: sink.rowCount, ms: performance.now() - started };
}

const EWKB_POINT = Buffer.alloc(25);

/** A point as hex EWKB (little-endian, with its SRID): PostGIS parses it faster than WKT, and exactly. */
export function pointEwkb(lon: number, lat: number, srid = 4490): string {
  EWKB_POINT.writeUInt8(1, 0);
  EWKB_POINT.writeUInt32LE(0x20000001, 1);
  EWKB_POINT.writeUInt32LE(srid, 5);
  EWKB_POINT.writeDoubleLE(lon, 9);
  EWKB_POINT.writeDoubleLE(lat, 17);
  return EWKB_POINT.toString('hex');
}
