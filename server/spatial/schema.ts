import { z } from 'zod';
import { areaGeometry } from '../shared/geometry.ts';
import { pageQuery, regionCode } from '../shared/validators.ts';
import { PARCEL_STATUSES } from '../land/schema.ts';
import { PROJECT_STATUSES } from '../projects/schema.ts';
import { DELIVERY_STATUSES, deliveryStatus } from '../projects/units.schema.ts';
import { BUILD_STATUSES } from '../projects/buildings.schema.ts';
import { WAITING_STATUSES, listHouseholdsQuery } from '../admission/schema.ts';
import { featureListQuery } from './features.ts';

/** Each layer's status values, for the `status` filter of the spatial queries. */
export const LAYER_STATUSES = {
  parcels: PARCEL_STATUSES,
  projects: PROJECT_STATUSES,
  buildings: BUILD_STATUSES,
  units: DELIVERY_STATUSES,
  households: WAITING_STATUSES,
} as const;
export type LayerName = keyof typeof LAYER_STATUSES;

const layer = z
  .enum(Object.keys(LAYER_STATUSES) as [LayerName, ...LayerName[]])
  .describe('图层：parcels 储备地块、projects 项目、buildings 单体工程、units 住房、households 申请家庭');
const status = z.string().trim().max(20).optional().describe('按该图层的状态过滤');
const radius = (fallback?: number) => {
  const metres = z.coerce.number().positive().max(50_000).describe('半径（米，椭球距离）');
  return fallback === undefined ? metres : metres.default(fallback);
};

/** A status must be one of the layer's. */
function statusOfLayer(value: { layer: LayerName; status?: string }, ctx: z.RefinementCtx): void {
  const allowed: readonly string[] = LAYER_STATUSES[value.layer];
  if (value.status && !allowed.includes(value.status)) {
    ctx.addIssue({
      code: 'custom',
      path: ['status'],
      message: `图层 ${value.layer} 的状态须为 ${allowed.join('、')}`,
    });
  }
}

export const withinBody = z
  .object({
    layer,
    geometry: areaGeometry.describe('查询范围：GeoJSON Polygon 或 MultiPolygon'),
    relation: z
      .enum(['intersects', 'within'])
      .default('intersects')
      .describe('intersects：与范围相交；within：完全位于范围内'),
    status,
    format: featureListQuery.format,
    page: z.number().int().min(1).default(1),
    page_size: z.number().int().min(1).max(500).default(20),
  })
  .superRefine(statusOfLayer);
export type WithinBody = z.infer<typeof withinBody>;

export const nearbyQuery = z
  .object({
    layer,
    lng: z.coerce.number().min(-180).max(180).describe('经度'),
    lat: z.coerce.number().min(-90).max(90).describe('纬度'),
    radius_m: radius(),
    status,
    format: featureListQuery.format,
    ...pageQuery,
  })
  .superRefine(statusOfLayer);
export type NearbyQuery = z.infer<typeof nearbyQuery>;

export const nearbyUnitsQuery = z.object({
  radius_m: radius(500),
  status: deliveryStatus.optional(),
  format: featureListQuery.format,
  ...pageQuery,
});

export const regionParam = z.object({ code: regionCode });

export const regionHouseholdsQuery = listHouseholdsQuery.omit({ region: true });
