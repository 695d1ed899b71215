/** Types and formatting shared by the portal's pages: the shapes come from the server's OpenAPI document. */
import type { paths } from '../api/schema';
import { getLocale, t, type MessageKey } from '../i18n/index.svelte.ts';

type Json<P extends keyof paths> = paths[P]['get'] extends {
  responses: { 200: { content: { 'application/json': infer T } } };
}
  ? T
  : never;

export type ProjectCollection = Json<'/api/portal/projects'>;
export type ProjectFeature = ProjectCollection['features'][number];
export type ProjectSummary = ProjectFeature['properties'];
export type ProjectDetail = Json<'/api/portal/projects/{id}'>;
export type Demand = Json<'/api/portal/demand'>;
export type DistrictDemand = Demand['districts'][number];
export type Guide = ProjectDetail['guide'];
export type Category = ProjectSummary['category'];
export type Price = ProjectSummary['price'];

/** A position from the API (always two numbers) as MapLibre's tuple. */
export const lngLat = (position: number[]): [number, number] => [position[0] ?? 0, position[1] ?? 0];

export const CATEGORIES: readonly Category[] = ['01', '02', '03', '04', '05'];

/** A published notice batch (申请审核结果公示) with its masked applicant list, as the server publishes it. */
export type PublicNotice = Json<'/api/portal/notices'>['items'][number];

export type AvailabilityClass = 'available' | 'full' | 'notYet';

/** Colours of the availability classes: the map, the legend and the list share them. */
export const AVAILABILITY_COLOURS: Record<AvailabilityClass, string> = {
  available: '#1a7f37',
  full: '#c4661f',
  notYet: '#7a8699',
};

export function availabilityClass(p: Pick<ProjectSummary, 'available' | 'total'>): AvailabilityClass {
  if (p.available > 0) return 'available';
  return p.total > 0 ? 'full' : 'notYet';
}

export function availabilityText(p: Pick<ProjectSummary, 'available' | 'total'>): string {
  const cls = availabilityClass(p);
  if (cls === 'available') return t('portal.availability.some', { available: p.available, total: p.total });
  if (cls === 'full') return t('portal.availability.none', { total: p.total });
  return t('portal.availability.notYet');
}

export const categoryName = (category: Category) => t(`portal.category.${category}` as MessageKey);
export const statusName = (status: ProjectSummary['status']) => t(`portal.status.${status}` as MessageKey);

const number = (value: number, digits = 0) =>
  new Intl.NumberFormat(getLocale(), { maximumFractionDigits: digits, minimumFractionDigits: digits }).format(
    value,
  );

export const formatCount = (value: number) => number(value);

/** Money as the server sends it (decimal text): small amounts with cents, large ones without. */
export function formatMoney(value: string): string {
  const amount = Number(value);
  return amount >= 100 ? number(amount) : number(amount, 2);
}

export function priceText(price: Price): string {
  if (price.min === null && price.max === null) return t('portal.price.none');
  const min = formatMoney(price.min ?? price.max!);
  const max = formatMoney(price.max ?? price.min!);
  return t(`portal.price.${price.unit}`, { min, max });
}

export const priceLabel = (price: Price) =>
  t(price.unit === 'yuan_per_m2_month' ? 'portal.price.rent' : 'portal.price.sale');

/** A date as the locale writes it (2026年3月5日 / 5 Mar 2026). */
export function formatDay(value: string | null): string {
  if (!value) return t('portal.project.notYet');
  const [y = 1970, m = 1, d = 1] = value.split('-').map(Number);
  return new Intl.DateTimeFormat(getLocale(), { year: 'numeric', month: 'short', day: 'numeric' }).format(
    new Date(y, m - 1, d),
  );
}

/** The guide in the current language: the server's Chinese text, or the client's English one. */
export function localGuide(guide: Guide, category: Category): Guide {
  if (getLocale() !== 'en') return guide;
  const lines = (key: string) => t(key as MessageKey).split('\n');
  return {
    flow: guide.flow,
    eligibility: lines(`portal.guide.${category}.eligibility`),
    documents: lines(`portal.guide.${category}.documents`),
    steps: lines(`portal.guide.${guide.flow}.steps`).map((line) => {
      const [title = '', text = ''] = line.split('|');
      return { title, text };
    }),
    where: t(guide.flow === 'resettlement' ? 'portal.guide.where.resettlement' : 'portal.guide.where.street'),
    hotline: t('portal.guide.hotline'),
  };
}
