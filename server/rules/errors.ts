/** Errors of the rules subsystem, and the database's refusals turned into them. */
import { AppError, conflict, forbidden } from '../http/errors.ts';

export const versionImmutable = (status: string) =>
  new AppError(
    409,
    'version_immutable',
    '规则版本不可修改',
    `规则版本${status === 'enabled' ? '已启用' : '已停用'}，不能修改；请复制为新的草稿后修改`,
  );

export const higherLevelRules = () =>
  forbidden('上级地区制定的保障规则只能查看；如需本地规则，请复制为本地区的新模版');

/**
 * The database's own guards, as API errors: the immutability trigger (HS409, should the service's check lose a
 * race), a code used twice in a version (23505), an item still referred to (23503).
 */
export function translateDbError(error: unknown): unknown {
  const { code, constraint } = (error ?? {}) as { code?: string; constraint?: string };
  if (code === 'HS409') return versionImmutable('enabled');
  if (code === '23505' && constraint?.endsWith('_code'))
    return conflict('编号在本版本中已被使用', [
      { path: 'body.code', message: '编号在本版本中已被使用，须唯一' },
    ]);
  if (code === '23505' && constraint === 'rule_versions_one_enabled') return conflict('该模版已有启用的版本');
  if (code === '23503') return conflict('仍有其他条目引用此条目，请先删除或修改引用它的条目');
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
