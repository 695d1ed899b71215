/**
 * Spatial queries over the map layers: inside a polygon, within a radius of a point, units near a household and
 * households of a region. Each answers through the layer's own list (scope, filters, presenter and masking), so
 * a spatial question never reaches further than the same list would.
 */
import { z } from 'zod';
import { inScope, type Scope } from '../access/scope.ts';
import { conflict, forbidden, notFound } from '../http/errors.ts';
import { defineRoute } from '../http/route.ts';
import { idParam } from '../shared/validators.ts';
import { assertValidGeometry } from '../shared/geometry.ts';
import { unknownRegionCodes } from '../regions/store.ts';
import { parcelResource } from '../land/routes.ts';
import { buildingResource, projectResource, unitResource } from '../projects/routes.ts';
import { householdResource } from '../admission/routes.ts';
import { findHousehold } from '../admission/store.ts';
import {
  answerPage,
  listPresented,
  scopeOf,
  type FeatureFilter,
  type FeatureResource,
} from './feature-routes.ts';
import { pageOfSchema } from './features.ts';
import {
  nearbyQuery,
  nearbyUnitsQuery,
  regionHouseholdsQuery,
  regionParam,
  withinBody,
  type LayerName,
} from './schema.ts';

type Layer = Pick<FeatureResource<FeatureFilter, unknown, unknown>, 'list' | 'present' | 'read' | 'item'>;

// Entity lists take their own optional filters on top of FeatureFilter, so any of them answers a FeatureFilter.
const LAYERS = {
  parcels: parcelResource,
  projects: projectResource,
  buildings: buildingResource,
  units: unitResource,
  households: householdResource,
} as unknown as Record<LayerName, Layer>;

/** The layer, if the caller may read it (households need households.read, parcels land.read…). */
function layerFor(scope: Scope, name: LayerName): Layer {
  const layer = LAYERS[name];
  if (!scope.permissions.has(layer.read)) throw forbidden(`没有查看图层 ${name} 的权限`);
  return layer;
}

const featurePage = pageOfSchema(z.union(Object.values(LAYERS).map((layer) => layer.item))).describe(
  '所查图层的记录（与该图层列表接口相同）',
);

export const spatialRoutes = [
  defineRoute({
    id: 'spatial.within',
    method: 'post',
    path: '/api/spatial/within',
    summary: '范围查询：与多边形相交（或位于其内）的某图层记录，仅限本辖区；可输出 GeoJSON',
    tag: 'spatial',
    access: 'map.view',
    body: withinBody,
    response: featurePage,
    async handler(ctx) {
      const scope = scopeOf(ctx);
      const { layer, geometry, relation, ...rest } = ctx.input.body;
      const found = layerFor(scope, layer);
      await assertValidGeometry(ctx.db, geometry, 'body.geometry');
      const page = await listPresented(found, ctx.db, scope, { ...rest, within: { geometry, relation } });
      return answerPage(ctx, page, rest.format);
    },
  }),
  defineRoute({
    id: 'spatial.nearby',
    method: 'get',
    path: '/api/spatial/nearby',
    summary: '距离查询：某点周围半径内的某图层记录（椭球距离，由近及远，含 distance_m），仅限本辖区',
    tag: 'spatial',
    access: 'map.view',
    query: nearbyQuery,
    response: featurePage,
    async handler(ctx) {
      const scope = scopeOf(ctx);
      const { layer, lng, lat, radius_m, ...rest } = ctx.input.query;
      const page = await listPresented(layerFor(scope, layer), ctx.db, scope, {
        ...rest,
        near: { lng, lat, radius_m },
      });
      return answerPage(ctx, page, rest.format);
    },
  }),
  defineRoute({
    id: 'households.nearby_units',
    method: 'get',
    path: '/api/households/:id/nearby-units',
    summary: '申请家庭周边住房：半径内（默认 500 米）的住房，由近及远，含距离（米）；可按交付状态过滤',
    tag: 'spatial',
    access: 'households.read',
    params: idParam,
    query: nearbyUnitsQuery,
    response: pageOfSchema(unitResource.item),
    scopedEntity: 'households',
    async handler(ctx) {
      const scope = scopeOf(ctx);
      const found = await findHousehold(ctx.db, scope, ctx.input.params.id);
      if (!found) throw notFound('申请家庭');
      if (!found.geometry) throw conflict('该家庭尚未定位，无法查询周边住房');
      const [lng, lat] = found.geometry.coordinates as [number, number];
      const { radius_m, ...rest } = ctx.input.query;
      const page = await listPresented(layerFor(scope, 'units'), ctx.db, scope, {
        ...rest,
        near: { lng, lat, radius_m },
      });
      return answerPage(ctx, page, rest.format);
    },
  }),
  defineRoute({
    id: 'regions.households',
    method: 'get',
    path: '/api/regions/:code/households',
    summary: '行政区划内的申请家庭（该区划须在本人管辖范围内；分页，可输出 GeoJSON）',
    tag: 'spatial',
    access: 'households.read',
    params: regionParam,
    query: regionHouseholdsQuery,
    response: pageOfSchema(householdResource.item),
    scopedEntity: 'regions',
    async handler(ctx) {
      const scope = scopeOf(ctx);
      const { code } = ctx.input.params;
      if (!inScope(scope, code) || (await unknownRegionCodes(ctx.db, [code])).length)
        throw notFound('行政区划');
      const page = await listPresented(LAYERS.households, ctx.db, scope, {
        ...ctx.input.query,
        region: code,
      });
      return answerPage(ctx, page, ctx.input.query.format);
    },
  }),
];
