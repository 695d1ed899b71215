/**
 * Business rules the admission process enforces through the engine's hooks (registered when the applications'
 * routes are loaded): a verifier who filed a report in this round of verification cannot complete the
 * countersign task with the opposite decision — the task's decision and the report say the same thing.
 */
import { conflict } from '../http/errors.ts';
import { onNode } from '../workflow/engine.ts';
import { ADMISSION_PROCESS_KEY } from './process.ts';
import { latestConclusion } from './application-store.ts';

const WORDS: Record<string, string> = { pass: '通过', fail: '不通过' };

onNode(ADMISSION_PROCESS_KEY, 'verify', {
  async beforeComplete(trx, ctx) {
    if (!ctx.decision || !(ctx.decision in WORDS)) return;
    const conclusion = await latestConclusion(
      trx,
      ctx.instance.business_id,
      ctx.actor.username,
      ctx.nodeInstance.entered_at,
    );
    if (conclusion && conclusion !== ctx.decision)
      throw conflict(
        `审核决定“${WORDS[ctx.decision]}”与您本轮审核报告的结论“${WORDS[conclusion] ?? conclusion}”不一致：请先补录审核报告`,
      );
  },
});
