/**
 * The applicants' and the public's side of online selection: login with 申请编号 + 选房码 and its lockout, the
 * applicant cookie, no personal data in public answers, and the live events over SSE (staff and public streams,
 * through the compression middleware, reconnecting).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestServer, type ApiClient } from '../test/harness.ts';
import { Applicant, applicantAt, createTestSession, readEvents } from './fixtures.ts';
import { MAX_FAILURES } from './access.ts';

const t = useTestServer();
let staff: ApiClient;

beforeAll(async () => {
  staff = await t.as('nangang_caseworker');
});

const wrongCode = (code: string) => String((Number(code) + 1) % 100_000_000).padStart(8, '0');

describe('applicant login', () => {
  it('gives an httpOnly, SameSite=Strict cookie for this session only; /me tells the place in the queue', async () => {
    const s = await createTestSession(t, staff, { households: 3, units: 3, open: true });
    const third = new Applicant(t.url, s.id);
    const code = s.codes[2]!;
    const res = await third.login(code.application_no, code.code);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/httponly/i);
    expect(cookie).toMatch(/samesite=strict/i);
    expect(cookie).toContain(`path=/api/portal/selection/${s.id}`);
    expect(res.body).toMatchObject({ order_no: 3, is_my_turn: false, ahead: 1, turn_status: 'waiting' });
    expect(JSON.stringify(res.body)).not.toContain(code.application_no);
    // The cookie does not open another session's routes.
    const other = await createTestSession(t, staff, { households: 1, units: 1 });
    const stranger = new Applicant(t.url, other.id);
    stranger.cookie = third.cookie;
    expect((await stranger.me()).status).toBe(401);
    expect((await new Applicant(t.url, s.id).me()).status).toBe(401);
  });

  it(`locks the code after ${MAX_FAILURES} wrong tries, even for the right code`, async () => {
    const s = await createTestSession(t, staff, { households: 2, units: 2 });
    const code = s.codes[0]!;
    const applicant = new Applicant(t.url, s.id);
    for (let i = 1; i < MAX_FAILURES; i++) {
      const res = await applicant.login(code.application_no, wrongCode(code.code));
      expect(res.status).toBe(401);
      expect(res.body.detail).toContain(`再输错 ${MAX_FAILURES - i} 次`);
    }
    const locking = await applicant.login(code.application_no, wrongCode(code.code));
    expect(locking.status).toBe(423);
    expect(Number(locking.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await applicant.login(code.application_no, code.code)).status).toBe(423);
    expect((await applicant.login('AL-NOBODY', code.code)).status).toBe(401);
    const bad = await applicant.login(code.application_no, '12ab');
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('body.code');
    // A reissued code unlocks and works; the old one does not.
    const reissued = await staff.post(`/api/selection/sessions/${s.id}/codes`, { turn_ids: [code.turn_id] });
    expect(reissued.status).toBe(200);
    const fresh = reissued.body.items[0].code as string;
    expect((await applicant.login(code.application_no, fresh)).status).toBe(200);
  });
});

describe('public room', () => {
  it('shows units, the current order number and masked names, and no personal data', async () => {
    const s = await createTestSession(t, staff, { households: 3, units: 3, open: true });
    const first = await applicantAt(t, s, 1);
    expect((await first.pick(s.plan.units.units[0]!.id)).status).toBe(201);
    const res = await fetch(`${t.url}/api/portal/selection/${s.id}`);
    expect(res.status).toBe(200);
    const text = await res.text();
    const body = JSON.parse(text);
    expect(body.current).toMatchObject({ order_no: 2 });
    expect(body.current.name).toMatch(/^轮\*+$/);
    expect(
      body.buildings[0].floors.flatMap((f: any) => f.rooms).filter((r: any) => r?.status === 'selected'),
    ).toHaveLength(1);
    const households = await t
      .db('households')
      .whereIn('id', s.order)
      .select('id', 'application_no', 'applicant_name', 'id_number', 'phone');
    for (const h of households) {
      expect(text).not.toContain(h.application_no);
      expect(text).not.toContain(h.applicant_name);
      expect(text).not.toContain(h.id_number);
      expect(text).not.toContain(h.phone);
      expect(text).not.toMatch(new RegExp(`"household_id":${h.id}\\b`));
    }
    // Staff without personal_data.read see the turns masked.
    const leader = await t.as('nangang_leader');
    const turns = await leader.get(`/api/selection/sessions/${s.id}/turns`);
    expect(turns.body.personal_data_masked).toBe(true);
    for (const turn of turns.body.items) expect(turn.applicant_name).toMatch(/^轮\*+$/);
  });
});

describe('live events', () => {
  it('staff and public streams start with the state, then carry each change in version order', async () => {
    const s = await createTestSession(t, staff, { households: 3, units: 3 });
    const staffStream = await fetch(`${t.url}/api/selection/sessions/${s.id}/events`, {
      headers: { cookie: staff.cookieHeader, 'accept-encoding': 'gzip' },
    });
    expect(staffStream.status).toBe(200);
    expect(staffStream.headers.get('content-type')).toContain('text/event-stream');
    expect(staffStream.headers.get('content-encoding')).toBeNull();
    const publicStream = await fetch(`${t.url}/api/portal/selection/${s.id}/events`, {
      headers: { 'accept-encoding': 'gzip' },
    });
    expect(publicStream.headers.get('content-encoding')).toBeNull();

    const staffEvents = readEvents(staffStream, (e) =>
      e.some((x) => x.data.changes?.some((c: any) => c.kind === 'unit_picked')),
    );
    const publicEvents = readEvents(publicStream, (e) =>
      e.some((x) => x.data.changes?.some((c: any) => c.kind === 'unit_picked')),
    );
    await new Promise((r) => setTimeout(r, 300)); // both subscribed
    expect((await staff.post(`/api/selection/sessions/${s.id}/open`)).status).toBe(200);
    const first = await applicantAt(t, s, 1);
    const unit = s.plan.units.units[2]!;
    expect((await first.pick(unit.id)).status).toBe(201);

    for (const [events, audience] of [
      [await staffEvents, 'staff'],
      [await publicEvents, 'public'],
    ] as const) {
      expect(events[0]).toMatchObject({ event: 'state', id: 0 });
      expect(events[0]!.data.status).toBe('scheduled');
      const changes = events.slice(1);
      expect(changes.map((e) => e.event)).toEqual(['change', 'change']);
      expect(changes.map((e) => e.id)).toEqual([1, 2]);
      expect(changes[0]!.data.changes.map((c: any) => c.kind)).toEqual(['session', 'turn_started']);
      const picked = changes[1]!.data;
      expect(picked.changes.map((c: any) => c.kind)).toEqual(['unit_picked', 'turn_ended', 'turn_started']);
      expect(picked.changes[0]).toMatchObject({ unit_id: unit.id, order_no: 1, proxy: false });
      expect(picked.current.order_no).toBe(2);
      expect(picked.counts).toMatchObject({ units_available: 2, picked: 1 });
      const text = JSON.stringify(events);
      if (audience === 'public') {
        expect(text).not.toContain('application_no');
        expect(text).not.toContain('household_id');
        expect(text).not.toContain(s.codes[0]!.application_no);
      } else {
        expect(picked.changes[0].household_id).toBe(s.order[0]);
      }
    }

    // Reconnecting with Last-Event-ID (or ?since=) answers with the current state.
    const again = await fetch(`${t.url}/api/portal/selection/${s.id}/events?since=1`, {
      headers: { 'last-event-id': '1' },
    });
    const [state] = await readEvents(again, (e) => e.length > 0);
    expect(state).toMatchObject({ event: 'state', id: 2 });
    expect(state!.data.current.order_no).toBe(2);
  });

  it('the staff stream is scoped: another district gets 404, the public stream of an unknown session 404', async () => {
    const s = await createTestSession(t, staff, { households: 1, units: 1 });
    const daoli = await t.as('daoli_caseworker');
    const res = await fetch(`${t.url}/api/selection/sessions/${s.id}/events`, {
      headers: { cookie: daoli.cookieHeader },
    });
    expect(res.status).toBe(404);
    expect((await fetch(`${t.url}/api/portal/selection/999999/events`)).status).toBe(404);
  });
});
