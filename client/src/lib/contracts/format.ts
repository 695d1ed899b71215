/** Formatting shared by the contract and subsidy views: money as the server sends it, dates, months. */

/** Amounts as the server sends them (decimal yuan text or a number), grouped, two decimals; a dash for none. */
export function formatYuan(value: string | number | null | undefined): string {
  if (value === null || value === undefined || value === '') return '—';
  return Number(value).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

/** The date part of an ISO date or timestamp (the server's dates are local calendar days). */
export function formatDate(value: string | null | undefined): string {
  if (!value) return '—';
  return value.slice(0, 10);
}

/** This month as `YYYY-MM` in the browser's time (the month picker's default). */
export function currentMonth(now = new Date()): string {
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}`;
}

/** `YYYY-MM` → year and month numbers, or null for anything else. */
export function parseMonth(value: string): { year: number; month: number } | null {
  const match = /^(\d{4})-(\d{2})$/.exec(value);
  if (!match) return null;
  const month = Number(match[2]);
  if (month < 1 || month > 12) return null;
  return { year: Number(match[1]), month };
}

/** Money typed by a user: digits with up to two decimals, kept as text (never a float on the wire). */
export function isMoney(text: string): boolean {
  return /^\d{1,12}(\.\d{1,2})?$/.test(text.trim());
}

/** The yuan text of `a − b` computed in fen (no binary float drift), two decimals. */
export function minusYuan(a: string | number, b: string | number): string {
  const fen = Math.round(Number(a) * 100) - Math.round(Number(b) * 100);
  return (fen / 100).toFixed(2);
}

/** Now as a `datetime-local` input's value (local wall time, minutes). */
export function localNow(now = new Date()): string {
  const local = new Date(now.getTime() - now.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 16);
}
