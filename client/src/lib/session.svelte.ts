/** The signed-in user, shared by the whole app. */
import { ApiError, data, http, setCsrfToken } from './api.ts';
import type { Me, SessionResponse } from './types.ts';

export const PERMISSIONS = {
  manageUsers: 'users.manage',
  readAudit: 'audit.read',
  verifyAudit: 'audit.verify',
  readLand: 'land.read',
  manageLand: 'land.manage',
  readStats: 'stats.read',
  readRules: 'rules.read',
  manageRules: 'rules.manage',
  readHouseholds: 'households.read',
  readPersonalData: 'personal_data.read',
  manageProjects: 'projects.manage',
  workTasks: 'workflow.tasks',
  monitorWorkflow: 'workflow.monitor',
  manageWorkflow: 'workflow.manage',
  readApplications: 'applications.read',
  manageApplications: 'applications.manage',
  verifyApplications: 'applications.verify',
  reviewApplications: 'applications.review',
  manageNotices: 'notices.manage',
  manageDocuments: 'documents.manage',
  readRegistry: 'registry.read',
  manageSuppliers: 'suppliers.manage',
  readAllocation: 'allocation.read',
  manageAllocation: 'allocation.manage',
  manageLottery: 'lottery.manage',
  readSelection: 'selection.read',
  manageSelection: 'selection.manage',
  reviewSelection: 'selection.review',
  readContracts: 'contracts.read',
  manageContracts: 'contracts.manage',
  readSubsidies: 'subsidies.read',
  manageSubsidies: 'subsidies.manage',
  readSupport: 'support.read',
  manageSupport: 'support.manage',
} as const;

class Session {
  me = $state<Me | null>(null);
  /** True once the first "who am I" call has answered (either way). */
  ready = $state(false);

  can(permission: string): boolean {
    return this.me?.permissions.includes(permission) ?? false;
  }

  accept(response: SessionResponse): void {
    setCsrfToken(response.csrf_token);
    this.me = response.user;
  }

  clear(): void {
    setCsrfToken(null);
    this.me = null;
  }

  async restore(): Promise<void> {
    try {
      this.accept(await data(http.GET('/api/auth/me')));
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 401) console.error(error);
      this.clear();
    } finally {
      this.ready = true;
    }
  }

  async login(username: string, password: string): Promise<void> {
    this.accept(await data(http.POST('/api/auth/login', { body: { username, password } })));
  }

  async logout(): Promise<void> {
    try {
      await data(http.POST('/api/auth/logout'));
    } finally {
      this.clear();
    }
  }

  async changePassword(currentPassword: string, newPassword: string): Promise<void> {
    await data(
      http.POST('/api/auth/password', {
        body: {
          current_password: currentPassword,
          new_password: newPassword,
        },
      }),
    );
  }
}

export const session = new Session();
