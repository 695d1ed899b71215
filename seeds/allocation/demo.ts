/**
 * Demo allocation and deployment for `npm start` (issue 7): in 南岗区, through the same services a user's request
 * goes through, each step in its own transaction with the district's demo staff as the actor:
 * - the ledgers' opening balances and a year's funds received;
 * - a public-rental plan drafted from the ranked waiting list over a delivered project, published, its lottery
 *   committed and drawn with three representatives' digits, and a live selection session opened in which the
 *   first households have chosen (two by proxy), some selections reviewed and their rental contracts in force;
 * - a rent-subsidy plan whose households hold subsidy agreements, with this month's dues generated and partly paid
 *   (one short, with its reason);
 * - a land supply record on a reserve parcel (the support ledger's land out).
 *
 * Not part of the test template; `scripts/start.ts` calls it once per database (app_meta `demo_allocation`),
 * after the rules (plans read them) and the demo applications.
 */
import type { Knex } from 'knex';
import type { Scope } from '../../server/access/scope.ts';
import type { Tx } from '../../server/db/knex.ts';
import { inTransaction } from '../../server/db/tx.ts';
import { createPlan, publishPlan } from '../../server/allocation/plans.ts';
import { postLedgerEntry, postOpeningBalances } from '../../server/allocation/ledgers.ts';
import { commitDraw, runDraw } from '../../server/lottery/service.ts';
import { createSession, openSession } from '../../server/selection/service.ts';
import { pick } from '../../server/selection/picking.ts';
import { reviewSelection } from '../../server/selection/review.ts';
import { createContract, makeEffective, signContract } from '../../server/contracts/service.ts';
import { generateDues } from '../../server/subsidies/dues.ts';
import { payDue } from '../../server/subsidies/payments.ts';
import { createSupply } from '../../server/support/land-supplies.ts';
import { scopeOf } from '../admission/demo.ts';

const META_KEY = 'demo_allocation';
const DISTRICT = '230103'; // 南岗区
const STAFF = 'nangang';
/** Households that have chosen in the open session; the next one has the turn. */
const PICKED = 12;

const isoDay = (date: Date) => date.toISOString().slice(0, 10);
const addDays = (date: Date, days: number) => new Date(date.getTime() + days * 86_400_000);

/** Runs `work` in its own transaction with `scope`'s user as the actor (as a request would). */
function as<T>(db: Knex, scope: Scope, action: string, work: (trx: Tx) => Promise<T>): Promise<T> {
  return inTransaction(
    db,
    {
      username: scope.username,
      userId: scope.userId,
      regionCode: scope.regionCode,
      action: `seed.${action}`,
    },
    work,
  );
}

/** The 南岗区 public-rental project with the most delivered, handed-over units. */
async function rentalProject(db: Knex): Promise<number> {
  const row = await db('projects as p')
    .join('housing_units as u', 'u.project_id', 'p.id')
    .where('p.region_code', 'like', `${DISTRICT}%`)
    .where('p.proposed_name', 'like', '%公租房%')
    .where({ 'u.delivery_status': 'delivered', 'u.handed_over': true })
    .groupBy('p.id')
    .orderByRaw('count(*) DESC, p.id')
    .first<{ id: number } | undefined>('p.id');
  if (!row) throw new Error(`no delivered public-rental project in ${DISTRICT}: seed the demo city first`);
  return Number(row.id);
}

async function seedRentalPlan(db: Knex, staff: Record<string, Scope>, today: Date): Promise<void> {
  const { approver, caseworker, reviewer } = staff as Record<'approver' | 'caseworker' | 'reviewer', Scope>;
  const project_id = await rentalProject(db);
  const plan = await as(db, approver, 'allocation.plans.create', (trx) =>
    createPlan(trx, approver, {
      mode_code: 'GZ-PZ',
      name: `南岗区${today.getFullYear()}年第四批公共租赁住房实物配租方案`,
      period_type: 'batch',
      period: `${today.getFullYear()}-第4批`,
      object_type: '中等偏下收入住房困难家庭',
      starts_on: isoDay(today),
      ends_on: isoDay(addDays(today, 60)),
      resource_kind: 'units',
      project_id,
      household_count: 40,
      tie_policy: 'include',
    }),
  );
  await as(db, approver, 'allocation.plans.publish', (trx) => publishPlan(trx, approver, plan.id));

  const draw = await as(db, approver, 'lottery.draws.create', (trx) =>
    commitDraw(trx, approver, {
      plan_id: plan.id,
      title: '公共租赁住房第四批选房顺序公开摇号',
      cohorts: 'ties',
    }),
  );
  await as(db, approver, 'lottery.draws.draw', (trx) =>
    runDraw(trx, approver, draw.id, {
      contributions: [
        { party: '申请人代表 1', value: '3829' },
        { party: '申请人代表 2', value: '0417' },
        { party: '公证员', value: '9256' },
      ],
    }),
  );

  const { session } = await as(db, caseworker, 'selection.sessions.create', (trx) =>
    createSession(trx, caseworker, {
      plan_id: plan.id,
      title: '公共租赁住房第四批网上选房',
      // A long turn: the demo's household at turn keeps it while someone looks around.
      turn_seconds: 3600,
      max_skips: 1,
    }),
  );
  await as(db, caseworker, 'selection.sessions.open', (trx) => openSession(trx, caseworker, session.id));
  const units = await db('allocation_plan_resources')
    .where({ plan_id: plan.id, status: 'available' })
    .orderBy('resource_no')
    .pluck<number[]>('unit_id');
  for (let i = 0; i < PICKED; i++) {
    const turn = await db('selection_turns')
      .where({ session_id: session.id, status: 'active' })
      .first<{ id: number; household_id: number }>('id', 'household_id');
    // Every third family a floor higher than the last; two picked by the caseworker (代选) for elderly applicants.
    const unitId = units.splice((i * 3) % units.length, 1)[0]!;
    const byProxy = i === 4 || i === 9;
    await as(db, caseworker, 'selection.pick', (trx) =>
      pick(
        trx,
        byProxy ? caseworker : undefined,
        session.id,
        byProxy
          ? {
              unitId,
              proxy: { turnId: turn.id, by: caseworker.username, reason: '申请人年迈，委托工作人员代选' },
            }
          : { unitId, householdId: turn.household_id },
      ),
    );
  }
  const selections = await db('unit_selections')
    .where({ session_id: session.id, status: 'active' })
    .orderBy('picked_at')
    .pluck<number[]>('id');
  for (const id of selections.slice(0, 8))
    await as(db, reviewer, 'selection.selections.review', (trx) =>
      reviewSelection(trx, reviewer, id, { approved: true, comment: '选房结果符合方案，审核通过' }),
    );
  for (const id of selections.slice(0, 5)) {
    const contract = await as(db, caseworker, 'contracts.create', (trx) =>
      createContract(trx, caseworker, {
        contract_type: 'rental',
        selection_id: id,
        term_months: 36,
        auto_renew: true,
      }),
    );
    await as(db, caseworker, 'contracts.sign', (trx) => signContract(trx, caseworker, contract.id));
    await as(db, caseworker, 'contracts.effective', (trx) => makeEffective(trx, caseworker, contract.id));
  }
}

async function seedSubsidyPlan(db: Knex, staff: Record<string, Scope>, today: Date): Promise<void> {
  const { approver, caseworker } = staff as Record<'approver' | 'caseworker', Scope>;
  const fundOfficer = staff.fund_officer!;
  const plan = await as(db, approver, 'allocation.plans.create', (trx) =>
    createPlan(trx, approver, {
      mode_code: 'ZB-BT',
      name: `南岗区${today.getFullYear()}年住房租赁补贴发放方案`,
      period_type: 'year',
      period: String(today.getFullYear()),
      object_type: '低收入住房困难家庭',
      starts_on: isoDay(today),
      ends_on: `${today.getFullYear()}-12-31`,
      resource_kind: 'subsidy',
      household_count: 20,
      tie_policy: 'include',
    }),
  );
  await as(db, approver, 'allocation.plans.publish', (trx) => publishPlan(trx, approver, plan.id));
  const members = await db('allocation_plan_households')
    .where({ plan_id: plan.id })
    .orderBy('waiting_rank')
    .limit(12)
    .pluck<number[]>('id');
  for (const plan_household_id of members) {
    const contract = await as(db, caseworker, 'contracts.create', (trx) =>
      createContract(trx, caseworker, {
        contract_type: 'subsidy',
        auto_renew: false,
        plan_household_id,
        subsidy_method: 'bank',
        subsidy_start_on: isoDay(new Date(today.getFullYear(), today.getMonth(), 1)),
        term_months: 12,
      }),
    );
    await as(db, caseworker, 'contracts.sign', (trx) => signContract(trx, caseworker, contract.id));
    await as(db, caseworker, 'contracts.effective', (trx) => makeEffective(trx, caseworker, contract.id));
  }
  const month = { year: today.getFullYear(), month: today.getMonth() + 1 };
  await as(db, fundOfficer, 'subsidies.dues.generate', (trx) => generateDues(trx, fundOfficer, month));
  const dues = await db('subsidy_dues')
    .where({ subsidy_year: month.year, subsidy_month: month.month })
    .where('region_code', 'like', `${DISTRICT}%`)
    .orderBy('id')
    .limit(6)
    .pluck<number[]>('id');
  for (const [i, id] of dues.entries())
    await as(db, fundOfficer, 'subsidies.payments.pay', (trx) =>
      payDue(
        trx,
        fundOfficer,
        id,
        i === 0
          ? { method: 'bank', shortfall: '100', shortfall_reason: '银行账户信息有误，差额待更正后补发' }
          : { method: 'bank', shortfall: '0' },
      ),
    );
}

async function seedLandSupply(db: Knex, planner: Scope, today: Date): Promise<void> {
  const parcel = await db('land_parcels')
    .where('region_code', 'like', `${DISTRICT}%`)
    .where({ status: 'reserved' })
    .orderBy('id')
    .first<{ id: number } | undefined>('id');
  if (!parcel) return;
  await as(db, planner, 'land_supplies.create', (trx) =>
    createSupply(trx, planner, {
      parcel_id: parcel.id,
      project_code: 'SP-PEIJIAN',
      approval_doc_name: '关于南岗区配建保障性住房项目用地的批复',
      approval_doc_no: `哈规土批〔${today.getFullYear()}〕17号`,
      approved_on: isoDay(addDays(today, -30)),
      acquisition_method: '划拨',
      land_value: '38000000',
      use_years: 70,
      received_by: '哈尔滨市南岗区住房保障中心',
      supplied_on: isoDay(today),
    }),
  );
}

/** Seeds the demo allocation once per database; returns whether it ran. */
export async function seedDemoAllocation(db: Knex, today = new Date()): Promise<boolean> {
  if (await db('app_meta').where({ key: META_KEY }).first()) return false;
  const staff: Record<string, Scope> = {};
  for (const role of ['approver', 'caseworker', 'reviewer', 'fund_officer', 'planner'])
    staff[role] = await scopeOf(db, `${STAFF}_${role}`);
  await as(db, staff.approver!, 'allocation.ledgers.opening', (trx) => postOpeningBalances(trx));
  await as(db, staff.approver!, 'allocation.ledgers.post', (trx) =>
    postLedgerEntry(trx, staff.approver!, {
      region_code: `${DISTRICT}000000`,
      direction: 'in',
      amount: '5000000',
      batch_no: `哈财建〔${today.getFullYear()}〕88号`,
      handed_by: '哈尔滨市财政局',
      received_by: '南岗区住房保障中心',
    }),
  );
  await seedRentalPlan(db, staff, today);
  await seedSubsidyPlan(db, staff, today);
  await seedLandSupply(db, staff.planner!, today);
  await db('app_meta').insert({ key: META_KEY, value: JSON.stringify({ seeded_at: today.toISOString() }) });
  return true;
}
