import { beforeAll, describe, expect, it } from 'vitest';
import { useTestServer, type ApiClient } from '../test/harness.ts';
import * as engine from './engine.ts';
import { asTx, countersign, NANGANG, nangangCaseworker, twoStep, waiting } from './fixtures.ts';

const t = useTestServer();
let business = 9000;
let reviewer: ApiClient;
let caseworker: ApiClient;
let approver: ApiClient;
let admin: ApiClient;

const start = (processKey: string, variables: Record<string, unknown> = {}) =>
  asTx(t.db, 'nangang_caseworker', (trx) =>
    engine.startProcess(trx, nangangCaseworker, {
      processKey,
      businessType: 'test',
      businessId: ++business,
      regionCode: '230103001001',
      name: `测试 ${business}`,
      variables,
    }),
  );
const tasks = (processId: number, status?: string) => {
  const q = t.db('wf_tasks').where({ process_instance_id: processId }).orderBy('id');
  return status ? q.where({ status }) : q;
};
const instance = (id: number) => t.db('wf_process_instances').where({ id }).first();
const until = async (check: () => Promise<boolean>, ms = 10_000) => {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 200));
  }
  return false;
};

beforeAll(async () => {
  for (const def of [twoStep(), countersign('all'), countersign('any'), countersign('ratio', 0.5), waiting()])
    await engine.ensureDefinition(t.db, def);
  // Three signers of 南岗区: the demo users of its reviewer, caseworker and approver roles.
  reviewer = await t.as('nangang_reviewer');
  caseworker = await t.as('nangang_caseworker');
  approver = await t.as('nangang_approver');
  admin = await t.as('hrb_admin');
});

const SIGNERS = ['nangang_reviewer', 'nangang_caseworker', 'nangang_approver'];
const clients = () => ({
  nangang_reviewer: reviewer,
  nangang_caseworker: caseworker,
  nangang_approver: approver,
});
const sign = async (processId: number, username: keyof ReturnType<typeof clients>, decision: string) => {
  const task = (await tasks(processId)).find((x) => x.candidate_users.includes(username))!;
  return clients()[username].post(`/api/workflow/tasks/${task.id}/complete`, { decision });
};

describe('countersign', () => {
  it('all: waits for every signer; any fail denies', async () => {
    const passing = await start('wf_sign_all', { signers: SIGNERS });
    expect((await tasks(passing.id)).map((x) => x.candidate_users)).toEqual(SIGNERS.map((u) => [u]));
    // Each signer finds their own task among their candidates, by name.
    const inbox = await caseworker.get(
      `/api/workflow/tasks?view=candidate&q=${encodeURIComponent(passing.name)}`,
    );
    expect(inbox.body.items.map((i: { candidate_users: string[] }) => i.candidate_users)).toEqual([
      ['nangang_caseworker'],
    ]);
    for (const u of SIGNERS) expect((await sign(passing.id, u as never, 'pass')).status).toBe(200);
    expect(await instance(passing.id)).toMatchObject({ status: 'completed', outcome: 'approved' });

    const failing = await start('wf_sign_all', { signers: SIGNERS });
    await sign(failing.id, 'nangang_reviewer', 'fail');
    expect((await instance(failing.id)).status).toBe('running');
    await sign(failing.id, 'nangang_caseworker', 'pass');
    await sign(failing.id, 'nangang_approver', 'pass');
    expect(await instance(failing.id)).toMatchObject({ status: 'completed', outcome: 'denied' });
    expect((await instance(failing.id)).variables).toMatchObject({ pass: false, fail: true });
  });

  it('any: the first decision settles it and cancels the rest', async () => {
    const p = await start('wf_sign_any', { signers: SIGNERS });
    await sign(p.id, 'nangang_caseworker', 'pass');
    expect(await instance(p.id)).toMatchObject({ status: 'completed', outcome: 'approved' });
    expect((await tasks(p.id)).map((x) => x.status)).toEqual(['cancelled', 'completed', 'cancelled']);
  });

  it('ratio: settles as soon as the share of passes is reached, or can no longer be', async () => {
    const p = await start('wf_sign_ratio', { signers: SIGNERS });
    await sign(p.id, 'nangang_reviewer', 'pass');
    expect((await instance(p.id)).status).toBe('running');
    await sign(p.id, 'nangang_caseworker', 'pass'); // 2 of 3 ≥ 0.5
    expect(await instance(p.id)).toMatchObject({ status: 'completed', outcome: 'approved' });
    expect((await tasks(p.id)).map((x) => x.status)).toEqual(['completed', 'completed', 'cancelled']);

    const q = await start('wf_sign_ratio', { signers: SIGNERS });
    await sign(q.id, 'nangang_reviewer', 'fail');
    await sign(q.id, 'nangang_caseworker', 'fail'); // at most 1 of 3 can pass now
    expect(await instance(q.id)).toMatchObject({ status: 'completed', outcome: 'denied' });
  });

  it('falls back to the role when no signers are named, and adds a signer (加签)', async () => {
    const p = await start('wf_sign_all');
    const [only] = await tasks(p.id);
    expect(only).toMatchObject({ candidate_role: 'reviewer', candidate_users: [], region_code: NANGANG });
    const added = await reviewer.post(`/api/workflow/tasks/${only!.id}/add-signer`, {
      username: 'nangang_approver',
      comment: '请审批岗会签',
    });
    expect(added.status, JSON.stringify(added.body)).toBe(200);
    expect(added.body).toMatchObject({
      candidate_users: ['nangang_approver'],
      status: 'open',
      node_key: 'sign',
    });
    const twice = await reviewer.post(`/api/workflow/tasks/${only!.id}/add-signer`, {
      username: 'nangang_approver',
    });
    expect(twice.status).toBe(409);
    const unknown = await reviewer.post(`/api/workflow/tasks/${only!.id}/add-signer`, { username: 'ghost' });
    expect(unknown.body.errors[0].path).toBe('body.username');
    expect(
      (await reviewer.post(`/api/workflow/tasks/${only!.id}/complete`, { decision: 'pass' })).status,
    ).toBe(200);
    expect((await instance(p.id)).status).toBe('running');
    expect(
      (await approver.post(`/api/workflow/tasks/${added.body.id}/complete`, { decision: 'pass' })).status,
    ).toBe(200);
    expect(await instance(p.id)).toMatchObject({ status: 'completed', outcome: 'approved' });
    const types = (await engine.historyOf(t.db, p.id)).map((e) => e.type);
    expect(types).toContain('signer_added');
  });
});

describe('timers, parallel branches and SLA escalation', () => {
  it('joins a parallel branch with a timer signalled early', async () => {
    const p = await start('wf_waiting', { wake_at: Date.now() / 1000 + 3600 });
    const [check] = await tasks(p.id, 'open');
    expect(check!.node_key).toBe('check');
    await caseworker.post(`/api/workflow/tasks/${check!.id}/complete`, {});
    expect(
      (await engine.nodeInstancesOf(t.db, p.id)).filter((n) => n.status === 'active').map((n) => n.node_key),
    ).toEqual(['wait', 'join']);
    await asTx(t.db, 'system', (trx) => engine.signal(trx, p.id, 'wait'));
    const [after] = await tasks(p.id, 'open');
    // `process` participants sit in the instance's own region (here a community).
    expect(after).toMatchObject({ node_key: 'after', region_code: '230103001001' });
    expect((await t.db('wf_jobs').where({ kind: 'timer' }).whereNull('done_at')).length).toBe(0);
  });

  it('fires a due timer from the job queue', async () => {
    const p = await start('wf_waiting', { wake_at: Date.now() / 1000 + 1 });
    const [check] = await tasks(p.id, 'open');
    await caseworker.post(`/api/workflow/tasks/${check!.id}/complete`, {});
    expect(await until(async () => (await tasks(p.id, 'open')).some((x) => x.node_key === 'after'))).toBe(
      true,
    );
    expect((await engine.historyOf(t.db, p.id)).map((e) => e.type)).toContain('timer_fired');
  });

  it('marks a task overdue and escalates it to the parent region when its SLA job comes due', async () => {
    const p = await start('wf_two_step');
    const [task] = await tasks(p.id, 'open');
    const job = await t.db('wf_jobs').where({ task_id: task!.id, kind: 'sla' }).first();
    expect(job.run_at.getTime()).toBe(task!.due_at.getTime());
    await t.db('wf_jobs').where({ id: job.id }).update({ run_at: t.db.fn.now() });
    expect(await until(async () => (await t.db('wf_tasks').where({ id: task!.id }).first()).overdue)).toBe(
      true,
    );
    expect(await t.db('wf_tasks').where({ id: task!.id }).first()).toMatchObject({
      overdue: true,
      escalation_level: 1,
      region_code: '230100000000',
      home_region_code: NANGANG,
    });
    const escalated = (await engine.historyOf(t.db, p.id)).find((e) => e.type === 'escalated')!;
    expect(escalated.data).toMatchObject({ level: 1, from: NANGANG, to: '230100000000' });
    // The next escalation waits another SLA period.
    const next = await t.db('wf_jobs').where({ task_id: task!.id }).whereNull('done_at').first();
    expect(next.run_at.getTime() - Date.now()).toBeGreaterThan(71 * 3600_000);
    // Still the district caseworker's, and now listed as overdue for the city's monitors.
    const inbox = await caseworker.get(`/api/workflow/tasks?overdue=true&q=${encodeURIComponent(p.name)}`);
    expect(inbox.body.items.map((i: { id: number }) => i.id)).toEqual([task!.id]);
    const overdue = await t.as('hrb_approver').then((c) => c.get('/api/workflow/overdue'));
    expect(overdue.body.items.map((i: { id: number }) => i.id)).toContain(task!.id);
  });
});

describe('definitions as data, diagrams and statistics', () => {
  it('refuses an invalid definition with 400 naming each fault', async () => {
    const broken = twoStep('wf_broken');
    broken.transitions.push({ from: 'review', to: 'nowhere' });
    broken.transitions[2]!.condition = 'approve and';
    const res = await admin.post('/api/workflow/templates/import', broken);
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual([
      'body.transitions.2.condition',
      'body.transitions.7.to',
    ]);
    expect(res.body.errors[1].message).toBe('未知的节点键 nowhere');
    const shape = await admin.post('/api/workflow/templates/import', { key: 'Bad Key', name: '', nodes: [] });
    expect(shape.status).toBe(400);
    expect(shape.body.errors.map((e: { path: string }) => e.path)).toEqual([
      'body.key',
      'body.name',
      'body.nodes',
      'body.transitions',
    ]);
    const unreachable = twoStep('wf_unreachable');
    unreachable.nodes.push({
      key: 'island',
      name: '孤岛',
      type: 'task',
      participants: [{ role: 'caseworker', type: 'district' }],
    });
    unreachable.transitions.push({ from: 'island', to: 'approved' });
    const island = await admin.post('/api/workflow/templates/import', unreachable);
    expect(island.body.errors).toEqual([{ path: 'body.nodes.7', message: '节点 island 从开始节点不可达' }]);
    expect((await reviewer.post('/api/workflow/templates/import', twoStep('wf_x'))).status).toBe(403);
  });

  it('exports, imports as a new version, activates; running instances keep their version', async () => {
    const running = await start('wf_two_step');
    const list = await admin.get('/api/workflow/templates');
    const current = list.body.items.find(
      (x: { process_key: string; is_active: boolean }) => x.process_key === 'wf_two_step' && x.is_active,
    );
    const exported = await admin.get(`/api/workflow/templates/${current.id}/export`);
    expect(exported.body).toEqual(twoStep());
    const imported = await admin.post('/api/workflow/templates/import', {
      ...exported.body,
      name: '两步审批 v2',
    });
    expect(imported.status, JSON.stringify(imported.body)).toBe(201);
    expect(imported.body).toMatchObject({
      version: current.version + 1,
      is_active: false,
      name: '两步审批 v2',
    });
    const activated = await admin.post(`/api/workflow/templates/${imported.body.id}/activate`, {});
    expect(activated.body.is_active).toBe(true);
    const again = await start('wf_two_step');
    expect([(await instance(running.id)).template_id, again.template_id]).toEqual([
      current.id,
      imported.body.id,
    ]);
  });

  it('draws the template diagram with counts of active instances per node', async () => {
    const active = await t
      .db('wf_process_templates')
      .where({ process_key: 'wf_two_step', is_active: true })
      .first();
    await start('wf_two_step');
    await start('wf_two_step');
    const monitor = await t.as('hrb_approver');
    const detail = await monitor.get(`/api/workflow/templates/${active.id}`);
    expect(detail.status).toBe(200);
    expect(
      detail.body.nodes.find((n: { node_key: string }) => n.node_key === 'accept').active,
    ).toBeGreaterThanOrEqual(2);
    expect(detail.body.transitions).toContainEqual(
      expect.objectContaining({ from: 'gw', to: 'review', condition: 'approve', priority: 1 }),
    );
    const svg = await monitor.get(`/api/workflow/templates/${active.id}/diagram.svg?region=230103`);
    expect(svg.status).toBe(200);
    const count = /data-node="accept"[^]*?<g class="count" data-count="(\d+)"/.exec(svg.body);
    expect(Number(count?.[1])).toBe(
      detail.body.nodes.find((n: { node_key: string }) => n.node_key === 'accept').active,
    );
    const elsewhere = await monitor.get(`/api/workflow/templates/${active.id}/diagram.svg?region=230102`);
    expect(elsewhere.body).not.toMatch(/class="count"/);
  });

  it('answers statistics by process, node, handler and region', async () => {
    const monitor = await t.as('hrb_approver');
    for (const by of ['process', 'node', 'handler', 'region']) {
      const res = await monitor.get(`/api/workflow/stats?by=${by}`);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body.by).toBe(by);
      expect(res.body.items.length).toBeGreaterThan(0);
    }
    const byProcess = (await monitor.get('/api/workflow/stats?by=process')).body.items;
    const sign = byProcess.find((r: { key: string }) => r.key === 'wf_sign_all');
    expect(sign).toMatchObject({ total: 3, completed: 3, open: 0 });
    expect(sign.p50_hours).toBeGreaterThanOrEqual(0);
    const byHandler = (await monitor.get('/api/workflow/stats?by=handler&process=wf_sign_all')).body.items;
    expect(byHandler.find((r: { key: string }) => r.key === 'nangang_reviewer')).toMatchObject({
      total: 3,
      completed: 3,
    });
    // By region: the city's districts (the instances sit in a community of 南岗区).
    const byRegion = (await monitor.get('/api/workflow/stats?by=region')).body;
    expect(byRegion.region_code).toBe('230100000000');
    expect(byRegion.items.map((r: { key: string }) => r.key)).toEqual(['230103000000']);
    expect(byRegion.items[0].label).toBe('南岗区');
    const bad = await monitor.get('/api/workflow/stats?by=colour');
    expect(bad.body.errors[0].path).toBe('query.by');
  });
});
