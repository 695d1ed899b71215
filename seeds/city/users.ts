/**
 * The demo staff accounts: for the city one user per role (`hrb_<role>`), and for each district one user per
 * role (`<district pinyin>_<role>`, e.g. `nangang_caseworker`). All share DEMO_PASSWORD. The list does not
 * depend on the scale, so tests and docs can name these users.
 */
import type { Knex } from 'knex';
import { hashPassword } from '../../server/auth/password.ts';
import { DEMO_SEED, Prng } from '../prng.ts';
import { CITY, DISTRICTS, districtCode } from './harbin.ts';
import { personName } from './names.ts';

/** The shared password of every demo account (meets the password policy: 10+ chars, 4 classes). */
export const DEMO_PASSWORD = 'Hss@2026demo';

export interface DemoUser {
  username: string;
  display_name: string;
  region_code: string;
  roles: string[];
  phone: string;
}

/** The roles of migration 20261127120200 (staff_roles), with the job title shown in display names. */
export const ROLE_TITLES = {
  admin: '系统管理员',
  caseworker: '经办人',
  reviewer: '审核人',
  approver: '审批人',
  planner: '规划员',
  fund_officer: '资金管理员',
  leader: '分管领导',
  supervisor: '监督员',
} as const;

export type RoleCode = keyof typeof ROLE_TITLES;
export const STAFF_ROLES = Object.keys(ROLE_TITLES) as RoleCode[];

function buildDemoUsers(): DemoUser[] {
  const units = [
    { pinyin: CITY.pinyin, name: CITY.name, code: CITY.code },
    ...DISTRICTS.map((d) => ({ pinyin: d.pinyin, name: d.name, code: districtCode(d) })),
  ];
  const prng = new Prng(DEMO_SEED).fork('users');
  return units.flatMap((unit) =>
    STAFF_ROLES.map((role) => {
      const username = `${unit.pinyin}_${role}`;
      const random = prng.fork(username);
      return {
        username,
        display_name: `${unit.name}${ROLE_TITLES[role]} ${personName(random)}`,
        region_code: unit.code,
        roles: [role],
        // Harbin office numbers (0451 + 8 digits); invented.
        phone: `0451-8${random.int(1000000, 9999999)}`,
      };
    }),
  );
}

export const DEMO_USERS: DemoUser[] = buildDemoUsers();

/**
 * One scrypt hash of DEMO_PASSWORD, shared by every demo account. A per-account salt protects nothing when
 * the password itself is published, and 80 hashes cost seconds of CPU on a small machine (each ~50 ms)
 * at every fresh start and test run. Real accounts are hashed one by one, by the auth service.
 */
export function hashDemoPassword(): Promise<string> {
  return hashPassword(DEMO_PASSWORD);
}

export async function insertDemoUsers(trx: Knex.Transaction, passwordHash: string): Promise<void> {
  const inserted: { id: number; username: string }[] = await trx('staff_users')
    .insert(
      DEMO_USERS.map((user) => ({
        username: user.username,
        display_name: user.display_name,
        region_code: user.region_code,
        phone: user.phone,
        password_hash: passwordHash,
      })),
    )
    .returning(['id', 'username']);
  const idByUsername = new Map(inserted.map((row) => [row.username, row.id]));
  await trx('staff_user_roles').insert(
    DEMO_USERS.flatMap((user) =>
      user.roles.map((role_code) => ({ user_id: idByUsername.get(user.username), role_code })),
    ),
  );
}

/** Removes the demo accounts (their roles and sessions cascade), for a forced re-seed. */
export async function deleteDemoUsers(trx: Knex.Transaction): Promise<void> {
  await trx('staff_users')
    .whereRaw('lower(username) = any(?)', [DEMO_USERS.map((u) => u.username.toLowerCase())])
    .delete();
}
