/**
 * The detail rows A.5.1's totals are derived from: yearly investment, and demolition and resettlement of the
 * households a 棚改 project moves.
 */
import type { Prng } from '../prng.ts';
import { SECURITY_MODE } from './codes.ts';
import { AS_OF, addMonths, yearOf } from './dates.ts';
import type { Timeline } from './timeline.ts';
import { type Row, round2 } from './values.ts';

/** Yearly investment from the start year to completion (or AS_OF), adding up to the share spent so far. */
export function investments(prng: Prng, timeline: Timeline, total: number, project: Row): Row[] {
  if (!timeline.actualStart) return [];
  const first = yearOf(timeline.actualStart);
  const last = yearOf(timeline.actualCompletion ?? AS_OF);
  const spent = timeline.actualCompletion ? 1 : prng.range(0.3, 0.8);
  const weights = Array.from({ length: last - first + 1 }, () => prng.range(0.5, 1.5));
  const sum = weights.reduce((a, b) => a + b, 0);
  return weights.map((w, i) => ({
    region_code: project.region_code as string,
    year: first + i,
    amount: round2((total * spent * w) / sum),
    fund_source_type: project.fund_source_type as string,
    investment_type: project.investment_type as string,
  }));
}

/** Demolition before the start; resettlement at handover, for 棚改 projects. */
export function relocations(
  prng: Prng,
  timeline: Timeline,
  units: number,
  area: number,
  project: Row,
): Row[] {
  if (!timeline.actualStart) return [];
  const households = Math.round(units * prng.range(0.8, 1.1));
  const oldArea = round2(households * prng.range(38, 55));
  const cashShare = prng.range(0.1, 0.3);
  const base = {
    region_code: project.region_code as string,
    income_level_type: null,
    security_mode_type: SECURITY_MODE.shanty,
    compensation_type: project.compensation_type as string,
  };
  const rows: Row[] = [
    {
      ...base,
      kind: 'demolition',
      recorded_on: addMonths(timeline.actualStart, -prng.int(3, 9)),
      households,
      floor_area: round2(oldArea * 1.08),
      residential_area: oldArea,
      residential_units: households,
      cash_compensation: round2(households * cashShare * 50 * prng.range(4000, 6000)),
    },
  ];
  if (timeline.handover) {
    const resettled = Math.min(units, Math.round(households * (1 - cashShare)));
    rows.push({
      ...base,
      kind: 'resettlement',
      recorded_on: timeline.handover,
      households: resettled,
      floor_area: round2((area * resettled) / Math.max(1, units)),
      residential_area: round2((area * resettled) / Math.max(1, units)),
      residential_units: resettled,
      cash_compensation: null,
    });
  }
  return rows;
}
