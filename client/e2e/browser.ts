/**
 * What every browser test shares: a real server on a cloned, seeded database, Debian's Chromium (headless, WebGL
 * through SwiftShader), login, screenshots into test-artifacts/ and page problems (CSP violations, uncaught
 * errors) collected. Nothing is mocked. Needs `client/dist` (the test command builds it first).
 *
 *   const b = useBrowser('land');           // at the top of a test file: starts and stops everything
 *   const page = await b.open('/land');     // a new tab with no session
 *   await b.login(page, 'hrb_planner');
 *   await b.screenshot(page, '01-editor');  // test-artifacts/land-01-editor.png
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Map as MapLibreMap } from 'maplibre-gl';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, onTestFailed } from 'vitest';
import { DEMO_PASSWORD } from '../../seeds/index.ts';
import { loadConfig } from '../../server/config.ts';
import { startServer, type RunningServer } from '../../server/main.ts';
import { cloneTemplate, dropDatabase } from '../../server/test/databases.ts';

declare global {
  interface Window {
    /** The MapLibre map of the page on screen (set by each map page for tests and the client benchmark). */
    __hssMap?: MapLibreMap;
  }
}

/** The built client the server serves: CLIENT_DIST (as for the server), or client/dist. */
export const DIST = join(
  process.env.CLIENT_DIST ?? fileURLToPath(new URL('../dist/', import.meta.url)),
  'index.html',
);
export const ARTIFACTS = fileURLToPath(new URL('../../test-artifacts/', import.meta.url));
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const VIEWPORT = { width: 1440, height: 900 };

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
  // WebGL without a GPU: ANGLE on SwiftShader.
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--ignore-gpu-blocklist',
];

export interface BrowserHarness {
  /** The server's base URL (valid inside tests). */
  readonly url: string;
  /** The test's own database (a clone of the template), for fixtures the API cannot make. */
  readonly databaseUrl: string;
  readonly context: BrowserContext;
  /** Every Content-Security-Policy violation or uncaught page error seen so far. */
  readonly problems: string[];
  open(path: string, options?: { viewport?: { width: number; height: number } }): Promise<Page>;
  login(page: Page, username: string, password?: string): Promise<void>;
  screenshot(page: Page, name: string): Promise<void>;
  /** Resolves once `window.__hssMap` has loaded its style and drawn its tiles. */
  mapReady(page: Page): Promise<void>;
}

/** Starts the server and the browser for the test file (`prefix` names its screenshots and database). */
export function useBrowser(prefix: string): BrowserHarness {
  let server: RunningServer | undefined;
  let context: BrowserContext | undefined;
  let databaseName = '';
  let databaseUrl = '';
  let profileDir = '';
  const problems: string[] = [];

  beforeAll(async () => {
    if (!existsSync(DIST)) {
      throw new Error('client/dist is missing: run `npx vite build --config client/vite.config.ts` first');
    }
    mkdirSync(ARTIFACTS, { recursive: true });
    const clone = await cloneTemplate(`hss_e2e_${prefix}`);
    databaseName = clone.name;
    databaseUrl = clone.url;
    server = await startServer(
      loadConfig({ databaseUrl: clone.url, port: 0, host: '127.0.0.1', logLevel: 'silent' }),
    );
    profileDir = mkdtempSync(join(tmpdir(), 'hss-chromium-'));
    context = await chromium.launchPersistentContext(profileDir, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: VIEWPORT,
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
      args: CHROMIUM_ARGS,
    });
  });

  afterAll(async () => {
    await context?.close();
    if (profileDir) rmSync(profileDir, { recursive: true, force: true });
    await server?.close();
    if (databaseName) await dropDatabase(databaseName);
  });

  const screenshot = async (page: Page, name: string) => {
    await page.screenshot({ path: join(ARTIFACTS, `${prefix}-${name}.png`) });
  };

  return {
    get url() {
      if (!server) throw new Error('the server is not running (use inside a test)');
      return server.url;
    },
    get databaseUrl() {
      if (!databaseUrl) throw new Error('the database is not ready (use inside a test)');
      return databaseUrl;
    },
    get context() {
      if (!context) throw new Error('the browser is not running (use inside a test)');
      return context;
    },
    problems,
    async open(path, options = {}) {
      const browser = this.context;
      await browser.clearCookies();
      const page = await browser.newPage();
      if (options.viewport) await page.setViewportSize(options.viewport);
      onTestFailed(async ({ task }) => {
        if (!page.isClosed()) {
          const name = task.name.replace(/\W+/g, '-').slice(0, 60);
          await page
            .screenshot({ path: join(ARTIFACTS, `${prefix}-FAILED-${name}.png`) })
            .catch(() => undefined);
        }
      });
      page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
      page.on('console', (message) => {
        if (/Content Security Policy|Refused to/i.test(message.text())) problems.push(message.text());
      });
      await page.goto(`${this.url}${path}`);
      if (await page.evaluate(() => localStorage.getItem('hss.locale'))) {
        await page.evaluate(() => localStorage.removeItem('hss.locale'));
        await page.reload();
      }
      return page;
    },
    async login(page, username, password = DEMO_PASSWORD) {
      await page.getByLabel(/用户名|Username/).fill(username);
      await page.locator('#login-password').fill(password);
      await page.getByRole('button', { name: /^(登录|Sign in)$/ }).click();
    },
    screenshot,
    async mapReady(page) {
      await page.waitForFunction(
        () => {
          const map = window.__hssMap;
          return Boolean(map?.loaded() && map.areTilesLoaded());
        },
        null,
        { timeout: 60_000 },
      );
    },
  };
}
