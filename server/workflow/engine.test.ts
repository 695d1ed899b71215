import { beforeAll, describe, expect, it } from 'vitest';
import { useTestServer } from '../test/harness.ts';
import { AppError } from '../http/errors.ts';
import * as engine from './engine.ts';
import {
  asTx,
  cityApprover,
  countersign,
  daoliReviewer,
  NANGANG,
  nangangCaseworker,
  nangangReviewer,
  twoStep,
  waiting,
} from './fixtures.ts';

const t = useTestServer();
let business = 1000;
const ended: { id: number; outcome: string | null }[] = [];

engine.onProcessEnd('wf_two_step', (_trx, ctx) => {
  ended.push({ id: ctx.instance.id, outcome: ctx.outcome });
  return Promise.resolve();
});
engine.onNode('wf_two_step', 'review', {
  beforeComplete: (_trx, ctx) => {
    if (ctx.variables.block === true)
      throw new AppError(400, 'validation_failed', '数据校验未通过', '尚无方案');
    return Promise.resolve();
  },
});

const start = (key: string, variables: Record<string, unknown> = {}) =>
  asTx(t.db, 'nangang_caseworker', (trx) =>
    engine.startProcess(trx, nangangCaseworker, {
      processKey: key,
      businessType: 'test',
      businessId: ++business,
      regionCode: NANGANG,
      name: `测试 ${business}`,
      variables,
    }),
  );
const openTasks = async (id: number) =>
  (await engine.tasksOf(t.db, id)).filter((task) => ['open', 'claimed'].includes(task.status));
const instance = (id: number) => t.db('wf_process_instances').where({ id }).first();
const failure = async (promise: Promise<unknown>) => {
  try {
    await promise;
  } catch (err) {
    if (err instanceof AppError) return { status: err.status, errors: err.errors, detail: err.detail };
    throw err;
  }
  throw new Error('expected a failure');
};

beforeAll(async () => {
  for (const def of [twoStep(), countersign('all'), countersign('any'), countersign('ratio', 0.5), waiting()])
    await engine.ensureDefinition(t.db, def);
});

describe('workflow engine', () => {
  it('ensureDefinition imports once per content', async () => {
    const again = await engine.ensureDefinition(t.db, twoStep());
    expect(again.version).toBe(1);
    const changed = await engine.ensureDefinition(t.db, { ...twoStep(), name: '两步审批（改）' });
    expect([changed.version, changed.is_active]).toEqual([2, true]);
    const versions = await t
      .db('wf_process_templates')
      .where({ process_key: 'wf_two_step' })
      .orderBy('version');
    expect(versions.map((v) => v.is_active)).toEqual([false, true]);
  });

  it('runs task → exclusive gateway → task → end, with decisions as boolean variables and hooks', async () => {
    const process = await start('wf_two_step');
    const [accept] = await openTasks(process.id);
    expect(accept).toMatchObject({ node_key: 'accept', candidate_role: 'caseworker', region_code: NANGANG });
    expect(accept!.due_at!.getTime() - Date.now()).toBeGreaterThan(71 * 3600_000);
    // A reviewer of another district does not see it; a caseworker of the district completes it.
    expect(
      (await failure(asTx(t.db, 'daoli_reviewer', (trx) => engine.claimTask(trx, daoliReviewer, accept!.id))))
        .status,
    ).toBe(404);
    expect(
      (await failure(asTx(t.db, 'x', (trx) => engine.completeTask(trx, nangangCaseworker, accept!.id, {}))))
        .errors,
    ).toEqual([{ path: 'body.decision', message: '请选择决定：approve、deny' }]);
    await asTx(t.db, 'x', (trx) =>
      engine.completeTask(trx, nangangCaseworker, accept!.id, { decision: 'approve' }),
    );
    expect((await instance(process.id)).variables).toMatchObject({ approve: true, deny: false });
    const [review] = await openTasks(process.id);
    expect(review).toMatchObject({ node_key: 'review', candidate_role: 'reviewer' });
    // beforeComplete refuses while the business says no.
    await asTx(t.db, 'x', (trx) => engine.setVariables(trx, process.id, { block: true }));
    expect(
      (
        await failure(
          asTx(t.db, 'x', (trx) => engine.completeTask(trx, nangangReviewer, review!.id, { decision: 'ok' })),
        )
      ).status,
    ).toBe(400);
    await asTx(t.db, 'x', (trx) => engine.setVariables(trx, process.id, { block: false }));
    await asTx(t.db, 'x', (trx) => engine.completeTask(trx, nangangReviewer, review!.id, { decision: 'ok' }));
    const [final] = await openTasks(process.id);
    expect(final).toMatchObject({
      node_key: 'final',
      candidate_role: 'approver',
      region_code: '230100000000',
    });
    await asTx(t.db, 'x', (trx) => engine.completeTask(trx, cityApprover, final!.id));
    expect(await instance(process.id)).toMatchObject({ status: 'completed', outcome: 'approved' });
    expect(ended).toContainEqual({ id: process.id, outcome: 'approved' });
    const types = (await engine.historyOf(t.db, process.id)).map((e) => e.type);
    expect(types[0]).toBe('process_started');
    expect(types.at(-1)).toBe('process_ended');
    expect(types.filter((x) => x === 'completed')).toHaveLength(3);
  });

  it('takes the default branch when the decision is deny', async () => {
    const process = await start('wf_two_step');
    const [accept] = await openTasks(process.id);
    await asTx(t.db, 'x', (trx) =>
      engine.completeTask(trx, nangangCaseworker, accept!.id, { decision: 'deny' }),
    );
    expect(await instance(process.id)).toMatchObject({ status: 'completed', outcome: 'denied' });
  });

  it('refuses a second start for the same business object', async () => {
    const process = await start('wf_two_step');
    const again = await failure(
      asTx(t.db, 'x', (trx) =>
        engine.startProcess(trx, nangangCaseworker, {
          processKey: 'wf_two_step',
          businessType: 'test',
          businessId: process.business_id,
          regionCode: NANGANG,
          name: 'again',
        }),
      ),
    );
    expect(again.status).toBe(409);
  });
});
