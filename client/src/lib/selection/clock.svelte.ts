/**
 * Time as the server tells it: a turn's deadline is the server's, and a browser's clock may be minutes off, so
 * the countdown runs on `Date.now() + offset` where offset = server time − local time at the last answer.
 */
export class ServerClock {
  /** Server time minus local time, in ms. */
  offset = $state(0);
  /** Server time now, ticking every quarter second while something reads it. */
  now = $state(Date.now());
  #timer: ReturnType<typeof setInterval> | null = null;
  #readers = 0;

  /** Takes the server's time from an answer (`server_time`, ISO). */
  sync(serverTime: string | null | undefined): void {
    const at = serverTime ? Date.parse(serverTime) : NaN;
    if (!Number.isNaN(at)) this.offset = at - Date.now();
    this.now = Date.now() + this.offset;
  }

  /** Starts ticking; returns the stop to hand back from an `$effect`. */
  tick(): () => void {
    this.#readers += 1;
    this.#timer ??= setInterval(() => (this.now = Date.now() + this.offset), 250);
    return () => {
      this.#readers -= 1;
      if (this.#readers === 0 && this.#timer) {
        clearInterval(this.#timer);
        this.#timer = null;
      }
    };
  }
}

/** Whole seconds left until `deadline` (ISO) at `now`; 0 once it has passed, null without a deadline. */
export function secondsLeft(deadline: string | null | undefined, now: number): number | null {
  if (!deadline) return null;
  const at = Date.parse(deadline);
  if (Number.isNaN(at)) return null;
  return Math.max(0, Math.ceil((at - now) / 1000));
}

/** `m:ss` (or `h:mm:ss` past an hour). */
export function formatSeconds(total: number): string {
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}
