/** Import and export of parcels and projects, below each resource's path: `…/import` and `…/export`. */
import { z } from 'zod';
import { defineRoute, type RouteDef } from '../http/route.ts';
import { scopeOf, type FeatureFilter } from '../spatial/feature-routes.ts';
import { exportFeatures, type ExportFormat } from './export.ts';
import { exportQueryOf, importQuery, importReport } from './schema.ts';
import { runImport } from './service.ts';
import { parcelTarget, projectTarget, type ExchangeTarget } from './targets.ts';

/** Zipped Shapefiles (Windows browsers say x-zip-compressed), GeoJSON, or bytes whose kind we detect. */
const UPLOAD = {
  types: [
    'application/zip',
    'application/x-zip-compressed',
    'application/geo+json',
    'application/json',
    'application/octet-stream',
  ],
  limit: 32 * 1024 * 1024,
};

/** RFC 6266: an ASCII name for old clients and the Chinese one in UTF-8. */
const attachment = (name: { ascii: string; zh: string }) =>
  `attachment; filename="${name.ascii}"; filename*=UTF-8''${encodeURIComponent(name.zh)}`;

function targetRoutes(target: ExchangeTarget): RouteDef[] {
  return [
    defineRoute({
      id: `${target.key}.import`,
      method: 'post',
      path: `${target.path}/import`,
      summary: `导入${target.label}（GeoJSON 或 ZIP 压缩的 Shapefile；可试运行；报告每个被拒绝的要素及原因）`,
      tag: target.tag,
      access: target.manage,
      query: importQuery,
      upload: UPLOAD,
      body: z.instanceof(Buffer),
      response: importReport,
      handler: (ctx) =>
        runImport(ctx.db, (work) => ctx.write(work), scopeOf(ctx), target, ctx.input.body, ctx.input.query),
    }),
    defineRoute({
      id: `${target.key}.export`,
      method: 'get',
      path: `${target.path}/export`,
      summary: `导出${target.label}（GeoJSON、CSV 或 Shapefile；与列表相同的过滤条件，限本辖区）`,
      tag: target.tag,
      access: target.read,
      query: exportQueryOf(target.listQuery) as unknown as z.ZodType<
        Omit<FeatureFilter, 'page' | 'page_size' | 'format'> & { format: ExportFormat }
      >,
      async handler(ctx) {
        const { format, ...filter } = ctx.input.query;
        const file = await exportFeatures(ctx.db, scopeOf(ctx), target, filter, format);
        ctx.koa.type = file.contentType;
        ctx.koa.set('Content-Disposition', attachment(file.fileName));
        return file.body;
      },
    }),
  ];
}

/** Declared before the resources' own routes: `…/export` must not be taken for `…/:id`. */
export const exchangeRoutes: RouteDef[] = [parcelTarget, projectTarget].flatMap(targetRoutes);
