/**
 * The one door to the server: JSON in and out, same-origin cookies, the CSRF header on unsafe methods, and
 * RFC 9457 problem+json errors turned into a typed ApiError. A 401 sends the user back to the login page.
 *
 * `http` is the typed client: its paths, parameters, bodies and answers come from the server's OpenAPI document
 * (`npm run gen:api` writes api/schema.d.ts), so a route the server does not declare does not compile.
 */
import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './api/schema';

export interface FieldError {
  path: string;
  message: string;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly title: string;
  readonly detail: string | undefined;
  readonly errors: FieldError[];
  readonly requestId: string | undefined;
  /** Seconds from the Retry-After header, if the server sent one (e.g. 423 Locked). */
  readonly retryAfter: number | undefined;
  /** The whole problem document, for extension members such as `locked_until`. */
  readonly body: Record<string, unknown>;

  constructor(init: {
    status: number;
    code: string;
    title: string;
    detail?: string | undefined;
    errors?: FieldError[];
    requestId?: string | undefined;
    retryAfter?: number | undefined;
    body?: Record<string, unknown>;
  }) {
    super(init.detail ?? init.title);
    this.name = 'ApiError';
    this.status = init.status;
    this.code = init.code;
    this.title = init.title;
    this.detail = init.detail;
    this.errors = init.errors ?? [];
    this.requestId = init.requestId;
    this.retryAfter = init.retryAfter;
    this.body = init.body ?? {};
  }

  /**
   * The message for a field of the request body, if the server flagged it. Server paths may carry the request
   * part (`body.username`) and an index (`body.roles.0`); `fieldMessage('roles')` matches both forms.
   */
  fieldMessage(field: string): string | undefined {
    return this.errors.find((e) => {
      const path = e.path.replace(/^body\./, '');
      return path === field || path.startsWith(`${field}.`);
    })?.message;
  }
}

/** status 0: the request never got an HTTP answer. */
export const NETWORK_ERROR = 'network_error';

let csrfToken: string | null = null;
let unauthorizedHandler: (() => void) | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called on any 401 from a request that did not opt out (the session expired or was revoked). */
export function onUnauthorized(handler: () => void): void {
  unauthorizedHandler = handler;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseFieldErrors(value: unknown): FieldError[] {
  if (!Array.isArray(value)) return [];
  return value.filter(isRecord).map((e) => ({
    path: typeof e.path === 'string' ? e.path : Array.isArray(e.path) ? e.path.join('.') : '',
    message: typeof e.message === 'string' ? e.message : '',
  }));
}

async function toApiError(response: Response): Promise<ApiError> {
  const retryHeader = response.headers.get('retry-after');
  const retryAfter = retryHeader !== null && /^\d+$/.test(retryHeader) ? Number(retryHeader) : undefined;
  const type = response.headers.get('content-type') ?? '';
  let body: unknown = null;
  if (type.includes('json')) body = await response.json().catch(() => null);
  if (isRecord(body)) {
    return new ApiError({
      status: response.status,
      code: typeof body.code === 'string' ? body.code : `http_${response.status}`,
      title: typeof body.title === 'string' ? body.title : response.statusText,
      detail: typeof body.detail === 'string' ? body.detail : undefined,
      errors: parseFieldErrors(body.errors),
      requestId: typeof body.request_id === 'string' ? body.request_id : undefined,
      retryAfter,
      body,
    });
  }
  return new ApiError({
    status: response.status,
    code: `http_${response.status}`,
    title: response.statusText || `HTTP ${response.status}`,
    retryAfter,
  });
}

/** Calls whose 401 is an answer, not a lost session (signing in, asking who is signed in). */
const EXPECTS_UNAUTHORIZED = new Set(['/api/auth/login', '/api/auth/me', '/api/auth/logout']);

const problems: Middleware = {
  onRequest({ request }) {
    if (request.method !== 'GET' && request.method !== 'HEAD' && csrfToken) {
      request.headers.set('x-csrf-token', csrfToken);
    }
    request.headers.set('accept', 'application/json');
    return request;
  },
  async onResponse({ response, schemaPath }) {
    if (response.ok) return response;
    const error = await toApiError(response);
    if (response.status === 401 && !EXPECTS_UNAUTHORIZED.has(schemaPath)) unauthorizedHandler?.();
    throw error;
  },
  onError({ error }) {
    if (error instanceof ApiError || (error instanceof DOMException && error.name === 'AbortError'))
      throw error;
    throw new ApiError({ status: 0, code: NETWORK_ERROR, title: 'Network error' });
  },
};

type JsonOf<T> = T extends { content: { 'application/json': infer J } } ? J : never;

/** The JSON body route `P` takes for method `M`, e.g. `RequestBody<'/api/admin/users', 'post'>`. */
export type RequestBody<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends {
  requestBody?: infer B;
}
  ? JsonOf<NonNullable<B>>
  : never;

/** The JSON answer of route `P` for method `M` (its 200 or 201 response). */
export type Answer<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends {
  responses: infer R;
}
  ? R extends { 200: infer A }
    ? JsonOf<A>
    : R extends { 201: infer A }
      ? JsonOf<A>
      : never
  : never;

/** Query strings without empty filters: a blank search box or "all" in a select sends nothing. */
function querySerializer(query: Record<string, unknown>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (item === undefined || item === null || item === '') continue;
      params.append(key, String(item));
    }
  }
  return params.toString();
}

/** The typed client: `await data(http.GET('/api/regions/{id}', { params: { path: { id } } }))`. */
export const http = createClient<paths>({ baseUrl: '', credentials: 'same-origin', querySerializer });
http.use(problems);

/**
 * The answer of a typed call. Errors never get here: the middleware throws them as ApiError, so what is left is
 * the success body (undefined for 204).
 */
export async function data<T>(call: Promise<{ data?: T; error?: unknown }>): Promise<T> {
  const result = await call;
  return result.data as T;
}

/** Where a view's load reports: loading on/off, the answer, or the error. */
export interface LoadSink<T> {
  loading?(on: boolean): void;
  loaded(value: T): void;
  failed(error: unknown): void;
}

/**
 * GETs `path` for an `$effect` and returns the cleanup to hand back: when the effect re-runs (new filters, page),
 * the superseded request is aborted and its late answer or error is ignored.
 */
export function loadInto<T>(load: (signal: AbortSignal) => Promise<T>, sink: LoadSink<T>): () => void {
  const controller = new AbortController();
  sink.loading?.(true);
  load(controller.signal)
    .then((value) => sink.loaded(value))
    .catch((caught: unknown) => {
      if (!controller.signal.aborted) sink.failed(caught);
    })
    .finally(() => {
      if (!controller.signal.aborted) sink.loading?.(false);
    });
  return () => controller.abort();
}
