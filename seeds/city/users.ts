/** The demo staff accounts: one per role for the city, and one per role for each district. */

/** The shared password of every demo account (meets the password policy: 10+ chars, 4 classes). */
export const DEMO_PASSWORD = 'Hss@2026demo';

export interface DemoUser {
  username: string;
  display_name: string;
  region_code: string;
  roles: string[];
}

export const STAFF_ROLES = [
  'admin',
  'caseworker',
  'reviewer',
  'approver',
  'planner',
  'fund_officer',
  'leader',
  'supervisor',
] as const;

export const DEMO_USERS: DemoUser[] = [];
