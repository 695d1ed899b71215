/** Shapes project, building and unit rows for the API (no personal data): numbers as numbers, areas in m² and 亩. */
import { jsonRow } from '../shared/rows.ts';
import { presentFeature } from '../spatial/present.ts';
import type { Row } from '../spatial/feature-routes.ts';
import { PROJECT_NUMBERS } from './schema.ts';
import { BUILDING_NUMBERS } from './buildings.schema.ts';
import { UNIT_NUMBERS } from './units.schema.ts';

export const presentProject = (row: Row): Row => presentFeature(row, PROJECT_NUMBERS);
export const presentBuilding = (row: Row): Row => presentFeature(row, BUILDING_NUMBERS);
export const presentUnit = (row: Row): Row => presentFeature(row, UNIT_NUMBERS);

/** Areas, counts and household numbers of the A.5.1 view, by their column names. */
const EXCHANGE_NUMBER = /(_area|_units|_households)(_total)?$|^building_count$/;

/**
 * The A.5.1 exchange record: areas and counts as numbers; money (investment, compensation) stays a decimal
 * string, as everywhere.
 */
export function presentExchange(row: Row): Row {
  return jsonRow(row, new Set(Object.keys(row).filter((key) => EXCHANGE_NUMBER.test(key))));
}
