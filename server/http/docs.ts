/** The OpenAPI document and a browsable page (Swagger UI from the swagger-ui-dist package; no CDN, no inline script). */
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import Router from '@koa/router';
import type { RouteDef } from './route.ts';
import { buildOpenApi } from './openapi.ts';
import { serveDirectory } from './static.ts';

export const swaggerUiRoot = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));

const PAGE = `<!doctype html>
<html lang="zh-CN">
<head>
  <meta charset="utf-8">
  <title>住房保障信息系统 API</title>
  <link rel="stylesheet" href="/api/docs/assets/swagger-ui.css">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/api/docs/assets/swagger-ui-bundle.js"></script>
  <script src="/api/docs/init.js"></script>
</body>
</html>`;

const INIT = `window.ui = SwaggerUIBundle({ url: '/api/openapi.json', dom_id: '#swagger-ui', deepLinking: true });`;

export function docsRouter(routes: RouteDef[]): Router {
  const document = buildOpenApi(routes);
  const router = new Router();
  router.get('/api/openapi.json', (ctx) => {
    ctx.body = document;
  });
  router.get('/api/docs', (ctx) => {
    ctx.type = 'html';
    ctx.body = PAGE;
  });
  router.get('/api/docs/init.js', (ctx) => {
    ctx.type = 'text/javascript';
    ctx.body = INIT;
  });
  return router;
}

export const docsAssets = () => serveDirectory('/api/docs/assets', swaggerUiRoot);
