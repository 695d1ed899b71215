/** Human-readable text for any error, preferring the server's own problem+json wording. */
import { ApiError, NETWORK_ERROR } from './api.ts';
import { formatDateTime, t } from './i18n/index.svelte.ts';

export function describeError(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.code === NETWORK_ERROR) return t('error.network');
    const text = error.detail ?? error.title;
    return text || t('error.unexpected', { status: error.status });
  }
  if (error instanceof Error) return error.message;
  return String(error);
}

/** For 423 Locked: when the lock ends, from a `locked_until` member or the Retry-After header. */
export function lockMessage(error: ApiError): string | null {
  if (error.status !== 423) return null;
  const until = error.body.locked_until ?? error.body.retry_at;
  if (typeof until === 'string' && !Number.isNaN(Date.parse(until))) {
    return t('login.lockedUntil', { time: formatDateTime(until) });
  }
  if (error.retryAfter !== undefined) {
    return t('login.lockedFor', { minutes: Math.max(1, Math.ceil(error.retryAfter / 60)) });
  }
  return null;
}
