import { defineRoute, type RouteDef } from '../http/route.ts';
import { idParam } from '../shared/validators.ts';
import { featureRoutes, scopeOf, type FeatureResource } from '../spatial/feature-routes.ts';
import { SQUARE_METRES_PER_MU } from '../spatial/present.ts';
import { presentParcel } from './presenter.ts';
import {
  createParcelBody,
  lineageResult,
  listParcelsQuery,
  mergeParcelsBody,
  parcelPage,
  splitParcelBody,
  parcel,
  updateParcelBody,
  type ListParcelsQuery,
  type ParcelChanges,
  type ParcelInput,
} from './schema.ts';
import * as service from './service.ts';
import * as store from './store.ts';

/** Land reserve parcels as a map-bearing resource; the spatial queries reach them as layer `parcels`. */
export const parcelResource: FeatureResource<ListParcelsQuery, ParcelInput, ParcelChanges> = {
  key: 'parcels',
  path: '/api/land-parcels',
  tag: 'land',
  label: '储备地块',
  table: store.TABLE,
  read: 'land.read',
  manage: 'land.manage',
  listQuery: listParcelsQuery,
  createBody: createParcelBody,
  updateBody: updateParcelBody,
  item: parcel,
  summaries: {
    list: '储备地块列表（状态、规划用途、区划、编号/名称、范围过滤；可输出 GeoJSON）；另给出符合条件的全部地块的面积合计（平方米、亩）',
    get: '储备地块详情（含椭球面积：平方米、亩）',
    create: '新建储备地块（校验图形有效、位于本市及所属区划内、与其他储备地块不重叠）',
    update: '修改储备地块',
    remove: '注销储备地块（状态改为 retired，记录保留）',
  },
  removal: 'retire',
  list: store.listParcels,
  find: store.findParcel,
  create: service.createParcel,
  update: service.updateParcel,
  remove: service.retireParcel,
  present: presentParcel,
  listTotals: {
    pageSchema: parcelPage,
    async compute(conn, scope, filter) {
      const m2 = await store.totalArea(conn, scope, filter);
      return { area_total: { m2: round(m2, 2), mu: round(m2 / SQUARE_METRES_PER_MU, 4) } };
    },
  },
};

function round(value: number, decimals: number): number {
  return Math.round(value * 10 ** decimals) / 10 ** decimals;
}

const presentResult = (result: service.LineageResult) => ({
  operation: result.operation,
  retired: result.retired.map((row) => presentParcel(row)),
  created: result.created.map((row) => presentParcel(row)),
});

/** Split and merge: each one transaction that retires parcels and creates their successors (audited). */
const editRoutes: RouteDef[] = [
  defineRoute({
    id: 'parcels.split',
    method: 'post',
    path: '/api/land-parcels/:id/split',
    summary:
      '分割储备地块：沿一条穿过地块的线（ST_Split）分为多块，新地块沿用原属性（面积按比例分摊），原地块注销并记录去向',
    tag: 'land',
    scopedEntity: store.TABLE,
    access: 'land.manage',
    params: idParam,
    body: splitParcelBody,
    response: lineageResult,
    status: 201,
    handler: async (ctx) =>
      presentResult(
        await ctx.write((trx) => service.splitParcel(trx, scopeOf(ctx), ctx.input.params.id, ctx.input.body)),
      ),
  }),
  defineRoute({
    id: 'parcels.merge',
    method: 'post',
    path: '/api/land-parcels/:id/merge',
    summary:
      '合并储备地块：本地块与相邻地块合并为一个连续多边形（ST_UnaryUnion），新地块沿用本地块属性、面积相加，原地块注销并记录去向',
    tag: 'land',
    scopedEntity: store.TABLE,
    access: 'land.manage',
    params: idParam,
    body: mergeParcelsBody,
    response: lineageResult,
    status: 201,
    handler: async (ctx) =>
      presentResult(
        await ctx.write((trx) =>
          service.mergeParcels(trx, scopeOf(ctx), ctx.input.params.id, ctx.input.body),
        ),
      ),
  }),
];

export const landRoutes = [...editRoutes, ...featureRoutes(parcelResource)];
