/** What the planners hand to the inserts: plain rows, and amounts rounded to the 2 decimals numeric(…, 2) keeps. */

/** A row of a business table by column name (geometry and ids are added when it is written). */
export type Row = Record<string, string | number | boolean | null>;

/** Rounded to 0.01 (yuan, m²), as the numeric(…, 2) columns store it. */
export const round2 = (v: number) => Math.round(v * 100) / 100;
