/** Shapes of the verifiable lottery (A.7.1 配给顺序 by 摇号) as the plan page uses them. */
import type { Answer } from '../api.ts';

export type Draw = Answer<'/api/lottery/draws', 'get'>['items'][number];
export type DrawDetail = Answer<'/api/lottery/draws/{id}', 'get'>;
export type PlanOrder = Answer<'/api/allocation/plans/{id}/order', 'get'>;

export interface Contribution {
  party: string;
  value: string;
}

/** The parties who usually key in digits at a draw (Beijing's verifiable draws: applicant representatives). */
export const DEFAULT_PARTIES = ['申请人代表 1', '申请人代表 2', '公证员'];

/** A long hash shown in groups of eight so people can read it aloud and compare it. */
export function groupHash(hash: string | null | undefined): string {
  if (!hash) return '—';
  return hash.replace(/(.{8})/g, '$1 ').trim();
}
