/** The database's own guards of the support tables, as API errors (should a service's check lose a race). */
import { conflict } from '../http/errors.ts';

export function translateDbError(error: unknown): unknown {
  const { code, constraint, message } = (error ?? {}) as {
    code?: string;
    constraint?: string;
    message?: string;
  };
  if (code === 'HS409' && message?.startsWith('ledger_period_closed'))
    return conflict('该日期所在周期的支持项目台账已结账，不能再记入明细（请记入未结账的周期）');
  if (code === 'HS409' && message?.startsWith('ledger_opening'))
    return conflict('本期期初余额与上期期末余额不一致，不能结账');
  if (code === 'HS409') return conflict('支持项目台账及其明细记账后不可修改或删除，请以冲销明细更正');
  if (code === '23505' && constraint === 'support_ledgers_once')
    return conflict('该周期的支持项目台账已结账');
  if (code === '23505' && constraint === 'support_plan_objects_live')
    return conflict('该支持对象已列入另一有效的配置方案');
  if (code === '23505' && constraint === 'land_supplies_parcel')
    return conflict('该宗地已有土地供应记录', [
      { path: 'body.parcel_id', message: '该宗地已有土地供应记录' },
    ]);
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
