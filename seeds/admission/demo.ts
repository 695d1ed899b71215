/**
 * Demo applications for `npm start`: a few dozen families per demo district entered through the application
 * wizard's service and driven through the admission process by the district's demo staff, so the inbox, the case
 * pages, the notice batches, the registry book and the map of applications by stage have something real to
 * show. Every step goes through the same services and workflow engine as a user's request (nothing is inserted
 * behind their backs), each application in its own transaction.
 *
 * Not part of the test template (tests count tasks and applications); `scripts/start.ts` calls it once per
 * database (app_meta `demo_applications`), after the rules are seeded (first review computes plans from them).
 */
import type { Knex } from 'knex';
import { scopeOfUser, type Scope } from '../../server/access/scope.ts';
import { inTransaction } from '../../server/db/tx.ts';
import type { Tx } from '../../server/db/knex.ts';
import { createApplication } from '../../server/admission/application-service.ts';
import type { ApplicationInput } from '../../server/admission/application-schema.ts';
import { assignVerifiers } from '../../server/admission/verifiers.ts';
import { recordVerification } from '../../server/admission/verification.ts';
import { createBatch, publishBatch, setApplications } from '../../server/notices/service.ts';
import { computePlan } from '../../server/registration/plans.ts';
import { residentIdCheckChar } from '../../server/shared/validators.ts';
import { actorOf, claimTask, completeTask, signal } from '../../server/workflow/engine.ts';
import { DISTRICTS, districtCode } from '../city/harbin.ts';
import { personName } from '../city/names.ts';
import { DEMO_SEED, Prng } from '../prng.ts';

const META_KEY = 'demo_applications';

/** The stage each demo application is left at, in order; the list repeats per district. */
export const DEMO_STAGES = [
  'accept',
  'accept',
  'verify',
  'verify',
  'notice',
  'notice',
  'notice_period',
  'notice_period',
  'first_review',
  'first_review',
  'second_review',
  'registered',
  'registered',
  'denied',
] as const;
type DemoStage = (typeof DEMO_STAGES)[number];
const ORDER: DemoStage[] = [
  'accept',
  'verify',
  'notice',
  'notice_period',
  'first_review',
  'second_review',
  'registered',
];

/** The demo districts with applications: the four central ones (their staff are `<pinyin>_<role>`). */
const DEMO_DISTRICTS = DISTRICTS.slice(0, 4);

interface Staff {
  caseworker: Scope;
  reviewer: Scope;
  approver: Scope;
}

/** The scope of a demo user, as a signed-in request of theirs would have it. */
export async function scopeOf(db: Knex, username: string): Promise<Scope> {
  const user = await db<{ id: number; username: string; region_code: string }>('staff_users')
    .where({ username })
    .first('id', 'username', 'region_code');
  if (!user) throw new Error(`demo user ${username} is missing: seed the demo city first`);
  const roles: string[] = await db<{ user_id: number; role_code: string }>('staff_user_roles')
    .where({ user_id: user.id })
    .pluck('role_code');
  return scopeOfUser({ ...user, roles });
}

const residentId = (region6: string, birth: Date, serial: number) => {
  const ymd = birth.toISOString().slice(0, 10).replaceAll('-', '');
  const first17 = `${region6}${ymd}${String(serial).padStart(3, '0')}`;
  return `${first17}${residentIdCheckChar(first17)}`;
};

/** A low-income family of 1-4 in a rented room: the kind the Harbin demo rules admit. */
function family(
  prng: Prng,
  community: { district: string; street: string; name: string },
  region6: string,
): ApplicationInput {
  let serial = prng.int(100, 400) * 2;
  const person = (age: number, male: boolean) => {
    const birth = new Date(Date.UTC(2026 - age, prng.int(0, 11), prng.int(1, 28)));
    serial += 2;
    return { name: personName(prng), id_number: residentId(region6, birth, serial + (male ? 1 : 0)) };
  };
  const male = prng.bool();
  const applicant = person(prng.int(26, 58), male);
  const members: ApplicationInput['members'] = [
    {
      relation: '01',
      ...applicant,
      annual_income: String(prng.int(9, 22) * 1000),
      hukou_years: prng.int(3, 30),
      employment: '1',
    },
  ];
  if (prng.bool(0.7))
    members.push({
      relation: '10',
      ...person(prng.int(26, 58), !male),
      annual_income: String(prng.int(0, 15) * 1000),
    });
  for (let child = prng.int(0, 2); child > 0; child--)
    members.push({ relation: '20', ...person(prng.int(2, 17), prng.bool()), employment: '5' });
  const road = `${community.street.replace(/街道$/, '')}路`;
  return {
    applicant_name: applicant.name,
    id_number: applicant.id_number,
    phone: `139${String(prng.int(10000000, 99999999))}`,
    household_size: members.length,
    hukou_district: community.district,
    hukou_street: community.street,
    hukou_community: community.name,
    hukou_road: road,
    hukou_house_no: `${prng.int(1, 199)}号`,
    hukou_room: String(prng.int(1, 6) * 100 + prng.int(1, 4)),
    housing: [
      {
        address_district: community.district,
        address_road: road,
        occupancy: '03',
        house_type: '01',
        floor_area: prng.int(12, 30),
        rent: String(prng.int(4, 12) * 100),
      },
    ],
    members,
    assets: [],
  };
}

/** Claims and completes the application's open task at `nodeKey` as `scope`'s user. */
async function complete(
  trx: Tx,
  scope: Scope,
  householdId: number,
  nodeKey: string,
  decision: string,
  comment: string,
): Promise<void> {
  const [taskId] = (await trx('wf_tasks as k')
    .join('wf_process_instances as p', 'p.id', 'k.process_instance_id')
    .where({ 'p.business_type': 'household', 'p.business_id': householdId, 'k.node_key': nodeKey })
    .whereIn('k.status', ['open', 'claimed'])
    .pluck('k.id')) as number[];
  if (!taskId) throw new Error(`household ${householdId} has no open ${nodeKey} task`);
  const actor = actorOf(scope);
  await claimTask(trx, actor, taskId);
  await completeTask(trx, actor, taskId, { decision, comment });
}

const reached = (target: DemoStage, stage: DemoStage) =>
  target === 'denied'
    ? stage !== 'registered' && ORDER.indexOf(stage) <= ORDER.indexOf('first_review')
    : ORDER.indexOf(target) >= ORDER.indexOf(stage);

/** Enters one application and drives it to `target`; returns its household id. */
async function enter(db: Knex, staff: Staff, input: ApplicationInput): Promise<number> {
  return inTransaction(db, { username: staff.caseworker.username, action: 'seed.demo_applications' }, (trx) =>
    createApplication(trx, staff.caseworker, input),
  );
}

async function accept(db: Knex, staff: Staff, id: number): Promise<void> {
  await inTransaction(db, { username: staff.caseworker.username }, async (trx) => {
    await assignVerifiers(trx, staff.caseworker, id, [staff.reviewer.username]);
    await complete(trx, staff.caseworker, id, 'accept', 'submit', '材料齐全，受理');
  });
}

async function verify(db: Knex, staff: Staff, id: number): Promise<void> {
  await inTransaction(db, { username: staff.reviewer.username }, async (trx) => {
    await recordVerification(trx, staff.reviewer, id, {
      records: [],
      conclusion: 'pass',
      findings: '入户调查与部门比对一致：户籍、收入、住房情况属实。',
    });
    await complete(trx, staff.reviewer, id, 'verify', 'pass', '审核通过');
  });
}

/** Publishes a batch with `ids` (all at `notice`) starting today for a week; returns the batch id. */
async function publish(db: Knex, staff: Staff, ids: number[], title: string): Promise<number> {
  return inTransaction(db, { username: staff.caseworker.username }, async (trx) => {
    const { rows } = await trx.raw<{ rows: { today: string }[] }>(
      `SELECT to_char(now() AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS today`,
    );
    const today = rows[0]!.today;
    const end = new Date(`${today}T00:00:00Z`);
    end.setUTCDate(end.getUTCDate() + 7);
    const batch = await createBatch(trx, staff.caseworker, {
      title,
      starts_on: today,
      ends_on: end.toISOString().slice(0, 10),
      channels: ['announcement', 'internet'],
      places: ['社区公示栏', '住房保障网站'],
      contact: '异议请致电 0451-12345 或至区住房保障中心窗口',
    });
    await setApplications(trx, staff.caseworker, batch.id, ids);
    await publishBatch(trx, staff.caseworker, batch.id);
    return batch.id;
  });
}

/** The notice period of `id` ends (as if its end date had come): the timer is signalled. */
async function endNotice(db: Knex, id: number): Promise<void> {
  await inTransaction(db, { username: 'seed' }, async (trx) => {
    const [instanceId] = (await trx('wf_process_instances')
      .where({ business_type: 'household', business_id: id, status: 'running' })
      .pluck('id')) as number[];
    await signal(trx, instanceId!, 'notice_period');
  });
}

async function review(db: Knex, staff: Staff, id: number, approve: boolean): Promise<void> {
  await inTransaction(db, { username: staff.reviewer.username }, async (trx) => {
    if (approve) await computePlan(trx, staff.reviewer, id, {});
    await complete(
      trx,
      staff.reviewer,
      id,
      'first_review',
      approve ? 'approve' : 'deny',
      approve ? '符合公共租赁住房保障条件，同意' : '家庭人均收入超过本市保障标准，不予登记',
    );
  });
}

async function secondReview(db: Knex, staff: Staff, id: number): Promise<void> {
  await inTransaction(db, { username: staff.approver.username }, (trx) =>
    complete(trx, staff.approver, id, 'second_review', 'approve', '复审同意，准予登记'),
  );
}

/** Seeds the demo applications once; returns how many were entered (0 when already seeded). */
export async function seedDemoApplications(db: Knex): Promise<number> {
  if (await db('app_meta').where({ key: META_KEY }).first()) return 0;
  const prng = new Prng(DEMO_SEED).fork('demo-applications');
  const approver = await scopeOf(db, 'hrb_approver');
  let entered = 0;
  for (const district of DEMO_DISTRICTS) {
    const code = districtCode(district);
    const staff: Staff = {
      caseworker: await scopeOf(db, `${district.pinyin}_caseworker`),
      reviewer: await scopeOf(db, `${district.pinyin}_reviewer`),
      approver,
    };
    const communities = (
      await db.raw<{ rows: { district: string; street: string; name: string }[] }>(
        `SELECT d.name AS district, s.name AS street, c.name
           FROM regions c JOIN regions s ON s.code = c.parent_code JOIN regions d ON d.code = s.parent_code
          WHERE c.level = 5 AND c.code LIKE ? ORDER BY c.code`,
        [`${code.slice(0, 6)}%`],
      )
    ).rows;
    const cases: { id: number; target: DemoStage }[] = [];
    for (const [index, target] of DEMO_STAGES.entries()) {
      const community = communities[index % communities.length]!;
      const id = await enter(
        db,
        staff,
        family(prng.fork(`${district.pinyin}-${index}`), community, code.slice(0, 6)),
      );
      cases.push({ id, target });
      entered += 1;
    }
    const at = (stage: DemoStage) => cases.filter((c) => reached(c.target, stage)).map((c) => c.id);
    for (const id of at('verify')) await accept(db, staff, id);
    for (const id of at('notice')) await verify(db, staff, id);
    const noticed = at('notice_period');
    if (noticed.length)
      await publish(
        db,
        staff,
        noticed,
        `${district.name}${new Date().getFullYear()}年第一批公共租赁住房保障对象公示`,
      );
    for (const id of at('first_review')) await endNotice(db, id);
    for (const { id, target } of cases) {
      if (target === 'denied') await review(db, staff, id, false);
      else if (reached(target, 'second_review')) await review(db, staff, id, true);
    }
    for (const id of at('registered')) await secondReview(db, staff, id);
  }
  await db('app_meta').insert({ key: META_KEY, value: JSON.stringify({ entered, seeded_at: new Date() }) });
  return entered;
}
