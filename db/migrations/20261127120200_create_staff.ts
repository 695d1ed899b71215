/** Staff accounts bound to a region (their org unit), their roles and their sessions. */
import type { Knex } from 'knex';
import { addBookkeeping, commentColumns, commentTable, enableAudit } from '../helpers.ts';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('staff_roles', (t) => {
    t.text('code').primary();
    t.text('name_zh').notNullable();
    t.text('name_en').notNullable();
    t.text('description').notNullable().defaultTo('');
  });
  await commentTable(knex, 'staff_roles', '角色');
  await knex('staff_roles').insert([
    {
      code: 'admin',
      name_zh: '系统管理员',
      name_en: 'System administrator',
      description: '管理用户、角色与系统配置',
    },
    { code: 'caseworker', name_zh: '经办人', name_en: 'Caseworker', description: '受理与办理业务' },
    { code: 'reviewer', name_zh: '审核人', name_en: 'Reviewer', description: '审核业务' },
    { code: 'approver', name_zh: '审批人', name_en: 'Approver', description: '审批业务' },
    { code: 'planner', name_zh: '规划人员', name_en: 'Planner', description: '土地储备与规划计划' },
    {
      code: 'fund_officer',
      name_zh: '资金管理',
      name_en: 'Fund officer',
      description: '保障资金的预算、拨付与决算',
    },
    { code: 'leader', name_zh: '领导', name_en: 'Leader', description: '只读的综合展示与统计' },
    { code: 'supervisor', name_zh: '监督人员', name_en: 'Supervisor', description: '监督管理与操作日志审计' },
  ]);

  await knex.schema.createTable('staff_users', (t) => {
    t.bigIncrements('id');
    t.text('username').notNullable();
    t.text('display_name').notNullable();
    t.specificType('region_code', 'region_code').notNullable().references('code').inTable('regions');
    t.text('phone');
    t.text('password_hash').notNullable();
    t.timestamp('password_changed_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.integer('failed_logins').notNullable().defaultTo(0);
    t.timestamp('locked_until', { useTz: true });
    t.boolean('disabled').notNullable().defaultTo(false);
    t.timestamp('last_login_at', { useTz: true });
  });
  await knex.raw('CREATE UNIQUE INDEX staff_users_username ON staff_users (lower(username))');
  await knex.raw('CREATE INDEX staff_users_region ON staff_users (region_code)');
  await addBookkeeping(knex, 'staff_users');
  // Login bookkeeping (failed_logins, last_login_at) changes are events in their own right, logged by the
  // auth service; the row audit still records them, minus the password hash.
  await enableAudit(knex, 'staff_users', { exclude: ['password_hash'] });
  await commentTable(knex, 'staff_users', '工作人员账号');
  await commentColumns(knex, 'staff_users', {
    username: '登录名',
    display_name: '姓名',
    region_code: '行政区划代码（所属机构）',
    phone: '联系电话',
    password_hash: '口令散列（scrypt）',
    failed_logins: '连续登录失败次数',
    locked_until: '锁定截止时间',
    disabled: '是否停用',
    last_login_at: '最后登录时间',
  });

  await knex.schema.createTable('staff_user_roles', (t) => {
    t.bigInteger('user_id').notNullable().references('id').inTable('staff_users').onDelete('CASCADE');
    t.text('role_code').notNullable().references('code').inTable('staff_roles');
    t.primary(['user_id', 'role_code']);
  });
  await enableAudit(knex, 'staff_user_roles', { key: 'user_id' });
  await commentTable(knex, 'staff_user_roles', '工作人员角色');

  await knex.schema.createTable('sessions', (t) => {
    t.text('token_hash').primary();
    t.bigInteger('user_id').notNullable().references('id').inTable('staff_users').onDelete('CASCADE');
    t.text('csrf_token').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('last_seen_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.text('ip');
    t.text('user_agent');
  });
  await knex.raw('CREATE INDEX sessions_user ON sessions (user_id)');
  await commentTable(knex, 'sessions', '登录会话（只存令牌的散列）');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('sessions');
  await knex.schema.dropTable('staff_user_roles');
  await knex.schema.dropTable('staff_users');
  await knex.schema.dropTable('staff_roles');
}
