/**
 * The client shell in a real browser (Debian's Chromium, headless, WebGL through SwiftShader) against the real
 * server on a cloned, seeded database, through the shared harness (browser.ts). Nothing is mocked. Screenshots go
 * to test-artifacts/shell-*.png (git-ignored).
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../seeds/index.ts';
import { useBrowser } from './browser.ts';

const b = useBrowser('shell');
const open = (path: string) => b.open(path);
const login = (page: Page, username: string, password = DEMO_PASSWORD) => b.login(page, username, password);
const screenshot = (page: Page, name: string) => b.screenshot(page, name);

async function navLinks(page: Page, name: string): Promise<string[]> {
  const texts = await page.getByRole('navigation', { name }).getByRole('link').allTextContents();
  return texts.map((text) => text.trim());
}

/** A failed login straight against the API: the status and problem+json the server answers with. */
async function failedLogin(username: string): Promise<{ status: number; title: string; detail?: string }> {
  const response = await fetch(`${b.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'definitely-not-it' }),
  });
  expect(response.headers.get('content-type')).toContain('application/problem+json');
  const problem = (await response.json()) as { title: string; detail?: string };
  return { status: response.status, ...problem };
}

/**
 * Screenshots the map canvas and decodes the PNG in the page (no image library needed): the share of pixels
 * that differ from the most common colour (the background), and how many distinct colours there are.
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
    const counts = new Map<number, number>();
    for (let i = 0; i < data.length; i += 4) {
      const colour = (data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!;
      counts.set(colour, (counts.get(colour) ?? 0) + 1);
    }
    const background = Math.max(...counts.values());
    const pixels = data.length / 4;
    return { painted: (pixels - background) / pixels, colours: counts.size };
  }, png.toString('base64'));
}

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

  it('logs in as a caseworker, renders the map workspace, switches to English and logs out', async () => {
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
    const links = await navLinks(page, '主导航');
    expect(links).toEqual(expect.arrayContaining(['地图', '代码表', 'API 文档']));
    expect(links).not.toContain('用户管理');
    expect(links).not.toContain('操作日志');

    // The workspace map draws the caseworker's tile layers (basemap and business layers) and really paints.
    await b.mapReady(page);
    const sources = await page.evaluate(() => Object.keys(window.__hssMap!.getStyle().sources));
    expect(sources).toEqual(
      expect.arrayContaining(['regions', 'households', 'units', 'buildings', 'projects']),
    );
    const rendered = await page.evaluate(() => {
      const layers = window.__hssMap!.queryRenderedFeatures().map((f) => f.sourceLayer ?? f.source);
      return [...new Set(layers)];
    });
    expect(rendered).toEqual(expect.arrayContaining(['regions', 'households']));
    const stats = await canvasStats(page);
    expect(stats.painted).toBeGreaterThan(0.2);
    expect(stats.colours).toBeGreaterThan(20);
    expect(await page.getByRole('combobox', { name: /搜索申请家庭/ }).isVisible()).toBe(true);
    await screenshot(page, '03-map-workspace');

    // English: navigation, html lang and the title follow; the choice is remembered.
    await page.getByRole('button', { name: 'Switch to English' }).click();
    const navEn = page.getByRole('navigation', { name: 'Main navigation' });
    await expect
      .poll(() => navLinks(page, 'Main navigation'))
      .toEqual(expect.arrayContaining(['Map', 'Dictionaries', 'API docs']));
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    expect(await page.title()).toBe('Housing Security Information System');
    expect(await page.getByRole('button', { name: 'Sign out' }).isVisible()).toBe(true);
    expect(await page.getByRole('combobox', { name: /Search households/ }).isVisible()).toBe(true);
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
    expect(await navLinks(page, '主导航')).toEqual(
      expect.arrayContaining(['地图', '用户管理', '操作日志', '代码表', 'API 文档']),
    );
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
    expect(b.problems).toEqual([]);
  });
});
