/**
 * `/tiles/{layer}/{z}/{x}/{y}.mvt`, `/tiles/{layer}.json` (TileJSON 3.0), `/tiles/` (the catalogue),
 * `/tiles/style.json` and the glyphs its labels use, `/tiles/fonts/{fontstack}/{range}.pbf` (public).
 * 204 for an empty tile, 404 for an unknown layer, 400 for impossible coordinates; gzip; ETag/If-None-Match.
 * The same URL answers what the session may see: layers declare access and scoping like API routes do.
 */
import Router from '@koa/router';
import type { Context } from 'koa';
import type { Db } from '../server/db/knex.ts';
import type { Config } from '../server/config.ts';
import { AppError, forbidden, notFound, unauthenticated } from '../server/http/errors.ts';
import { scopeOfUser, type Scope } from '../server/access/scope.ts';
import type { SessionState } from '../server/auth/service.ts';
import type { TileCache } from './cache.ts';
import { parseTile } from './coords.ts';
import type { TileLayer } from './layer.ts';
import { layerNamed, LAYERS } from './layers/index.ts';
import { dataBounds, renderTile } from './service.ts';
import { fontOfStack, glyphRange, parseRange } from './glyphs.ts';
import { buildStyle } from './style.ts';
import { externalBasemap } from './external.ts';

function findLayer(name: string): TileLayer {
  const layer = layerNamed(name);
  if (!layer) throw new AppError(404, 'unknown_layer', '未找到', `没有名为 ${name} 的图层`);
  return layer;
}

/** The caller's scope if the layer is theirs to see (undefined: anonymous on a public layer). */
function authorise(layer: TileLayer, ctx: Context): Scope | undefined {
  const session = ctx.state.session as SessionState | undefined;
  const scope = session ? scopeOfUser(session.user) : undefined;
  if (layer.access === 'public') return scope;
  if (!scope) throw unauthenticated();
  if (layer.access !== 'session' && !scope.permissions.has(layer.access)) throw forbidden();
  return scope;
}

export function tileRouter(db: Db, cache: TileCache, config: Config): Router {
  const router = new Router({ prefix: '/tiles' });
  const basemap = externalBasemap(config.basemap);

  router.get('/:layer/:z/:x/:y', async (ctx) => {
    const layer = findLayer(ctx.params.layer!);
    const scope = authorise(layer, ctx);
    const tile = parseTile(ctx.params.z!, ctx.params.x!, ctx.params.y!);
    if ('error' in tile) throw new AppError(400, 'bad_tile', '切片坐标无效', tile.error);
    ctx.compress = false; // gzipped once, when rendered
    // Tiles change on every edit and may depend on the session: always revalidate (ETag makes that cheap).
    ctx.set('Cache-Control', scope ? 'private, no-cache' : 'public, no-cache');
    ctx.vary('Accept-Encoding');
    ctx.vary('Cookie');
    if (tile.z < layer.minzoom || tile.z > layer.maxzoom) {
      ctx.status = 204;
      return;
    }
    const entry = await renderTile(db, cache, layer, { tile, scope, k: config.tiles.kAnonymity });
    if (entry === 'empty') {
      ctx.status = 204;
      return;
    }
    ctx.set('ETag', entry.etag);
    if (ctx.get('if-none-match') === entry.etag) {
      ctx.status = 304;
      return;
    }
    ctx.type = 'application/vnd.mapbox-vector-tile';
    if (ctx.acceptsEncodings('gzip', 'identity') === 'gzip') {
      ctx.set('Content-Encoding', 'gzip');
      ctx.body = entry.gzipped;
    } else {
      ctx.body = entry.raw;
    }
  });

  router.get('/style.json', (ctx) => {
    const session = ctx.state.session as SessionState | undefined;
    const scope = session ? scopeOfUser(session.user) : undefined;
    const visible = LAYERS.filter(
      (layer) =>
        layer.access === 'public' ||
        (scope && (layer.access === 'session' || scope.permissions.has(layer.access))),
    );
    ctx.set('Cache-Control', 'private, no-cache');
    ctx.body = buildStyle(`${ctx.protocol}://${ctx.host}`, visible, basemap);
  });

  // Glyphs never depend on the caller and change only with a new release: a month in any cache.
  router.get('/fonts/:fontstack/:range', async (ctx) => {
    const fontstack = ctx.params.fontstack!;
    const range = parseRange(/^(.*)\.pbf$/.exec(ctx.params.range!)?.[1] ?? '');
    if (!range || fontstack.length > 200 || !/^[\p{L}\p{N} ,_-]+$/u.test(fontstack))
      throw new AppError(400, 'bad_glyph_range', '字形请求无效', '字体名或字符范围（如 0-255）无效');
    const font = fontOfStack(fontstack);
    if (!font) throw new AppError(404, 'unknown_font', '未找到', `没有字体 ${fontstack}`);
    ctx.set('Cache-Control', 'public, max-age=2592000');
    ctx.type = 'application/x-protobuf';
    ctx.vary('Accept-Encoding');
    const pbf = await glyphRange(font, fontstack, range);
    if (ctx.acceptsEncodings('gzip', 'identity') === 'gzip') {
      ctx.set('Content-Encoding', 'gzip');
      ctx.body = pbf.gzipped;
    } else {
      ctx.body = pbf.raw;
    }
  });

  router.get('/:file', async (ctx) => {
    const name = /^(\w+)\.json$/.exec(ctx.params.file!)?.[1];
    if (!name) throw notFound('图层');
    const layer = findLayer(name);
    authorise(layer, ctx);
    const origin = `${ctx.protocol}://${ctx.host}`;
    ctx.body = {
      tilejson: '3.0.0',
      name: layer.name,
      description: layer.description,
      scheme: 'xyz',
      tiles: [`${origin}/tiles/${layer.name}/{z}/{x}/{y}.mvt`],
      minzoom: layer.minzoom,
      maxzoom: layer.maxzoom,
      bounds: (await dataBounds(db)) ?? [-180, -85.0511, 180, 85.0511],
      vector_layers: [
        {
          id: layer.name,
          description: layer.description,
          fields: layer.fields,
          minzoom: layer.minzoom,
          maxzoom: layer.maxzoom,
        },
      ],
    };
  });

  router.get('/', (ctx) => {
    ctx.body = {
      layers: LAYERS.map(({ name, description, minzoom, maxzoom, access }) => ({
        name,
        description,
        minzoom,
        maxzoom,
        access,
      })),
    };
  });

  return router;
}
