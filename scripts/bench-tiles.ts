/**
 * `npm run bench:tiles`: tile latency per layer and zoom over HTTP, cold (cache off) and warm, the same tiles'
 * SQL run directly in PostgreSQL (the raw baseline, as a ratio), warm throughput under concurrency, tile sizes,
 * and how fast an edit shows in its tiles — on a city of 1,000,000 households and ≥ 300,000 units.
 *
 * BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/hss_bench) is created, migrated and loaded
 * the first time (a few minutes) and reused afterwards. Prints its figures; asserts nothing.
 */
import autocannon from 'autocannon';
import type { Db } from '../server/db/knex.ts';
import { DEMO_PASSWORD } from '../seeds/index.ts';
import { scopeOfUser, type Scope } from '../server/access/scope.ts';
import { tileAt, type TileCoord } from '../tiles/coords.ts';
import { layerNamed } from '../tiles/layers/index.ts';
import type { TileRequest } from '../tiles/layer.ts';
import { queryTile } from '../tiles/service.ts';
import { ms, printTable, summary } from './bench/stats.ts';
import { BENCH_DATABASE, prepareBenchCity } from './bench/city.ts';
import { spawnServer } from './bench/server.ts';

const URL_ = BENCH_DATABASE;
const REPEAT = Number(process.env.BENCH_REPEAT ?? 5);

/** Places to sample: the dense old centre and a sparse outer area. */
const PLACES = { dense: [126.64, 45.755], sparse: [126.62, 45.96] } as const;
/** Layer, zooms, and who asks (the households layer differs by role). */
type Who = 'anonymous' | 'caseworker' | 'planner';
const CASES: { layer: string; zooms: number[]; as: Who }[] = [
  { layer: 'regions', zooms: [8, 10, 12, 14], as: 'anonymous' },
  { layer: 'roads', zooms: [8, 10, 12, 14, 16], as: 'anonymous' },
  { layer: 'parcels', zooms: [8, 10, 12, 14], as: 'planner' },
  { layer: 'projects', zooms: [8, 10, 12, 14, 16], as: 'anonymous' },
  { layer: 'buildings', zooms: [13, 14, 15, 16, 17], as: 'anonymous' },
  { layer: 'units', zooms: [15, 16, 17], as: 'caseworker' },
  { layer: 'households', zooms: [8, 10, 12, 14], as: 'anonymous' },
  { layer: 'households', zooms: [8, 10, 12, 14, 15, 16, 17], as: 'caseworker' },
  { layer: 'supply_demand', zooms: [8, 10, 12], as: 'anonymous' },
];

/** The server in its own process (as in production), so the load generator does not share its event loop. */
const startServer = (cacheMb: number) => spawnServer(URL_, { TILE_CACHE_MB: String(cacheMb) });

const USERNAMES: Record<Exclude<Who, 'anonymous'>, string> = {
  caseworker: 'hrb_caseworker',
  planner: 'hrb_planner',
};

/** Session cookies of each role on a server (none for anonymous). */
async function login(url: string): Promise<Record<Who, string | undefined>> {
  const cookies: Record<Who, string | undefined> = {
    anonymous: undefined,
    caseworker: undefined,
    planner: undefined,
  };
  for (const [who, username] of Object.entries(USERNAMES) as [Who, string][]) {
    const res = await fetch(`${url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: DEMO_PASSWORD }),
    });
    cookies[who] = /hss_sid=[^;]+/.exec(res.headers.get('set-cookie') ?? '')![0];
  }
  return cookies;
}

/** The scope each role's tiles are rendered with, for the raw SQL baseline. */
async function scopes(db: Db): Promise<Record<Who, Scope | undefined>> {
  const scopeOf = async (username: string): Promise<Scope> => {
    const user: { id: number; username: string; region_code: string; roles: string[] } = await db(
      'staff_users as u',
    )
      .where('u.username', username)
      .first(
        'u.id',
        'u.username',
        'u.region_code',
        db.raw(`ARRAY(SELECT role_code FROM staff_user_roles WHERE user_id = u.id) AS roles`),
      );
    return scopeOfUser(user);
  };
  return {
    anonymous: undefined,
    caseworker: await scopeOf(USERNAMES.caseworker),
    planner: await scopeOf(USERNAMES.planner),
  };
}

interface Sample {
  layer: string;
  as: Who;
  z: number;
  tiles: TileCoord[];
}

function samples(): Sample[] {
  return CASES.flatMap(({ layer, zooms, as }) =>
    zooms.map((z) => {
      const centre = tileAt(PLACES.dense[0], PLACES.dense[1], z);
      const tiles = [centre, { ...centre, x: centre.x + 1 }, tileAt(PLACES.sparse[0], PLACES.sparse[1], z)];
      return { layer, as, z, tiles };
    }),
  );
}

async function timeFetch(
  url: string,
  cookie: string | undefined,
): Promise<{ ms: number; bytes: number; status: number }> {
  const started = performance.now();
  const res = await fetch(url, { headers: { ...(cookie ? { cookie } : {}), 'accept-encoding': 'gzip' } });
  const body = new Uint8Array(await res.arrayBuffer());
  return { ms: performance.now() - started, bytes: body.length, status: res.status };
}

const tileUrl = (base: string, layer: string, t: TileCoord) =>
  `${base}/tiles/${layer}/${t.z}/${t.x}/${t.y}.mvt`;

async function main(): Promise<void> {
  const db = await prepareBenchCity();
  const scopeFor = await scopes(db);
  const plan = samples();

  // Cold: the cache is off, every request renders.
  const cold = await startServer(0);
  const coldCookies = await login(cold.url);
  const results: string[][] = [];
  let maxBytes = 0;
  for (const sample of plan) {
    const cookie = coldCookies[sample.as];
    const server: number[] = [];
    const raw: number[] = [];
    let bytes = 0;
    const layer = layerNamed(sample.layer)!;
    const request = (tile: TileCoord): TileRequest => ({
      tile,
      scope: scopeFor[sample.as],
      k: 10,
    });
    for (let i = 0; i < REPEAT; i++) {
      for (const tile of sample.tiles) {
        const r = await timeFetch(tileUrl(cold.url, sample.layer, tile), cookie);
        server.push(r.ms);
        bytes = Math.max(bytes, r.bytes);
        const started = performance.now();
        await queryTile(db, layer, request(tile));
        raw.push(performance.now() - started);
      }
    }
    maxBytes = Math.max(maxBytes, bytes);
    const s = summary(server);
    const b = summary(raw);
    results.push([
      sample.layer,
      sample.as,
      String(sample.z),
      ms(s.p50),
      ms(s.p95),
      ms(s.max),
      ms(b.p50),
      (s.p50 / b.p50).toFixed(2),
      (bytes / 1024).toFixed(1),
    ]);
  }
  cold.stop();
  console.log(
    `Cold (cache off), ${REPEAT} rounds × 3 tiles (dense centre, its neighbour, sparse outskirts) per row; times in ms:\n`,
  );
  printTable(
    ['layer', 'as', 'z', 'p50', 'p95', 'max', 'raw SQL p50', 'server/raw', 'max KB (gzip)'],
    results,
  );

  // Warm: cache on, primed, then concurrent load over every tile of the plan.
  const warm = await startServer(256);
  const warmCookies = await login(warm.url);
  const warmCookie = warmCookies.caseworker!;
  const requests = plan.flatMap((sample) =>
    sample.tiles.map((tile) => ({
      method: 'GET' as const,
      path: new URL(tileUrl(warm.url, sample.layer, tile)).pathname,
      headers: {
        'accept-encoding': 'gzip',
        ...(warmCookies[sample.as] ? { cookie: warmCookies[sample.as]! } : {}),
      },
    })),
  );
  for (const r of requests) await fetch(`${warm.url}${r.path}`, { headers: r.headers });
  const load = await autocannon({ url: warm.url, connections: 32, duration: 10, requests });
  console.log(
    `\nWarm: ${Math.round(load.requests.average).toLocaleString()} tiles/s (mean over 10 s, 32 connections, ${requests.length} distinct tiles); latency p50 ${load.latency.p50} ms, p97.5 ${load.latency.p97_5} ms, p99 ${load.latency.p99} ms; errors ${load.errors}, non-2xx ${load.non2xx}`,
  );

  // An edit, seen in its tile.
  const unit: { id: number; delivery_status: string; lng: number; lat: number } = await db('housing_units')
    .whereNotNull('geom')
    .first('id', 'delivery_status', db.raw('ST_X(geom) AS lng, ST_Y(geom) AS lat'));
  const tile = tileAt(unit.lng, unit.lat, 16);
  const before = await fetch(tileUrl(warm.url, 'units', tile), { headers: { cookie: warmCookie } });
  const etag = before.headers.get('etag');
  const editedAt = performance.now();
  await db('housing_units')
    .where('id', unit.id)
    .update({ delivery_status: unit.delivery_status === 'allocated' ? 'delivered' : 'allocated' });
  let seenAfter = NaN;
  while (performance.now() - editedAt < 5000) {
    const res = await fetch(tileUrl(warm.url, 'units', tile), { headers: { cookie: warmCookie } });
    if (res.headers.get('etag') !== etag) {
      seenAfter = performance.now() - editedAt;
      break;
    }
  }
  await db('housing_units').where('id', unit.id).update({ delivery_status: unit.delivery_status });
  console.log(
    `Edit visible in its tile after ${ms(seenAfter)} ms (commit → notification → invalidation → re-render).`,
  );
  console.log(`Largest tile: ${(maxBytes / 1024).toFixed(1)} KB gzip.`);
  warm.stop();
  await db.destroy();
}

await main();
