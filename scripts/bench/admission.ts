/**
 * The admission workload of the bench city: one admission process instance per household (the households are
 * the applications), written with set-based SQL — not the engine one by one — in one transaction with triggers
 * off (no audit rows, no bookkeeping: a bulk load). Per district: OPEN_PER_DISTRICT instances wait at 初审
 * (first_review) with an open task for the district's reviewers, ACCEPT_PER_DISTRICT wait at 受理 (accept) for its
 * caseworkers; every other instance is finished (登记 or 不予登记) with its completed 复审/初审 task, so the task
 * table has the size of a city's history. Open tasks have their SLA jobs, as the engine would have queued them.
 */
import type { Db } from '../../server/db/knex.ts';
import { ensureDefinition } from '../../server/workflow/engine.ts';
import { admissionProcess } from '../../server/admission/process.ts';

export const OPEN_PER_DISTRICT = Number(process.env.BENCH_OPEN_TASKS ?? 10_000);
export const ACCEPT_PER_DISTRICT = Math.round(OPEN_PER_DISTRICT / 5);

/** Whether the bench's workflow data is as loaded: every household has an instance, and 10,000 open per district. */
export async function admissionLoaded(db: Db): Promise<boolean> {
  const { rows } = await db.raw<{ rows: { instances: number; households: number; short: number }[] }>(
    `SELECT (SELECT count(*) FROM wf_process_instances WHERE process_type = 'admission')::int AS instances,
            (SELECT count(*) FROM households)::int AS households,
            (SELECT count(*) FROM (
               SELECT substr(h.region_code, 1, 6) AS d, count(t.id) AS n
               FROM (SELECT DISTINCT substr(region_code, 1, 6) AS region_code FROM households) h
               LEFT JOIN wf_tasks t ON t.region_code = h.region_code || '000000' AND t.node_key = 'first_review'
                                   AND t.status = 'open'
               GROUP BY 1) c WHERE c.n <> ?)::int AS short`,
    [OPEN_PER_DISTRICT],
  );
  const r = rows[0]!;
  return r.instances === r.households && r.short === 0;
}

/** Replaces every workflow instance of the bench database by the admission workload. */
export async function loadAdmission(db: Db): Promise<void> {
  const template = await ensureDefinition(db, admissionProcess);
  await db.transaction(async (trx) => {
    await trx.raw('SET LOCAL session_replication_role = replica');
    await trx.raw('SET LOCAL work_mem = $$256MB$$');
    await trx.raw('TRUNCATE wf_jobs, wf_events, wf_tasks, wf_node_instances, wf_process_instances CASCADE');
    await trx.raw(
      `CREATE TEMP TABLE bench_cases ON COMMIT DROP AS
       SELECT h.id, h.region_code, h.application_no, substr(h.region_code, 1, 6) || '000000' AS district,
              CASE WHEN n <= CAST(:open AS int) THEN 'first_review' WHEN n <= CAST(:open AS int) + CAST(:accept AS int) THEN 'accept'
                   WHEN h.id % 10 < 7 THEN 'registered' ELSE 'denied' END AS stage,
              now() - ((h.id * 7919) % 365 + 30) * interval '1 day' AS started_at,
              ((h.id * 104729) % 7200) * interval '1 minute' AS took
       FROM (SELECT h.*, row_number() OVER (PARTITION BY substr(region_code, 1, 6) ORDER BY id) AS n FROM households h) h`,
      { open: OPEN_PER_DISTRICT, accept: ACCEPT_PER_DISTRICT },
    );
    await trx.raw(
      `INSERT INTO wf_process_instances (template_id, template_name, name, business_category, status, started_at,
         completed_at, process_type, version, business_type, business_id, region_code, variables, outcome)
       SELECT :template, :name, '准入申请 ' || c.application_no, :category,
              CASE WHEN c.stage IN ('first_review', 'accept') THEN 'running' ELSE 'completed' END, c.started_at,
              CASE WHEN c.stage IN ('first_review', 'accept') THEN NULL ELSE c.started_at + c.took + interval '20 days' END,
              'admission', :version, 'household', c.id, c.region_code,
              CASE c.stage WHEN 'accept' THEN '{}'::jsonb
                           ELSE '{"submit": true, "pass": true, "fail": false, "notice_passed": true}'::jsonb END,
              CASE c.stage WHEN 'registered' THEN 'approved' WHEN 'denied' THEN 'denied' END
       FROM bench_cases c`,
      {
        template: template.id,
        name: template.name,
        category: template.business_category,
        version: template.version,
      },
    );
    // The node each instance stands at (or ended at), entered a little before now for the open ones.
    await trx.raw(
      `INSERT INTO wf_node_instances (process_instance_id, node_template_id, node_key, name, node_type, status,
         entered_at, completed_at, region_code, decision)
       SELECT p.id, nt.id, nt.node_key, nt.name, nt.node_type,
              CASE WHEN p.status = 'running' THEN 'active' ELSE 'completed' END,
              CASE WHEN p.status = 'running' THEN now() - (p.id % 4000) * interval '1 minute' ELSE p.completed_at END,
              p.completed_at, p.region_code, NULL
       FROM wf_process_instances p JOIN bench_cases c ON c.id = p.business_id
       JOIN wf_node_templates nt ON nt.template_id = :template AND nt.node_key = c.stage`,
      { template: template.id },
    );
    // Open tasks for the waiting ones; the deciding review task of the finished ones.
    await trx.raw(
      `INSERT INTO wf_tasks (node_instance_id, process_instance_id, node_key, region_code, home_region_code,
         candidate_role, status, assignee, decision, due_at, claimed_at, completed_at, created_at, updated_at)
       SELECT ni.id, ni.process_instance_id, ni.node_key, c.district, c.district,
              CASE ni.node_key WHEN 'accept' THEN 'caseworker' ELSE 'reviewer' END,
              'open', NULL, NULL,
              ni.entered_at + CASE ni.node_key WHEN 'accept' THEN interval '72 hours' ELSE interval '120 hours' END,
              NULL, NULL, ni.entered_at, ni.entered_at
       FROM wf_node_instances ni JOIN wf_process_instances p ON p.id = ni.process_instance_id
       JOIN bench_cases c ON c.id = p.business_id
       WHERE ni.status = 'active'`,
    );
    await trx.raw(
      `INSERT INTO wf_tasks (node_instance_id, process_instance_id, node_key, region_code, home_region_code,
         candidate_role, status, assignee, decision, due_at, claimed_at, completed_at, created_at, updated_at, version)
       SELECT ni.id, p.id, CASE c.stage WHEN 'registered' THEN 'second_review' ELSE 'first_review' END,
              CASE c.stage WHEN 'registered' THEN substr(c.district, 1, 4) || '00000000' ELSE c.district END,
              CASE c.stage WHEN 'registered' THEN substr(c.district, 1, 4) || '00000000' ELSE c.district END,
              CASE c.stage WHEN 'registered' THEN 'approver' ELSE 'reviewer' END, 'completed',
              CASE c.stage WHEN 'registered' THEN 'hrb_approver' ELSE 'bench_reviewer_' || (p.id % 7) END,
              CASE c.stage WHEN 'registered' THEN 'approve' ELSE 'deny' END,
              p.completed_at - c.took / 4, p.completed_at - c.took / 8, p.completed_at,
              p.completed_at - c.took / 3, p.completed_at, 3
       FROM wf_node_instances ni JOIN wf_process_instances p ON p.id = ni.process_instance_id
       JOIN bench_cases c ON c.id = p.business_id
       WHERE ni.status = 'completed'`,
    );
    await trx.raw(
      `INSERT INTO wf_jobs (kind, run_at, task_id) SELECT 'sla', due_at, id FROM wf_tasks WHERE status = 'open'`,
    );
  });
  for (const table of ['wf_process_instances', 'wf_node_instances', 'wf_tasks', 'wf_jobs'])
    await db.raw(`VACUUM ANALYZE ${table}`);
}
