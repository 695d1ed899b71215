import { beforeAll, describe, expect, it } from 'vitest';
import { useTestServer, type ApiClient } from '../test/harness.ts';
import * as engine from './engine.ts';
import { asTx, DAOLI, NANGANG, nangangCaseworker, twoStep } from './fixtures.ts';

const t = useTestServer();
let business = 5000;
let caseworker: ApiClient;
let caseworker2: ApiClient;
let reviewer: ApiClient;
let daoliReviewer: ApiClient;
let approver: ApiClient;

const start = (regionCode = NANGANG) =>
  asTx(t.db, 'nangang_caseworker', (trx) =>
    engine.startProcess(
      trx,
      { ...nangangCaseworker, regionPrefix: '' },
      {
        processKey: 'wf_two_step',
        businessType: 'test',
        businessId: ++business,
        regionCode,
        name: `申请 SQ-${business}`,
      },
    ),
  );
const openTask = async (processId: number) =>
  (
    await t.db('wf_tasks').where({ process_instance_id: processId }).whereIn('status', ['open', 'claimed'])
  )[0];

beforeAll(async () => {
  await engine.ensureDefinition(t.db, twoStep());
  caseworker = await t.as('nangang_caseworker');
  caseworker2 = await t.as('nangang_caseworker');
  reviewer = await t.as('nangang_reviewer');
  daoliReviewer = await t.as('daoli_reviewer');
  approver = await t.as('hrb_approver');
});

describe('task inbox and actions', () => {
  it('lists candidate tasks by role and region, claims and completes with a decision', async () => {
    const process = await start();
    const inbox = await caseworker.get(`/api/workflow/tasks?view=candidate&q=SQ-${business}`);
    expect(inbox.status).toBe(200);
    expect(inbox.body.total).toBe(1);
    const [item] = inbox.body.items;
    expect(item).toMatchObject({
      node_key: 'accept',
      node_name: '受理',
      status: 'open',
      region_code: NANGANG,
      decisions: [
        { code: 'approve', label: '同意' },
        { code: 'deny', label: '不同意' },
      ],
      process: { id: process.id, name: `申请 SQ-${business}`, business_type: 'test', region_code: NANGANG },
    });
    // A reviewer is not a candidate of the caseworker's task.
    expect((await reviewer.get(`/api/workflow/tasks?q=SQ-${business}`)).body.total).toBe(0);
    const claimed = await caseworker.post(`/api/workflow/tasks/${item.id}/claim`, {});
    expect(claimed.status, JSON.stringify(claimed.body)).toBe(200);
    expect(claimed.body).toMatchObject({ status: 'claimed', assignee: 'nangang_caseworker', version: 2 });
    expect((await caseworker.get(`/api/workflow/tasks?view=mine&q=SQ-${business}`)).body.total).toBe(1);
    const done = await caseworker.post(`/api/workflow/tasks/${item.id}/complete`, {
      decision: 'approve',
      comment: '材料齐全',
      version: 2,
    });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body).toMatchObject({ status: 'completed', decision: 'approve', comment: '材料齐全' });
    const detail = await reviewer.get(`/api/workflow/instances/${process.id}`);
    expect(detail.status).toBe(200);
    expect(detail.body.current_nodes).toEqual(['review']);
    expect(detail.body.instance.variables).toEqual({ approve: true, deny: false });
    expect(detail.body.events.map((e: { type: string }) => e.type)).toEqual([
      'process_started',
      'node_entered',
      'node_completed',
      'node_entered',
      'claimed',
      'completed',
      'node_completed',
      'node_entered',
      'node_completed',
      'node_entered',
    ]);
  });

  it('refuses bad input with field paths', async () => {
    const process = await start();
    const task = await openTask(process.id);
    const bad = await caseworker.post(`/api/workflow/tasks/${task.id}/complete`, {
      decision: 'maybe',
      variables: { 'Bad-Name': 1 },
      version: 0,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      'body.variables.Bad-Name',
      'body.version',
    ]);
    const unknown = await caseworker.post(`/api/workflow/tasks/${task.id}/complete`, { decision: 'maybe' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors).toEqual([{ path: 'body.decision', message: '决定须为 approve、deny 之一' }]);
    const noComment = await caseworker.post(`/api/workflow/tasks/${task.id}/return`, {});
    expect(noComment.status).toBe(400);
    expect(noComment.body.errors.map((e: { path: string }) => e.path)).toEqual(['body.comment']);
    const stale = await caseworker.post(`/api/workflow/tasks/${task.id}/complete`, {
      decision: 'approve',
      version: 7,
    });
    expect(stale.status).toBe(409);
    expect((await caseworker.get('/api/workflow/tasks?view=everything')).body.errors[0].path).toBe(
      'query.view',
    );
  });

  it('lets exactly one of two concurrent completions win', async () => {
    const process = await start();
    const task = await openTask(process.id);
    const results = await Promise.all([
      caseworker.post(`/api/workflow/tasks/${task.id}/complete`, { decision: 'approve' }),
      caseworker2.post(`/api/workflow/tasks/${task.id}/complete`, { decision: 'deny' }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const completions = await t
      .db('wf_events')
      .where({ task_id: task.id, type: 'completed' })
      .count({ n: '*' });
    expect(Number(completions[0]!.n)).toBe(1);
    expect(
      await t
        .db('wf_node_instances')
        .where({ process_instance_id: process.id, status: 'active' })
        .count({ n: '*' }),
    ).toEqual([{ n: 1 }]);
  });

  it('never shows a district user another district’s tasks: not listed, 404 by id', async () => {
    const process = await start();
    const task = await openTask(process.id);
    const list = await daoliReviewer.get('/api/workflow/tasks?view=all&page_size=500');
    expect(
      list.body.items.filter((i: { region_code: string }) => !i.region_code.startsWith('230102')),
    ).toEqual([]);
    for (const path of [`/api/workflow/tasks/${task.id}`, `/api/workflow/instances/${process.id}`]) {
      expect((await daoliReviewer.get(path)).status).toBe(404);
    }
    const claim = await daoliReviewer.post(`/api/workflow/tasks/${task.id}/claim`, {});
    expect(claim.status).toBe(404);
    expect((await openTask(process.id)).status).toBe('open');
    // A daoli case is found by the daoli reviewer once it reaches review.
    const own = await start(DAOLI);
    expect((await openTask(own.id)).region_code).toBe(DAOLI);
  });

  it('returns to the previous task, to the handler who did it', async () => {
    const process = await start();
    const accept = await openTask(process.id);
    await caseworker.post(`/api/workflow/tasks/${accept.id}/complete`, { decision: 'approve' });
    const review = await openTask(process.id);
    const back = await reviewer.post(`/api/workflow/tasks/${review.id}/return`, { comment: '缺收入证明' });
    expect(back.status, JSON.stringify(back.body)).toBe(200);
    expect(back.body.items).toHaveLength(1);
    expect(back.body.items[0]).toMatchObject({
      node_key: 'accept',
      status: 'claimed',
      assignee: 'nangang_caseworker',
    });
    const events = await t.db('wf_events').where({ process_instance_id: process.id, type: 'returned' });
    expect(events[0]).toMatchObject({ comment: '缺收入证明', actor: 'nangang_reviewer', node_key: 'review' });
    expect((await t.db('wf_tasks').where({ id: review.id }).first()).status).toBe('cancelled');
  });

  it('returns to any earlier task node by key, and refuses a node not on the path', async () => {
    const process = await start();
    await caseworker.post(`/api/workflow/tasks/${(await openTask(process.id)).id}/complete`, {
      decision: 'approve',
    });
    await reviewer.post(`/api/workflow/tasks/${(await openTask(process.id)).id}/complete`, {
      decision: 'ok',
    });
    const final = await openTask(process.id);
    expect(final.node_key).toBe('final');
    const wrong = await approver.post(`/api/workflow/tasks/${final.id}/return`, {
      to_node_key: 'final',
      comment: 'x',
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.errors[0].path).toBe('body.to_node_key');
    const back = await approver.post(`/api/workflow/tasks/${final.id}/return`, {
      to_node_key: 'accept',
      comment: '重新受理',
    });
    expect(back.status, JSON.stringify(back.body)).toBe(200);
    expect(back.body.items.map((i: { node_key: string }) => i.node_key)).toEqual(['accept']);
    const nodes = await t.db('wf_node_instances').where({ process_instance_id: process.id }).orderBy('id');
    expect(nodes.filter((n) => n.status === 'returned').map((n) => n.node_key)).toEqual(['final']);
  });

  it('withdraws before the next handler claims, and refuses after (409)', async () => {
    const process = await start();
    const accept = await openTask(process.id);
    await caseworker.post(`/api/workflow/tasks/${accept.id}/complete`, { decision: 'approve' });
    const w = await caseworker.post(`/api/workflow/tasks/${accept.id}/withdraw`, { comment: '填错了' });
    expect(w.status, JSON.stringify(w.body)).toBe(200);
    expect(w.body.items[0]).toMatchObject({
      node_key: 'accept',
      status: 'claimed',
      assignee: 'nangang_caseworker',
    });
    const nodes = await t.db('wf_node_instances').where({ process_instance_id: process.id }).orderBy('id');
    expect(nodes.filter((n) => n.status === 'withdrawn').map((n) => n.node_key)).toEqual(['review']);
    // Again, but the reviewer claims first.
    const again = w.body.items[0];
    await caseworker.post(`/api/workflow/tasks/${again.id}/complete`, { decision: 'approve' });
    await reviewer.post(`/api/workflow/tasks/${(await openTask(process.id)).id}/claim`, {});
    const late = await caseworker.post(`/api/workflow/tasks/${again.id}/withdraw`, {});
    expect(late.status).toBe(409);
    expect(late.body.detail).toBe('下一环节的办理人已认领，不能撤回');
    // Someone else cannot withdraw my task.
    expect((await reviewer.post(`/api/workflow/tasks/${again.id}/withdraw`, {})).status).toBe(409);
  });

  it('delegates to a user of the region, not to one outside it', async () => {
    const process = await start();
    const task = await openTask(process.id);
    const outside = await caseworker.post(`/api/workflow/tasks/${task.id}/delegate`, {
      to: 'daoli_caseworker',
    });
    expect(outside.status).toBe(400);
    expect(outside.body.errors[0].path).toBe('body.to');
    const nobody = await caseworker.post(`/api/workflow/tasks/${task.id}/delegate`, { to: 'nobody_here' });
    expect(nobody.body.errors[0].path).toBe('body.to');
    const ok = await caseworker.post(`/api/workflow/tasks/${task.id}/delegate`, {
      to: 'nangang_reviewer',
      comment: '请代办',
    });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body).toMatchObject({
      assignee: 'nangang_reviewer',
      owner: 'nangang_caseworker',
      status: 'claimed',
    });
    // The delegate finds it in their own inbox and completes it; the delegator no longer can.
    const mine = await reviewer.get(`/api/workflow/tasks?view=mine&q=SQ-${process.business_id}`);
    expect(mine.body.items.map((i: { id: number }) => i.id)).toEqual([task.id]);
    expect(
      (await caseworker.post(`/api/workflow/tasks/${task.id}/complete`, { decision: 'approve' })).status,
    ).toBe(409);
    expect(
      (await reviewer.post(`/api/workflow/tasks/${task.id}/complete`, { decision: 'approve' })).status,
    ).toBe(200);
  });

  it('draws the instance diagram with the current node highlighted', async () => {
    const process = await start();
    const res = await reviewer.get(`/api/workflow/instances/${process.id}/diagram.svg`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
    expect(res.body).toMatch(/^<svg /);
    expect(res.body).toMatch(/<g class="node current" data-node="accept"/);
    expect(res.body).toMatch(/<g class="node visited" data-node="start"/);
  });
});
