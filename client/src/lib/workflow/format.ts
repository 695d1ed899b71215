/** Formatting shared by the monitoring views. */
import { t } from '../i18n/index.svelte.ts';

/** A duration in hours as minutes, hours or days (one decimal where it matters); a dash for none. */
export function formatDuration(hoursValue: number | null | undefined): string {
  if (hoursValue === null || hoursValue === undefined || Number.isNaN(hoursValue)) return '—';
  const minutes = hoursValue * 60;
  if (minutes < 1) return t('monitor.duration.underMinute');
  if (minutes < 90) return t('monitor.duration.minutes', { n: Math.round(minutes) });
  const hours = minutes / 60;
  if (hours < 48) return t('monitor.duration.hours', { n: Math.round(hours * 10) / 10 });
  return t('monitor.duration.days', { n: Math.round((hours / 24) * 10) / 10 });
}
