/**
 * Where an application stands in its admission process (流程节点, server/admission/process.ts): the key of the
 * active task node of the household's running `admission` instance. Plans are computed at 初审 and modified at
 * 复审 only; the stage (admission/stage-store.ts stageOf) is read inside the caller's transaction, after the household row was
 * locked.
 */
export const ADMISSION_PROCESS = 'admission';
export const HOUSEHOLD_BUSINESS = 'household';

/** Names of the admission nodes a message may mention. */
export const STAGE_NAMES: Record<string, string> = {
  accept: '受理',
  verify: '审核',
  notice: '公示',
  notice_period: '公示期',
  first_review: '初审',
  second_review: '复审',
};
