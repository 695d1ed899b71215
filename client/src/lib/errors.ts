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

/** For 423 Locked: when the lock ends (local time), from a `locked_until` member or the Retry-After header. */
export function lockMessage(error: ApiError): string | null {
  if (error.status !== 423) return null;
  const until =
    typeof error.body.locked_until === 'string'
      ? Date.parse(error.body.locked_until)
      : error.retryAfter !== undefined
        ? Date.now() + error.retryAfter * 1000
        : NaN;
  if (Number.isNaN(until)) return null;
  return t('login.lockedUntil', { time: formatDateTime(until) });
}
