/**
 * A project's life by its 年度: older projects are delivered, recent ones under construction, next year's
 * planned. Dates follow each other (plan → start → completion → handover) and none is after AS_OF.
 */
import type { Prng } from '../prng.ts';
import { AS_OF, addMonths, dayIn } from './dates.ts';

export type ProjectStatus = 'planned' | 'under_construction' | 'completed' | 'delivered';

export interface Timeline {
  status: ProjectStatus;
  plannedStart: string;
  plannedCompletion: string;
  actualStart?: string;
  actualCompletion?: string;
  handover?: string;
}

function statusFor(prng: Prng, year: number): ProjectStatus {
  if (year <= 2019)
    return prng.weighted<ProjectStatus>([
      ['delivered', 9],
      ['completed', 1],
    ]);
  if (year <= 2022)
    return prng.weighted<ProjectStatus>([
      ['delivered', 5],
      ['completed', 3],
      ['under_construction', 2],
    ]);
  if (year <= 2025)
    return prng.weighted<ProjectStatus>([
      ['under_construction', 7],
      ['completed', 2],
      ['planned', 1],
    ]);
  return prng.weighted<ProjectStatus>([
    ['planned', 7],
    ['under_construction', 3],
  ]);
}

/** Statuses whose dates cannot fit before AS_OF fall back one step (a delivery not yet made is "completed"). */
export function projectTimeline(prng: Prng, year: number): Timeline {
  let status = statusFor(prng, year);
  const plannedStart = dayIn(prng, year, 3, 9);
  const plannedCompletion = addMonths(plannedStart, prng.int(24, 36));
  const actualStart = addMonths(plannedStart, prng.int(0, 5));
  const actualCompletion = addMonths(actualStart, prng.int(22, 40));
  const handover = addMonths(actualCompletion, prng.int(1, 6));
  if (status === 'delivered' && handover > AS_OF) status = 'completed';
  if (status === 'completed' && actualCompletion > AS_OF) status = 'under_construction';
  if (status === 'under_construction' && actualStart > AS_OF) status = 'planned';
  return {
    status,
    plannedStart,
    plannedCompletion,
    ...(status !== 'planned' ? { actualStart } : {}),
    ...(status === 'completed' || status === 'delivered' ? { actualCompletion } : {}),
    ...(status === 'delivered' ? { handover } : {}),
  };
}

export type BuildStatus = 'planned' | 'started' | 'suspended' | 'completed';

/** A building's status and dates within its project's timeline; `later` marks a later phase not yet started. */
export function buildingTimeline(
  prng: Prng,
  project: Timeline,
  later: boolean,
): { status: BuildStatus; startedOn?: string; completedOn?: string } {
  const { actualStart, actualCompletion } = project;
  if (!actualStart || (later && !actualCompletion)) return { status: 'planned' };
  let startedOn = addMonths(actualStart, prng.int(0, 3));
  if (startedOn > AS_OF) startedOn = actualStart;
  if (!actualCompletion) return { status: prng.bool(0.06) ? 'suspended' : 'started', startedOn };
  let completedOn = addMonths(actualCompletion, -prng.int(0, 2));
  if (completedOn < startedOn) completedOn = actualCompletion;
  return { status: 'completed', startedOn, completedOn };
}
