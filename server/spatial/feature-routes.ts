/**
 * The five routes of a map-bearing record — list (page or GeoJSON), detail, create, update (PATCH) and remove —
 * declared once from a resource description. Parcels, projects, buildings, units and households differ in their
 * schemas and rules (their services), not in how HTTP reaches them; what "remove" means (retire, delete,
 * withdraw) is the service's, and its summary says so.
 */
import type { z } from 'zod';
import type { Db, Tx } from '../db/knex.ts';
import type { Scope } from '../access/scope.ts';
import type { Permission } from '../access/permissions.ts';
import { defineRoute, type RouteContext, type RouteDef } from '../http/route.ts';
import { notFound } from '../http/errors.ts';
import { idParam } from '../shared/validators.ts';
import { featureCollection, pageOfSchema, type Page, type SpatialFilter } from './features.ts';

export type Row = Record<string, unknown>;

/** Filters every feature list understands; entity lists add optional ones of their own. */
export type FeatureFilter = SpatialFilter & { q?: string; status?: string; format?: 'json' | 'geojson' };

export interface FeatureResource<F extends FeatureFilter, C, U> {
  /** Route id prefix, e.g. `parcels` → `parcels.list`. */
  key: string;
  path: string;
  tag: string;
  /** What one record is called in messages, e.g. 储备地块. */
  label: string;
  /** The table `:id` addresses (for the region-leak test). */
  table: string;
  read: Permission;
  manage: Permission;
  listQuery: z.ZodType<F>;
  createBody: z.ZodType<C>;
  updateBody: z.ZodType<U>;
  /** The presented record, for OpenAPI. */
  item: z.ZodType;
  summaries: { list: string; get: string; create: string; update: string; remove: string };
  list(conn: Db | Tx, scope: Scope, filter: F): Promise<{ rows: Row[]; total: number }>;
  find(conn: Db | Tx, scope: Scope, id: number): Promise<Row | undefined>;
  create(trx: Tx, scope: Scope, input: C): Promise<Row>;
  update(trx: Tx, scope: Scope, id: number, input: U): Promise<Row>;
  /** `retire`: the record stays with a final status and is answered (200); `delete`: it is gone (204). */
  removal: 'retire' | 'delete';
  /** Retires (or withdraws) and answers the record, or deletes it and answers nothing. */
  remove(trx: Tx, scope: Scope, id: number): Promise<Row | undefined>;
  present(row: Row, scope: Scope): Row;
  /**
   * Members a list answer adds beside its page, computed over everything the filters match (e.g. the parcels'
   * area total: a side list must not show the sum of one page), with the page schema that declares them.
   */
  listTotals?: {
    pageSchema: z.ZodType;
    compute(conn: Db, scope: Scope, filter: F): Promise<Record<string, unknown>>;
  };
}

// Routes with a permission always have a scope (http/router.ts); this narrows the type.
export const scopeOf = (ctx: { scope: Scope | undefined }) => ctx.scope!;

/** Answers a page as `{items,total,page,page_size}` or, with `format=geojson`, as a FeatureCollection. */
export function answerPage(
  ctx: RouteContext<unknown, unknown, unknown>,
  page: Page,
  format?: string,
): unknown {
  if (format !== 'geojson') return page;
  ctx.koa.type = 'application/geo+json';
  return JSON.stringify(featureCollection(page));
}

/** Lists one page of a resource for the caller, presented (and masked) for the caller's permissions. */
export async function listPresented<F extends FeatureFilter>(
  resource: Pick<FeatureResource<F, unknown, unknown>, 'list' | 'present'>,
  conn: Db,
  scope: Scope,
  filter: F,
): Promise<Page> {
  const { rows, total } = await resource.list(conn, scope, filter);
  return {
    items: rows.map((row) => resource.present(row, scope)),
    total,
    page: filter.page,
    page_size: filter.page_size,
  };
}

export function featureRoutes<F extends FeatureFilter, C, U>(r: FeatureResource<F, C, U>): RouteDef[] {
  const at = { tag: r.tag, scopedEntity: r.table };
  const presented = async (scope: Scope, work: Promise<Row | undefined>) => {
    const row = await work;
    return row ? r.present(row, scope) : undefined;
  };
  return [
    defineRoute({
      id: `${r.key}.list`,
      method: 'get',
      path: r.path,
      summary: r.summaries.list,
      tag: r.tag,
      access: r.read,
      query: r.listQuery,
      response: r.listTotals?.pageSchema ?? pageOfSchema(r.item),
      async handler(ctx) {
        const scope = scopeOf(ctx);
        const [page, totals] = await Promise.all([
          listPresented(r, ctx.db, scope, ctx.input.query),
          r.listTotals?.compute(ctx.db, scope, ctx.input.query) ?? {},
        ]);
        return answerPage(ctx, { ...page, ...totals }, ctx.input.query.format);
      },
    }),
    defineRoute({
      id: `${r.key}.get`,
      method: 'get',
      path: `${r.path}/:id`,
      summary: r.summaries.get,
      ...at,
      access: r.read,
      params: idParam,
      response: r.item,
      async handler(ctx) {
        const found = await presented(scopeOf(ctx), r.find(ctx.db, scopeOf(ctx), ctx.input.params.id));
        if (!found) throw notFound(r.label);
        return found;
      },
    }),
    defineRoute({
      id: `${r.key}.create`,
      method: 'post',
      path: r.path,
      summary: r.summaries.create,
      tag: r.tag,
      access: r.manage,
      body: r.createBody,
      response: r.item,
      status: 201,
      handler: (ctx) =>
        presented(
          scopeOf(ctx),
          ctx.write((trx) => r.create(trx, scopeOf(ctx), ctx.input.body)),
        ),
    }),
    defineRoute({
      id: `${r.key}.update`,
      method: 'patch',
      path: `${r.path}/:id`,
      summary: r.summaries.update,
      ...at,
      access: r.manage,
      params: idParam,
      body: r.updateBody,
      response: r.item,
      handler: (ctx) =>
        presented(
          scopeOf(ctx),
          ctx.write((trx) => r.update(trx, scopeOf(ctx), ctx.input.params.id, ctx.input.body)),
        ),
    }),
    defineRoute({
      id: `${r.key}.remove`,
      method: 'delete',
      path: `${r.path}/:id`,
      summary: r.summaries.remove,
      ...at,
      access: r.manage,
      params: idParam,
      ...(r.removal === 'retire' ? { response: r.item } : { status: 204 as const }),
      handler: (ctx) =>
        presented(
          scopeOf(ctx),
          ctx.write((trx) => r.remove(trx, scopeOf(ctx), ctx.input.params.id)),
        ),
    }),
  ];
}
