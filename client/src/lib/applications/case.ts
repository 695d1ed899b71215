/** The case file as the server answers it, and the stages of the admission process. */
import type { Answer } from '../api.ts';

export type CaseFile = Answer<'/api/applications/{id}', 'get'>;
export type ArchiveItem = CaseFile['archive'][number];
export type Finding = CaseFile['checks'][number];

/** Stages (the admission process's nodes, server/admission/process.ts) in process order. */
export const STAGES = [
  'accept',
  'verify',
  'notice',
  'notice_period',
  'first_review',
  'second_review',
  'registered',
  'denied',
] as const;
export type Stage = (typeof STAGES)[number];

export const isStage = (value: unknown): value is Stage => STAGES.includes(value as Stage);

/** A colour per stage (map circles, legend, tags): a sequence from intake to the end, red for denied. */
export const STAGE_COLORS: Record<Stage, string> = {
  accept: '#2b6cc4',
  verify: '#7048e8',
  notice: '#d9480f',
  notice_period: '#f08c00',
  first_review: '#0b7285',
  second_review: '#2f9e44',
  registered: '#1f6f3f',
  denied: '#b42318',
};
