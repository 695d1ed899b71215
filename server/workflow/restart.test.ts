/**
 * Timers survive a restart: a timer comes due while no server runs; the next server started on the same database
 * fires it. The servers are started here (not by useTestServer) because the test stops one and starts another.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../main.ts';
import { loadConfig } from '../config.ts';
import { createDb, type Db } from '../db/knex.ts';
import { cloneTemplate, dropDatabase } from '../test/databases.ts';
import * as engine from './engine.ts';
import { asTx, NANGANG, nangangCaseworker, waiting } from './fixtures.ts';

let db: Db;
let name = '';
let url = '';
const running: RunningServer[] = [];
const serve = async () => {
  const server = await startServer(
    loadConfig({ databaseUrl: url, port: 0, host: '127.0.0.1', logLevel: 'silent' }),
  );
  running.push(server);
  return server;
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  ({ name, url } = await cloneTemplate());
  db = createDb(url, { max: 2 });
  await engine.ensureDefinition(db, waiting());
});

afterAll(async () => {
  for (const server of running) await server.close();
  await db?.destroy();
  if (name) await dropDatabase(name);
});

it('fires a timer that came due while the server was down, once the next server starts', async () => {
  const first = await serve();
  const dueInMs = 1500;
  const process = await asTx(db, 'nangang_caseworker', (trx) =>
    engine.startProcess(trx, nangangCaseworker, {
      processKey: 'wf_waiting',
      businessType: 'test',
      businessId: 1,
      regionCode: NANGANG,
      name: '重启测试',
      variables: { wake_at: (Date.now() + dueInMs) / 1000 },
    }),
  );
  const waitNode = async () =>
    (await engine.nodeInstancesOf(db, process.id)).find((n) => n.node_key === 'wait')!;
  await first.close();
  await sleep(dueInMs + 1000);
  // Due, but nobody was there to run it: still waiting, the job still pending.
  expect((await waitNode()).status).toBe('active');
  const job = await db('wf_jobs')
    .where({ kind: 'timer', node_instance_id: (await waitNode()).id })
    .first();
  expect(job.done_at).toBeNull();
  expect(job.run_at.getTime()).toBeLessThan(Date.now());

  await serve();
  const deadline = Date.now() + 10_000;
  while ((await waitNode()).status === 'active' && Date.now() < deadline) await sleep(100);
  expect((await waitNode()).status).toBe('completed');
  const fired = await db('wf_jobs').where({ id: job.id }).first();
  expect(fired.done_at).not.toBeNull();
  expect(fired.attempts).toBe(1);
  expect((await engine.historyOf(db, process.id)).filter((e) => e.type === 'timer_fired')).toHaveLength(1);
});
