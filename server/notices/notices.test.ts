import { beforeAll, describe, expect, it } from 'vitest';
import { useTestServer, type ApiClient } from '../test/harness.ts';
import {
  completeTask,
  ensureDefinition,
  instanceOf,
  signal,
  startProcess,
  tasksOf,
} from '../workflow/engine.ts';
import { insertHousehold, pdfText, type TestHousehold } from '../documents/fixtures.ts';
import { conformanceReport } from '../../db/conformance.ts';

const t = useTestServer();

/**
 * The notice part of the admission process on its own (process key `admission`, so the notice hooks apply):
 * start → notice → notice_period → gw_notice → passed | failed. Outcomes other than approved/denied keep the
 * registration hooks out of these tests.
 */
const NOTICE_PROCESS = {
  key: 'admission',
  name: '公示测试流程',
  variables: { notice_passed: 'boolean', notice_ends_at: 'number' },
  nodes: [
    { key: 'start', name: '开始', type: 'start' },
    { key: 'notice', name: '公示', type: 'task', participants: [{ role: 'caseworker', type: 'district' }] },
    {
      key: 'notice_period',
      name: '公示期',
      type: 'timer',
      extension: { timer: { until_variable: 'notice_ends_at' } },
    },
    { key: 'gw_notice', name: '公示结果', type: 'exclusive' },
    { key: 'passed', name: '公示通过', type: 'end', extension: { outcome: 'notice_test_passed' } },
    { key: 'failed', name: '公示未通过', type: 'end', extension: { outcome: 'notice_test_failed' } },
  ],
  transitions: [
    { from: 'start', to: 'notice' },
    { from: 'notice', to: 'notice_period' },
    { from: 'notice_period', to: 'gw_notice' },
    { from: 'gw_notice', to: 'passed', condition: 'notice_passed', priority: 1 },
    { from: 'gw_notice', to: 'failed', priority: 2 },
  ],
};

const SYSTEM = { username: 'system', roles: [], regionCode: '', regionPrefix: '' };

let caseworker: ApiClient;
let serial = 0;

/** A household of `district` whose admission process waits at the `notice` task. */
async function atNotice(district: string, name: string): Promise<TestHousehold> {
  serial += 1;
  const household = await insertHousehold(t.db, district, {
    applicant_name: name,
    id_number: `2301031985061${String(20000 + serial)}`,
    phone: `139${String(10000000 + serial)}`,
  });
  await t.db.transaction((trx) =>
    startProcess(trx, SYSTEM, {
      processKey: 'admission',
      businessType: 'household',
      businessId: household.id,
      regionCode: household.region_code,
      name: `准入登记 ${household.application_no}`,
    }),
  );
  return household;
}

/** A date `days` from today in Beijing, YYYY-MM-DD. */
async function day(days: number): Promise<string> {
  const { rows } = await t.db.raw(
    `SELECT ((now() AT TIME ZONE 'Asia/Shanghai')::date + ?::int)::text AS day`,
    [days],
  );
  return rows[0].day as string;
}

const batchBody = async (extra: Record<string, unknown> = {}) => ({
  title: '2026年第一批住房保障申请审核结果公示',
  starts_on: await day(0),
  ends_on: await day(13),
  channels: ['announcement', 'internet'],
  places: ['社区公示栏', '区政府网站'],
  contact: '电话 0451-86001234',
  ...extra,
});

const count = async (table: string) => Number((await t.db(table).count({ n: '*' }).first())!.n);

/** Creates a batch with these households and publishes it; returns the published batch. */
async function published(households: TestHousehold[], extra: Record<string, unknown> = {}) {
  const created = await caseworker.post('/api/notices/batches', await batchBody(extra));
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const put = await caseworker.request('PUT', `/api/notices/batches/${created.body.id}/applications`, {
    household_ids: households.map((h) => h.id),
  });
  expect(put.status, JSON.stringify(put.body)).toBe(200);
  const res = await caseworker.post(`/api/notices/batches/${created.body.id}/publish`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

async function processOf(household: TestHousehold) {
  const instance = (await instanceOf(t.db, 'household', household.id))!;
  const { rows } = await t.db.raw(
    `SELECT node_key FROM wf_node_instances WHERE process_instance_id = ? AND status = 'active'`,
    [instance.id],
  );
  return { instance, active: rows.map((r: { node_key: string }) => r.node_key) };
}

/** Ends the notice period of a household's process now (what the timer does at notice_ends_at). */
async function endPeriod(household: TestHousehold) {
  const { instance } = await processOf(household);
  await t.db.transaction((trx) => signal(trx, instance.id, 'notice_period'));
  return processOf(household);
}

beforeAll(async () => {
  await ensureDefinition(t.db, NOTICE_PROCESS);
  caseworker = await t.as('nangang_caseworker');
});

describe('Appendix A', () => {
  it('implements every field of A.3.12 公示信息 and A.3.13 公示期间举报信息', async () => {
    const report = await conformanceReport(t.db);
    const of = (clause: string) => report.find((r) => r.clause === clause)!;
    expect(of('A.3.12')).toMatchObject({ tables: ['notice_batches', 'notices'], required: 8, missing: [] });
    expect(of('A.3.13')).toMatchObject({ tables: ['notice_reports'], required: 9, missing: [] });
  });
});

describe('notice batches', () => {
  it('drafts a batch, lists the candidates, names its applications and publishes it in one go', async () => {
    const [a, b] = [await atNotice('230103', '张三丰'), await atNotice('230103', '欧阳志明')];
    const created = await caseworker.post('/api/notices/batches', await batchBody());
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const candidates = await caseworker.get(`/api/notices/batches/${created.body.id}/candidates`);
    expect(candidates.status).toBe(200);
    const ids = candidates.body.items.map((c: { household_id: number }) => c.household_id);
    expect(ids).toEqual(expect.arrayContaining([a.id, b.id]));
    expect(created.body).toMatchObject({
      status: 'draft',
      region_code: '230103000000',
      region_name: '南岗区',
      channels: [
        { code: 'announcement', label: '公告' },
        { code: 'internet', label: '网络' },
      ],
      notices: [],
    });
    expect(created.body.notice_no).toMatch(/^GS-\d{4}-230103-\d{3}$/);
    const id = created.body.id as number;
    expect((await caseworker.post(`/api/notices/batches/${id}/publish`)).status).toBe(409); // empty

    const put = await caseworker.request('PUT', `/api/notices/batches/${id}/applications`, {
      household_ids: [a.id, b.id],
    });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    expect(put.body.notices.map((n: { application_no: string }) => n.application_no).sort()).toEqual(
      [a.application_no, b.application_no].sort(),
    );
    expect(put.body.notices[0]).toMatchObject({
      handling_stage: 'notice',
      passed: null,
      personal_data_masked: false,
    });

    // A draft's PDF is a preview: no 文号 yet, nothing recorded.
    const documents = await count('generated_documents');
    const preview = await caseworker.request('GET', `/api/notices/batches/${id}/document.pdf`, undefined, {
      binary: true,
    });
    expect(preview.status).toBe(200);
    expect(await pdfText(preview.body)).toContain('南岗区住保公示〔');
    expect(await pdfText(preview.body)).toContain('（发布时编号）');
    expect(await count('generated_documents')).toBe(documents);

    const res = await caseworker.post(`/api/notices/batches/${id}/publish`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.status).toBe('published');
    expect(res.body.document_id).toEqual(expect.any(Number));
    // Each process moved on to the period, with its end as the timer's variable.
    for (const household of [a, b]) {
      const { instance, active } = await processOf(household);
      expect(active).toEqual(['notice_period']);
      expect(instance.variables.notice_ends_at).toBe(
        Math.floor(new Date(`${res.body.ends_on}T00:00:00+08:00`).getTime() / 1000) + 86400,
      );
      const tasks = await tasksOf(t.db, instance.id);
      expect(tasks.find((task) => task.node_key === 'notice')?.status).toBe('completed');
    }
    const listed = async (query: string) =>
      (await caseworker.get(`/api/notices/batches${query}`)).body.items.map((x: { id: number }) => x.id);
    expect(await listed('?status=published&region=230103')).toContain(id);
    expect(await listed(`?q=${created.body.notice_no}`)).toEqual([id]);
    expect(await listed('?status=draft')).not.toContain(id);
    expect(await listed(`?application_no=${a.application_no}`)).toEqual([id]); // the case's notices
    expect(await listed('?application_no=SQ-NOT-ON-ANY')).toEqual([]);
    expect(await listed('?q=%25')).toEqual([]); // a % typed in the search box is a percent sign, not a wildcard
    expect(await listed(`?region=${a.region_code}`)).not.toContain(id); // issued by the district, not the community
    // Published: no edits, no second publication.
    expect((await caseworker.patch(`/api/notices/batches/${id}`, { title: '改' })).status).toBe(409);
    expect((await caseworker.post(`/api/notices/batches/${id}/publish`)).status).toBe(409);
    expect((await caseworker.delete(`/api/notices/batches/${id}`)).status).toBe(409);

    // The staff PDF is the recorded one, names masked.
    const pdf = await caseworker.request('GET', `/api/notices/batches/${id}/document.pdf`, undefined, {
      binary: true,
    });
    expect(pdf.status).toBe(200);
    const text = await pdfText(pdf.body);
    expect(text).toContain('2026年第一批住房保障申请审核结果公示');
    expect(text).toMatch(/南岗区住保公示〔\d{4}〕\d+号/);
    expect(text).toContain('张*丰');
    expect(text).toContain('欧*明');
    expect(text).not.toContain('张三丰');
  });

  it('refuses completing the notice task without a published batch', async () => {
    const household = await atNotice('230103', '王五');
    const { instance } = await processOf(household);
    const task = (await tasksOf(t.db, instance.id)).find((x) => x.node_key === 'notice')!;
    const actor = {
      username: 'nangang_caseworker',
      roles: ['caseworker'],
      regionCode: '230103000000',
      regionPrefix: '230103',
    };
    const error = await t.db
      .transaction((trx) => completeTask(trx, actor, task.id, { variables: { notice_ends_at: 1 } }))
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 409, detail: expect.stringContaining('公示批次') });
    expect((await processOf(household)).active).toEqual(['notice']);
  });

  it('names each bad application by its index and writes nothing', async () => {
    const mine = await atNotice('230103', '赵六');
    const other = await atNotice('230102', '钱七'); // 道里区
    const onOther = await atNotice('230103', '孙八');
    await published([onOther]);
    const created = await caseworker.post('/api/notices/batches', await batchBody());
    const before = await count('notices');
    const res = await caseworker.request('PUT', `/api/notices/batches/${created.body.id}/applications`, {
      household_ids: [mine.id, other.id, onOther.id, mine.id, 99999999],
    });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual([
      'body.household_ids.1',
      'body.household_ids.2',
      'body.household_ids.3',
      'body.household_ids.4',
    ]);
    expect(res.body.errors[1].message).toContain('不在您的管辖范围内'); // on a published notice: no longer at the stage
    expect(await count('notices')).toBe(before);
  });

  it('answers bad batch input with field paths', async () => {
    const before = await count('notice_batches');
    const res = await caseworker.post('/api/notices/batches', {
      title: '',
      starts_on: '2026-13-01',
      ends_on: '2026-12-01',
      channels: ['radio'],
      places: [],
      contact: '电话',
    });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(
      ['body.channels.0', 'body.places', 'body.starts_on', 'body.title'].sort(),
    );
    const backwards = await caseworker.post(
      '/api/notices/batches',
      await batchBody({ starts_on: await day(5), ends_on: await day(1) }),
    );
    expect(backwards.status).toBe(400);
    expect(backwards.body.errors).toEqual([
      { path: 'body.ends_on', message: '公示截止时间不得早于开始时间' },
    ]);
    const elsewhere = await caseworker.post(
      '/api/notices/batches',
      await batchBody({ region_code: '230102' }),
    );
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.body.errors[0].path).toBe('body.region_code');
    expect(await count('notice_batches')).toBe(before);
  });

  it('keeps batches to their district: another district cannot see, change or report on them', async () => {
    const household = await atNotice('230103', '周九');
    const batch = await published([household]);
    const daoli = await t.as('daoli_caseworker');
    expect((await daoli.get(`/api/notices/batches/${batch.id}`)).status).toBe(404);
    expect((await daoli.get(`/api/notices/batches/${batch.id}/document.pdf`)).status).toBe(404);
    const list = await daoli.get('/api/notices/batches');
    expect(list.status, JSON.stringify(list.body)).toBe(200);
    expect(list.body.items.map((b: { id: number }) => b.id)).not.toContain(batch.id);
    const report = await daoli.post(`/api/notices/batches/${batch.id}/reports`, {
      household_id: household.id,
      content: '越权举报',
      channel: 'phone',
    });
    expect(report.status).toBe(404);
    // A Daoli draft cannot take a Nangang application.
    const draft = await daoli.post('/api/notices/batches', await batchBody());
    const other = await atNotice('230103', '吴十');
    const candidates = await daoli.get(`/api/notices/batches/${draft.body.id}/candidates`);
    expect(candidates.status).toBe(200);
    expect(candidates.body.items.map((c: { household_id: number }) => c.household_id)).not.toContain(
      other.id,
    );
    const put = await daoli.request('PUT', `/api/notices/batches/${draft.body.id}/applications`, {
      household_ids: [other.id],
    });
    expect(put.status).toBe(400);
    expect(put.body.errors[0].path).toBe('body.household_ids.0');
  });
});

describe('reports during the notice period', () => {
  it('records a report in the period, refuses one before it starts or dated outside it', async () => {
    const household = await atNotice('230103', '郑十一');
    const running = await published([household]);
    const reportBody = {
      household_id: household.id,
      content: '该户在外区另有住房一套',
      channel: 'letter',
      reporter: '匿名',
    };
    const res = await caseworker.post(`/api/notices/batches/${running.id}/reports`, reportBody);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({
      report_no: `${running.notice_no}-JB001`,
      notice_no: running.notice_no,
      application_no: household.application_no,
      channel: { code: 'letter', label: '信函' },
      substantiated: null,
      investigator: null,
    });
    const early = await caseworker.post(`/api/notices/batches/${running.id}/reports`, {
      ...reportBody,
      reported_at: `${await day(-3)}T10:00:00+08:00`,
    });
    expect(early.status).toBe(400);
    expect(early.body.errors[0].path).toBe('body.reported_at');
    expect(early.body.errors[0].message).toContain('公示期');

    const later = await atNotice('230103', '王十二');
    const upcoming = await published([later], { starts_on: await day(2), ends_on: await day(15) });
    const before = await count('notice_reports');
    const outside = await caseworker.post(`/api/notices/batches/${upcoming.id}/reports`, {
      ...reportBody,
      household_id: later.id,
    });
    expect(outside.status).toBe(409);
    expect(outside.body.detail).toContain('不在公示期内');
    const notOnIt = await caseworker.post(`/api/notices/batches/${running.id}/reports`, {
      ...reportBody,
      household_id: later.id,
    });
    expect(notOnIt.status).toBe(400);
    expect(notOnIt.body.errors[0].path).toBe('body.household_id');
    expect(await count('notice_reports')).toBe(before);
  });

  it('investigates to a finding; the period end fails a notice with a substantiated report', async () => {
    const [clean, reported] = [await atNotice('230103', '冯十三'), await atNotice('230103', '陈十四')];
    const batch = await published([clean, reported]);
    const filed = await caseworker.post(`/api/notices/batches/${batch.id}/reports`, {
      household_id: reported.id,
      content: '该户有营业房产未申报',
      channel: 'phone',
    });
    const bad = await caseworker.request('PUT', `/api/notices/reports/${filed.body.id}/investigation`, {
      investigator: '',
      substantiated: 'yes',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(
      [
        'body.investigation_method',
        'body.investigation_result',
        'body.investigator',
        'body.substantiated',
      ].sort(),
    );
    const found = await caseworker.request('PUT', `/api/notices/reports/${filed.body.id}/investigation`, {
      investigator: '李查证',
      investigation_method: '不动产登记信息比对',
      investigation_result: '查实该户名下有营业用房一处，未申报',
      substantiated: true,
    });
    expect(found.status, JSON.stringify(found.body)).toBe(200);
    expect(found.body).toMatchObject({ investigator: '李查证', substantiated: true });
    expect(found.body.investigated_at).toEqual(expect.any(String));

    expect((await endPeriod(clean)).instance).toMatchObject({
      status: 'completed',
      outcome: 'notice_test_passed',
    });
    const failed = await endPeriod(reported);
    expect(failed.instance).toMatchObject({ status: 'completed', outcome: 'notice_test_failed' });
    expect(failed.instance.variables.notice_passed).toBe(false);

    const detail = (await caseworker.get(`/api/notices/batches/${batch.id}`)).body;
    expect(detail.status).toBe('closed'); // its last notice settled
    const byNo = Object.fromEntries(
      detail.notices.map((n: { application_no: string; passed: boolean }) => [n.application_no, n.passed]),
    );
    expect(byNo).toEqual({ [clean.application_no]: true, [reported.application_no]: false });
    // The finding a result was settled on stays.
    const again = await caseworker.request('PUT', `/api/notices/reports/${filed.body.id}/investigation`, {
      investigator: '李查证',
      investigation_method: '复查',
      investigation_result: '不属实',
      substantiated: false,
    });
    expect(again.status).toBe(409);
  });

  it('settles the notice when the timer job comes due in the server (not only when signalled)', async () => {
    const household = await atNotice('230103', '吕十七');
    await published([household]);
    const { instance } = await processOf(household);
    // The period's end, brought forward: the server's job worker fires the timer and the hook settles the notice.
    const moved = await t
      .db('wf_jobs')
      .where({ kind: 'timer' })
      .whereNull('done_at')
      .whereIn(
        'node_instance_id',
        t.db('wf_node_instances').where({ process_instance_id: instance.id }).select('id'),
      )
      .update({ run_at: t.db.fn.now() });
    expect(moved).toBe(1);
    let state = await processOf(household);
    for (let i = 0; i < 50 && state.instance.status === 'running'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      state = await processOf(household);
    }
    expect(state.instance).toMatchObject({ status: 'completed', outcome: 'notice_test_passed' });
    const notice = await t.db('notices').where({ application_no: household.application_no }).first();
    expect(notice).toMatchObject({ passed: true });
  });

  it('closes a batch after its period, settling the notices whose timer has not come', async () => {
    const [a, b] = [await atNotice('230103', '孔十八'), await atNotice('230103', '曹十九')];
    const batch = await published([a, b]);
    const close = () => caseworker.post(`/api/notices/batches/${batch.id}/close`);
    const early = await close();
    expect(early.status).toBe(409);
    expect(early.body.detail).toContain('期满后');
    await caseworker.post(`/api/notices/batches/${batch.id}/reports`, {
      household_id: b.id,
      content: '户籍不实',
      channel: 'phone',
    });
    await t
      .db('notice_batches')
      .where({ id: batch.id })
      .update({ starts_on: await day(-14), ends_on: await day(-1) });
    const closed = await close();
    expect(closed.status, JSON.stringify(closed.body)).toBe(200);
    expect(closed.body.status).toBe('closed');
    expect(
      closed.body.notices
        .map((n: { household_id: number; passed: boolean }) => [n.household_id, n.passed])
        .sort(),
    ).toEqual(
      [
        [a.id, true],
        [b.id, false], // its report was never investigated
      ].sort(),
    );
    expect((await close()).status).toBe(409);
    // The timers that fire later read the stored results.
    expect((await endPeriod(a)).instance.outcome).toBe('notice_test_passed');
    expect((await endPeriod(b)).instance.outcome).toBe('notice_test_failed');
  });

  it('corrects or deletes a report until it is investigated', async () => {
    const household = await atNotice('230103', '何十六');
    const batch = await published([household]);
    const file = () =>
      caseworker.post(`/api/notices/batches/${batch.id}/reports`, {
        household_id: household.id,
        content: '误录',
        channel: 'other',
      });
    const [wrong, kept] = [(await file()).body, (await file()).body];
    const corrected = await caseworker.patch(`/api/notices/reports/${kept.id}`, {
      content: '该户子女名下有车辆',
      channel: 'internet',
    });
    expect(corrected.status, JSON.stringify(corrected.body)).toBe(200);
    expect(corrected.body).toMatchObject({
      content: '该户子女名下有车辆',
      channel: { code: 'internet', label: '网络' },
    });
    expect((await caseworker.patch(`/api/notices/reports/${kept.id}`, {})).status).toBe(400);
    expect((await caseworker.delete(`/api/notices/reports/${wrong.id}`)).status).toBe(204);
    const listed = await caseworker.get(`/api/notices/batches/${batch.id}/reports`);
    expect(listed.body.items.map((r: { id: number }) => r.id)).toEqual([kept.id]);
    await caseworker.request('PUT', `/api/notices/reports/${kept.id}/investigation`, {
      investigator: '李查证',
      investigation_method: '车管所函询',
      investigation_result: '车辆登记在已分户的子女名下，不属家庭财产',
      substantiated: false,
    });
    expect((await caseworker.patch(`/api/notices/reports/${kept.id}`, { content: '改' })).status).toBe(409);
    expect((await caseworker.delete(`/api/notices/reports/${kept.id}`)).status).toBe(409);
    expect((await endPeriod(household)).instance.variables.notice_passed).toBe(true); // not substantiated
  });

  it("archives the report's and the investigation's materials from the household's electronic archive", async () => {
    const household = await atNotice('230103', '严二十');
    const other = await atNotice('230103', '华二一');
    const batch = await published([household]);
    const archived = async (owner: TestHousehold, name: string) => {
      const row = await t.db('households').where({ id: owner.id }).first('registration_year');
      const [file] = await t
        .db('archive_files')
        .insert({
          household_id: owner.id,
          application_no: owner.application_no,
          registration_year: row.registration_year,
          region_code: owner.region_code,
          archive_type: '99',
          name,
          content_sha256: 'a'.repeat(64),
          media_type: 'application/pdf',
          size_bytes: 1234,
        })
        .returning<{ id: number }[]>('id');
      return file!.id;
    };
    const [letter, finding, foreign] = [
      await archived(household, '举报信.pdf'),
      await archived(household, '查证报告.pdf'),
      await archived(other, '他户材料.pdf'),
    ];
    const filed = await caseworker.post(`/api/notices/batches/${batch.id}/reports`, {
      household_id: household.id,
      content: '该户隐瞒收入',
      channel: 'letter',
    });
    const path = `/api/notices/reports/${filed.body.id}/files`;
    const wrong = await caseworker.request('PUT', path, {
      files: [
        { archive_file_id: letter, purpose: 'report' },
        { archive_file_id: foreign, purpose: 'report' },
        { archive_file_id: letter, purpose: 'investigation' },
      ],
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.errors.map((e: { path: string }) => e.path)).toEqual([
      'body.files.1.archive_file_id',
      'body.files.2.archive_file_id',
    ]);
    const res = await caseworker.request('PUT', path, {
      files: [
        { archive_file_id: letter, purpose: 'report' },
        { archive_file_id: finding, purpose: 'investigation' },
      ],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.files).toEqual([
      expect.objectContaining({
        archive_file_id: letter,
        purpose: 'report',
        name: '举报信.pdf',
        url: `/api/archive/${letter}`,
      }),
      expect.objectContaining({ archive_file_id: finding, purpose: 'investigation', name: '查证报告.pdf' }),
    ]);
    const listed = await caseworker.get(`/api/notices/batches/${batch.id}/reports`);
    expect(listed.body.items[0].files.map((f: { archive_file_id: number }) => f.archive_file_id)).toEqual([
      letter,
      finding,
    ]);
  });

  it('fails a notice whose report is still being investigated when the period ends', async () => {
    const household = await atNotice('230103', '褚十五');
    const batch = await published([household]);
    await caseworker.post(`/api/notices/batches/${batch.id}/reports`, {
      household_id: household.id,
      content: '收入不实',
      channel: 'visit',
    });
    const ended = await endPeriod(household);
    expect(ended.instance.variables.notice_passed).toBe(false);
  });
});

describe('the public portal', () => {
  it('lists published notices with masked names and serves their PDF, never ID numbers or phones', async () => {
    const household = await atNotice('230103', '卫东方红');
    const draftOnly = await atNotice('230103', '蒋不公开');
    const batch = await published([household], { title: '门户公示测试批次' });
    const draft = await caseworker.post('/api/notices/batches', await batchBody({ title: '草稿不公开' }));
    await caseworker.request('PUT', `/api/notices/batches/${draft.body.id}/applications`, {
      household_ids: [draftOnly.id],
    });

    const anonymous = t.client();
    const res = await anonymous.get('/api/portal/notices');
    expect(res.status).toBe(200);
    const item = res.body.items.find((i: { id: number }) => i.id === batch.id);
    expect(item).toMatchObject({
      notice_no: batch.notice_no,
      title: '门户公示测试批次',
      region_name: '南岗区',
      channels: ['公告', '网络'],
      places: ['社区公示栏', '区政府网站'],
      status: 'published',
      document_url: `/api/portal/notices/${batch.id}/document.pdf`,
      applicants: [
        {
          name: '卫*红',
          application_no: household.application_no,
          district_name: '南岗区',
          household_size: 3,
        },
      ],
    });
    const elsewhere = await anonymous.get('/api/portal/notices?region=230102');
    expect(elsewhere.body.items.map((i: { id: number }) => i.id)).not.toContain(batch.id);
    const here = await anonymous.get('/api/portal/notices?region=230103');
    expect(here.body.items.map((i: { id: number }) => i.id)).toContain(batch.id);
    expect((await anonymous.get('/api/portal/notices?region=23x')).body.errors[0].path).toBe('query.region');
    const body = JSON.stringify(res.body);
    expect(body).not.toContain('草稿不公开');
    for (const secret of [household.id_number, household.phone, '卫东方红', '蒋不公开'])
      expect(body).not.toContain(secret);

    const pdf = await anonymous.request('GET', item.document_url, undefined, { binary: true });
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    const text = await pdfText(pdf.body);
    expect(text).toContain('卫*红');
    expect(text).toContain(household.application_no);
    expect(text).toContain('南岗区');
    for (const secret of [household.id_number, household.phone, '卫东方红'])
      expect(text).not.toContain(secret);
    expect(text).not.toMatch(/\d{17}[\dX]/); // no ID number of any household
    expect((await anonymous.get(`/api/portal/notices/${draft.body.id}/document.pdf`)).status).toBe(404);
  });
});
