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
  /** Supply and demand monitoring, allocation plans, ledgers, orders and draws of one's region (ch. 9, A.6, A.7.1). */
  'allocation.read': [
    'caseworker',
    'reviewer',
    'approver',
    'planner',
    'fund_officer',
    'leader',
    'admin',
    'supervisor',
  ],
  /** Draft, edit and publish allocation plans; record ledger details and close ledger periods. */
  'allocation.manage': ['planner', 'approver', 'admin'],
  /** Freeze a roster and commit, enter the seed contributions and draw (the draw itself is public once drawn). */
  'lottery.manage': ['approver', 'admin'],
  /** Watch selection sessions (网上选房) with the applicants' names and codes. */
  'selection.read': ['caseworker', 'reviewer', 'approver', 'admin', 'supervisor', 'leader'],
  /** Run a selection session: open, pause, close, skip a turn, pick for a household (代选), issue selection codes. */
  'selection.manage': ['caseworker', 'admin'],
  /** Review selections (是否已审核) or cancel them with a reason. */
  'selection.review': ['reviewer', 'approver', 'admin'],
  /** Contracts (A.7.3, A.7.4) of one's region: read, and their PDFs and archive. */
  'contracts.read': ['caseworker', 'reviewer', 'approver', 'fund_officer', 'admin', 'supervisor'],
  /** Draw up, sign, make effective, renew and terminate contracts; upload the signed scans. */
  'contracts.manage': ['caseworker', 'approver', 'admin'],
  /** Subsidy dues and payments (A.7.5, A.7.6) and fund disbursement plans (A.7.7). */
  'subsidies.read': ['fund_officer', 'caseworker', 'approver', 'admin', 'supervisor', 'leader'],
  /** Generate a month's dues, record payments with shortfalls, print vouchers, plan disbursements. */
  'subsidies.manage': ['fund_officer', 'admin'],
  /** Support projects (A.6.3, A.6.4, A.6.7, A.6.8) and land supply records (A.7.8). */
  'support.read': ['planner', 'fund_officer', 'approver', 'leader', 'admin', 'supervisor'],
  'support.manage': ['planner', 'fund_officer', 'admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function permissionsOf(roles: readonly string[]): Permission[] {
  return (Object.keys(PERMISSIONS) as Permission[]).filter((permission) =>
    (PERMISSIONS[permission] as readonly string[]).some((role) => roles.includes(role)),
  );
}

export const isRole = (value: string): value is Role => (ROLES as readonly string[]).includes(value);
