/** The database's own guards of the lottery, as API errors (should a service check ever lose a race). */
import { conflict } from '../http/errors.ts';

export function translateDbError(error: unknown): unknown {
  const { code, constraint } = (error ?? {}) as { code?: string; constraint?: string };
  // lottery_draw_guard / lottery_append_only: a drawn or cancelled draw, its roster and its result never change.
  if (code === 'HS409') return conflict('摇号记录已固定（已摇号或已撤销），不能修改、删除或重新摇号');
  if (code === '23505' && constraint === 'lottery_draws_one_per_plan')
    return conflict('该配置方案已有未撤销的摇号');
  if (code === '23505' && constraint?.startsWith('allocation_orders_'))
    return conflict('该配置方案已有配给顺序');
  return error;
}

/** Runs `work`, translating the database's refusals. */
export async function guarded<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw translateDbError(error);
  }
}
