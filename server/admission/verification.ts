/**
 * Verification (6.2.1 审核): a verifier sets 审核状态 on each housing, member and asset record and concludes with a
 * report (pass/fail and findings). The countersign task of the `verify` node is completed in the inbox afterwards;
 * this only records what was found, in the same words the case page shows.
 */
import type { Tx } from '../db/knex.ts';
import type { Scope } from '../access/scope.ts';
import { conflict, notFound, validationFailed, type FieldError } from '../http/errors.ts';
import { findHousehold } from './store.ts';
import { HOUSEHOLD_LABEL } from './service.ts';
import { insertReport, ownerOf, setReview } from './application-store.ts';
import { stageOf } from './stage-store.ts';
import type { VerificationInput } from './application-schema.ts';

export async function recordVerification(
  trx: Tx,
  scope: Scope,
  householdId: number,
  input: VerificationInput,
): Promise<number> {
  const household = await findHousehold(trx, scope, householdId);
  if (!household) throw notFound(HOUSEHOLD_LABEL);
  const { stage } = await stageOf(trx, householdId);
  // Households entered before the workflow have no stage; an application in the process is verified in `verify`.
  if (stage !== null && stage !== 'verify')
    throw conflict(`申请当前处于“${stage}”阶段，只有审核（verify）阶段可以录入审核结果`);
  const review = { reviewer: scope.username, handling_stage: stage };
  const unknown: FieldError[] = [];
  for (const [index, record] of input.records.entries()) {
    const found = await setReview(trx, record.kind, householdId, record.id, {
      ...review,
      review_status: record.status,
    });
    if (!found)
      unknown.push({ path: `body.records.${index}.id`, message: `本申请没有编号为 ${record.id} 的该类记录` });
  }
  if (unknown.length) throw validationFailed(unknown);
  return insertReport(trx, ownerOf(household), {
    verifier: scope.username,
    conclusion: input.conclusion,
    findings: input.findings,
    handling_stage: stage,
  });
}
