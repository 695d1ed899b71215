/**
 * File uploads: the one exception to "request bodies are JSON". A route declares `upload` (the media types it
 * takes and a size limit); its body is then read raw — after the router has authorised the caller, so nobody
 * without the route's permission can make the server buffer megabytes — and handed to the route as a Buffer.
 *
 * CSRF stays closed: none of the upload types is a CORS-safelisted content type, so a cross-site page cannot
 * send one without a preflight, and the route still needs the X-CSRF-Token header like every write.
 */
import type { Context, Next } from 'koa';
import { AppError, badRequest, unsupportedMediaType } from './errors.ts';

export interface RawUpload {
  /** Media types taken as the raw body, e.g. `application/zip`; JSON only if listed here too. */
  types: readonly string[];
  /** Largest body in bytes. */
  limit: number;
}

interface UploadRoute {
  method: string;
  path: string;
  upload?: RawUpload;
}

export const payloadTooLarge = (limit: number) =>
  new AppError(
    413,
    'payload_too_large',
    '请求体过大',
    `上传的文件超过允许的大小（${Math.floor(limit / 1024 / 1024)} MB）`,
  );

function pathPattern(path: string): RegExp {
  return new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:\w+/g, '[^/]+')}$`);
}

/**
 * Marks requests to upload routes before the JSON-only gate and the body parser run: both leave such a
 * request's body alone (`ctx.state.upload`, `ctx.disableBodyParser`), and the router reads it after authorising.
 */
export function markUploads(routes: readonly UploadRoute[]) {
  const uploads = routes
    .filter((route) => route.upload)
    .map((route) => ({
      method: route.method.toUpperCase(),
      pattern: pathPattern(route.path),
      upload: route.upload!,
    }));
  return async (ctx: Context, next: Next) => {
    const match = uploads.find((u) => u.method === ctx.method && u.pattern.test(ctx.path));
    if (match) {
      ctx.state.upload = match.upload;
      (ctx as Context & { disableBodyParser?: boolean }).disableBodyParser = true;
    }
    await next();
  };
}

/** Reads an upload route's body: one of its media types, at most its limit (413 before reading when declared). */
export async function readUpload(ctx: Context, upload: RawUpload): Promise<Buffer> {
  const hasBody = Number(ctx.get('content-length') || 0) > 0 || ctx.get('transfer-encoding') !== '';
  if (!hasBody) throw badRequest('请求体为空：请上传文件');
  if (!ctx.is(...upload.types)) {
    throw unsupportedMediaType(`请求体须为以下类型之一：${upload.types.join('、')}`);
  }
  if (Number(ctx.get('content-length') || 0) > upload.limit) throw payloadTooLarge(upload.limit);
  const chunks: Buffer[] = [];
  let size = 0;
  // Stopping early must not destroy the socket: the client is still owed the 413.
  for await (const chunk of ctx.req.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > upload.limit) throw payloadTooLarge(upload.limit);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
