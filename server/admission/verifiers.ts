/**
 * Assigning verifiers (6.2.1 审核: 指定审核人) while an application is accepted: the usernames go into the admission
 * process's `verifiers` variable, from which the engine makes one countersign task each at `verify` (without
 * any, the district's reviewers share one task). Each must be an enabled account that may verify and whose region
 * covers the household — anyone else could never open the case they are to verify.
 */
import type { Tx } from '../db/knex.ts';
import { inScope, regionPrefix, type Scope } from '../access/scope.ts';
import { permissionsOf } from '../access/permissions.ts';
import { conflict, notFound, validationFailed, type FieldError } from '../http/errors.ts';
import { setVariables } from '../workflow/engine.ts';
import { findHousehold } from './store.ts';
import { HOUSEHOLD_LABEL } from './service.ts';
import { staffByNames } from './application-store.ts';
import { stageOf } from './stage-store.ts';

export async function assignVerifiers(
  trx: Tx,
  scope: Scope,
  householdId: number,
  usernames: string[],
): Promise<void> {
  const household = await findHousehold(trx, scope, householdId);
  if (!household) throw notFound(HOUSEHOLD_LABEL);
  const { stage, process_instance_id } = await stageOf(trx, householdId);
  if (stage !== 'accept' || process_instance_id === null)
    throw conflict(`审核人在受理（accept）阶段指定；申请当前处于“${stage ?? '未进入流程'}”阶段`);
  const staff = new Map((await staffByNames(trx, usernames)).map((s) => [s.username.toLowerCase(), s]));
  const errors: FieldError[] = [];
  const names: string[] = [];
  usernames.forEach((name, index) => {
    const path = `body.usernames.${index}`;
    const user = staff.get(name.toLowerCase());
    if (!user || user.disabled) errors.push({ path, message: `没有启用的用户 ${name}` });
    else if (!permissionsOf(user.roles).includes('applications.verify'))
      errors.push({ path, message: `用户 ${name} 没有审核申请的权限` });
    else if (!inScope({ regionPrefix: regionPrefix(user.region_code) }, household.region_code))
      errors.push({ path, message: `用户 ${name} 的辖区不含该申请家庭，无法查看案卷` });
    else names.push(user.username);
  });
  if (errors.length) throw validationFailed(errors);
  await setVariables(trx, process_instance_id, { verifiers: [...new Set(names)] });
}
