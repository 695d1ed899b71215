/**
 * A session's live stream (server/selection/events.ts): Server-Sent Events, `state` first (the whole picture at
 * a version) then one `change` per committed change in version order. The browser's EventSource reconnects by
 * itself (the server's `retry: 3000`, with Last-Event-ID = the last version) and the server answers a reconnect
 * with a fresh `state`; when the browser gives up (an HTTP error closes the source), we open it again with
 * `?since=<version>` after a growing pause. A change that skips a version means one was missed: the page is told
 * to refetch its state.
 */

export type LiveStatus = 'connecting' | 'live' | 'reconnecting' | 'closed';

export interface LiveHandlers<S, C> {
  /** The whole picture (first message of every connection). */
  onState(state: S): void;
  /** One committed change. */
  onChange(change: C): void;
  /** A version was skipped: refetch the state (the stream goes on). */
  onGap?(): void;
}

export class LiveFeed<S extends { version: number }, C extends { version: number }> {
  status = $state<LiveStatus>('connecting');
  /** The last version seen (0 before the first state). */
  version = $state(0);
  #source: EventSource | null = null;
  #retry: ReturnType<typeof setTimeout> | null = null;
  #failures = 0;
  #stopped = false;

  constructor(
    private readonly url: string,
    private readonly handlers: LiveHandlers<S, C>,
  ) {}

  start(): void {
    this.#stopped = false;
    this.#open();
  }

  stop(): void {
    this.#stopped = true;
    this.status = 'closed';
    if (this.#retry) clearTimeout(this.#retry);
    this.#retry = null;
    this.#source?.close();
    this.#source = null;
  }

  /** Drops the connection and opens a new one now (e.g. after the page comes back online). */
  reconnect(): void {
    if (this.#stopped) return;
    this.#source?.close();
    this.#open();
  }

  #open(): void {
    const url = this.version ? `${this.url}?since=${this.version}` : this.url;
    const source = new EventSource(url);
    this.#source = source;
    this.status = this.version ? 'reconnecting' : 'connecting';
    source.addEventListener('state', (event) => {
      const state = JSON.parse((event as MessageEvent<string>).data) as S;
      this.#failures = 0;
      this.version = state.version;
      this.status = 'live';
      this.handlers.onState(state);
    });
    source.addEventListener('change', (event) => {
      const change = JSON.parse((event as MessageEvent<string>).data) as C;
      if (change.version <= this.version) return;
      const gap = change.version !== this.version + 1;
      this.version = change.version;
      this.handlers.onChange(change);
      if (gap) this.handlers.onGap?.();
    });
    source.addEventListener('error', () => {
      if (this.#source !== source || this.#stopped) return;
      if (source.readyState === EventSource.CONNECTING) {
        // The browser retries by itself (Last-Event-ID).
        this.status = 'reconnecting';
        return;
      }
      // Closed for good (an HTTP error, a wrong type): try again later, less and less often.
      source.close();
      this.status = 'reconnecting';
      this.#failures += 1;
      const wait = Math.min(30_000, 1000 * 2 ** Math.min(this.#failures, 5));
      this.#retry = setTimeout(() => this.#open(), wait);
    });
  }
}
