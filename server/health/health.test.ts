import { describe, expect, it } from 'vitest';
import { useTestServer } from '../test/harness.ts';
import { routes } from '../routes.ts';

const t = useTestServer();

describe('health, docs and HTTP conventions', () => {
  it('reports liveness and readiness with the PostGIS version', async () => {
    expect((await t.client().get('/healthz')).body).toEqual({ status: 'ok' });
    const ready = await t.client().get('/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body.postgis).toMatch(/^3\./);
    expect(ready.body.migration).toMatch(/^\d{14}_/);
  });

  it('publishes an OpenAPI 3.1 document with every route, and a browsable page', async () => {
    const doc = (await t.client().get('/api/openapi.json')).body;
    expect(doc.openapi).toBe('3.1.0');
    const operations = Object.values(
      doc.paths as Record<string, Record<string, { operationId: string }>>,
    ).flatMap((p) => Object.values(p).map((op) => op.operationId));
    expect(operations.sort()).toEqual(routes.map((r) => r.id).sort());
    const create = doc.paths['/api/admin/users'].post;
    expect(create.requestBody.content['application/json'].schema.required).toContain('region_code');
    const page = await t.client().get('/api/docs');
    expect(page.body).toContain('swagger-ui-bundle.js');
    expect((await t.client().get('/api/docs/assets/swagger-ui-bundle.js')).status).toBe(200);
  });

  it('sets a request id and security headers on every answer', async () => {
    const res = await t
      .client()
      .request('GET', '/healthz', undefined, { headers: { 'x-request-id': 'trace-abc-12345' } });
    expect(res.headers.get('x-request-id')).toBe('trace-abc-12345');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
  });
});
