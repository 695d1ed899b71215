/** Small process definitions and actors for the engine's tests (the admission process is APP's). */
import type { Db, Tx } from '../db/knex.ts';
import { inTransaction } from '../db/tx.ts';
import { regionPrefix } from '../access/scope.ts';
import type { WorkflowActor } from './model.ts';
import { completeTask, ensureDefinition, startProcess, tasksOf } from './engine.ts';

export const NANGANG = '230103000000';
export const DAOLI = '230102000000';

export const actor = (username: string, role: string, regionCode: string): WorkflowActor => ({
  username,
  roles: [role],
  regionCode,
  regionPrefix: regionPrefix(regionCode),
});

export const nangangCaseworker = actor('nangang_caseworker', 'caseworker', NANGANG);
export const nangangReviewer = actor('nangang_reviewer', 'reviewer', NANGANG);
export const daoliReviewer = actor('daoli_reviewer', 'reviewer', DAOLI);
export const cityApprover = actor('hrb_approver', 'approver', '230100000000');

/** Runs `work` in a transaction as `username` (bookkeeping and audit need an actor). */
export const asTx = <T>(db: Db, username: string, work: (trx: Tx) => Promise<T>) =>
  inTransaction(db, { username }, work);

/** accept (caseworker, approve/deny) → gateway → review (reviewer) → approved | denied. */
export const twoStep = (key = 'wf_two_step') => ({
  key,
  name: '两步审批（测试）',
  business_category: '测试',
  nodes: [
    { key: 'start', name: '开始', type: 'start', x: 40, y: 100 },
    {
      key: 'accept',
      name: '受理',
      type: 'task',
      participants: [{ role: 'caseworker', type: 'district' }],
      extension: {
        sla_hours: 72,
        decisions: [
          { code: 'approve', label: '同意' },
          { code: 'deny', label: '不同意' },
        ],
      },
    },
    { key: 'gw', name: '受理结果', type: 'exclusive' },
    {
      key: 'review',
      name: '审查',
      type: 'task',
      participants: [{ role: 'reviewer', type: 'district' }],
      extension: { decisions: [{ code: 'ok' }, { code: 'reject' }] },
    },
    {
      key: 'final',
      name: '批准',
      type: 'task',
      participants: [{ role: 'approver', type: 'city' }],
    },
    { key: 'approved', name: '办结', type: 'end', extension: { outcome: 'approved' } },
    { key: 'denied', name: '不予办理', type: 'end', extension: { outcome: 'denied' } },
  ],
  transitions: [
    { from: 'start', to: 'accept' },
    { from: 'accept', to: 'gw' },
    { from: 'gw', to: 'review', condition: 'approve', priority: 1 },
    { from: 'gw', to: 'denied' },
    { from: 'review', to: 'final', condition: 'ok' },
    { from: 'review', to: 'denied' },
    { from: 'final', to: 'approved' },
  ],
});

/** sign (countersign over the `signers` variable, reviewer fallback) → pass? → approved | denied. */
export const countersign = (mode: 'all' | 'any' | 'ratio', ratio?: number, key = `wf_sign_${mode}`) => ({
  key,
  name: `会签（${mode}）`,
  nodes: [
    { key: 'start', name: '开始', type: 'start' },
    {
      key: 'sign',
      name: '会签',
      type: 'countersign',
      participants: [
        { role: 'signers', type: 'variable' },
        { role: 'reviewer', type: 'district' },
      ],
      extension: { countersign: { mode, ratio }, decisions: [{ code: 'pass' }, { code: 'fail' }] },
    },
    { key: 'gw', name: '会签结果', type: 'exclusive' },
    { key: 'approved', name: '通过', type: 'end', extension: { outcome: 'approved' } },
    { key: 'denied', name: '未通过', type: 'end', extension: { outcome: 'denied' } },
  ],
  transitions: [
    { from: 'start', to: 'sign' },
    { from: 'sign', to: 'gw' },
    { from: 'gw', to: 'approved', condition: 'pass' },
    { from: 'gw', to: 'denied' },
  ],
});

/** A timer until `wake_at` (epoch seconds), then a task; also parallel split/join. */
export const waiting = (key = 'wf_waiting') => ({
  key,
  name: '定时与并行（测试）',
  nodes: [
    { key: 'start', name: '开始', type: 'start' },
    { key: 'split', name: '分支', type: 'parallel_split' },
    { key: 'wait', name: '等待', type: 'timer', extension: { timer: { until_variable: 'wake_at' } } },
    {
      key: 'check',
      name: '核查',
      type: 'task',
      participants: [{ role: 'caseworker', type: 'district' }],
    },
    { key: 'join', name: '汇聚', type: 'parallel_join' },
    {
      key: 'after',
      name: '后续',
      type: 'task',
      participants: [{ role: 'reviewer', type: 'process' }],
    },
    { key: 'end', name: '结束', type: 'end', extension: { outcome: 'done' } },
  ],
  transitions: [
    { from: 'start', to: 'split' },
    { from: 'split', to: 'wait' },
    { from: 'split', to: 'check' },
    { from: 'wait', to: 'join' },
    { from: 'check', to: 'join' },
    { from: 'join', to: 'after' },
    { from: 'after', to: 'end' },
  ],
});

/**
 * Workflow records in a district for the generic region-leak test (server/access/region-scope.test.ts): an
 * instance of `wf_scope_probe` whose accept task the district's caseworker completed (withdrawable) and whose
 * review task is open and overdue (inbox, overdue list, statistics).
 */
export async function insertWorkflowSet(
  db: Db,
  district: string,
): Promise<{ instance: number; open: number }> {
  await ensureDefinition(db, twoStep('wf_scope_probe'));
  const code = district.padEnd(12, '0');
  const holder: { username: string } | undefined = await db('staff_users as u')
    .join('staff_user_roles as r', 'r.user_id', 'u.id')
    .where({ 'u.region_code': code, 'r.role_code': 'caseworker' })
    .first('u.username');
  const caseworker = actor(holder?.username ?? 'system', 'caseworker', code);
  return asTx(db, caseworker.username, async (trx) => {
    const last = await trx('wf_process_instances').max<{ n: number | null }>('business_id as n').first();
    const instance = await startProcess(trx, caseworker, {
      processKey: 'wf_scope_probe',
      businessType: 'test',
      businessId: (last?.n ?? 0) + 1,
      regionCode: code,
      name: `探针 ${district}`,
    });
    const [accept] = await tasksOf(trx, instance.id);
    await completeTask(trx, caseworker, accept!.id, { decision: 'approve' });
    const ids: { id: number }[] = await trx('wf_tasks')
      .where({ process_instance_id: instance.id, status: 'open' })
      .update({ overdue: true, due_at: new Date(Date.now() - 3600_000) })
      .returning('id');
    return { instance: instance.id, open: ids[0]!.id };
  });
}
