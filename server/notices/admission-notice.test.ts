/**
 * The notice stage inside the real admission process (server/admission/process.ts, as the seeds activate it):
 * accepted and verified applications are published on a notice; when the period ends, a clean notice moves on to
 * first review and one with a substantiated report goes back to verification (gw_notice).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestServer, type ApiClient } from '../test/harness.ts';
import { instanceOf, signal, startProcess, SYSTEM_ACTOR } from '../workflow/engine.ts';
import { completeOpenTask } from '../admission/application-fixtures.ts';
import { insertHousehold, type TestHousehold } from '../documents/fixtures.ts';

const t = useTestServer();
let caseworker: ApiClient;

/** A household whose admission process was accepted and verified: it waits at `notice`. */
async function verified(name: string): Promise<TestHousehold> {
  const household = await insertHousehold(t.db, '230103', { applicant_name: name });
  await t.db.transaction((trx) =>
    startProcess(trx, SYSTEM_ACTOR, {
      processKey: 'admission',
      businessType: 'household',
      businessId: household.id,
      regionCode: household.region_code,
      name: `准入登记 ${household.application_no}`,
    }),
  );
  expect(await completeOpenTask(t.db, household.id, 'accept', 'nangang_caseworker', 'submit')).toBe(true);
  expect(await completeOpenTask(t.db, household.id, 'verify', 'nangang_reviewer', 'pass')).toBe(true);
  expect(await activeNodes(household)).toEqual(['notice']);
  return household;
}

async function activeNodes(household: TestHousehold): Promise<string[]> {
  const instance = (await instanceOf(t.db, 'household', household.id))!;
  return t
    .db('wf_node_instances')
    .where({ process_instance_id: instance.id, status: 'active' })
    .orderBy('id')
    .pluck('node_key');
}

async function endPeriod(household: TestHousehold): Promise<void> {
  const instance = (await instanceOf(t.db, 'household', household.id))!;
  await t.db.transaction((trx) => signal(trx, instance.id, 'notice_period'));
}

beforeAll(async () => {
  caseworker = await t.as('nangang_caseworker');
});

describe('the notice stage of the admission process', () => {
  it('moves a clean notice on to first review and a substantiated report back to verification', async () => {
    const [clean, reported] = [await verified('沈清白'), await verified('韩有房')];
    const { rows } = await t.db.raw(`SELECT (now() AT TIME ZONE 'Asia/Shanghai')::date::text AS today`);
    const body = {
      title: '准入流程公示',
      starts_on: rows[0].today,
      ends_on: rows[0].today,
      channels: ['internet'],
      places: ['区政府网站'],
      contact: '电话 0451-86001234',
    };
    const created = await caseworker.post('/api/notices/batches', body);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.id as number;
    const candidates = await caseworker.get(`/api/notices/batches/${id}/candidates`);
    expect(candidates.body.items.map((c: { household_id: number }) => c.household_id)).toEqual(
      expect.arrayContaining([clean.id, reported.id]),
    );
    await caseworker.request('PUT', `/api/notices/batches/${id}/applications`, {
      household_ids: [clean.id, reported.id],
    });
    const published = await caseworker.post(`/api/notices/batches/${id}/publish`);
    expect(published.status, JSON.stringify(published.body)).toBe(200);
    expect(await activeNodes(clean)).toEqual(['notice_period']);

    const report = await caseworker.post(`/api/notices/batches/${id}/reports`, {
      household_id: reported.id,
      content: '该户在外区另有住房',
      channel: 'letter',
    });
    expect(report.status, JSON.stringify(report.body)).toBe(201);
    await caseworker.request('PUT', `/api/notices/reports/${report.body.id}/investigation`, {
      investigator: '李查证',
      investigation_method: '不动产登记信息比对',
      investigation_result: '属实：名下有住房一套',
      substantiated: true,
    });

    await endPeriod(clean);
    await endPeriod(reported);
    expect(await activeNodes(clean)).toEqual(['first_review']);
    expect(await activeNodes(reported)).toEqual(['verify']);
    const detail = (await caseworker.get(`/api/notices/batches/${id}`)).body;
    expect(detail.status).toBe('closed');
    expect(
      Object.fromEntries(
        detail.notices.map((n: { household_id: number; passed: boolean }) => [n.household_id, n.passed]),
      ),
    ).toEqual({ [clean.id]: true, [reported.id]: false });

    // Re-verified, the application can be put on a new notice: the failed one is settled.
    expect(await completeOpenTask(t.db, reported.id, 'verify', 'nangang_reviewer', 'pass')).toBe(true);
    const again = await caseworker.post('/api/notices/batches', body);
    expect(again.status, JSON.stringify(again.body)).toBe(201);
    const put = await caseworker.request('PUT', `/api/notices/batches/${again.body.id}/applications`, {
      household_ids: [reported.id],
    });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
  });
});
