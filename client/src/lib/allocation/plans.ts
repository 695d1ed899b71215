/** Shapes and labels of allocation plans (A.6.5, A.6.6, A.6.9) shared by the list, the form and the plan page. */
import { t, type MessageKey } from '../i18n/index.svelte.ts';

export const PLAN_STATUSES = ['draft', 'published', 'closed', 'cancelled'] as const;
export const PERIOD_TYPES = ['month', 'quarter', 'half_year', 'year', 'batch'] as const;
export const RESOURCE_KINDS = ['units', 'subsidy'] as const;

export type PlanStatus = (typeof PLAN_STATUSES)[number];
export type PeriodType = (typeof PERIOD_TYPES)[number];
export type ResourceKind = (typeof RESOURCE_KINDS)[number];

export const planStatusLabel = (status: string) => t(`allocation.plan.status.${status}` as MessageKey);
export const periodTypeLabel = (type: string) => t(`allocation.period.${type}` as MessageKey);
export const kindLabel = (kind: string) => t(`allocation.kind.${kind}` as MessageKey);
export const householdStatusLabel = (status: string) =>
  t(`allocation.household.status.${status}` as MessageKey);
export const resourceStatusLabel = (status: string) =>
  t(`allocation.resource.status.${status}` as MessageKey);

export function planStatusTag(status: string): string {
  return status === 'published'
    ? 'tag-success'
    : status === 'draft'
      ? ''
      : status === 'closed'
        ? 'tag-muted'
        : 'tag-danger';
}

/** A sensible default period text for a period type, today (2026-11, 2026Q4, 2026H2, 2026, 2026-第1批). */
export function defaultPeriod(type: PeriodType, day = new Date()): string {
  const year = day.getFullYear();
  const month = day.getMonth() + 1;
  switch (type) {
    case 'month':
      return `${year}-${String(month).padStart(2, '0')}`;
    case 'quarter':
      return `${year}Q${Math.ceil(month / 3)}`;
    case 'half_year':
      return `${year}H${month <= 6 ? 1 : 2}`;
    case 'year':
      return String(year);
    case 'batch':
      return `${year}-第1批`;
  }
}
