/**
 * Resolved sessions kept in memory, so a request with a cookie (every tile of a signed-in map) costs no database
 * round trip. Correct across processes because the database announces every change to a user's sessions,
 * account or roles (migration 20261127130300) and `dropUser` runs on each notification; entries are also
 * re-read at least once a minute, and all are dropped when the notification connection is lost.
 */
import type { SessionState } from './service.ts';

export interface CachedSession {
  state: SessionState;
  createdAt: number;
  lastSeenAt: number;
  /** When it was read from the database. */
  loadedAt: number;
}

const MAX_AGE_MS = 60_000;

export class SessionCache {
  private readonly entries = new Map<string, CachedSession>();

  constructor(private readonly maxEntries = 10_000) {}

  get(tokenHash: string, now = Date.now()): CachedSession | undefined {
    const entry = this.entries.get(tokenHash);
    if (entry && now - entry.loadedAt > MAX_AGE_MS) {
      this.entries.delete(tokenHash);
      return undefined;
    }
    return entry;
  }

  set(tokenHash: string, entry: CachedSession): void {
    this.entries.delete(tokenHash);
    this.entries.set(tokenHash, entry);
    // Oldest first in a Map: evict from the front.
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }

  drop(tokenHash: string): void {
    this.entries.delete(tokenHash);
  }

  dropUser(userId: number): void {
    for (const [hash, entry] of this.entries) if (entry.state.user.id === userId) this.entries.delete(hash);
  }

  clear(): void {
    this.entries.clear();
  }
}
