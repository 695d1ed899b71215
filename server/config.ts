/** Runtime configuration, read once from the environment. Every knob the operator may turn lives here. */
function int(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value)) throw new Error(`${name} must be an integer, got "${raw}"`);
  return value;
}

/** Which raster basemap the map draws under the project's layers; `none` keeps the project's own vector basemap. */
export type BasemapProvider = 'none' | 'tianditu' | 'osm' | 'xyz';

export interface BasemapConfig {
  provider: BasemapProvider;
  /** 天地图 key (required for `tianditu`). */
  tiandituKey?: string;
  /** Raster XYZ template with {z}/{x}/{y} (required for `xyz`, optional for `osm`); `{a-c}`/`{0-7}` expand to hosts. */
  url?: string;
  /** Coordinates of the raster tiles: GCJ-02 tiles are warped to WGS84 in the browser. */
  crs: 'wgs84' | 'gcj02';
  attribution?: string;
}

function basemap(): BasemapConfig {
  const provider = (process.env.BASEMAP || 'none') as BasemapProvider;
  if (!['none', 'tianditu', 'osm', 'xyz'].includes(provider))
    throw new Error(`BASEMAP must be none, tianditu, osm or xyz, got "${provider}"`);
  const crs = (process.env.BASEMAP_CRS || 'wgs84') as BasemapConfig['crs'];
  if (crs !== 'wgs84' && crs !== 'gcj02')
    throw new Error(`BASEMAP_CRS must be wgs84 or gcj02, got "${String(crs)}"`);
  const url = process.env.BASEMAP_URL || undefined;
  if (
    url &&
    !(
      /^https?:\/\/[^/{}]*(\{[^}]*\}[^/{}]*)*\//.test(url) &&
      /\{z\}/.test(url) &&
      /\{x\}/.test(url) &&
      /\{y\}/.test(url)
    )
  )
    throw new Error(`BASEMAP_URL must be an http(s) template with {z}, {x} and {y}, got "${url}"`);
  const tiandituKey = process.env.TIANDITU_KEY || undefined;
  if (provider === 'tianditu' && !tiandituKey) throw new Error('BASEMAP=tianditu needs TIANDITU_KEY');
  if (provider === 'xyz' && !url) throw new Error('BASEMAP=xyz needs BASEMAP_URL');
  return { provider, tiandituKey, url, crs, attribution: process.env.BASEMAP_ATTRIBUTION || undefined };
}

/** Largest electronic archive upload (ARCHIVE_MAX_MB, default 10 MB): the upload route declares it too. */
export function archiveMaxBytes(): number {
  return int('ARCHIVE_MAX_MB', 10) * 1024 * 1024;
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
  /**
   * The electronic archive (A.3.15): scans are stored outside the database in a content-addressed directory
   * (files named by their SHA-256), at most `maxBytes` each.
   */
  archive: { dir: string; maxBytes: number };
  bodyLimit: string;
  clientDist: string;
  tiles: {
    /** Upper bound of the in-memory tile cache (gzipped + raw bytes). 0 disables caching. */
    cacheMb: number;
    /** Aggregate cells with fewer households are not shown to anonymous or record-less viewers. */
    kAnonymity: number;
  };
  basemap: BasemapConfig;
  /** The CJK font that printed documents (notices, 通知书) are set in. */
  documentFont: DocumentFont;
}

export interface DocumentFont {
  /** A TrueType/OpenType font or collection file (DOCUMENT_FONT). */
  path: string;
  /** The face inside a collection (.ttc), by PostScript name (DOCUMENT_FONT_FACE). */
  face?: string;
}

/** Debian's fonts-noto-cjk; a collection, so the face is named. */
export function documentFont(): DocumentFont {
  return {
    path: process.env.DOCUMENT_FONT || '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc',
    face: process.env.DOCUMENT_FONT_FACE || (process.env.DOCUMENT_FONT ? undefined : 'NotoSansCJKsc-Regular'),
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
    archive: { dir: process.env.ARCHIVE_DIR || 'var/archive', maxBytes: archiveMaxBytes() },
    bodyLimit: process.env.BODY_LIMIT ?? '1mb',
    clientDist: process.env.CLIENT_DIST ?? new URL('../client/dist', import.meta.url).pathname,
    tiles: { cacheMb: int('TILE_CACHE_MB', 256), kAnonymity: int('TILE_K_ANONYMITY', 10) },
    basemap: basemap(),
    documentFont: documentFont(),
    ...overrides,
  };
}
