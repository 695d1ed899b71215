/**
 * Notice batches (公示, CJJ/T 196 6.2.1 item 3; A.3.12): a caseworker drafts a batch (period, channels, places),
 * puts on it the applications waiting at the `notice` stage of their admission process, and publishes it. Publishing
 * is one transaction: the masked notice PDF is rendered and recorded, and each application's `notice` task is
 * completed through the workflow engine with the period's end (`notice_ends_at`), which starts its timer.
 */
import type { Db, Tx } from '../db/knex.ts';
import { regionPrefix, type Scope } from '../access/scope.ts';
import { conflict, fieldError, notFound, validationFailed, type FieldError } from '../http/errors.ts';
import { documentById } from '../documents/store.ts';
import type { CreateBatchInput, UpdateBatchInput } from './schema.ts';
import { previewNoticeDocument, renderNoticeDocument } from './document.ts';
import { completeNoticeTask, settleBatch } from './workflow.ts';
import { atStage } from './stage-store.ts';
import * as store from './store.ts';

type Conn = Db | Tx;

export const BATCH_LABEL = '公示批次';

export async function batchOf(conn: Conn, scope: Scope, id: number, lock = false): Promise<store.BatchRow> {
  const batch = await store.findBatch(conn, scope, id, { lock });
  if (!batch) throw notFound(BATCH_LABEL);
  return batch;
}

function assertDraft(batch: store.BatchRow, what: string): void {
  if (batch.status !== 'draft')
    throw conflict(
      `公示批次 ${batch.notice_no} 已${batch.status === 'published' ? '发布' : '结束'}，不能${what}`,
    );
}

async function assertRegionUsable(conn: Conn, scope: Scope, code: string): Promise<void> {
  if (!code.startsWith(scope.regionPrefix) || !(await store.regionExists(conn, code)))
    throw fieldError('body.region_code', '行政区划代码不存在或不在您的管辖范围内');
}

export async function createBatch(trx: Tx, scope: Scope, input: CreateBatchInput): Promise<store.BatchRow> {
  const regionCode = input.region_code ?? scope.regionCode;
  await assertRegionUsable(trx, scope, regionCode);
  const { region_code: _region, ...fields } = input;
  const id = await store.insertBatch(trx, {
    ...fields,
    region_code: regionCode,
    notice_no: await store.nextBatchNo(trx, regionCode, input.starts_on.slice(0, 4)),
  });
  return batchOf(trx, scope, id);
}

export async function updateBatch(
  trx: Tx,
  scope: Scope,
  id: number,
  input: UpdateBatchInput,
): Promise<store.BatchRow> {
  const batch = await batchOf(trx, scope, id, true);
  assertDraft(batch, '修改');
  const starts = input.starts_on ?? batch.starts_on;
  const ends = input.ends_on ?? batch.ends_on;
  if (ends < starts)
    throw fieldError(input.ends_on ? 'body.ends_on' : 'body.starts_on', '公示截止时间不得早于开始时间');
  await store.updateBatch(trx, id, input);
  return batchOf(trx, scope, id);
}

export async function deleteBatch(trx: Tx, scope: Scope, id: number): Promise<void> {
  const batch = await batchOf(trx, scope, id, true);
  assertDraft(batch, '删除');
  await store.deleteBatch(trx, id);
}

/**
 * Replaces the applications of a draft batch. Each must be in the caller's scope and the batch's region, wait at
 * the `notice` stage, and not be on another notice whose result is open; faults are named per list index.
 */
export async function setApplications(
  trx: Tx,
  scope: Scope,
  id: number,
  householdIds: number[],
): Promise<store.BatchRow> {
  const batch = await batchOf(trx, scope, id, true);
  assertDraft(batch, '调整公示名单');
  const stages = new Map(
    (await atStage(trx, scope, [...new Set(householdIds)])).map((s) => [s.household_id, s]),
  );
  const others = new Map(
    (
      await store.onOtherOpenNotice(
        trx,
        batch.notice_no,
        [...stages.values()].map((s) => s.application_no),
      )
    ).map((o) => [o.application_no, o.notice_no]),
  );
  const batchPrefix = regionPrefix(batch.region_code);
  const errors: FieldError[] = [];
  const seen = new Set<number>();
  householdIds.forEach((householdId, index) => {
    const path = `body.household_ids.${index}`;
    const stage = stages.get(householdId);
    if (seen.has(householdId)) errors.push({ path, message: '重复的申请' });
    else if (!stage) errors.push({ path, message: '申请不存在、不在您的管辖范围内，或未处于“公示”环节' });
    else if (!stage.region_code.startsWith(batchPrefix))
      errors.push({
        path,
        message: `申请 ${stage.application_no} 不在本批公示的地区（${batch.region_name}）内`,
      });
    else if (others.has(stage.application_no))
      errors.push({
        path,
        message: `申请 ${stage.application_no} 已列入公示 ${others.get(stage.application_no)}，结果尚未确定`,
      });
    seen.add(householdId);
  });
  if (errors.length) throw validationFailed(errors);
  const rows = householdIds.map((householdId) => {
    const stage = stages.get(householdId)!;
    return { application_no: stage.application_no, region_code: stage.region_code };
  });
  await store.replaceNotices(trx, batch.notice_no, rows).catch((error: unknown) => {
    // Another draft took one of these applications between the check above and this insert.
    if ((error as { constraint?: string }).constraint === 'notices_one_open')
      throw conflict('名单中的申请刚被列入另一公示批次，请刷新后重试');
    throw error;
  });
  return batchOf(trx, scope, id);
}

/** Renders the masked notice, marks the batch published and completes every application's `notice` task. */
export async function publishBatch(trx: Tx, scope: Scope, id: number): Promise<store.BatchRow> {
  const batch = await batchOf(trx, scope, id, true);
  assertDraft(batch, '再次发布');
  const notices = await store.noticesOf(trx, batch.notice_no);
  if (notices.length === 0) throw conflict('公示批次中没有申请，请先加入待公示的申请');
  if (batch.starts_on < (await store.today(trx)))
    throw conflict(`公示开始时间 ${batch.starts_on} 已过：公示须自发布之日或之后开始，请修改公示期`);
  const stages = await atStage(
    trx,
    scope,
    notices.map((n) => n.household_id),
  );
  const stageOf = new Map(stages.map((s) => [s.household_id, s]));
  const gone = notices.filter((n) => !stageOf.has(n.household_id)).map((n) => n.application_no);
  if (gone.length) throw conflict(`以下申请已不在“公示”环节，请从名单中移除：${gone.join('、')}`);
  const { document } = await renderNoticeDocument(trx, batch);
  await store.updateBatch(trx, id, {
    status: 'published',
    published_at: trx.fn.now(),
    document_id: document.id,
  });
  for (const notice of notices)
    await completeNoticeTask(trx, scope, stageOf.get(notice.household_id)!, batch);
  return batchOf(trx, scope, id);
}

/** Closes a published batch after its period, settling the notices whose timer has not (or will not) come. */
export async function closeBatch(trx: Tx, scope: Scope, id: number): Promise<store.BatchRow> {
  const batch = await batchOf(trx, scope, id, true);
  if (batch.status !== 'published') throw conflict(`公示批次 ${batch.notice_no} 未发布或已结束`);
  if (batch.ends_on >= (await store.today(trx)))
    throw conflict(`公示期至 ${batch.ends_on} 止，期满后才能结束`);
  await settleBatch(trx, batch);
  return batchOf(trx, scope, id);
}

/**
 * The notice PDF of a batch: once published, the recorded one (what was posted); for a draft, a preview of what
 * publishing would print (no 文号 yet, nothing recorded).
 */
export async function batchDocument(conn: Conn, scope: Scope, id: number) {
  const batch = await batchOf(conn, scope, id);
  if (batch.status === 'draft')
    return { batch, content: await previewNoticeDocument(conn, batch), sha256: undefined };
  const document = await documentById(conn, batch.document_id!);
  if (!document) throw notFound('公示文件');
  return { batch, content: document.content, sha256: document.sha256 };
}
