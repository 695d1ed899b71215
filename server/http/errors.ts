/**
 * Every error the API answers with: an HTTP status, a stable machine-readable code, a Chinese title for people
 * and, for validation, the failing field paths. The error handler (problem.ts) turns them into problem+json.
 */
export interface FieldError {
  /** Dotted path of the failing field, e.g. `body.members.0.id_number`. */
  path: string;
  message: string;
}

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    readonly detail?: string,
    readonly errors?: FieldError[],
    readonly headers: Record<string, string> = {},
    /** Extra members of the problem document (RFC 9457 extensions), e.g. `locked_until`. */
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(detail ?? title);
  }
}

export const badRequest = (detail: string) => new AppError(400, 'bad_request', '请求有误', detail);
export const validationFailed = (errors: FieldError[], detail = '提交的数据未通过校验') =>
  new AppError(400, 'validation_failed', '数据校验未通过', detail, errors);
export const fieldError = (path: string, message: string) => validationFailed([{ path, message }], message);
export const unauthenticated = (code = 'unauthenticated', detail = '请先登录') =>
  new AppError(401, code, '未登录或登录已失效', detail);
export const invalidCredentials = () =>
  new AppError(401, 'invalid_credentials', '登录失败', '用户名或口令错误');
export const forbidden = (detail = '没有执行此操作的权限') =>
  new AppError(403, 'forbidden', '无权访问', detail);
export const csrfFailed = () =>
  new AppError(403, 'csrf_failed', '请求校验失败', '缺少或错误的 X-CSRF-Token 请求头，请刷新页面后重试');
/** Also used for records outside the user's region: the answer must not reveal that they exist. */
export const notFound = (what = '记录') => new AppError(404, 'not_found', '未找到', `${what}不存在`);
export const conflict = (detail: string, errors?: FieldError[]) =>
  new AppError(409, 'conflict', '与现有数据冲突', detail, errors);
export const unsupportedMediaType = (detail = '请求体须为 application/json') =>
  new AppError(415, 'unsupported_media_type', '不支持的数据格式', detail);
export const locked = (until: Date) =>
  new AppError(
    423,
    'account_locked',
    '账号已锁定',
    '连续登录失败次数过多，账号已被临时锁定，请稍后再试或联系系统管理员解锁',
    undefined,
    { 'Retry-After': String(Math.max(1, Math.ceil((until.getTime() - Date.now()) / 1000))) },
    { locked_until: until.toISOString() },
  );
export const serviceUnavailable = (detail: string) =>
  new AppError(503, 'service_unavailable', '服务暂不可用', detail);
