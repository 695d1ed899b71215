/**
 * `/tiles/{layer}/{z}/{x}/{y}.mvt` and `/tiles/{layer}.json` (TileJSON 3.0). 204 for an empty tile, 404 for an
 * unknown layer, 400 for impossible coordinates; gzip and ETag/If-None-Match.
 */
import Router from '@koa/router';
import type { Context } from 'koa';
import type { Db } from '../server/db/knex.ts';
import { AppError, forbidden, notFound, unauthenticated } from '../server/http/errors.ts';
import { permissionsOf } from '../server/access/permissions.ts';
import type { SessionState } from '../server/auth/service.ts';
import { parseTile } from './coords.ts';
import { layerNamed, LAYERS, type TileLayer } from './layers.ts';
import { dataBounds, renderTile } from './service.ts';

function findLayer(name: string): TileLayer {
  const layer = layerNamed(name);
  if (!layer) throw new AppError(404, 'unknown_layer', '未找到', `没有名为 ${name} 的图层`);
  return layer;
}

/** The same rule as API routes: public layers for anyone, others need a session granting the permission. */
function authorise(layer: TileLayer, ctx: Context): void {
  if (layer.access === 'public') return;
  const session = ctx.state.session as SessionState | undefined;
  if (!session) throw unauthenticated();
  if (layer.access !== 'session' && !permissionsOf(session.user.roles).includes(layer.access))
    throw forbidden();
}

export function tileRouter(db: Db): Router {
  const router = new Router({ prefix: '/tiles' });

  router.get('/:layer/:z/:x/:y', async (ctx) => {
    const layer = findLayer(ctx.params.layer!);
    authorise(layer, ctx);
    const tile = parseTile(ctx.params.z!, ctx.params.x!, ctx.params.y!);
    if ('error' in tile) throw new AppError(400, 'bad_tile', '切片坐标无效', tile.error);
    ctx.compress = false; // already gzipped once, here
    ctx.set('Cache-Control', layer.access === 'public' ? 'public, max-age=60' : 'private, no-cache');
    ctx.vary('Accept-Encoding');
    if (tile.z < layer.minzoom || tile.z > layer.maxzoom) {
      ctx.status = 204;
      return;
    }
    const rendered = await renderTile(db, layer, tile);
    if (!rendered) {
      ctx.status = 204;
      return;
    }
    ctx.set('ETag', rendered.etag);
    if (ctx.get('if-none-match') === rendered.etag) {
      ctx.status = 304;
      return;
    }
    ctx.type = 'application/vnd.mapbox-vector-tile';
    if (ctx.acceptsEncodings('gzip', 'identity') === 'gzip') {
      ctx.set('Content-Encoding', 'gzip');
      ctx.body = rendered.gzipped;
    } else {
      ctx.body = rendered.raw;
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
