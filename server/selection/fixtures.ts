/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-member-access,
   @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-argument --
   a test helper: it reads JSON answers loosely typed, as the tests do (eslint.config.js) */
/** Test helpers of online selection: a session over a fresh plan, and an applicant's cookie-keeping client. */
import { expect } from 'vitest';
import type { ApiClient, HttpResponse, TestContext } from '../test/harness.ts';
import { insertOrder, insertPublishedPlan, type PublishedPlan } from '../allocation/fixtures.ts';

export interface TestSession {
  id: number;
  plan: PublishedPlan;
  /** Household ids in order. */
  order: number[];
  codes: { turn_id: number; order_no: number; application_no: string; code: string }[];
  body: any;
}

let serial = 0;

/** A published plan of 南岗区 with its order, and a session over it created through the API. */
export async function createTestSession(
  t: TestContext,
  staff: ApiClient,
  options: { households: number; units: number; turn_seconds?: number; max_skips?: number; open?: boolean },
): Promise<TestSession> {
  serial += 1;
  const tag = `S${process.pid % 1000}${serial}`;
  const plan = await insertPublishedPlan(t.db, '230103', {
    households: options.households,
    units: options.units,
    tag,
  });
  const order = await insertOrder(t.db, plan.plan);
  const res = await staff.post('/api/selection/sessions', {
    plan_id: plan.plan,
    title: `第${serial}场选房`,
    turn_seconds: options.turn_seconds ?? 600,
    max_skips: options.max_skips ?? 1,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  const id = res.body.id as number;
  if (options.open) expect((await staff.post(`/api/selection/sessions/${id}/open`)).status).toBe(200);
  return { id, plan, order, codes: res.body.codes, body: res.body };
}

/** An applicant's browser: keeps the hss_sel cookie of its session. */
export class Applicant {
  cookie = '';
  constructor(
    readonly url: string,
    readonly session: number,
  ) {}

  async request<T = any>(method: string, path: string, body?: unknown): Promise<HttpResponse<T>> {
    const headers: Record<string, string> = {};
    if (this.cookie) headers.cookie = this.cookie;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${this.url}/api/portal/selection/${this.session}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const setCookie = res.headers.get('set-cookie');
    if (setCookie) {
      const value = /hss_sel=([^;]*)/.exec(setCookie)?.[1] ?? '';
      this.cookie = value ? `hss_sel=${value}` : '';
    }
    const text = await res.text();
    const parsed = text && /json/.test(res.headers.get('content-type') ?? '') ? JSON.parse(text) : text;
    return { status: res.status, headers: res.headers, body: parsed as T };
  }

  login = (application_no: string, code: string) => this.request('POST', '/login', { application_no, code });
  me = () => this.request('GET', '/me');
  pick = (unit_id: number) => this.request('POST', '/pick', { unit_id });
  forfeit = () => this.request('POST', '/forfeit');
}

/** Logs the household at `orderNo` in. */
export async function applicantAt(t: TestContext, session: TestSession, orderNo: number): Promise<Applicant> {
  const applicant = new Applicant(t.url, session.id);
  const code = session.codes.find((c) => c.order_no === orderNo)!;
  const res = await applicant.login(code.application_no, code.code);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return applicant;
}

/** Reads server-sent events from a stream until `until` says stop; returns them parsed. */
export async function readEvents(
  response: Response,
  until: (events: { event: string; id: number; data: any }[]) => boolean,
  timeoutMs = 5000,
) {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  const events: { event: string; id: number; data: any }[] = [];
  let buffer = '';
  const deadline = Date.now() + timeoutMs;
  while (!until(events)) {
    if (Date.now() > deadline) throw new Error(`no more events; got ${JSON.stringify(events)}`);
    const { value, done } = await Promise.race([
      reader.read(),
      new Promise<{ value: undefined; done: true }>((resolve) =>
        setTimeout(() => resolve({ value: undefined, done: true }), Math.max(1, deadline - Date.now())),
      ),
    ]);
    if (done && !value) break;
    buffer += decoder.decode(value, { stream: true });
    let cut: number;
    while ((cut = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      const fields = Object.fromEntries(
        block
          .split('\n')
          .filter((line) => line && !line.startsWith(':'))
          .map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 1).trimStart()]),
      );
      if (fields.event)
        events.push({ event: fields.event, id: Number(fields.id), data: JSON.parse(fields.data ?? 'null') });
    }
  }
  await reader.cancel();
  return events;
}
