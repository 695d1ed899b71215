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
  /** Work a task inbox: see candidate tasks of one's roles in one's region, claim, complete, delegate, return. */
  'workflow.tasks': ['caseworker', 'reviewer', 'approver', 'admin'],
  /** Watch processes: diagrams with counts, statistics, overdue lists of one's region. */
  'workflow.monitor': ['admin', 'supervisor', 'leader', 'approver'],
  /** Import, export and activate process templates (definitions are data). */
  'workflow.manage': ['admin'],
  /** Read applications (cases): the household with housing, members, assets, archive, history. */
  'applications.read': ['caseworker', 'reviewer', 'approver', 'admin', 'supervisor'],
  /** Enter applications (the wizard) and upload archive scans. */
  'applications.manage': ['caseworker', 'admin'],
  /** Record verification results (审核) and conclude with a report. */
  'applications.verify': ['caseworker', 'reviewer', 'admin'],
  /** First and second review (初审, 复审) with the proposed plan. */
  'applications.review': ['reviewer', 'approver', 'admin'],
  /** Public notice batches (公示) and the reports received during them (举报). */
  'notices.manage': ['caseworker', 'admin'],
  /** Edit document templates (registration notices). */
  'documents.manage': ['admin', 'approver'],
  /** The registry book (准入登记簿) and its exchange record. */
  'registry.read': ['caseworker', 'reviewer', 'approver', 'admin', 'supervisor'],
  /** Supplier applications (A.3.17, A.3.18): enter and approve amounts. */
  'suppliers.manage': ['fund_officer', 'approver', 'admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function permissionsOf(roles: readonly string[]): Permission[] {
  return (Object.keys(PERMISSIONS) as Permission[]).filter((permission) =>
    (PERMISSIONS[permission] as readonly string[]).some((role) => roles.includes(role)),
  );
}

export const isRole = (value: string): value is Role => (ROLES as readonly string[]).includes(value);
