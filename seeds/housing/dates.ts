/** Calendar helpers for generated dates (ISO `YYYY-MM-DD` strings, UTC), and the demo's fixed "today". */
import type { Prng } from '../prng.ts';

/**
 * The demo data describe the world as of this date, whatever the clock says, so the same seed gives the same
 * statuses on any day.
 */
export const AS_OF = '2026-10-31';

const iso = (d: Date) => d.toISOString().slice(0, 10);

export function addMonths(date: string, months: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + Math.round(months));
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return iso(d);
}

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + Math.round(days));
  return iso(d);
}

/** A day in `year` between the given months (1–12, inclusive). */
export function dayIn(prng: Prng, year: number, fromMonth = 1, toMonth = 12): string {
  const start = Date.UTC(year, fromMonth - 1, 1);
  const end = Date.UTC(year, toMonth, 1);
  return iso(new Date(start + Math.floor(prng.next() * ((end - start) / 86_400_000)) * 86_400_000));
}

export const yearOf = (date: string) => Number(date.slice(0, 4));

export const monthsBetween = (from: string, to: string) =>
  (yearOf(to) - yearOf(from)) * 12 + Number(to.slice(5, 7)) - Number(from.slice(5, 7));
