import { beforeAll, describe, expect, it } from 'vitest';
import { useTestServer, type ApiClient } from '../test/harness.ts';
import { consistencyFindings, encodedInResidentId } from './checks.ts';
import {
  applicationBody,
  communityIn,
  completeOpenTask,
  person,
  residentId,
  rowCount,
  type Community,
} from './application-fixtures.ts';

const t = useTestServer();

let nangang: ApiClient;
let daoli: ApiClient;
let nangangCommunity: Community;
let daoliCommunity: Community;

beforeAll(async () => {
  nangang = await t.as('nangang_caseworker');
  daoli = await t.as('daoli_caseworker');
  nangangCommunity = await communityIn(t.db, '230103');
  daoliCommunity = await communityIn(t.db, '230102');
});

describe('what a resident ID number encodes', () => {
  it('reads birth date and sex (odd 17th digit: male)', () => {
    expect(encodedInResidentId(residentId('230103', '19900228', 123))).toEqual({
      born_on: '1990-02-28',
      sex: '1',
    });
    expect(encodedInResidentId(residentId('230103', '20011231', 124))).toEqual({
      born_on: '2001-12-31',
      sex: '2',
    });
  });

  it('finds every inconsistency of a family at its path', () => {
    const applicant = { relation: '01', name: '张三', id_number: residentId('230103', '19800101', 11) };
    const findings = consistencyFindings(
      { applicant_name: '张三', id_number: applicant.id_number, household_size: 3 },
      [
        applicant,
        { relation: '10', name: '李四', id_number: residentId('230103', '19810101', 12), sex: '1' },
        { relation: '20', name: '张五', id_number: applicant.id_number, had_welfare_housing: true },
      ],
    );
    expect(findings).toEqual([
      { kind: 'error', path: 'body.members.1.sex', message: '性别与居民身份证号码不一致（号码所示为女）' },
      {
        kind: 'error',
        path: 'body.members.2.id_number',
        message: '与第 1 位成员的证件号码相同：同一人只能登记一次',
      },
      {
        kind: 'warning',
        path: 'body.members.2.had_welfare_housing',
        message: '3 号成员享受过福利房：请核查是否仍符合申请条件',
      },
    ]);
  });

  it('needs exactly one applicant (本人) matching the household', () => {
    const id = residentId('230103', '19800101', 13);
    expect(
      consistencyFindings({ applicant_name: '张三', id_number: id, household_size: 1 }, [
        { relation: '10', name: '张三', id_number: id },
      ]).map((f) => f.path),
    ).toEqual(['body.members']);
    expect(
      consistencyFindings({ applicant_name: '张三', id_number: id, household_size: 1 }, [
        { relation: '01', name: '张叁', id_number: id },
      ]),
    ).toEqual([
      { kind: 'error', path: 'body.members.0.name', message: '申请人本人（01）的姓名须与申请人姓名一致' },
    ]);
  });
});

describe('checks on entering an application', () => {
  it('refuses a member already in an active application of another district, naming only its number and district', async () => {
    const child = person('孙小雨', '20080808', false, '230102');
    const first = await daoli.post('/api/applications', applicationBody(daoliCommunity, { child }));
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    const daoliNo = first.body.household.application_no as string;

    const households = await rowCount(t.db, 'households');
    // The daoli family's child, grown up, applies in 南岗区 as the applicant.
    const res = await nangang.post(
      '/api/applications',
      applicationBody(nangangCommunity, { applicant: child }),
    );
    expect(res.status).toBe(409);
    expect(res.body.errors).toEqual([
      {
        path: 'body.members.0.id_number',
        message: `该证件号码已在道里区的在办申请 ${daoliNo} 中登记（作为申请人或家庭成员）`,
      },
    ]);
    const text = JSON.stringify(res.body);
    expect(text).not.toContain(first.body.household.applicant_name);
    expect(text).not.toContain(first.body.household.region_code);
    expect(await rowCount(t.db, 'households')).toBe(households);

    // Withdrawn applications are no longer active: the same person may apply again.
    expect((await daoli.delete(`/api/households/${first.body.household.id}`)).status).toBe(200);
    const again = await nangang.post(
      '/api/applications',
      applicationBody(nangangCommunity, { applicant: child }),
    );
    expect(again.status, JSON.stringify(again.body)).toBe(201);
  });

  it('lets only one of two simultaneous applications naming the same person through', async () => {
    const shared = person('吴同时', '19951010', true, '230102');
    const results = await Promise.all([
      daoli.post('/api/applications', applicationBody(daoliCommunity, { child: shared })),
      nangang.post('/api/applications', applicationBody(nangangCommunity, { spouse: shared })),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
  });

  it('no longer counts a denied application as active', async () => {
    const applicant = person('钱为民', '19700707', true, '230102');
    const first = await daoli.post('/api/applications', applicationBody(daoliCommunity, { applicant }));
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    const id = first.body.household.id as number;
    expect(await completeOpenTask(t.db, id, 'accept', 'daoli_caseworker', 'submit')).toBe(true);
    expect(await completeOpenTask(t.db, id, 'verify', 'daoli_reviewer', 'fail')).toBe(true);
    const denied = await daoli.get(`/api/applications?stage=denied&q=${first.body.household.application_no}`);
    expect(denied.body.items).toMatchObject([{ id, stage: 'denied' }]);
    expect(denied.body.total).toBe(1);

    const again = await nangang.post('/api/applications', applicationBody(nangangCommunity, { applicant }));
    expect(again.status, JSON.stringify(again.body)).toBe(201);
  });

  it('finds the applicant of an existing household in another district', async () => {
    const seeded = await t
      .db('households')
      .where('region_code', 'like', '230102%')
      .whereNot('waiting_status', 'withdrawn')
      .first('id_number', 'application_no', 'applicant_name');
    const spouse = { name: seeded.applicant_name as string, id_number: seeded.id_number as string };
    const res = await nangang.post('/api/applications', applicationBody(nangangCommunity, { spouse }));
    expect(res.status).toBe(409);
    expect(res.body.errors).toMatchObject([{ path: 'body.members.1.id_number' }]);
    expect(res.body.detail).toContain(seeded.application_no);
    expect(res.body.detail).toContain('道里区');
  });

  it('refuses a wrong check digit at the member', async () => {
    const body = applicationBody(nangangCommunity);
    const id = body.members[2]!.id_number as string;
    body.members[2] = { ...body.members[2], id_number: `${id.slice(0, 17)}${id.endsWith('0') ? '1' : '0'}` };
    const res = await nangang.post('/api/applications', body);
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
      { path: 'body.members.2.id_number', message: '公民身份号码校验码错误' },
    ]);
  });

  it('refuses a sex other than the ID number encodes', async () => {
    const body = applicationBody(nangangCommunity);
    body.members[1] = { ...body.members[1], sex: '1' };
    const res = await nangang.post('/api/applications', body);
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
      { path: 'body.members.1.sex', message: '性别与居民身份证号码不一致（号码所示为女）' },
    ]);
  });

  it('accepts members who enjoyed housing security, with warnings on the case', async () => {
    const body = applicationBody(nangangCommunity);
    body.members[1] = { ...body.members[1], had_welfare_housing: true };
    body.members[2] = { ...body.members[2], has_housing_subsidy: true };
    const res = await nangang.post('/api/applications', body);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.checks).toEqual([
      {
        kind: 'warning',
        path: 'case.members.1.had_welfare_housing',
        message: '2 号成员享受过福利房：请核查是否仍符合申请条件',
      },
      {
        kind: 'warning',
        path: 'case.members.2.has_housing_subsidy',
        message: '3 号成员享受住房补贴：请核查是否重复享受住房保障',
      },
    ]);
    const again = await nangang.get(`/api/applications/${res.body.household.id}`);
    expect(again.body.checks).toEqual(res.body.checks);
  });
});
