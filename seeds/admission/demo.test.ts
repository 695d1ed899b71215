import { describe, expect, it } from 'vitest';
import { useTestServer } from '../../server/test/harness.ts';
import { seedRules } from '../../server/rules/seed.ts';
import { DEMO_STAGES, seedDemoApplications } from './demo.ts';

const t = useTestServer();

/** The stage each seeded application is at: its running process's active node, or its process's outcome. */
async function stages(): Promise<Record<string, number>> {
  const { rows } = await t.db.raw<{ rows: { stage: string; n: string }[] }>(
    `SELECT coalesce(
              (SELECT n.node_key FROM wf_node_instances n
                WHERE n.process_instance_id = p.id AND n.status = 'active' ORDER BY n.id DESC LIMIT 1),
              CASE p.outcome WHEN 'approved' THEN 'registered' ELSE p.outcome END) AS stage,
            count(*) AS n
       FROM wf_process_instances p WHERE p.business_type = 'household' GROUP BY 1`,
  );
  return Object.fromEntries(rows.map((r) => [r.stage, Number(r.n)]));
}

describe('demo applications (npm start)', () => {
  it('enters four districts of applications and leaves them at every stage, once', async () => {
    await seedRules(t.db);
    const entered = await seedDemoApplications(t.db);
    expect(entered).toBe(4 * DEMO_STAGES.length);
    const expected: Record<string, number> = {};
    for (const stage of DEMO_STAGES) expected[stage] = (expected[stage] ?? 0) + 4;
    expect(await stages()).toEqual(expected);
    // Registered ones are in the registry book and waiting; one published batch per district.
    const registry = await t.db('registry_book').count({ n: '*' }).first();
    expect(Number(registry!.n)).toBe(expected.registered);
    const batches = await t.db('notice_batches').where({ status: 'published' }).count({ n: '*' }).first();
    expect(Number(batches!.n)).toBe(4);
    expect(await seedDemoApplications(t.db)).toBe(0);
  });
});
