/** Types of the land reserve editor, from the server's OpenAPI document (api/schema.d.ts). */
import type { paths } from '../api/schema';

type Json<T> = T extends { content: { 'application/json': infer J } } ? J : never;

/** A land reserve parcel as the API presents it (A.5.11 fields, areas, lineage). */
export type Parcel = Json<paths['/api/land-parcels/{id}']['get']['responses'][200]>;
export type ParcelPage = Json<paths['/api/land-parcels']['get']['responses'][200]>;
export type CreateParcel = Json<paths['/api/land-parcels']['post']['requestBody']>;
export type ParcelStatus = Parcel['status'];
export type LineageResult = Json<paths['/api/land-parcels/{id}/split']['post']['responses'][201]>;
export type ImportReport = Json<paths['/api/land-parcels/import']['post']['responses'][200]>;

export const STATUSES: ParcelStatus[] = ['reserved', 'supplied', 'retired'];

/** Top-level GB/T 21010 classes the legend colours; the rest share one colour. */
export const USE_COLOURS: [code: '07' | '05' | '08' | '06', colour: string][] = [
  ['07', '#f4a259'],
  ['05', '#e76f51'],
  ['08', '#8ab17d'],
  ['06', '#9c89b8'],
];
export const OTHER_USE_COLOUR = '#d9d9d9';
export const STATUS_COLOURS: Record<ParcelStatus, string> = {
  reserved: '#b8860b',
  supplied: '#1d5aa6',
  retired: '#98a2b3',
};

export interface CodeItem {
  code: string;
  name_zh: string;
  name_en: string;
  parent_code?: string | null;
}

export interface ParcelValues {
  parcel_no: string;
  parcel_name: string;
  location: string;
  land_area: string;
  construction_land_area: string;
  levied_land_area: string;
  planned_floor_area: string;
  planned_use: string;
  development_level: string;
  reserved_on: string;
  region_code: string;
  status: ParcelStatus;
}
