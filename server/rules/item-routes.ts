/** Routes for the items of a draft, for every kind: create inside the version, update and delete by id. */
import { defineRoute, type RouteDef } from '../http/route.ts';
import { idParam } from '../shared/validators.ts';
import type { Scope } from '../access/scope.ts';
import { KIND_SPECS } from './kinds.ts';
import { presentItem } from './presenter.ts';
import { createItemBody, KINDS, updateItemBody, type Kind } from './schema.ts';
import * as service from './service.ts';
import { itemResponse } from './responses.ts';

const scopeOf = (ctx: { scope: Scope | undefined }) => ctx.scope!;
const TAG = 'rules';

/** Create in a draft, update and delete, for each kind of item. */
function routesOf(kind: Kind): RouteDef[] {
  const { label, table } = KIND_SPECS[kind];
  const key = kind.replaceAll('-', '_');
  return [
    defineRoute({
      id: `rules.${key}.create`,
      method: 'post',
      path: `/api/rules/versions/:id/${kind}`,
      summary: `在草稿中新增${label}`,
      tag: TAG,
      response: itemResponse(kind),
      access: 'rules.manage',
      params: idParam,
      body: createItemBody(kind),
      status: 201,
      scopedEntity: 'rule_versions',
      handler: async (ctx) =>
        presentItem(
          await ctx.write((trx) =>
            service.createItem(trx, scopeOf(ctx), kind, ctx.input.params.id, ctx.input.body),
          ),
        ),
    }),
    defineRoute({
      id: `rules.${key}.update`,
      method: 'patch',
      path: `/api/rules/${kind}/:id`,
      summary: `修改草稿中的${label}（编号不可改）`,
      tag: TAG,
      response: itemResponse(kind),
      access: 'rules.manage',
      params: idParam,
      body: updateItemBody(kind),
      scopedEntity: table,
      handler: async (ctx) =>
        presentItem(
          await ctx.write((trx) =>
            service.updateItem(trx, scopeOf(ctx), kind, ctx.input.params.id, ctx.input.body),
          ),
        ),
    }),
    defineRoute({
      id: `rules.${key}.remove`,
      method: 'delete',
      path: `/api/rules/${kind}/:id`,
      summary: `删除草稿中的${label}`,
      tag: TAG,
      access: 'rules.manage',
      params: idParam,
      status: 204,
      scopedEntity: table,
      handler: (ctx) => ctx.write((trx) => service.deleteItem(trx, scopeOf(ctx), kind, ctx.input.params.id)),
    }),
  ];
}

export const itemRoutes: RouteDef[] = KINDS.flatMap(routesOf);
