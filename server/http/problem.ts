/** The one error handler: answers application/problem+json (RFC 9457) and hides unknown errors behind a 500. */
import type { Context, Next } from 'koa';
import { AppError } from './errors.ts';
import { logOf } from './middleware.ts';

interface HttpLikeError {
  status?: number;
  statusCode?: number;
  expose?: boolean;
  type?: string;
  message?: string;
}

/** Errors thrown by Koa's own layers (body parser: malformed JSON, body too large) carry a status. */
function fromHttpError(err: HttpLikeError): AppError | undefined {
  const status = err.status ?? err.statusCode;
  // co-body reports unparsable JSON as a SyntaxError with status 400 but without `expose`.
  if (status === 400 && (err as Error).name === 'SyntaxError')
    return new AppError(400, 'malformed_json', '请求体不是合法的 JSON', err.message);
  if (!status || status >= 500 || !err.expose) return undefined;
  if (status === 413) return new AppError(413, 'payload_too_large', '请求体过大', '请求体超过允许的大小');
  if (status === 400 && err.type === 'entity.parse.failed')
    return new AppError(400, 'malformed_json', '请求体不是合法的 JSON', err.message);
  if (status === 415) return new AppError(415, 'unsupported_media_type', '不支持的数据格式', err.message);
  return new AppError(status, 'http_error', '请求有误', err.message);
}

export function problemJson() {
  return async (ctx: Context, next: Next) => {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined && /^\/(api|tiles)\//.test(ctx.path)) {
        throw new AppError(404, 'route_not_found', '未找到', `没有 ${ctx.method} ${ctx.path} 这个接口`);
      }
    } catch (caught) {
      const err = caught instanceof AppError ? caught : fromHttpError(caught as HttpLikeError);
      const requestId = ctx.state.requestId as string | undefined;
      if (!err) {
        logOf(ctx).error({ err: caught }, 'unhandled error');
      }
      const problem =
        err ?? new AppError(500, 'internal_error', '服务器内部错误', '请联系系统管理员并提供请求编号');
      ctx.status = problem.status;
      ctx.set(problem.headers);
      ctx.type = 'application/problem+json';
      ctx.body = {
        type: `urn:hss:problem:${problem.code}`,
        title: problem.title,
        status: problem.status,
        code: problem.code,
        ...(problem.detail ? { detail: problem.detail } : {}),
        ...(problem.errors ? { errors: problem.errors } : {}),
        ...problem.extensions,
        request_id: requestId,
      };
    }
  };
}
