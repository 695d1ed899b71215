import { featureRoutes, type FeatureResource } from '../spatial/feature-routes.ts';
import { presentParcel } from './presenter.ts';
import {
  createParcelBody,
  listParcelsQuery,
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
    list: '储备地块列表（状态、规划用途、区划、编号/名称、范围过滤；可输出 GeoJSON）',
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
};

export const landRoutes = featureRoutes(parcelResource);
