/**
 * The whole admission path through the HTTP API, as the staff would walk it: a caseworker enters the application
 * and assigns the verifier, the verifier verifies, the caseworker publishes the notice, a report comes in and is
 * investigated, the period ends (the timer job fires in the server's worker), the district reviewer computes the
 * plan and approves, the city approver confirms, and the household is registered: in the registry book, waiting,
 * with its approval notice a real PDF naming the applicant.
 */
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { seedRules } from '../rules/seed.ts';
import { useTestServer, type ApiClient } from '../test/harness.ts';
import { applicationBody, communityIn, person } from './application-fixtures.ts';

const t = useTestServer();
let caseworker: ApiClient;
let reviewer: ApiClient;
let approver: ApiClient;

async function pdfText(bytes: Buffer): Promise<string> {
  const pdf = await getDocument({ data: new Uint8Array(bytes) }).promise;
  const pages = await Promise.all(
    Array.from({ length: pdf.numPages }, async (_, i) => (await pdf.getPage(i + 1)).getTextContent()),
  );
  return pages.flatMap((page) => page.items.map((item) => ('str' in item ? item.str : ''))).join('');
}

/** The user's one open task of the household at `node`: claimed and completed through the inbox routes. */
async function work(client: ApiClient, householdId: number, node: string, decision: string, comment: string) {
  const inbox = await client.get(`/api/workflow/tasks?view=all&process=admission&node=${node}`);
  expect(inbox.status).toBe(200);
  const task = (inbox.body.items as { id: number; process: { business_id: number } }[]).find(
    (item) => item.process.business_id === householdId,
  );
  expect(task, `${node} task of ${householdId} in the inbox`).toBeDefined();
  const claimed = await client.post(`/api/workflow/tasks/${task!.id}/claim`, {});
  expect(claimed.status, JSON.stringify(claimed.body)).toBe(200);
  const done = await client.post(`/api/workflow/tasks/${task!.id}/complete`, { decision, comment });
  expect(done.status, JSON.stringify(done.body)).toBe(200);
}

const stageOf = async (id: number) => (await caseworker.get(`/api/applications/${id}`)).body.stage as string;

/** Waits for the server's job worker (it polls every second) to move the application on. */
async function stageBecomes(id: number, wanted: string): Promise<void> {
  for (let i = 0; i < 100 && (await stageOf(id)) !== wanted; i++)
    await new Promise((resolve) => setTimeout(resolve, 100));
  expect(await stageOf(id)).toBe(wanted);
}

beforeAll(async () => {
  await seedRules(t.db); // first review computes the plan from the city's enabled rules
  [caseworker, reviewer, approver] = await Promise.all([
    t.as('daoli_caseworker'),
    t.as('daoli_reviewer'),
    t.as('hrb_approver'),
  ]);
});

describe('admission from application to registration, through the API', () => {
  it('apply → verify → notice with a report → first review → second review → registered', async () => {
    const community = await communityIn(t.db, '230102');
    const applicant = person('赵国庆', '19790301', true, '230102');
    const created = await caseworker.post(
      '/api/applications',
      applicationBody(
        community,
        {
          applicant,
          spouse: person('钱丽华', '19810422', false, '230102'),
          child: person('赵小雨', '20120915', false, '230102'),
        },
        // One rented 30 m² flat for three: 10 m² a head, under the city's 15 m² line for public rental housing.
        {
          housing: [
            { address_district: community.district, occupancy: '03', floor_area: 30, rent: '800.00' },
          ],
        },
      ),
    );
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.household.id as number;
    expect(created.body.stage).toBe('accept');

    // 受理: the verifier is named, then the task is done.
    const assigned = await caseworker.request('PUT', `/api/applications/${id}/verifiers`, {
      usernames: ['daoli_reviewer'],
    });
    expect(assigned.status, JSON.stringify(assigned.body)).toBe(200);
    expect(assigned.body.process.verifiers).toEqual(['daoli_reviewer']);
    await work(caseworker, id, 'accept', 'submit', '材料齐全，受理');
    expect(await stageOf(id)).toBe('verify');

    // 审核: the verifier records the results and a report, then passes the countersign task.
    const verified = await reviewer.post(`/api/applications/${id}/verification`, {
      conclusion: 'pass',
      findings: '入户核查属实',
    });
    expect(verified.status, JSON.stringify(verified.body)).toBe(201);
    await work(reviewer, id, 'verify', 'pass', '审核通过');
    expect(await stageOf(id)).toBe('notice');

    // 公示: a batch starting today, the application on it, published (the masked notice PDF is rendered).
    const { rows } = await t.db.raw<{ rows: { today: string }[] }>(
      `SELECT (now() AT TIME ZONE 'Asia/Shanghai')::date::text AS today`,
    );
    const batch = await caseworker.post('/api/notices/batches', {
      title: '道里区公共租赁住房保障对象公示',
      starts_on: rows[0]!.today,
      ends_on: rows[0]!.today,
      channels: ['announcement', 'internet'],
      places: ['社区公示栏'],
      contact: '电话 0451-84661234',
    });
    expect(batch.status, JSON.stringify(batch.body)).toBe(201);
    const batchId = batch.body.id as number;
    const listed = await caseworker.request('PUT', `/api/notices/batches/${batchId}/applications`, {
      household_ids: [id],
    });
    expect(listed.status, JSON.stringify(listed.body)).toBe(200);
    const published = await caseworker.post(`/api/notices/batches/${batchId}/publish`);
    expect(published.status, JSON.stringify(published.body)).toBe(200);
    expect(await stageOf(id)).toBe('notice_period');
    const noticePdf = await caseworker.request(
      'GET',
      `/api/notices/batches/${batchId}/document.pdf`,
      undefined,
      {
        binary: true,
      },
    );
    expect(noticePdf.headers.get('content-type')).toBe('application/pdf');
    const noticeText = await pdfText(noticePdf.body as Buffer);
    expect(noticeText).toContain('赵*庆');
    expect(noticeText).not.toContain('赵国庆');
    expect(noticeText).not.toContain(applicant.id_number);

    // 举报 during the period, investigated and found untrue.
    const report = await caseworker.post(`/api/notices/batches/${batchId}/reports`, {
      household_id: id,
      content: '该户有车辆未申报',
      channel: 'phone',
    });
    expect(report.status, JSON.stringify(report.body)).toBe(201);
    const investigated = await caseworker.request(
      'PUT',
      `/api/notices/reports/${report.body.id}/investigation`,
      {
        investigator: '道里区住房保障中心 刘明',
        investigation_method: '车管所信息比对',
        investigation_result: '名下无机动车登记',
        substantiated: false,
      },
    );
    expect(investigated.status, JSON.stringify(investigated.body)).toBe(200);

    // The period ends: its timer job is brought due now instead of at midnight (the server's worker fires it).
    const moved = await t
      .db('wf_jobs')
      .whereNull('done_at')
      .where({ kind: 'timer' })
      .whereIn(
        'node_instance_id',
        t
          .db('wf_node_instances as n')
          .join('wf_process_instances as p', 'p.id', 'n.process_instance_id')
          .where({ 'p.business_id': id, 'n.node_key': 'notice_period', 'n.status': 'active' })
          .select('n.id'),
      )
      .update({ run_at: t.db.fn.now() });
    expect(moved).toBe(1);
    await stageBecomes(id, 'first_review');

    // 初审: without a plan the reviewer cannot approve; with the rules engine's plan they can.
    const inbox = await reviewer.get('/api/workflow/tasks?view=all&node=first_review');
    const task = (inbox.body.items as { id: number; process: { business_id: number } }[]).find(
      (item) => item.process.business_id === id,
    )!;
    await reviewer.post(`/api/workflow/tasks/${task.id}/claim`, {});
    const early = await reviewer.post(`/api/workflow/tasks/${task.id}/complete`, { decision: 'approve' });
    expect(early.status).toBe(409);
    const plan = await reviewer.post(`/api/applications/${id}/plan`, {});
    expect(plan.status).toBe(200);
    expect(plan.body.mode_code).toBe('GZ-PZ');
    expect(plan.body.eligible_modes).toContain('GZ-PZ');
    const approved = await reviewer.post(`/api/workflow/tasks/${task.id}/complete`, {
      decision: 'approve',
      comment: '符合条件',
    });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    expect(await stageOf(id)).toBe('second_review');

    // 复审 at the city, then registered.
    await work(approver, id, 'second_review', 'approve', '准予登记');
    const finished = await caseworker.get(`/api/applications/${id}`);
    expect(finished.body.stage).toBe('registered');
    expect(finished.body.process.outcome).toBe('approved');
    expect(finished.body.household.waiting_status).toBe('waiting');

    const registry = await caseworker.get(`/api/registry?q=${created.body.household.application_no}`);
    expect(registry.body.items).toHaveLength(1);
    expect(registry.body.items[0].applicant_name).toBe('赵国庆');

    const notice = await caseworker.request(
      'GET',
      `/api/applications/${id}/notices/approved.pdf`,
      undefined,
      {
        binary: true,
      },
    );
    expect(notice.status).toBe(200);
    expect((notice.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');
    const text = await pdfText(notice.body as Buffer);
    expect(text).toContain('准予登记通知书');
    expect(text).toContain('赵国庆');

    // The history holds every step in order.
    const instance = await caseworker.get(`/api/workflow/instances/${finished.body.process.instance_id}`);
    const events = instance.body.events as { type: string; node_key: string | null; actor: string }[];
    const completed = events.filter((e) => e.type === 'completed').map((e) => [e.node_key, e.actor]);
    expect(completed).toEqual([
      ['accept', 'daoli_caseworker'],
      ['verify', 'daoli_reviewer'],
      ['notice', 'daoli_caseworker'],
      ['first_review', 'daoli_reviewer'],
      ['second_review', 'hrb_approver'],
    ]);
    expect(events.filter((e) => e.type === 'timer_fired').map((e) => e.node_key)).toEqual(['notice_period']);
    expect(events.at(-1)!.type).toBe('process_ended');
  });
});
