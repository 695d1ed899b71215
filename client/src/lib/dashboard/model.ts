/** The dashboard's data: typed answers of /api/stats, their loading, and the supply/demand classes of the legend. */
import { data, http } from '../api.ts';

export const TREND_MONTHS = 24;

const getSummary = (code: string, signal: AbortSignal) =>
  data(http.GET('/api/stats/regions/{code}/summary', { params: { path: { code } }, signal }));
const getChildren = (code: string, signal: AbortSignal) =>
  data(http.GET('/api/stats/regions/{code}/children', { params: { path: { code } }, signal }));
const getTrends = (code: string, signal: AbortSignal) =>
  data(
    http.GET('/api/stats/regions/{code}/trends', {
      params: { path: { code }, query: { months: TREND_MONTHS } },
      signal,
    }),
  );

/** The demand grid, loaded after the figures so they show first. */
export const loadDensity = (code: string, signal: AbortSignal) =>
  data(http.GET('/api/stats/regions/{code}/density', { params: { path: { code } }, signal }));

export type Summary = Awaited<ReturnType<typeof getSummary>>;
export type Children = Awaited<ReturnType<typeof getChildren>>;
export type Trends = Awaited<ReturnType<typeof getTrends>>;
export type Density = Awaited<ReturnType<typeof loadDensity>>;

export interface DashboardData {
  summary: Summary;
  children: Children;
  trends: Trends;
}

/** Everything a region's view needs but the density grid. */
export async function loadRegion(code: string, signal: AbortSignal): Promise<DashboardData> {
  const [summary, children, trends] = await Promise.all([
    getSummary(code, signal),
    getChildren(code, signal),
    getTrends(code, signal),
  ]);
  return { summary, children, trends };
}

/**
 * Classes of supply per household in demand (units / household), shortage first. Fixed breaks, so colours mean
 * the same at every level and in every exported image.
 */
export const RATIO_CLASSES: { upTo: number; color: string; label: string }[] = [
  { upTo: 0.05, color: '#b42318', label: '< 0.05' },
  { upTo: 0.1, color: '#e8590c', label: '0.05 – 0.1' },
  { upTo: 0.2, color: '#f2b705', label: '0.1 – 0.2' },
  { upTo: 0.5, color: '#8cc152', label: '0.2 – 0.5' },
  { upTo: Infinity, color: '#2f8a4c', label: '≥ 0.5' },
];
export const NO_DEMAND_COLOR = '#c8ced8';

export function ratioColor(ratio: number | null | undefined): string {
  if (ratio === null || ratio === undefined) return NO_DEMAND_COLOR;
  return (RATIO_CLASSES.find((c) => ratio < c.upTo) ?? RATIO_CLASSES.at(-1)!).color;
}

/** Hexagon colours, light to dark (sum of households per hexagon). */
export const DENSITY_COLORS: [number, number, number][] = [
  [255, 237, 160],
  [254, 217, 118],
  [254, 178, 76],
  [253, 141, 60],
  [240, 59, 32],
  [189, 0, 38],
];

export const formatCount = (n: number, locale: string) => n.toLocaleString(locale);
export const formatRatio = (r: number | null | undefined) =>
  r === null || r === undefined ? '—' : r.toFixed(r < 0.1 ? 3 : 2);
