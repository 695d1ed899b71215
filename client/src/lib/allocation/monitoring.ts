/**
 * The monitoring page's data (CJJ/T 196 9.2.1) from the allocation monitoring API: demand (waiting households,
 * per mode with the rules' standards) and supply (delivered units by district, layout and area band; the funds
 * balance) of a region, the child regions' choropleth, and the region's place (name, level, ancestors).
 */
import { data, http, type Answer } from '../api.ts';

export type Monitoring = Answer<'/api/allocation/monitoring', 'get'>;
export type Choropleth = Answer<'/api/allocation/monitoring/choropleth', 'get'>;
export type RegionDetail = Answer<'/api/regions/{code}', 'get'>;

/** The custom view's filters (the automatic view sends only the region). */
export interface MonitoringFilter {
  region?: string | undefined;
  mode?: string | undefined;
  layout?: string | undefined;
  min_area?: number | undefined;
  max_area?: number | undefined;
  project_id?: number | undefined;
}

export interface MonitoringView {
  region: RegionDetail;
  summary: Monitoring;
  choropleth: Choropleth;
}

export async function loadMonitoring(
  code: string,
  filter: MonitoringFilter,
  signal: AbortSignal,
): Promise<MonitoringView> {
  const query = filter;
  const [region, summary, choropleth] = await Promise.all([
    data(http.GET('/api/regions/{code}', { params: { path: { code } }, signal })),
    data(http.GET('/api/allocation/monitoring', { params: { query }, signal })),
    data(http.GET('/api/allocation/monitoring/choropleth', { params: { query }, signal })),
  ]);
  return { region, summary, choropleth };
}

/** One row of the district × mode table: a child region's eligible households per mode, its waiting and supply. */
export interface ModeMatrixRow {
  region_code: string;
  region_name: string;
  waiting: number;
  units: number;
  byMode: Map<string, number>;
}

/**
 * The district × mode table: the monitoring answer of each child region (a few at a time, so a city's districts
 * do not queue a dozen rule evaluations at once). Only the modes' household counts are kept.
 */
export async function loadModeMatrix(
  districts: Monitoring['districts'],
  filter: MonitoringFilter,
  signal: AbortSignal,
): Promise<ModeMatrixRow[]> {
  const rows: ModeMatrixRow[] = [];
  const queue = [...districts];
  const worker = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      const query = { ...filter, region: next.region_code };
      const answer = await data(http.GET('/api/allocation/monitoring', { params: { query }, signal }));
      rows.push({
        region_code: next.region_code,
        region_name: next.region_name,
        waiting: next.waiting,
        units: next.units - next.in_plans,
        byMode: new Map(answer.demand.by_mode.map((m) => [m.mode_code, m.households])),
      });
    }
  };
  await Promise.all([worker(), worker(), worker()]);
  return rows.sort((a, b) => a.region_code.localeCompare(b.region_code));
}
