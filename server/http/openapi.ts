/** The OpenAPI 3.1 document, generated from the declared routes' zod schemas (JSON Schema 2020-12). */
import { z } from 'zod';
import type { RouteDef } from './route.ts';

const problem = {
  type: 'object',
  required: ['type', 'title', 'status', 'code'],
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    code: { type: 'string', description: '稳定的机器可读错误码' },
    detail: { type: 'string' },
    errors: {
      type: 'array',
      items: { type: 'object', properties: { path: { type: 'string' }, message: { type: 'string' } } },
    },
    request_id: { type: 'string' },
  },
};

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
  return rest;
}

function parameters(route: RouteDef) {
  const out: Record<string, unknown>[] = [];
  for (const [where, schema] of [
    ['path', route.params],
    ['query', route.query],
  ] as const) {
    if (!schema) continue;
    const json = jsonSchema(schema, 'input') as { properties?: Record<string, object>; required?: string[] };
    for (const [name, property] of Object.entries(json.properties ?? {})) {
      out.push({
        name,
        in: where,
        required: where === 'path' || (json.required ?? []).includes(name),
        schema: property,
      });
    }
  }
  return out;
}

const errorResponse = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
});

export function buildOpenApi(routes: RouteDef[]): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const path = route.path.replace(/:(\w+)/g, '{$1}');
    const status = String(route.status ?? 200);
    const success =
      route.status === 204
        ? { description: '成功，无内容' }
        : {
            description: '成功',
            content: {
              [route.produces ?? 'application/json']: {
                schema: route.response ? jsonSchema(route.response, 'output') : {},
              },
            },
          };
    (paths[path] ??= {})[route.method] = {
      operationId: route.id,
      summary: route.summary,
      tags: [route.tag],
      'x-access': route.access,
      ...(route.access === 'public' ? { security: [] } : {}),
      parameters: parameters(route),
      ...(route.body
        ? {
            requestBody: {
              required: true,
              content: route.upload
                ? Object.fromEntries(
                    route.upload.types.map((type) => [
                      type,
                      { schema: { type: 'string', format: 'binary' } },
                    ]),
                  )
                : { 'application/json': { schema: jsonSchema(route.body, 'input') } },
            },
          }
        : {}),
      responses: {
        [status]: success,
        '400': errorResponse('数据校验未通过（errors 列出每个字段）'),
        ...(route.access === 'public'
          ? {}
          : { '401': errorResponse('未登录或登录已失效'), '403': errorResponse('无权访问或 CSRF 校验失败') }),
        '404': errorResponse('不存在或不在您的管辖范围内'),
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: '住房保障信息系统 API',
      version: '0.1.0',
      description:
        '依据 CJJ/T 196-2012《住房保障信息系统技术规范》。会话使用 Cookie；修改类请求须带 X-CSRF-Token 请求头（登录或 /api/auth/me 返回）。错误以 application/problem+json 返回。',
    },
    servers: [{ url: '/' }],
    components: {
      schemas: { Problem: problem },
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: 'hss_sid' },
        csrf: { type: 'apiKey', in: 'header', name: 'X-CSRF-Token' },
      },
    },
    security: [{ session: [], csrf: [] }],
    paths,
  };
}
