import { featureRoutes, type FeatureResource } from '../spatial/feature-routes.ts';
import { presentHousehold } from './presenter.ts';
import {
  createHouseholdBody,
  household,
  listHouseholdsQuery,
  updateHouseholdBody,
  type HouseholdChanges,
  type HouseholdInput,
  type ListHouseholdsQuery,
} from './schema.ts';
import * as service from './service.ts';
import * as store from './store.ts';
import { updateHouseholdGuarded } from './household-guard.ts';

/** Applicant households (A.3.8); the spatial queries reach them as layer `households`. */
export const householdResource: FeatureResource<ListHouseholdsQuery, HouseholdInput, HouseholdChanges> = {
  key: 'households',
  path: '/api/households',
  tag: 'admission',
  label: service.HOUSEHOLD_LABEL,
  table: store.HOUSEHOLDS,
  read: 'households.read',
  manage: 'households.manage',
  listQuery: listHouseholdsQuery,
  createBody: createHouseholdBody,
  updateBody: updateHouseholdBody,
  item: household,
  summaries: {
    list: '申请家庭列表（轮候状态、区划、申请编号、范围过滤；可输出 GeoJSON；无个人信息权限时脱敏）',
    get: '申请家庭详情（无个人信息权限时姓名、证件号码、电话、收入脱敏）',
    create: '登记申请家庭（居民身份证号码按 GB 11643 校验；按户籍地址定位到社区，或手工指定位置）',
    update: '修改申请家庭（户籍地址或位置改动时重新定位）',
    remove: '申请家庭退出轮候（轮候状态改为 withdrawn，记录保留）',
  },
  removal: 'retire',
  list: store.listHouseholds,
  find: store.findHousehold,
  create: service.createHousehold,
  // An application's household keeps the application's rules (stage, derived figures).
  update: updateHouseholdGuarded,
  remove: service.withdrawHousehold,
  present: presentHousehold,
};

export const admissionRoutes = featureRoutes(householdResource);
