/**
 * The staff room's picture of a session, kept live: the state and the units from the event stream (a `state`
 * replaces the picture, a `change` patches it at once), and what the stream does not carry — the queue with the
 * names as the reader may see them, and the selections to review — read again shortly after each change.
 */
import { data, http } from '../api.ts';
import { ServerClock } from './clock.svelte.ts';
import {
  applyToUnits,
  NO_UNITS,
  describeChange,
  touchedUnits,
  unitsOf,
  type ChangeEvent,
  type Selection,
  type SessionState,
  type Turn,
} from './api.ts';
import { LiveFeed } from './live.svelte.ts';
import type { SessionUnit } from './model.ts';

const HISTORY = 30;
/** Several changes in a burst (a pick ends one turn and starts the next) cause one re-read. */
const REREAD_MS = 250;

export interface HistoryLine {
  version: number;
  at: string;
  text: string;
}

export class Room {
  state = $state<SessionState | null>(null);
  units = $state<SessionUnit[]>([]);
  turns = $state<Turn[]>([]);
  selections = $state<Selection[]>([]);
  history = $state<HistoryLine[]>([]);
  flash = $state<ReadonlySet<number>>(NO_UNITS);
  error = $state<unknown>(null);
  readonly clock = new ServerClock();
  readonly feed: LiveFeed<SessionState, ChangeEvent>;
  /** Unit id → [lng, lat], read once per building (not state: the units carry them). */
  #coords: Record<number, [number, number]> = {};
  #reread: ReturnType<typeof setTimeout> | null = null;
  #flashTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    readonly id: number,
    private readonly withSelections: boolean,
  ) {
    this.feed = new LiveFeed<SessionState, ChangeEvent>(`/api/selection/sessions/${id}/events`, {
      onState: (state) => {
        this.#take(state);
        this.#schedule();
      },
      onChange: (change) => this.#apply(change),
      onGap: () => void this.refresh(),
    });
  }

  start(): () => void {
    void this.refresh();
    this.feed.start();
    return () => {
      this.feed.stop();
      if (this.#reread) clearTimeout(this.#reread);
      if (this.#flashTimer) clearTimeout(this.#flashTimer);
    };
  }

  /** Everything read again (after a 409, a gap in the stream, or on first load). */
  async refresh(): Promise<void> {
    const path = { id: this.id };
    try {
      const [state, tables] = await Promise.all([
        data(http.GET('/api/selection/sessions/{id}', { params: { path } })),
        data(http.GET('/api/selection/sessions/{id}/units', { params: { path } })),
      ]);
      this.#take(state);
      this.units = this.#located(unitsOf(tables.buildings));
      this.error = null;
      await Promise.all([this.#readSide(), this.#locate()]);
    } catch (caught) {
      this.error = caught;
    }
  }

  /** The household at turn as the queue names it (full name with personal_data.read, else masked). */
  get currentTurn(): Turn | null {
    const current = this.state?.current;
    return current ? (this.turns.find((turn) => turn.id === current.turn_id) ?? null) : null;
  }

  /** The households still to come, in queue order. */
  get queue(): Turn[] {
    return this.turns.filter((turn) => turn.status === 'waiting' || turn.status === 'skipped');
  }

  /** A write's answer (the session's state) taken at once, before its event arrives. */
  accept(state: SessionState): void {
    this.#take(state);
    this.#schedule();
  }

  #take(state: SessionState): void {
    if (this.state && state.version < this.state.version) return;
    this.state = state;
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
      .map((text) => ({ version: change.version, at: change.at, text }));
    this.history = [...lines.reverse(), ...this.history].slice(0, HISTORY);
    this.#schedule();
  }

  #schedule(): void {
    if (this.#reread) clearTimeout(this.#reread);
    this.#reread = setTimeout(() => {
      this.#reread = null;
      this.#readSide().catch((caught: unknown) => (this.error = caught));
    }, REREAD_MS);
  }

  async #readSide(): Promise<void> {
    const path = { id: this.id };
    const [turns, selections] = await Promise.all([
      data(http.GET('/api/selection/sessions/{id}/turns', { params: { path } })),
      this.withSelections
        ? data(
            http.GET('/api/selection/selections', {
              params: { query: { session_id: this.id, page_size: 500 } },
            }),
          )
        : Promise.resolve(null),
    ]);
    this.turns = turns.items;
    if (selections) this.selections = selections.items;
  }

  /** Where the units are (for the map): their buildings' units from the projects API, once per building. */
  async #locate(): Promise<void> {
    const buildings = this.units
      .filter((u) => !(u.id in this.#coords))
      .map((u) => u.building_id)
      .filter((building, index, all) => all.indexOf(building) === index);
    if (!buildings.length) return;
    const pages = await Promise.all(
      buildings.map((building_id) =>
        data(http.GET('/api/units', { params: { query: { building_id, page_size: 500 } } })).catch(
          () => null,
        ),
      ),
    );
    for (const page of pages)
      for (const unit of page?.items ?? []) {
        const geometry = unit.geometry as { type?: string; coordinates?: number[] } | null;
        const [lng, lat] = geometry?.type === 'Point' ? (geometry.coordinates ?? []) : [];
        if (lng !== undefined && lat !== undefined) this.#coords[unit.id] = [lng, lat];
      }
    this.units = this.#located(this.units);
  }

  #located(units: SessionUnit[]): SessionUnit[] {
    return units.map((u) => {
      const at = this.#coords[u.id];
      return at && u.lng === null ? { ...u, lng: at[0], lat: at[1] } : u;
    });
  }
}
