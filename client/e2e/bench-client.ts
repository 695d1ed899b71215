/**
 * `npm run bench:client` (here beside the browser tests, which share its Chromium setup and DOM types): what a user of the map feels, in headless Chromium (Debian's, through playwright-core)
 * against the real server on the 1,000,000-household benchmark city (BENCH_DATABASE_URL, default hss_bench):
 *  - JS the login page loads (gzip), and that maplibre-gl and deck.gl are not in it (code-split);
 *  - time to the first rendered map (style, tiles drawn) for a caseworker and for the public portal, cold and warm;
 *  - long tasks (PerformanceObserver 'longtask') during a scripted pan/zoom sequence on the caseworker map.
 * Targets: first map ≤ 3 s, no long task > 200 ms, login JS ≤ 300 KB gzip. Prints its figures; asserts nothing.
 * WebGL runs on SwiftShader (software), so rendering costs CPU that a real GPU would carry.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS, VIEWPORT } from './browser.ts';
import { DEMO_PASSWORD } from '../../seeds/index.ts';

import { BENCH_DATABASE, prepareBenchCity } from '../../scripts/bench/city.ts';
import { spawnServer } from '../../scripts/bench/server.ts';
import { ms, printTable, summary } from '../../scripts/bench/stats.ts';

const ROOT = new URL('../..', import.meta.url).pathname;
/** The built client: CLIENT_DIST (as the server and the browser tests read it), or client/dist. */
const DIST = process.env.CLIENT_DIST ?? join(ROOT, 'client/dist');
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const LOGIN_BUDGET_KB = 300;

/** The pan/zoom sequence: [lng, lat, zoom] stops around the dense centre and out to the suburbs. */
const STOPS: [number, number, number][] = [
  [126.63, 45.75, 11],
  [126.64, 45.755, 13],
  [126.65, 45.76, 15],
  [126.66, 45.75, 16],
  [126.6, 45.74, 14],
  [126.55, 45.8, 12],
  [126.7, 45.72, 13],
  [126.62, 45.96, 12],
  [126.63, 45.75, 10],
  [126.645, 45.757, 16],
];

const kb = (bytes: number) => (bytes / 1024).toFixed(1);

function ensureBuilt(): void {
  if (existsSync(join(DIST, 'index.html')) && process.env.BENCH_REBUILD !== '1') return;
  console.log('building the client …');
  const build = spawnSync(
    'npx',
    ['vite', 'build', '--config', 'client/vite.config.ts', '--outDir', DIST, '--emptyOutDir'],
    {
      cwd: ROOT,
      stdio: 'inherit',
    },
  );
  if (build.status !== 0) throw new Error('vite build failed');
}

const gzipSize = (path: string) => gzipSync(readFileSync(path), { level: 9 }).length;

/** JS files a page fetched, with their gzip size as the server would send them. */
function jsOf(urls: string[]): { file: string; gzip: number }[] {
  return [...new Set(urls)]
    .map((url) => new URL(url).pathname)
    .filter((path) => path.endsWith('.js') || path.endsWith('.mjs'))
    .map((path) => ({ file: path.replace(/^\//, ''), gzip: gzipSize(join(DIST, path)) }));
}

async function newPage(context: BrowserContext): Promise<{ page: Page; requested: string[] }> {
  const page = await context.newPage();
  const requested: string[] = [];
  page.on('request', (request) => requested.push(request.url()));
  return { page, requested };
}

async function signIn(page: Page, base: string, username: string): Promise<void> {
  await page.goto(`${base}/login`);
  await page.getByLabel(/用户名|Username/).fill(username);
  await page.locator('#login-password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: /^(登录|Sign in)$/ }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}

/** Milliseconds from navigation start until the map has loaded its style and drawn every visible tile. */
async function timeToMap(page: Page, url: string): Promise<number> {
  await page.goto(url);
  await page.waitForFunction(
    () => Boolean(window.__hssMap?.loaded() && window.__hssMap.areTilesLoaded()),
    null,
    {
      timeout: 60_000,
      polling: 25,
    },
  );
  return page.evaluate(() => performance.now());
}

async function longTasksDuringPanZoom(page: Page): Promise<number[]> {
  await page.evaluate(() => {
    const w = window as unknown as { __longTasks: number[] };
    w.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) w.__longTasks.push(entry.duration);
    }).observe({ type: 'longtask' });
  });
  for (const [lng, lat, zoom] of STOPS) {
    await page.evaluate(
      ([lng, lat, zoom]) =>
        new Promise<void>((resolve) => {
          const map = window.__hssMap!;
          map.once('idle', () => resolve());
          map.easeTo({ center: [lng, lat], zoom, duration: 800 });
        }),
      [lng, lat, zoom] as const,
    );
  }
  return page.evaluate(() => (window as unknown as { __longTasks: number[] }).__longTasks);
}

async function main(): Promise<void> {
  ensureBuilt();
  const db = await prepareBenchCity();
  const households = Number((await db('households').count({ n: '*' }).first())!.n);
  await db.destroy();
  const server = await spawnServer(BENCH_DATABASE);
  const profile = mkdtempSync(join(tmpdir(), 'hss-bench-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: VIEWPORT,
    locale: 'zh-CN',
    args: CHROMIUM_ARGS,
  });
  try {
    console.log(`bench city: ${households.toLocaleString('en')} households; ${RUNS} runs each\n`);

    // 1. What the login page loads.
    const { page: loginPage, requested } = await newPage(context);
    await loginPage.goto(`${server.url}/login`);
    await loginPage.getByRole('button', { name: /^(登录|Sign in)$/ }).waitFor();
    await loginPage.waitForLoadState('networkidle');
    const loginJs = jsOf(requested);
    const loginTotal = loginJs.reduce((sum, f) => sum + f.gzip, 0);
    const heavy = loginJs.filter((f) => /maplibre|deck|luma|echarts|terra|turf/i.test(f.file));
    await loginPage.close();

    // 2. First map: caseworker workspace and public portal, cold (first visit) then warm (HTTP cache).
    const firstMap: Record<string, number[]> = { '/map (caseworker)': [], '/portal (public)': [] };
    let mapJs: { file: string; gzip: number }[] = [];
    for (let run = 0; run < RUNS; run++) {
      await context.clearCookies();
      const { page, requested: loaded } = await newPage(context);
      await signIn(page, server.url, 'hrb_caseworker');
      firstMap['/map (caseworker)']!.push(await timeToMap(page, `${server.url}/map`));
      if (run === 0) mapJs = jsOf(loaded);
      await page.close();
      const { page: portal } = await newPage(context);
      firstMap['/portal (public)']!.push(await timeToMap(portal, `${server.url}/portal`));
      await portal.close();
    }

    // 3. Long tasks while panning and zooming: the caseworker map, and the portal's as a plainer baseline.
    const longTasks: Record<string, { tasks: number[]; seconds: number }> = {};
    for (const [name, path, user] of [
      ['/map (caseworker)', '/map', 'hrb_caseworker'],
      ['/portal (public)', '/portal', null],
    ] as const) {
      await context.clearCookies();
      const { page } = await newPage(context);
      if (user) await signIn(page, server.url, user);
      await timeToMap(page, `${server.url}${path}`);
      const started = performance.now();
      const tasks = await longTasksDuringPanZoom(page);
      longTasks[name] = { tasks, seconds: (performance.now() - started) / 1000 };
      await page.close();
    }

    console.log('JS loaded by the login page (gzip):');
    printTable(
      ['file', 'KB gzip'],
      [
        ...loginJs.map((f) => [f.file, kb(f.gzip)]),
        ['total', `${kb(loginTotal)} (budget ${LOGIN_BUDGET_KB})`],
      ],
    );
    console.log(
      `map libraries on the login page: ${heavy.length ? heavy.map((f) => f.file).join(', ') : 'none'}`,
    );
    const mapTotal = mapJs.reduce((sum, f) => sum + f.gzip, 0);
    console.log(`JS loaded by login + /map: ${kb(mapTotal)} KB gzip in ${mapJs.length} files:`);
    console.log(`  ${mapJs.map((f) => `${f.file} ${kb(f.gzip)}`).join(', ')}\n`);

    console.log('time to first rendered map (ms from navigation start; run 1 = cold cache):');
    printTable(
      ['page', 'run 1 (cold)', 'p50 warm', 'p95 warm', 'max', 'target'],
      Object.entries(firstMap).map(([name, samples]) => {
        const warm = summary(samples.slice(1));
        return [name, ms(samples[0]!), ms(warm.p50), ms(warm.p95), ms(Math.max(...samples)), '≤ 3000'];
      }),
    );
    console.log(`\nlong tasks during a ${STOPS.length}-stop pan/zoom sequence:`);
    printTable(
      ['page', 'seconds', 'count', 'p50 ms', 'p95 ms', 'max ms', '> 200 ms', 'target'],
      Object.entries(longTasks).map(([name, { tasks, seconds }]) => {
        const stats = summary(tasks);
        return [
          name,
          seconds.toFixed(1),
          tasks.length,
          ms(stats.p50),
          ms(stats.p95),
          ms(tasks.length ? stats.max : 0),
          tasks.filter((d) => d > 200).length,
          'none > 200',
        ];
      }),
    );
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
    server.stop();
  }
}

await main();
