/**
 * Region scope: the one mechanism that limits every read and write of business data to the user's region and
 * its descendants. Region codes are GB/T 2260 padded to 12 digits, so "descendant of" is "starts with the
 * region's significant digits" — one indexed LIKE on a `region_code` column (collation "C").
 */
import type { Knex } from 'knex';
import { permissionsOf, type Permission } from './permissions.ts';

export interface Scope {
  userId: number;
  username: string;
  /** The user's org unit. */
  regionCode: string;
  /** Significant digits of regionCode: every code starting with it is in scope. */
  regionPrefix: string;
  roles: string[];
  permissions: ReadonlySet<Permission>;
}

const SIGNIFICANT_DIGITS = [2, 4, 6, 9, 12] as const;

/** Level of a 12-digit code (1 province … 5 community), read from where its trailing zero blocks start. */
export function regionLevel(code: string): 1 | 2 | 3 | 4 | 5 {
  for (let level = 1; level <= 4; level++) {
    const digits = SIGNIFICANT_DIGITS[level - 1]!;
    if (/^0*$/.test(code.slice(digits))) return level as 1 | 2 | 3 | 4;
  }
  return 5;
}

export function regionPrefix(code: string): string {
  return code.slice(0, SIGNIFICANT_DIGITS[regionLevel(code) - 1]);
}

export function inScope(scope: Pick<Scope, 'regionPrefix'>, regionCode: string | null | undefined): boolean {
  return typeof regionCode === 'string' && regionCode.startsWith(scope.regionPrefix);
}

/**
 * Restricts a query to rows whose `column` lies in the scope. With `includeUnassigned`, rows without a region
 * are visible to users at city level or above (e.g. failed logins of unknown names in the operation log).
 */
export function scoped<T extends Knex.QueryBuilder>(
  query: T,
  scope: Pick<Scope, 'regionPrefix'>,
  column = 'region_code',
  options: { includeUnassigned?: boolean } = {},
): T {
  const pattern = `${scope.regionPrefix}%`;
  if (options.includeUnassigned && scope.regionPrefix.length <= 4) {
    return query.where((q) => {
      void q.where(column, 'like', pattern).orWhereNull(column);
    }) as T;
  }
  return query.where(column, 'like', pattern) as T;
}

/** The scope of a signed-in user (the session's user row and roles). */
export function scopeOfUser(user: {
  id: number;
  username: string;
  region_code: string;
  roles: string[];
}): Scope {
  return {
    userId: user.id,
    username: user.username,
    regionCode: user.region_code,
    regionPrefix: regionPrefix(user.region_code),
    roles: user.roles,
    permissions: new Set(permissionsOf(user.roles)),
  };
}
