/**
 * The job worker: runs due timer and SLA jobs of wf_jobs. Each job runs in its own transaction that first takes
 * the job row with `FOR UPDATE SKIP LOCKED`, so several server processes share the queue without running a job
 * twice, and the job is marked done in the same transaction as its effect. Jobs are rows, so a timer whose server
 * stopped before it came due runs when a server (this or another) next polls. A failing job is retried later
 * with a growing delay; its error is kept in `last_error`.
 *
 * Poll interval: WF_POLL_MS (default 1000 ms); a `wf_jobs` notification (sent on commit when a job is added)
 * wakes the worker at once.
 */
import { hostname } from 'node:os';
import type { Logger } from 'pino';
import type { Db } from '../db/knex.ts';
import { setActor } from '../db/tx.ts';
import { escalateTask, fireTimer } from './engine.ts';
import type { JobRow } from './model.ts';

export interface JobWorker {
  /** Poll now (e.g. on a `wf_jobs` notification). */
  wake(): void;
  /** Stops polling and waits for the job in hand. */
  stop(): Promise<void>;
  /** Runs every due job once (tests and scripts); resolves with the number run. */
  drain(): Promise<number>;
}

const BATCH = 20;
const RETRY_BASE_MS = 5_000;

export function startJobWorker(
  db: Db,
  logger: Logger,
  pollMs = Number(process.env.WF_POLL_MS ?? 1000),
): JobWorker {
  const me = `${hostname()}:${process.pid}`;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> | undefined;
  let again = false;

  async function runOne(): Promise<boolean> {
    let failed: { job: JobRow; err: unknown } | undefined;
    const ran = await db.transaction(async (trx) => {
      type Job = JobRow & { node_instance_id: number | null; task_id: number | null };
      const job: Job | undefined = await trx('wf_jobs')
        .whereNull('done_at')
        .where('run_at', '<=', trx.raw('now()'))
        .orderBy('run_at')
        .forUpdate()
        .skipLocked()
        .first('id', 'kind', 'run_at', 'payload', 'attempts', 'node_instance_id', 'task_id');
      if (!job) return false;
      await setActor(trx, { username: 'system', action: `workflow.job.${job.kind}` });
      await trx.raw('SAVEPOINT wf_job');
      try {
        if (job.kind === 'timer' && job.node_instance_id) await fireTimer(trx, job.node_instance_id);
        if (job.kind === 'sla' && job.task_id) await escalateTask(trx, job.task_id);
        await trx('wf_jobs')
          .where({ id: job.id })
          .update({ done_at: trx.raw('now()'), locked_by: me, attempts: job.attempts + 1 });
      } catch (err) {
        // Undo the job's partial effect, keep the job: it is retried with a growing delay.
        await trx.raw('ROLLBACK TO SAVEPOINT wf_job');
        failed = { job, err };
        const delay = RETRY_BASE_MS * 2 ** Math.min(job.attempts, 10);
        await trx('wf_jobs')
          .where({ id: job.id })
          .update({
            attempts: job.attempts + 1,
            last_error: err instanceof Error ? err.message : String(err),
            locked_by: me,
            run_at: new Date(Date.now() + delay),
          });
      }
      return true;
    });
    if (failed)
      logger.error({ err: failed.err, job: failed.job.id, kind: failed.job.kind }, 'workflow job failed');
    return ran;
  }

  async function drain(): Promise<number> {
    let count = 0;
    for (let i = 0; i < BATCH && !stopped; i++) {
      if (!(await runOne())) break;
      count += 1;
    }
    return count;
  }

  function schedule(delay: number) {
    if (stopped) return;
    clearTimeout(timer);
    timer = setTimeout(tick, delay);
    timer.unref();
  }

  function tick() {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = drain();
    void running
      .then(
        (count) => schedule(count === BATCH || again ? 0 : pollMs),
        (err: unknown) => {
          logger.error({ err }, 'workflow job poll failed');
          schedule(pollMs);
        },
      )
      .finally(() => {
        running = undefined;
        again = false;
      });
  }

  schedule(0);
  return {
    wake: () => schedule(0),
    drain: () => drain(),
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running?.catch(() => undefined);
    },
  };
}
