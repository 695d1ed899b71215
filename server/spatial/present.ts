/** Presenting map-bearing records: JSON-ready values plus the ellipsoidal area in m² and 亩. */
import { jsonRow } from '../shared/rows.ts';

/** 1 亩 = 10000/15 m² ≈ 666.6667 m² (市制). */
export const SQUARE_METRES_PER_MU = 10000 / 15;

const round = (value: number, decimals: number) => Math.round(value * 10 ** decimals) / 10 ** decimals;

/**
 * A row as JSON; when it has `area_m2` (the generated `geom_area_m2`, measured on the CGCS2000 ellipsoid) it
 * also gets `area_mu`.
 */
export function presentFeature(
  row: Record<string, unknown>,
  numberFields: ReadonlySet<string>,
): Record<string, unknown> {
  const out = jsonRow(row, numberFields);
  if ('area_m2' in row) {
    const m2 = row.area_m2 === null ? null : Number(row.area_m2);
    out.area_m2 = m2;
    out.area_mu = m2 === null ? null : round(m2 / SQUARE_METRES_PER_MU, 4);
  }
  return out;
}
