/** Shapes parcel rows for the API (no personal data here): areas as numbers, the drawn area in m² and 亩. */
import { presentFeature } from '../spatial/present.ts';
import type { Row } from '../spatial/feature-routes.ts';
import { PARCEL_NUMBERS } from './schema.ts';

export const presentParcel = (row: Row): Row => presentFeature(row, PARCEL_NUMBERS);
