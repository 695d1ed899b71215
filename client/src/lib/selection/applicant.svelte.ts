/**
 * The public room of a session, kept live over its public stream (no personal data: order numbers and masked
 * names), and — once an applicant has signed in with 申请编号 + 选房码 (an httpOnly cookie for this session's
 * portal path) — their own place, read again after each change.
 */
import { ApiError, data, http } from '../api.ts';
import { ServerClock } from './clock.svelte.ts';
import {
  applyToUnits,
  NO_UNITS,
  describeChange,
  touchedUnits,
  unitsOf,
  type ApplicantState,
  type ChangeEvent,
  type PublicState,
} from './api.ts';
import { LiveFeed } from './live.svelte.ts';
import type { SessionUnit } from './model.ts';

const RECENT = 8;

export class PublicRoom {
  state = $state<PublicState | null>(null);
  units = $state<SessionUnit[]>([]);
  recent = $state<{ version: number; text: string }[]>([]);
  flash = $state<ReadonlySet<number>>(NO_UNITS);
  /** The signed-in applicant's own state; null before sign-in (or after sign-out, or when the token ran out). */
  me = $state<ApplicantState | null>(null);
  /** Whether we know yet if a sign-in cookie is there (the page shows the form only after). */
  checked = $state(false);
  error = $state<unknown>(null);
  readonly clock = new ServerClock();
  readonly feed: LiveFeed<PublicState, ChangeEvent>;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #flashTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(readonly id: number) {
    this.feed = new LiveFeed<PublicState, ChangeEvent>(`/api/portal/selection/${id}/events`, {
      onState: (state) => this.#take(state),
      onChange: (change) => this.#apply(change),
      onGap: () => void this.refresh(),
    });
  }

  start(): () => void {
    void this.refresh();
    void this.readMe();
    this.feed.start();
    return () => {
      this.feed.stop();
      if (this.#timer) clearTimeout(this.#timer);
      if (this.#flashTimer) clearTimeout(this.#flashTimer);
    };
  }

  async refresh(): Promise<void> {
    try {
      this.#take(await data(http.GET('/api/portal/selection/{id}', { params: { path: { id: this.id } } })));
      this.error = null;
    } catch (caught) {
      this.error = caught;
    }
    if (this.me) await this.readMe();
  }

  /** The applicant's place; a 401 means nobody is signed in here (or the sign-in expired). */
  async readMe(): Promise<void> {
    try {
      this.me = await data(http.GET('/api/portal/selection/{id}/me', { params: { path: { id: this.id } } }));
    } catch (caught) {
      if (caught instanceof ApiError && caught.status === 401) this.me = null;
      else this.error = caught;
    } finally {
      this.checked = true;
    }
  }

  async login(application_no: string, code: string): Promise<void> {
    this.me = await data(
      http.POST('/api/portal/selection/{id}/login', {
        params: { path: { id: this.id } },
        body: { application_no, code },
      }),
    );
  }

  async logout(): Promise<void> {
    await data(http.POST('/api/portal/selection/{id}/logout', { params: { path: { id: this.id } } }));
    this.me = null;
  }

  async pick(unitId: number): Promise<void> {
    await data(
      http.POST('/api/portal/selection/{id}/pick', {
        params: { path: { id: this.id } },
        body: { unit_id: unitId },
      }),
    );
    await this.readMe();
  }

  /** 放弃: the applicant gives up their place (before or during their turn). */
  async forfeit(): Promise<void> {
    this.me = await data(
      http.POST('/api/portal/selection/{id}/forfeit', { params: { path: { id: this.id } } }),
    );
  }

  #take(state: PublicState): void {
    if (this.state && state.version < this.state.version) return;
    this.state = state;
    this.units = unitsOf(state.buildings);
    this.clock.sync(state.server_time);
  }

  #apply(change: ChangeEvent): void {
    if (this.state) {
      this.state = {
        ...this.state,
        version: change.version,
        status: change.status,
        current: change.current,
        counts: change.counts,
      };
    }
    this.units = applyToUnits(this.units, change.changes);
    const touched = touchedUnits(change.changes);
    if (touched.size) {
      this.flash = touched;
      if (this.#flashTimer) clearTimeout(this.#flashTimer);
      this.#flashTimer = setTimeout(() => (this.flash = NO_UNITS), 1600);
    }
    const lines = change.changes
      .map((c) => describeChange(c))
      .filter((text): text is string => text !== null)
      .map((text) => ({ version: change.version, text }));
    this.recent = [...lines.reverse(), ...this.recent].slice(0, RECENT);
    // The applicant's place moves with the queue: read it again once the burst is over.
    if (this.me) {
      if (this.#timer) clearTimeout(this.#timer);
      this.#timer = setTimeout(() => void this.readMe(), 150);
    }
  }
}
