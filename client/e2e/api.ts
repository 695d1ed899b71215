/**
 * A signed-in API client for preparing browser tests through the server's own routes (no database shortcuts):
 * keeps the session cookie and sends the CSRF token on writes. (server/test/harness.ts has the same for server
 * tests, but its Node-typed body does not compile under the browser tests' DOM typings.)
 */
import { DEMO_PASSWORD } from '../../seeds/index.ts';

export interface Answer<T = unknown> {
  status: number;
  body: T;
}

export class StaffApi {
  private cookie = '';
  private csrf = '';

  private constructor(private readonly baseUrl: string) {}

  /** Signs `username` in; throws unless it succeeds, so a test never prepares data as the wrong user. */
  static async login(baseUrl: string, username: string): Promise<StaffApi> {
    const api = new StaffApi(baseUrl);
    const res = await api.request('POST', '/api/auth/login', { username, password: DEMO_PASSWORD });
    if (res.status !== 200)
      throw new Error(`login as ${username}: ${res.status} ${JSON.stringify(res.body)}`);
    api.csrf = (res.body as { csrf_token: string }).csrf_token;
    return api;
  }

  async request<T = unknown>(
    method: string,
    path: string,
    body?: unknown,
    raw?: { bytes: Uint8Array; type: string },
  ): Promise<Answer<T>> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.cookie) headers.cookie = this.cookie;
    if (method !== 'GET' && this.csrf) headers['x-csrf-token'] = this.csrf;
    if (raw) headers['content-type'] = raw.type;
    else if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers,
      body: raw ? new Blob([raw.bytes as BlobPart]) : body === undefined ? undefined : JSON.stringify(body),
    });
    const session = /hss_sid=([^;]*)/.exec(response.headers.get('set-cookie') ?? '')?.[1];
    if (session !== undefined) this.cookie = session ? `hss_sid=${session}` : '';
    const text = await response.text();
    const json = (response.headers.get('content-type') ?? '').includes('json') && text;
    return { status: response.status, body: (json ? JSON.parse(text) : text) as T };
  }

  get = <T = unknown>(path: string) => this.request<T>('GET', path);
  post = <T = unknown>(path: string, body: unknown = {}) => this.request<T>('POST', path, body);
  /** POSTs a file's bytes as the body (upload routes). */
  upload = <T = unknown>(path: string, bytes: Uint8Array, type: string) =>
    this.request<T>('POST', path, undefined, { bytes, type });
}
