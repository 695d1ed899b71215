/**
 * Real-server test harness: each test file gets its own database cloned from the template, a real HTTP server
 * on a free port and cookie-keeping clients. Nothing is mocked.
 */
import { afterAll, beforeAll } from 'vitest';
import { startServer, type RunningServer } from '../main.ts';
import { loadConfig, type Config } from '../config.ts';
import { createDb, type Db } from '../db/knex.ts';
import { DEMO_PASSWORD } from '../../seeds/index.ts';
import { cloneTemplate, dropDatabase } from './databases.ts';

export interface HttpResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

/** A browser-like API client: keeps the session cookie and sends the CSRF token it was given. */
export class ApiClient {
  private cookie = '';
  csrfToken = '';

  constructor(readonly baseUrl: string) {}

  /** The session cookie, for requests made without this client (e.g. binary tile fetches). */
  get cookieHeader(): string {
    return this.cookie;
  }

  async request<T = any>(
    method: string,
    path: string,
    body?: unknown,
    options: { headers?: Record<string, string>; raw?: string | Uint8Array; binary?: boolean } = {},
  ): Promise<HttpResponse<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (this.cookie) headers.cookie = this.cookie;
    if (this.csrfToken && method !== 'GET') headers['x-csrf-token'] ??= this.csrfToken;
    const payload = options.raw ?? (body === undefined ? undefined : JSON.stringify(body));
    if (payload !== undefined) headers['content-type'] ??= 'application/json';
    const response = await fetch(`${this.baseUrl}${path}`, { method, headers, body: payload });
    const setCookie = response.headers.get('set-cookie');
    if (setCookie) {
      const value = /hss_sid=([^;]*)/.exec(setCookie)?.[1] ?? '';
      this.cookie = value ? `hss_sid=${value}` : '';
    }
    const bytes = Buffer.from(await response.arrayBuffer());
    if (options.binary) return { status: response.status, headers: response.headers, body: bytes as T };
    const text = bytes.toString('utf8');
    const type = response.headers.get('content-type') ?? '';
    const parsed = text && /json/.test(type) ? (JSON.parse(text) as T) : (text as T);
    return { status: response.status, headers: response.headers, body: parsed };
  }

  get = <T = any>(path: string) => this.request<T>('GET', path);
  post = <T = any>(path: string, body?: unknown) => this.request<T>('POST', path, body);
  patch = <T = any>(path: string, body?: unknown) => this.request<T>('PATCH', path, body);
  delete = <T = any>(path: string) => this.request<T>('DELETE', path);

  /** Logs in; throws unless it succeeds, so a test never runs as the wrong user by accident. */
  async login(username: string, password = DEMO_PASSWORD): Promise<this> {
    const res = await this.post('/api/auth/login', { username, password });
    if (res.status !== 200)
      throw new Error(`login as ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
    this.csrfToken = res.body.csrf_token as string;
    return this;
  }
}

export interface TestContext {
  url: string;
  /** Owner connection for arranging and asserting (not the application's restricted role). */
  db: Db;
  databaseUrl: string;
  client(): ApiClient;
  as(username: string): Promise<ApiClient>;
}

/** Sets up a database and a server for the calling test file; torn down after its tests. */
export function useTestServer(overrides: Partial<Config> = {}): TestContext {
  let server: RunningServer | undefined;
  let name = '';
  const context = {} as TestContext;
  beforeAll(async () => {
    const clone = await cloneTemplate();
    name = clone.name;
    server = await startServer(
      loadConfig({ databaseUrl: clone.url, port: 0, host: '127.0.0.1', logLevel: 'silent', ...overrides }),
    );
    context.url = server.url;
    context.databaseUrl = clone.url;
    context.db = createDb(clone.url, { max: 3 });
    context.client = () => new ApiClient(server!.url);
    context.as = (username) => new ApiClient(server!.url).login(username);
  });
  afterAll(async () => {
    await server?.close();
    await context.db?.destroy();
    if (name) await dropDatabase(name);
  });
  return context;
}
