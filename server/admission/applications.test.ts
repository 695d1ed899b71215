import { beforeAll, describe, expect, it } from 'vitest';
import { useTestServer, type ApiClient } from '../test/harness.ts';
import {
  applicationBody,
  communityIn,
  completeOpenTask,
  person,
  rowCount,
  type Community,
} from './application-fixtures.ts';

const t = useTestServer();

let caseworker: ApiClient;
let community: Community;

beforeAll(async () => {
  caseworker = await t.as('nangang_caseworker');
  community = await communityIn(t.db, '230103');
});

describe('the application wizard', () => {
  it('creates household, housing, members and assets in one go, with the figures computed, and starts the process', async () => {
    const before = await rowCount(t.db, 'households');
    const res = await caseworker.post('/api/applications', applicationBody(community));
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const { household, housing, members, assets, totals } = res.body;
    expect(household).toMatchObject({
      region_code: community.code,
      household_size: 3,
      total_income: '54000.50',
      // 54000.50 / 3 = 18000.1666… → 18000.17
      per_capita_income: '18000.17',
      total_floor_area: 65.5,
      per_capita_floor_area: 21.83,
      // the applicant's 户口年限 and the spouse's disability are carried on the household for the rules
      hukou_years: 12.5,
      disability_category: '4',
      disability_grade: 3,
      waiting_status: 'applied',
    });
    expect(household.application_no).toMatch(/^SQ\d{4}230103\d{6}$/);
    expect(totals).toEqual({
      household_size: 3,
      total_income: '54000.50',
      per_capita_income: '18000.17',
      total_floor_area: 65.5,
      per_capita_floor_area: 21.83,
      total_asset_value: '47000.00',
    });
    expect(housing.map((h: { floor_area: number }) => h.floor_area)).toEqual([45.5, 20]);
    expect(assets.map((a: { total_value: string }) => a.total_value)).toEqual(['35000.00', '12000.00']);
    expect(members.map((m: { relation: string }) => m.relation)).toEqual(['01', '10', '20']);
    // birth date and sex come from the ID number when not typed
    expect(members[2]).toMatchObject({ born_on: '2010-06-01', sex: '1', review_status: 'pending' });
    expect(members[1]).toMatchObject({ born_on: '1982-11-05', sex: '2' });
    expect(
      members.every((m: { application_no: string }) => m.application_no === household.application_no),
    ).toBe(true);
    expect(res.body.stage).toBe('accept');
    expect(res.body.process.current_nodes).toEqual(['accept']);
    expect(res.body.process.tasks).toMatchObject([{ node_key: 'accept', candidate_role: 'caseworker' }]);
    expect(res.body.checks).toEqual([]);
    expect(await rowCount(t.db, 'households')).toBe(before + 1);
    expect(
      await t.db('household_members').where({ household_id: household.id }).count({ n: '*' }).first(),
    ).toEqual({ n: 3 });
  });

  it('refuses a typed per-capita income at its field and writes nothing', async () => {
    const [households, log] = [await rowCount(t.db, 'households'), await rowCount(t.db, 'operation_log')];
    const res = await caseworker.post('/api/applications', {
      ...applicationBody(community),
      per_capita_income: '1000.00',
      total_floor_area: 10,
    });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      'body.per_capita_income',
      'body.total_floor_area',
    ]);
    expect(res.body.errors[0].message).toContain('不可填写');
    expect(await rowCount(t.db, 'households')).toBe(households);
    expect(await rowCount(t.db, 'operation_log')).toBe(log);
  });

  it('refuses a birth date other than the ID number encodes, at the member', async () => {
    const body = applicationBody(community);
    body.members[1] = { ...body.members[1], born_on: '1982-11-06' };
    const res = await caseworker.post('/api/applications', body);
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
      { path: 'body.members.1.born_on', message: '出生日期与居民身份证号码不一致（号码所示为 1982-11-05）' },
    ]);
  });

  it('refuses a household size other than the number of members listed', async () => {
    const res = await caseworker.post(
      '/api/applications',
      applicationBody(community, {}, { household_size: 4 }),
    );
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
      {
        path: 'body.household_size',
        message: '家庭人口数（4）须等于登记的家庭成员数（3，含申请人）',
      },
    ]);
  });

  it('refuses an unknown code at the member field', async () => {
    const body = applicationBody(community);
    body.members[0] = { ...body.members[0], employment: '42' };
    const res = await caseworker.post('/api/applications', body);
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
      { path: 'body.members.0.employment', message: '代码 42 不在代码表 employment_status 中' },
    ]);
  });
});

describe('the case, the list and changes', () => {
  let id: number;
  let applicationNo: string;

  beforeAll(async () => {
    const res = await caseworker.post(
      '/api/applications',
      applicationBody(community, { applicant: person('赵德胜', '19760404', true) }),
    );
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    id = res.body.household.id;
    applicationNo = res.body.household.application_no;
  });

  it('answers 404 to another district’s caseworker', async () => {
    const daoli = await t.as('daoli_caseworker');
    expect((await daoli.get(`/api/applications/${id}`)).status).toBe(404);
    expect((await daoli.patch(`/api/applications/${id}`, { phone: '13900000000' })).status).toBe(404);
  });

  it('masks the people for a role without personal_data.read', async () => {
    const supervisor = await t.as('nangang_supervisor');
    const res = await supervisor.get(`/api/applications/${id}`);
    expect(res.status).toBe(200);
    expect(res.body.household).toMatchObject({ applicant_name: '赵**', personal_data_masked: true });
    expect(res.body.members[0]).toMatchObject({
      name: '赵**',
      born_on: null,
      annual_income: null,
      personal_data_masked: true,
    });
    expect(res.body.members[0].id_number).toMatch(/^2301\*{10}\d{3}[\dX]$/);
    expect(res.body.totals).toMatchObject({
      total_income: null,
      per_capita_income: null,
      total_floor_area: 65.5,
    });
    expect(JSON.stringify(res.body)).not.toContain('赵德胜');
  });

  it('lists applications by stage, and maps them with masked names', async () => {
    const list = await caseworker.get(`/api/applications?stage=accept&q=${applicationNo}`);
    expect(list.status).toBe(200);
    expect(list.body.items).toMatchObject([{ id, application_no: applicationNo, stage: 'accept' }]);
    expect((await caseworker.get(`/api/applications?stage=verify&q=${applicationNo}`)).body.items).toEqual(
      [],
    );
    const map = await caseworker.get(`/api/applications?format=geojson&stage=accept&q=${applicationNo}`);
    expect(map.headers.get('content-type')).toContain('application/geo+json');
    expect(map.body.features).toMatchObject([
      {
        id,
        geometry: { type: 'Point' },
        properties: { application_no: applicationNo, stage: 'accept', applicant_name: '赵**' },
      },
    ]);
  });

  it('changes parts while accepted, recomputing the figures', async () => {
    const current = (await caseworker.get(`/api/applications/${id}`)).body;
    const housing = [{ address_district: community.district, occupancy: '03', floor_area: 30 }];
    const res = await caseworker.patch(`/api/applications/${id}`, { housing, phone: '13812345678' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.household).toMatchObject({
      phone: '13812345678',
      total_floor_area: 30,
      per_capita_floor_area: 10,
      total_income: current.household.total_income,
    });
    expect(res.body.housing).toHaveLength(1);
    const typed = await caseworker.patch(`/api/applications/${id}`, { total_income: '1.00' });
    expect(typed.status).toBe(400);
    expect(typed.body.errors.map((e: { path: string }) => e.path)).toEqual(['body.total_income']);
    // the household route keeps the same rule for an application's household
    const viaHousehold = await caseworker.patch(`/api/households/${id}`, { total_income: '1.00' });
    expect(viaHousehold.status).toBe(400);
    expect(viaHousehold.body.errors).toEqual([
      { path: 'body.total_income', message: '家庭年总收入由家庭成员年收入合计得出，不可填写' },
    ]);
  });

  it('records verification in the verify stage, then refuses changes once the application is in notice', async () => {
    const early = await t.as('nangang_reviewer');
    const refused = await early.post(`/api/applications/${id}/verification`, {
      conclusion: 'pass',
      findings: '材料齐全',
    });
    expect(refused.status).toBe(409);

    expect(await completeOpenTask(t.db, id, 'accept', 'nangang_caseworker', 'submit')).toBe(true);
    const inVerify = (await caseworker.get(`/api/applications/${id}`)).body;
    expect(inVerify.stage).toBe('verify');
    const memberIds = inVerify.members.map((m: { id: number }) => m.id);

    const reviewer = await t.as('nangang_reviewer');
    const verified = await reviewer.post(`/api/applications/${id}/verification`, {
      records: [
        { kind: 'members', id: memberIds[0], status: 'passed' },
        { kind: 'members', id: memberIds[1], status: 'failed' },
        { kind: 'housing', id: inVerify.housing[0].id, status: 'passed' },
      ],
      conclusion: 'pass',
      findings: '成员二收入证明待补，其余核实无误',
    });
    expect(verified.status, JSON.stringify(verified.body)).toBe(201);
    expect(verified.body.members.map((m: { review_status: string }) => m.review_status)).toEqual([
      'passed',
      'failed',
      'pending',
    ]);
    expect(verified.body.members[0]).toMatchObject({
      reviewer: 'nangang_reviewer',
      handling_stage: 'verify',
    });
    expect(verified.body.verification_reports).toMatchObject([
      { verifier: 'nangang_reviewer', conclusion: 'pass', handling_stage: 'verify' },
    ]);
    const foreign = await reviewer.post(`/api/applications/${id}/verification`, {
      records: [{ kind: 'assets', id: 999999, status: 'passed' }],
      conclusion: 'pass',
      findings: 'x',
    });
    expect(foreign.status).toBe(400);
    expect(foreign.body.errors.map((e: { path: string }) => e.path)).toEqual(['body.records.0.id']);

    // the task's decision must say what the reviewer's report concluded
    await expect(completeOpenTask(t.db, id, 'verify', 'nangang_reviewer', 'fail')).rejects.toMatchObject({
      status: 409,
      detail: '审核决定“不通过”与您本轮审核报告的结论“通过”不一致：请先补录审核报告',
    });
    expect(await completeOpenTask(t.db, id, 'verify', 'nangang_reviewer', 'pass')).toBe(true);
    expect((await caseworker.get(`/api/applications/${id}`)).body.stage).toBe('notice');
    const late = await caseworker.patch(`/api/applications/${id}`, { phone: '13800000000' });
    expect(late.status).toBe(409);
    expect(late.body.detail).toContain('notice');
    expect((await caseworker.patch(`/api/households/${id}`, { phone: '13800000000' })).status).toBe(409);
  });

  it('assigns verifiers at accept: one countersign task each at verify', async () => {
    const created = await caseworker.post(
      '/api/applications',
      applicationBody(community, { applicant: person('周志强', '19850505', true) }),
    );
    const householdId = created.body.household.id as number;
    const path = `/api/applications/${householdId}/verifiers`;
    const refused = await caseworker.request('PUT', path, {
      usernames: ['daoli_reviewer', 'nangang_planner', 'nobody_here'],
    });
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([
      { path: 'body.usernames.0', message: '用户 daoli_reviewer 的辖区不含该申请家庭，无法查看案卷' },
      { path: 'body.usernames.1', message: '用户 nangang_planner 没有审核申请的权限' },
      { path: 'body.usernames.2', message: '没有启用的用户 nobody_here' },
    ]);
    const assigned = await caseworker.request('PUT', path, {
      usernames: ['nangang_reviewer', 'hrb_reviewer'],
    });
    expect(assigned.status, JSON.stringify(assigned.body)).toBe(200);
    expect(assigned.body.process.verifiers).toEqual(['nangang_reviewer', 'hrb_reviewer']);

    expect(await completeOpenTask(t.db, householdId, 'accept', 'nangang_caseworker', 'submit')).toBe(true);
    const inVerify = (await caseworker.get(`/api/applications/${householdId}`)).body;
    expect(inVerify.stage).toBe('verify');
    expect(inVerify.process.tasks.map((task: { candidate_users: string[] }) => task.candidate_users)).toEqual(
      [['nangang_reviewer'], ['hrb_reviewer']],
    );
    const late = await caseworker.request('PUT', path, { usernames: ['nangang_reviewer'] });
    expect(late.status).toBe(409);
  });
});
