/** Shapes of the notice API (from the server's OpenAPI document) and small helpers shared by the notice views. */
import type { Answer } from '../api.ts';
import { getLocale } from '../i18n/index.svelte.ts';

export type BatchPage = Answer<'/api/notices/batches', 'get'>;
export type BatchSummary = BatchPage['items'][number];
export type Batch = Answer<'/api/notices/batches/{id}', 'get'>;
export type NoticeEntry = Batch['notices'][number];
export type Candidate = Answer<'/api/notices/batches/{id}/candidates', 'get'>['items'][number];
export type Report = Answer<'/api/notices/batches/{id}/reports', 'get'>['items'][number];
export type BatchStatus = BatchSummary['status'];

export const CHANNELS = ['announcement', 'newspaper', 'television', 'internet'] as const;
export type Channel = (typeof CHANNELS)[number];
export const REPORT_CHANNELS = ['letter', 'phone', 'visit', 'internet', 'other'] as const;
export type ReportChannel = (typeof REPORT_CHANNELS)[number];

export const STATUS_TAG: Record<BatchStatus, string> = {
  draft: '',
  published: 'tag-success',
  closed: 'tag-muted',
};

/** A calendar day (YYYY-MM-DD) as the locale writes it. */
export function formatDay(value: string): string {
  const [y = 1970, m = 1, d = 1] = value.split('-').map(Number);
  return new Intl.DateTimeFormat(getLocale(), { year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(y, m - 1, d),
  );
}

/** Today in Beijing (the notice period's dates are Beijing days), as YYYY-MM-DD. */
export function todayInBeijing(offsetDays = 0): string {
  const now = new Date(Date.now() + 8 * 3600_000 + offsetDays * 86400_000);
  return now.toISOString().slice(0, 10);
}

/** `datetime-local` input text (local time) → ISO 8601 with the browser's offset. */
export function localInputToIso(value: string): string {
  return new Date(value).toISOString();
}

/** An instant as `datetime-local` input text in local time (minutes). */
export function isoToInput(value: string | number): string {
  const at = new Date(value);
  at.setSeconds(0, 0);
  return new Date(at.getTime() - at.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

/** Now as `datetime-local` input text in local time (minutes). */
export const nowForInput = (): string => isoToInput(Date.now());
