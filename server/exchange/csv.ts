/**
 * CSV for Excel users: UTF-8 with a byte-order mark (without it Excel on Chinese Windows reads GBK and garbles
 * every header), CRLF line ends and RFC 4180 quoting.
 */
import { plainText } from './values.ts';

export interface CsvColumn<Row> {
  header: string;
  value(row: Row): unknown;
}

/** Text a spreadsheet would run as a formula (=, +, -, @ first) gets a leading apostrophe (OWASP CSV injection). */
function cell(value: unknown): string {
  let text = plainText(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function writeCsv<Row>(columns: CsvColumn<Row>[], rows: Row[]): string {
  const lines = [
    columns.map((c) => cell(c.header)),
    ...rows.map((row) => columns.map((c) => cell(c.value(row)))),
  ];
  return `\uFEFF${lines.map((line) => line.join(',')).join('\r\n')}\r\n`;
}
