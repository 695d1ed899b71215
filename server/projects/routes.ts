import { defineRoute } from '../http/route.ts';
import { notFound } from '../http/errors.ts';
import { idParam } from '../shared/validators.ts';
import { featureRoutes, scopeOf, type FeatureResource } from '../spatial/feature-routes.ts';
import { presentBuilding, presentExchange, presentProject, presentUnit } from './presenter.ts';
import * as projects from './schema.ts';
import * as buildings from './buildings.schema.ts';
import * as units from './units.schema.ts';
import * as projectService from './service.ts';
import * as buildingService from './buildings.service.ts';
import * as unitService from './units.service.ts';
import * as projectStore from './store.ts';
import * as buildingStore from './buildings.store.ts';
import * as unitStore from './units.store.ts';
import { floorTable } from './floor-table.schema.ts';
import * as floorTableService from './floor-table.service.ts';

/** Projects (A.5.1 base records); the spatial queries reach them as layer `projects`. */
export const projectResource: FeatureResource<
  projects.ListProjectsQuery,
  projects.ProjectInput,
  projects.ProjectChanges
> = {
  key: 'projects',
  path: '/api/projects',
  tag: 'projects',
  label: projectService.PROJECT_LABEL,
  table: projectStore.TABLE,
  read: 'projects.read',
  manage: 'projects.manage',
  listQuery: projects.listProjectsQuery,
  createBody: projects.createProjectBody,
  updateBody: projects.updateProjectBody,
  item: projects.project,
  summaries: {
    list: '建设项目列表（状态、项目类别、区划、编号/名称、范围过滤；可输出 GeoJSON）',
    get: '建设项目详情（含用地椭球面积：平方米、亩）',
    create: '新建建设项目（用地范围须位于本市及所属区划内）',
    update: '修改建设项目（改动用地范围时，已有单体工程须仍在范围内）',
    remove: '撤销建设项目（状态改为 retired，记录保留；有住房已配给或入住时不可撤销）',
  },
  removal: 'retire',
  list: projectStore.listProjects,
  find: projectStore.findProject,
  create: projectService.createProject,
  update: projectService.updateProject,
  remove: projectService.retireProject,
  present: presentProject,
};

/** Buildings (A.5.2); layer `buildings`. */
export const buildingResource: FeatureResource<
  buildings.ListBuildingsQuery,
  buildings.BuildingInput,
  buildings.BuildingChanges
> = {
  key: 'buildings',
  path: '/api/buildings',
  tag: 'projects',
  label: buildingService.BUILDING_LABEL,
  table: buildingStore.BUILDINGS,
  read: 'projects.read',
  manage: 'projects.manage',
  listQuery: buildings.listBuildingsQuery,
  createBody: buildings.createBuildingBody,
  updateBody: buildings.updateBuildingBody,
  item: buildings.building,
  summaries: {
    list: '单体工程列表（按项目、建设状态、类别、区划、编号/名称、范围过滤；可输出 GeoJSON）',
    get: '单体工程详情',
    create: '新建单体工程（基底须位于项目用地范围内，容差 1 米）',
    update: '修改单体工程',
    remove: '删除单体工程（其下没有住房时）',
  },
  removal: 'delete',
  list: buildingStore.listBuildings,
  find: buildingStore.findBuilding,
  create: buildingService.createBuilding,
  update: buildingService.updateBuilding,
  remove: buildingService.deleteBuilding,
  present: presentBuilding,
};

/** Housing units (A.5.3); layer `units`. Caseworkers manage them (delivery, figure 3). */
export const unitResource: FeatureResource<units.ListUnitsQuery, units.UnitInput, units.UnitChanges> = {
  key: 'units',
  path: '/api/units',
  tag: 'projects',
  label: unitService.UNIT_LABEL,
  table: unitStore.UNITS,
  read: 'projects.read',
  manage: 'units.manage',
  listQuery: units.listUnitsQuery,
  createBody: units.createUnitBody,
  updateBody: units.updateUnitBody,
  item: units.unit,
  summaries: {
    list: '住房列表（楼盘表顺序；按项目、单体工程、交付状态、分类、区划、范围过滤；可输出 GeoJSON）',
    get: '住房详情',
    create: '新建住房（楼层须在单体工程楼层范围内，单元+房号唯一）',
    update: '修改住房；交付状态按图 3 变更：未交付→已交付→已配给→已入住，配给取消时已配给→已交付',
    remove: '删除住房（已配给或已入住时不可删除）',
  },
  removal: 'delete',
  list: unitStore.listUnits,
  find: unitStore.findUnit,
  create: unitService.createUnit,
  update: unitService.updateUnit,
  remove: unitService.deleteUnit,
  present: presentUnit,
};

export const projectRoutes = [
  ...featureRoutes(projectResource),
  defineRoute({
    id: 'projects.exchange',
    method: 'get',
    path: '/api/projects/:id/exchange',
    summary: 'A.5.1 项目交换信息（项目基础字段及由单体工程、投资、拆迁安置、供地明细派生的统计）',
    tag: 'projects',
    access: 'projects.read',
    params: idParam,
    response: projects.projectExchange,
    scopedEntity: projectStore.TABLE,
    async handler(ctx) {
      const found = await projectStore.findProject(ctx.db, scopeOf(ctx), ctx.input.params.id);
      const record = found && (await projectStore.exchangeRecord(ctx.db, found.project_no));
      if (!record) throw notFound(projectService.PROJECT_LABEL);
      return presentExchange(record);
    },
  }),
  ...featureRoutes(buildingResource),
  defineRoute({
    id: 'buildings.floor_table',
    method: 'get',
    path: '/api/buildings/:id/floor-table',
    summary: '楼盘表（图 3）：单体工程的住房按实际层（自上而下）× 单元户位排列，含交付状态及各状态套数',
    tag: 'projects',
    access: 'projects.read',
    params: idParam,
    response: floorTable,
    scopedEntity: buildingStore.BUILDINGS,
    handler: (ctx) => floorTableService.floorTable(ctx.db, scopeOf(ctx), ctx.input.params.id),
  }),
  ...featureRoutes(unitResource),
];
