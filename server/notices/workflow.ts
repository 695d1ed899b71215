/**
 * Where notices meet the admission process (server/admission/process.ts): publishing completes each application's
 * `notice` task, which nothing else may complete; when the `notice_period` timer ends, the notice's result
 * (公示是否通过) is settled and handed to the gateway as `notice_passed`. The hooks are registered when this
 * module is imported (the route list imports it), and run inside the engine's transaction.
 */
import type { Tx } from '../db/knex.ts';
import type { Scope } from '../access/scope.ts';
import { conflict } from '../http/errors.ts';
import { actorOf, completeTask, onNode } from '../workflow/engine.ts';
import { blockingReports } from './report-store.ts';
import type { StageRow } from './stage-store.ts';
import * as store from './store.ts';

export const ADMISSION = 'admission';

/** Completes the application's open `notice` task for the publishing caseworker, with the period's end. */
export async function completeNoticeTask(
  trx: Tx,
  scope: Scope,
  stage: StageRow,
  batch: Pick<store.BatchRow, 'notice_no' | 'ends_at_epoch'>,
): Promise<void> {
  if (stage.assignee && stage.assignee !== scope.username)
    throw conflict(
      `申请 ${stage.application_no} 的公示任务已由 ${stage.assignee} 认领，请由其发布或先释放该任务`,
    );
  await completeTask(trx, actorOf(scope), stage.task_id, {
    comment: `列入公示 ${batch.notice_no}`,
    variables: { notice_ends_at: Number(batch.ends_at_epoch) },
  });
}

/**
 * Settles the household's open notice: it passes when no report is substantiated AND none is still being
 * investigated — a report nobody has checked when the period ends must not let the application through
 * unexamined; it goes back to verification (gw_notice's default branch), where the report is looked into.
 * Closes the batch once its last notice is settled. Returns 公示是否通过 (an already settled notice keeps its result).
 */
export async function settleNoticeOf(trx: Tx, householdId: number): Promise<boolean> {
  const notice = await store.latestNoticeOf(trx, householdId);
  if (!notice) return false;
  if (notice.passed !== null) return notice.passed;
  return settle(trx, notice);
}

async function settle(
  trx: Tx,
  notice: Pick<store.OpenNotice, 'id' | 'notice_no' | 'application_no' | 'batch_id'>,
) {
  const reports = await blockingReports(trx, notice.notice_no, notice.application_no);
  const passed = reports.substantiated === 0 && reports.pending === 0;
  await store.settleNotice(trx, notice.id, passed);
  if ((await store.openNoticeCount(trx, notice.notice_no)) === 0)
    await store.closeBatch(trx, notice.batch_id);
  return passed;
}

/**
 * Settles every open notice of a batch whose period is over — for a process that will not reach its timer
 * (withdrawn, terminated) or a worker that is behind; a timer that fires later reads the stored result.
 */
export async function settleBatch(trx: Tx, batch: Pick<store.BatchRow, 'id' | 'notice_no'>): Promise<void> {
  for (const notice of await store.noticesOf(trx, batch.notice_no))
    if (notice.passed === null) await settle(trx, { ...notice, batch_id: batch.id });
  await store.closeBatch(trx, batch.id);
}

onNode(ADMISSION, 'notice', {
  async beforeComplete(trx, ctx) {
    const notice = await store.latestNoticeOf(trx, ctx.instance.business_id);
    if (!notice || notice.passed !== null || notice.status !== 'published')
      throw conflict(
        '该申请尚未列入已发布的公示批次：请在“公示管理”中将其加入公示批次并发布，发布时自动完成本环节',
      );
  },
});

onNode(ADMISSION, 'notice_period', {
  async beforeLeave(trx, ctx) {
    await ctx.setVariables({ notice_passed: await settleNoticeOf(trx, ctx.instance.business_id) });
  },
});
