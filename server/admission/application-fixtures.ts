/** Test data for applications: valid resident ID numbers and a wizard body for a community (tests only). */
import type { Db } from '../db/knex.ts';
import { residentIdCheckChar } from '../shared/validators.ts';
import { communityIn } from '../spatial/fixtures.ts';
import { scopeOfUser } from '../access/scope.ts';
import { actorOf, claimTask, completeTask } from '../workflow/engine.ts';

export type Community = Awaited<ReturnType<typeof communityIn>>;
export { communityIn };

/** A valid 18-digit resident ID number: region, birth date (YYYYMMDD), a 3-digit serial (odd = male). */
export function residentId(region: string, birth: string, serial: number): string {
  const first17 = `${region}${birth}${String(serial % 1000).padStart(3, '0')}`;
  return `${first17}${residentIdCheckChar(first17)}`;
}

let next = 100;
/** A fresh serial for each person, so no two test people share an ID number. */
export const serial = (male: boolean) => {
  next += 1;
  return male === (next % 2 === 1) ? next : ++next;
};

export interface Person {
  name: string;
  id_number: string;
}

export const person = (name: string, birth: string, male: boolean, region = '230103'): Person => ({
  name,
  id_number: residentId(region, birth, serial(male)),
});

/**
 * A three-person family (applicant, spouse, child) with two homes and two assets; incomes 30000.00 + 24000.50 + 0
 * and areas 45.5 + 20 m², so the derived figures are 54000.50 / 18000.17 yuan and 65.5 / 21.83 m².
 */
type Rows = Record<string, unknown>[];

export function applicationBody(
  community: Community,
  people: { applicant?: Person; spouse?: Person; child?: Person } = {},
  extra: Record<string, unknown> = {},
): Record<string, unknown> & { members: Rows; housing: Rows; assets: Rows } {
  const applicant = people.applicant ?? person('王建国', '19800312', true);
  const spouse = people.spouse ?? person('李秀英', '19821105', false);
  const child = people.child ?? person('王小明', '20100601', true);
  return {
    applicant_name: applicant.name,
    id_number: applicant.id_number,
    phone: '13945678901',
    household_size: 3,
    hukou_district: community.district,
    hukou_street: community.street,
    hukou_community: community.name,
    hukou_road: '测试路',
    hukou_house_no: '8号',
    housing: [
      {
        address_district: community.district,
        address_road: '测试路',
        address_house_no: '8号',
        occupancy: '03',
        house_type: '01',
        floor_area: 45.5,
        rent: '800.00',
        structure: '4',
        layout: '01',
      },
      { address_district: community.district, occupancy: '06', floor_area: 20, house_nature: '05' },
    ],
    members: [
      {
        relation: '01',
        name: applicant.name,
        id_number: applicant.id_number,
        annual_income: '30000.00',
        hukou_years: 12.5,
        hukou_type: '3',
        employment: '1',
        education: '21',
      },
      {
        relation: '10',
        name: spouse.name,
        id_number: spouse.id_number,
        annual_income: '24000.50',
        disability_category: '4',
        disability_grade: 3,
      },
      { relation: '20', name: child.name, id_number: child.id_number, employment: '5' },
    ],
    assets: [
      { owner_name: applicant.name, category: '02', quantity: 1, total_value: '35000.00' },
      { owner_name: spouse.name, category: '03', total_value: '12000.00' },
    ],
    ...extra,
  };
}

export const rowCount = async (db: Db, table: string) =>
  Number((await db(table).count({ n: '*' }).first())!.n);

/**
 * Claims and completes a household's open task at `nodeKey` as a demo user, as the inbox would (the workflow's
 * routes have their own tests); returns whether there was one.
 */
export async function completeOpenTask(
  db: Db,
  householdId: number,
  nodeKey: string,
  username: string,
  decision: string,
): Promise<boolean> {
  const user = await db<{ id: number; username: string; region_code: string }>('staff_users')
    .where({ username })
    .first('id', 'username', 'region_code');
  if (!user) throw new Error(`no user ${username}`);
  const roles = await db<{ user_id: number; role_code: string }>('staff_user_roles')
    .where({ user_id: user.id })
    .pluck('role_code');
  const actor = actorOf(scopeOfUser({ ...user, roles }));
  return db.transaction(async (trx) => {
    await trx.raw(`select set_config('hss.actor', ?, true)`, [username]);
    const taskId = (await trx('wf_tasks as k')
      .join('wf_process_instances as p', 'p.id', 'k.process_instance_id')
      .where({ 'p.business_id': householdId, 'k.node_key': nodeKey, 'k.status': 'open' })
      .pluck('k.id')) as number[];
    if (!taskId.length) return false;
    await claimTask(trx, actor, taskId[0]!);
    await completeTask(trx, actor, taskId[0]!, { decision });
    return true;
  });
}
