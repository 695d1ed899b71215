/** Shapes staff rows for the API; phones are masked for roles without `personal_data.read`. */
import type { Scope } from '../access/scope.ts';
import { maskPhone } from '../shared/mask.ts';
import type { User } from './schema.ts';
import type { UserRow } from './store.ts';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function presentUser(row: UserRow, scope: Scope): User {
  return {
    id: row.id,
    username: row.username,
    display_name: row.display_name,
    region_code: row.region_code,
    region_name: row.region_name,
    phone: scope.permissions.has('personal_data.read') ? row.phone : maskPhone(row.phone),
    roles: row.roles,
    disabled: row.disabled,
    locked_until: iso(row.locked_until),
    last_login_at: iso(row.last_login_at),
    created_at: row.created_at.toISOString(),
    created_by: row.created_by,
    updated_at: row.updated_at.toISOString(),
    updated_by: row.updated_by,
  };
}
