/** Runtime configuration, read once from the environment. Every knob the operator may turn lives here. */
function int(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value)) throw new Error(`${name} must be an integer, got "${raw}"`);
  return value;
}

export interface Config {
  databaseUrl: string;
  port: number;
  host: string;
  logLevel: string;
  /** Database role the application switches to after connecting; it may not UPDATE or DELETE the operation log. */
  appDbRole: string;
  session: { idleMinutes: number; absoluteHours: number; secureCookie: boolean };
  lockout: { maxFailures: number; lockMinutes: number };
  bodyLimit: string;
  clientDist: string;
  tiles: {
    /** Upper bound of the in-memory tile cache (gzipped + raw bytes). 0 disables caching. */
    cacheMb: number;
    /** Aggregate cells with fewer households are not shown to anonymous or record-less viewers. */
    kAnonymity: number;
  };
}

export function loadConfig(overrides: Partial<Config> = {}): Config {
  return {
    databaseUrl: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/hss',
    port: int('PORT', 8080),
    host: process.env.HOST ?? '0.0.0.0',
    logLevel: process.env.LOG_LEVEL ?? 'info',
    appDbRole: process.env.APP_DB_ROLE ?? 'hss_app',
    session: {
      idleMinutes: int('SESSION_IDLE_MINUTES', 30),
      absoluteHours: int('SESSION_ABSOLUTE_HOURS', 12),
      secureCookie: process.env.COOKIE_SECURE === 'true',
    },
    lockout: { maxFailures: int('LOCKOUT_MAX_FAILURES', 5), lockMinutes: int('LOCKOUT_MINUTES', 15) },
    bodyLimit: process.env.BODY_LIMIT ?? '1mb',
    clientDist: process.env.CLIENT_DIST ?? new URL('../client/dist', import.meta.url).pathname,
    tiles: { cacheMb: int('TILE_CACHE_MB', 256), kAnonymity: int('TILE_K_ANONYMITY', 10) },
    ...overrides,
  };
}
