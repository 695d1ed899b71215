/**
 * The client shell in a real browser (Debian's Chromium, headless, WebGL through SwiftShader) against the real
 * server on a cloned, seeded database. Nothing is mocked. Needs `client/dist` (the test command builds it first).
 * Screenshots go to test-artifacts/ (git-ignored).
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Map as MapLibreMap } from 'maplibre-gl';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { DEMO_PASSWORD } from '../../seeds/index.ts';
import { loadConfig } from '../../server/config.ts';
import { startServer, type RunningServer } from '../../server/main.ts';
import { cloneTemplate, dropDatabase } from '../../server/test/databases.ts';

declare global {
  interface Window {
    /** Set by the map page (client/src/lib/map/MapPage.svelte). */
    __hssMap?: MapLibreMap;
  }
}

const DIST = fileURLToPath(new URL('../dist/index.html', import.meta.url));
const ARTIFACTS = fileURLToPath(new URL('../../test-artifacts/', import.meta.url));
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const VIEWPORT = { width: 1440, height: 900 };

interface RenderedRegion {
  id: number | string | undefined;
  code: string;
  name: string;
  level: number;
}

let server: RunningServer;
let databaseName = '';
let context: BrowserContext;
let profileDir = '';
/** Every Content-Security-Policy violation or uncaught page error seen during the run. */
const pageProblems: string[] = [];

/**
 * A new tab at `path` with no session and the default locale (the tests share the browser profile, not their
 * logins or language choice).
 */
async function open(path: string): Promise<Page> {
  await context.clearCookies();
  const page = await context.newPage();
  onTestFailed(async ({ task }) => {
    if (!page.isClosed()) {
      const name = task.name.replace(/\W+/g, '-').slice(0, 60);
      await page.screenshot({ path: join(ARTIFACTS, `shell-FAILED-${name}.png`) }).catch(() => undefined);
    }
  });
  page.on('pageerror', (error) => pageProblems.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) pageProblems.push(message.text());
  });
  await page.goto(`${server.url}${path}`);
  if (await page.evaluate(() => localStorage.getItem('hss.locale'))) {
    await page.evaluate(() => localStorage.removeItem('hss.locale'));
    await page.reload();
  }
  return page;
}

async function navLinks(page: Page, name: string): Promise<string[]> {
  const texts = await page.getByRole('navigation', { name }).getByRole('link').allTextContents();
  return texts.map((text) => text.trim());
}

async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(ARTIFACTS, `shell-${name}.png`) });
}

/** A failed login straight against the API: the status and problem+json the server answers with. */
async function failedLogin(username: string): Promise<{ status: number; title: string; detail?: string }> {
  const response = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'definitely-not-it' }),
  });
  expect(response.headers.get('content-type')).toContain('application/problem+json');
  const problem = (await response.json()) as { title: string; detail?: string };
  return { status: response.status, ...problem };
}

async function login(page: Page, username: string, password = DEMO_PASSWORD): Promise<void> {
  await page.getByLabel(/用户名|Username/).fill(username);
  await page.locator('#login-password').fill(password);
  await page.getByRole('button', { name: /^(登录|Sign in)$/ }).click();
}

/** Waits until the map has drawn the boundary source, then returns the rendered region features. */
async function renderedRegions(page: Page): Promise<RenderedRegion[]> {
  await page.waitForFunction(
    () => {
      const map = window.__hssMap;
      return Boolean(map?.loaded() && map.queryRenderedFeatures({ layers: ['region-fill'] }).length > 0);
    },
    null,
    { timeout: 30_000 },
  );
  return page.evaluate(() =>
    window.__hssMap!.queryRenderedFeatures({ layers: ['region-fill'] }).map((feature) => {
      const properties = feature.properties as { code: string; name: string; level: number };
      return { id: feature.id, code: properties.code, name: properties.name, level: properties.level };
    }),
  );
}

/**
 * Screenshots the map canvas and decodes the PNG in the page (no image library needed): how many pixels
 * differ from the background colour, and how many distinct colours there are.
 */
async function canvasStats(page: Page): Promise<{ painted: number; colours: number }> {
  const png = await page.locator('[data-testid=map] canvas').screenshot();
  return page.evaluate(async (base64) => {
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const context2d = canvas.getContext('2d')!;
    context2d.drawImage(bitmap, 0, 0);
    const { data } = context2d.getImageData(0, 0, bitmap.width, bitmap.height);
    const background = [0xee, 0xf1, 0xf4];
    const colours = new Set<number>();
    let painted = 0;
    for (let i = 0; i < data.length; i += 4) {
      const [r, g, b] = [data[i]!, data[i + 1]!, data[i + 2]!];
      colours.add((r << 16) | (g << 8) | b);
      const distance =
        Math.abs(r - background[0]!) + Math.abs(g - background[1]!) + Math.abs(b - background[2]!);
      if (distance > 12) painted++;
    }
    return { painted: painted / (data.length / 4), colours: colours.size };
  }, png.toString('base64'));
}

beforeAll(async () => {
  if (!existsSync(DIST)) {
    throw new Error('client/dist is missing: run `npx vite build --config client/vite.config.ts` first');
  }
  mkdirSync(ARTIFACTS, { recursive: true });
  const clone = await cloneTemplate('hss_e2e');
  databaseName = clone.name;
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
    args: [
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
    ],
  });
});

afterAll(async () => {
  await context?.close();
  if (profileDir) rmSync(profileDir, { recursive: true, force: true });
  await server?.close();
  if (databaseName) await dropDatabase(databaseName);
});

describe('client shell in Chromium', () => {
  it('shows the server’s message for a wrong password and for a locked account', async () => {
    const problem = await failedLogin('hrb_leader');
    expect(problem.status).toBe(401);
    const page = await open('/');
    await expect.poll(() => page.url()).toMatch(/\/login$/);
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');

    await login(page, 'hrb_leader', 'Wrong-Password-1');
    const error = page.getByTestId('login-error');
    await error.waitFor();
    expect(await error.textContent()).toContain(problem.detail ?? problem.title);
    // Still on the login page, password cleared for another try.
    expect(await page.locator('#login-password').inputValue()).toBe('');
    await screenshot(page, '02-login-wrong-password');

    // Too many failures lock the account: 423 with the server's words and when to try again (local time).
    let locked: Awaited<ReturnType<typeof failedLogin>> | undefined;
    for (let i = 0; i < 10 && !locked; i++) {
      const attempt = await failedLogin('hrb_planner');
      if (attempt.status === 423) locked = attempt;
    }
    expect(locked).toBeDefined();
    await login(page, 'hrb_planner', DEMO_PASSWORD);
    await expect.poll(() => error.textContent()).toContain(locked!.title);
    expect(await error.textContent()).toMatch(/请于 .+ 后重试/);
    await screenshot(page, '02b-login-locked');
    await page.close();
  }, 60_000);

  it('logs in as a caseworker, renders the district map, switches to English and logs out', async () => {
    const page = await open('/');
    const requested: string[] = [];
    page.on('request', (request) => requested.push(new URL(request.url()).pathname));
    await page.reload();
    await page.getByRole('heading', { name: '用户登录' }).waitFor();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('住房保障信息系统');
    // The login page must not pull in the map bundle (maplibre is code-split into the map page).
    expect(requested.filter((path) => /MapPage|maplibre/i.test(path))).toEqual([]);
    await screenshot(page, '01-login');

    await login(page, 'hrb_caseworker');
    await page.getByTestId('map').waitFor();
    await expect.poll(() => page.url()).toMatch(/\/map$/);
    expect(requested.some((path) => /MapPage/.test(path))).toBe(true);

    // The top bar: the user's name, region and role.
    const user = page.getByTestId('current-user');
    await expect.poll(() => user.textContent()).toContain('哈尔滨市');
    expect(await user.textContent()).toContain('经办人');

    // Role-aware navigation: a caseworker has neither user management nor the operation log.
    expect(await navLinks(page, '主导航')).toEqual(['地图', '代码表', 'API 文档']);

    // District polygons are drawn: the fill layer's rendered features are districts, and every district whose
    // label point is in view (at Harbin, zoom 9, that is all of the demo city) is among them.
    const regions = await renderedRegions(page);
    const districts = await page.evaluate(async () => {
      const collection = (await (await fetch('/api/regions/boundaries?level=3')).json()) as {
        features: { properties: { code: string; label_lng: number; label_lat: number } }[];
      };
      const bounds = window.__hssMap!.getBounds();
      return collection.features.map(({ properties: p }) => ({
        code: p.code,
        inView: bounds.contains([p.label_lng, p.label_lat]),
      }));
    });
    const codes = new Set(regions.map((r) => r.code));
    const inView = districts.filter((d) => d.inView).map((d) => d.code);
    expect(inView.length).toBeGreaterThan(0);
    expect([...codes].sort()).toEqual(expect.arrayContaining(inView));
    expect(codes.size).toBeLessThanOrEqual(districts.length);
    expect(regions.every((r) => r.level === 3 && r.name.length > 0 && typeof r.id === 'number')).toBe(true);
    expect(await page.locator('.region-label').count()).toBe(districts.length);

    // And the canvas is really painted (not blank): most of it is district fill, in several colours.
    const stats = await canvasStats(page);
    expect(stats.painted).toBeGreaterThan(0.2);
    expect(stats.colours).toBeGreaterThan(5);
    await screenshot(page, '03-map-districts');

    // Hover highlights via feature-state; a click shows the region in the side panel.
    const target = await page.evaluate(() => {
      const map = window.__hssMap!;
      const feature = map.queryRenderedFeatures({ layers: ['region-fill'] })[0]!;
      const p = feature.properties as { code: string; name: string; label_lng: number; label_lat: number };
      const point = map.project([p.label_lng, p.label_lat]);
      const box = map.getCanvas().getBoundingClientRect();
      return { code: p.code, name: p.name, x: box.left + point.x, y: box.top + point.y };
    });
    await page.mouse.move(target.x, target.y);
    await expect
      .poll(() =>
        page.evaluate((code) => {
          const map = window.__hssMap!;
          const feature = map
            .queryRenderedFeatures({ layers: ['region-fill'] })
            .find((f) => (f.properties as { code: string }).code === code);
          return feature ? map.getFeatureState({ source: 'regions', id: feature.id }).hover : undefined;
        }, target.code),
      )
      .toBe(true);
    await page.mouse.click(target.x, target.y);
    await expect.poll(() => page.getByTestId('region-code').textContent()).toBe(target.code);
    expect(await page.getByTestId('region-panel').textContent()).toContain(target.name);
    await screenshot(page, '04-map-selected');

    // The level selector reloads the boundaries with ?level=4.
    const subdistricts = page.waitForResponse((r) => r.url().includes('/api/regions/boundaries?level=4'));
    await page.getByText('街道', { exact: true }).click();
    expect((await subdistricts).status()).toBe(200);
    await expect.poll(async () => (await renderedRegions(page)).every((r) => r.level === 4)).toBe(true);

    // English: navigation, html lang and the title follow; the choice is remembered.
    await page.getByRole('button', { name: 'Switch to English' }).click();
    const navEn = page.getByRole('navigation', { name: 'Main navigation' });
    await expect.poll(() => navLinks(page, 'Main navigation')).toEqual(['Map', 'Dictionaries', 'API docs']);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    expect(await page.title()).toBe('Housing Security Information System');
    expect(await page.getByRole('button', { name: 'Sign out' }).isVisible()).toBe(true);
    await screenshot(page, '05-map-english');

    // Dictionaries page (everyone may read the code tables).
    await navEn.getByRole('link', { name: 'Dictionaries' }).click();
    await expect.poll(() => page.url()).toMatch(/\/dictionaries$/);
    await page.locator('table.data tbody tr').first().waitFor();
    await screenshot(page, '06-dictionaries-english');

    // Log out: back at the (English) login page, and the session is gone on the server too.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await expect.poll(() => page.url()).toMatch(/\/login$/);
    expect(await page.evaluate(async () => (await fetch('/api/auth/me')).status)).toBe(401);
    expect(await page.evaluate(() => localStorage.getItem('hss.locale'))).toBe('en');
    await screenshot(page, '07-logged-out-english');

    await page.close();
  }, 120_000);

  it('shows user management and the operation log to an administrator', async () => {
    const page = await open('/users');
    await expect.poll(() => page.url()).toContain('/login?next=%2Fusers');
    await login(page, 'hrb_admin');
    // Back where the user wanted to go.
    await expect.poll(() => page.url()).toMatch(/\/users$/);
    const nav = page.getByRole('navigation', { name: '主导航' });
    expect(await navLinks(page, '主导航')).toEqual(['地图', '用户管理', '操作日志', '代码表', 'API 文档']);
    await expect
      .poll(() => page.locator('table.data tbody tr td.mono').first().textContent())
      .toMatch(/\w+_/);
    await screenshot(page, '08-users');

    await page.getByRole('button', { name: /新建用户/ }).click();
    await page.getByRole('dialog').waitFor();
    await expect.poll(() => page.getByRole('dialog').getByRole('checkbox').count()).toBeGreaterThan(3);
    await screenshot(page, '09-user-form');
    await page.getByRole('dialog').getByRole('button', { name: '取消' }).click();

    await nav.getByRole('link', { name: '操作日志' }).click();
    await page.locator('table.data tbody tr td.num').first().waitFor();
    await page.getByTestId('verify-chain').click();
    await expect.poll(() => page.getByTestId('verify-result').textContent()).toContain('校验通过');
    await screenshot(page, '10-audit-verified');
    await page.close();
  }, 90_000);

  it('raised no Content-Security-Policy violation or page error', () => {
    expect(pageProblems).toEqual([]);
  });
});
