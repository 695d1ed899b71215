/**
 * The one declared table of who may do what. Routes name a permission; nothing checks roles ad hoc.
 * Roles are the rows of `staff_roles` (seeded by the migration).
 */
export const ROLES = [
  'admin',
  'caseworker',
  'reviewer',
  'approver',
  'planner',
  'fund_officer',
  'leader',
  'supervisor',
] as const;
export type Role = (typeof ROLES)[number];

const ALL_STAFF: readonly Role[] = ROLES;

export const PERMISSIONS = {
  /** See the map workspace and region boundaries inside the session. */
  'map.view': ALL_STAFF,
  'users.read': ['admin'],
  'users.manage': ['admin'],
  'audit.read': ['admin', 'supervisor'],
  'audit.verify': ['admin', 'supervisor'],
  /** See personal data (ID numbers, phones, incomes) unmasked. */
  'personal_data.read': ['admin', 'caseworker', 'reviewer', 'approver'],
  'land.read': ['planner', 'admin', 'leader', 'supervisor'],
  'land.manage': ['planner', 'admin'],
  'projects.read': ALL_STAFF,
  'projects.manage': ['planner', 'admin'],
  'units.manage': ['caseworker', 'admin'],
  /** Household records and their points on the map; others see k-anonymous counts only. */
  'households.read': ['caseworker', 'reviewer', 'approver', 'admin', 'supervisor'],
  'households.manage': ['caseworker', 'admin'],
  /** Housing security rules (ch. 4): everyone reads those of their region and the regions above. */
  'rules.read': ALL_STAFF,
  /** Edit drafts, enable and disable versions of one's region or below. */
  'rules.manage': ['admin', 'approver'],
  /** The leaders' spatial dashboard: aggregate figures (no personal data) of one's region. */
  'stats.read': ['leader', 'admin', 'supervisor', 'planner', 'approver'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function permissionsOf(roles: readonly string[]): Permission[] {
  return (Object.keys(PERMISSIONS) as Permission[]).filter((permission) =>
    (PERMISSIONS[permission] as readonly string[]).some((role) => roles.includes(role)),
  );
}

export const isRole = (value: string): value is Role => (ROLES as readonly string[]).includes(value);
