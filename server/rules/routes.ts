/**
 * /api/rules: rule versions (draft → enabled → disabled, copy, diff), the items of a draft by kind, evaluation of
 * a household, district counts, what-if (table and GeoJSON) and the A.1.12 exchange records. Everyone on staff
 * reads the rules of their region and the regions above; `rules.manage` changes those of their region or below.
 */
import { defineRoute, type RouteContext, type RouteDef } from '../http/route.ts';
import type { Tx } from '../db/knex.ts';
import type { VersionRow } from './model.ts';
import { idParam } from '../shared/validators.ts';
import type { Scope } from '../access/scope.ts';
import { FACTORS } from './factors.ts';
import { presentRuleSet, presentVersion } from './presenter.ts';
import { itemRoutes } from './item-routes.ts';
import {
  copyVersionBody,
  createVersionBody,
  diffQuery,
  enableVersionBody,
  evaluateBody,
  exchangeQuery,
  listVersionsQuery,
  rankingQuery,
  regionQuery,
  updateVersionBody,
  whatIfQuery,
} from './schema.ts';
import * as analysis from './analysis.ts';
import * as R from './responses.ts';
import * as service from './service.ts';
import * as store from './store.ts';
import { districtShapes } from './sql.ts';

const scopeOf = (ctx: { scope: Scope | undefined }) => ctx.scope!;
const TAG = 'rules';
const VERSION = '/api/rules/versions/:id';

/** A write to the version `:id` in one transaction, answered with the version as it is afterwards. */
const writeVersion = async (
  ctx: RouteContext<{ id: number }, unknown, unknown>,
  work: (trx: Tx, scope: Scope, id: number) => Promise<VersionRow>,
) => presentVersion(await ctx.write((trx) => work(trx, scopeOf(ctx), ctx.input.params.id)));

const versionRoutes = [
  defineRoute({
    id: 'rules.factors',
    method: 'get',
    path: '/api/rules/factors',
    summary: '判断因素登记表（代码、名称、单位、定量/定性、取值来源）',
    response: R.factorsResponse,
    tag: TAG,
    access: 'rules.read',
    handler: () =>
      Promise.resolve({
        factors: FACTORS.map((f) => ({
          code: f.code,
          name: f.name,
          unit: f.unit,
          kind: f.kind,
          source:
            'column' in f.source
              ? 'column'
              : 'expression' in f.source
                ? 'expression'
                : 'sql' in f.source
                  ? 'derived'
                  : 'input',
          expression: 'expression' in f.source ? f.source.expression : null,
          note: f.note ?? null,
        })),
      }),
  }),
  defineRoute({
    id: 'rules.versions.list',
    method: 'get',
    path: '/api/rules/versions',
    summary: '保障规则版本列表（本地区、下级与上级地区制定的）',
    response: R.versionListResponse,
    tag: TAG,
    access: 'rules.read',
    query: listVersionsQuery,
    async handler(ctx) {
      const rows = await store.listVersions(ctx.db, scopeOf(ctx), ctx.input.query);
      return { items: rows.map(presentVersion) };
    },
  }),
  defineRoute({
    id: 'rules.versions.get',
    method: 'get',
    path: VERSION,
    summary: '保障规则版本详情（全部条目）',
    response: R.ruleSetResponse,
    tag: TAG,
    access: 'rules.read',
    params: idParam,
    scopedEntity: 'rule_versions',
    async handler(ctx) {
      const version = await service.visibleVersion(ctx.db, scopeOf(ctx), ctx.input.params.id);
      return presentRuleSet(await analysis.ruleSetOf(ctx.db, version));
    },
  }),
  defineRoute({
    id: 'rules.versions.create',
    method: 'post',
    path: '/api/rules/versions',
    summary: '新建规则模版草稿（空）',
    response: R.versionResponse,
    tag: TAG,
    access: 'rules.manage',
    body: createVersionBody,
    status: 201,
    handler: async (ctx) =>
      presentVersion(await ctx.write((trx) => service.createVersion(trx, scopeOf(ctx), ctx.input.body))),
  }),
  defineRoute({
    id: 'rules.versions.update',
    method: 'patch',
    path: VERSION,
    summary: '修改草稿的名称、生效日期、说明（已启用或停用的版本 409）',
    response: R.versionResponse,
    tag: TAG,
    access: 'rules.manage',
    params: idParam,
    body: updateVersionBody,
    scopedEntity: 'rule_versions',
    handler: (ctx) =>
      writeVersion(ctx, (trx, scope, id) => service.updateVersion(trx, scope, id, ctx.input.body)),
  }),
  defineRoute({
    id: 'rules.versions.remove',
    method: 'delete',
    path: VERSION,
    summary: '删除草稿（已启用或停用的版本 409）',
    tag: TAG,
    access: 'rules.manage',
    params: idParam,
    status: 204,
    scopedEntity: 'rule_versions',
    handler: (ctx) => ctx.write((trx) => service.deleteVersion(trx, scopeOf(ctx), ctx.input.params.id)),
  }),
  defineRoute({
    id: 'rules.versions.copy',
    method: 'post',
    path: `${VERSION}/copy`,
    summary: '复制为新草稿（修改已启用版本的方式；可复制上级规则为本地区的新模版）',
    response: R.versionResponse,
    tag: TAG,
    access: 'rules.manage',
    params: idParam,
    body: copyVersionBody,
    status: 201,
    scopedEntity: 'rule_versions',
    handler: (ctx) =>
      writeVersion(ctx, (trx, scope, id) => service.copyVersion(trx, scope, id, ctx.input.body)),
  }),
  defineRoute({
    id: 'rules.versions.enable',
    method: 'post',
    path: `${VERSION}/enable`,
    summary: '启用草稿（整体校验；同模版原启用版本于前一日停用；启用后不可修改）',
    response: R.versionResponse,
    tag: TAG,
    access: 'rules.manage',
    params: idParam,
    body: enableVersionBody,
    scopedEntity: 'rule_versions',
    handler: (ctx) =>
      writeVersion(ctx, (trx, scope, id) => service.enableVersion(trx, scope, id, ctx.input.body)),
  }),
  defineRoute({
    id: 'rules.versions.disable',
    method: 'post',
    path: `${VERSION}/disable`,
    summary: '停用已启用的版本',
    response: R.versionResponse,
    tag: TAG,
    access: 'rules.manage',
    params: idParam,
    scopedEntity: 'rule_versions',
    handler: (ctx) => writeVersion(ctx, service.disableVersion),
  }),
  defineRoute({
    id: 'rules.versions.diff',
    method: 'get',
    path: `${VERSION}/diff`,
    summary: '版本差异（按编号：新增、删除、修改的条目）',
    response: R.diffResponse,
    tag: TAG,
    access: 'rules.read',
    params: idParam,
    query: diffQuery,
    scopedEntity: 'rule_versions',
    handler: (ctx) => analysis.diff(ctx.db, scopeOf(ctx), ctx.input.params.id, ctx.input.query.against),
  }),
  defineRoute({
    id: 'rules.versions.evaluate',
    method: 'post',
    path: `${VERSION}/evaluate`,
    summary:
      '判断一个家庭（申请家庭或测试家庭）：各保障方式是否符合、解释树、保障标准、轮候得分；记录所用版本',
    response: R.evaluationResponse,
    tag: TAG,
    access: 'rules.read',
    params: idParam,
    body: evaluateBody,
    scopedEntity: 'rule_versions',
    handler: (ctx) =>
      analysis.evaluate(ctx.db, scopeOf(ctx), ctx.input.params.id, ctx.input.body, ctx.requestId),
  }),
  defineRoute({
    id: 'rules.versions.eligibility',
    method: 'get',
    path: `${VERSION}/eligibility`,
    summary: '按区县统计符合条件的家庭数（本辖区全部家庭，集合运算）',
    response: R.eligibilityResponse,
    tag: TAG,
    access: 'rules.read',
    params: idParam,
    query: regionQuery,
    scopedEntity: 'rule_versions',
    handler: (ctx) => analysis.eligibility(ctx.db, scopeOf(ctx), ctx.input.params.id, ctx.input.query.region),
  }),
  defineRoute({
    id: 'rules.versions.what_if',
    method: 'get',
    path: `${VERSION}/what-if`,
    summary: '假设分析：本版本（草稿）对比已启用版本，各区县新增符合、不再符合的家庭数',
    response: R.whatIfResponse,
    tag: TAG,
    access: 'rules.read',
    params: idParam,
    query: whatIfQuery,
    scopedEntity: 'rule_versions',
    handler: (ctx) => analysis.whatIf(ctx.db, scopeOf(ctx), ctx.input.params.id, ctx.input.query),
  }),
  defineRoute({
    id: 'rules.versions.what_if_map',
    method: 'get',
    path: `${VERSION}/what-if.geojson`,
    summary: '假设分析的区县面（GeoJSON，属性为各项户数），供专题图使用',
    response: R.whatIfMapResponse,
    tag: TAG,
    access: 'rules.read',
    params: idParam,
    query: whatIfQuery,
    scopedEntity: 'rule_versions',
    produces: 'application/geo+json',
    async handler(ctx) {
      const result = await analysis.whatIf(ctx.db, scopeOf(ctx), ctx.input.params.id, ctx.input.query);
      const shapes = await districtShapes(
        ctx.db,
        result.districts.map((d) => d.region_code),
      );
      return {
        type: 'FeatureCollection',
        features: result.districts.map(({ modes, ...counts }) => ({
          type: 'Feature',
          id: counts.region_code,
          properties: {
            ...counts,
            net_change: counts.became_eligible - counts.became_ineligible,
            modes: JSON.stringify(modes),
          },
          geometry: shapes.get(counts.region_code) ?? null,
        })),
      };
    },
  }),
  defineRoute({
    id: 'rules.versions.ranking',
    method: 'get',
    path: `${VERSION}/ranking`,
    summary: '轮候排队：按本版本的排序规则为辖区内轮候中的家庭打分排名（分页；同分同名次，标记须摇号的家庭）',
    tag: TAG,
    response: R.rankingResponse,
    access: 'households.read',
    params: idParam,
    query: rankingQuery,
    scopedEntity: 'rule_versions',
    handler: (ctx) => analysis.ranking(ctx.db, scopeOf(ctx), ctx.input.params.id, ctx.input.query),
  }),
  defineRoute({
    id: 'rules.exchange',
    method: 'get',
    path: '/api/rules/exchange',
    summary: 'A.1.12 保障规则交换信息（按年度，由当年生效的规则版本生成，供上报）',
    response: R.exchangeResponse,
    tag: TAG,
    access: 'rules.read',
    query: exchangeQuery,
    handler: (ctx) => analysis.exchange(ctx.db, scopeOf(ctx), ctx.input.query),
  }),
];

export const ruleRoutes: RouteDef[] = [...versionRoutes, ...itemRoutes];
