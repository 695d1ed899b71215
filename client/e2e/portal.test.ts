/**
 * The public portal in a real browser with no login, at desktop and phone size: the projects map and list, the
 * filters, district demand, the empty notices, a project page — and EVERY network response the pages received
 * (API JSON, tiles decoded as MVT, HTML, scripts) searched for the seeded households' names, ID numbers and
 * phone numbers and for anything shaped like an ID number or a mobile number.
 */
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import { VectorTile } from '@mapbox/vector-tile';
import Pbf from 'pbf';
import pg from 'pg';
import type { Page, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clusterUrl } from '../../server/test/databases.ts';
import { ARTIFACTS, useBrowser } from './browser.ts';

const b = useBrowser('portal');
const PHONE = { width: 390, height: 844 };
const K = 10;
/** Tile layers an anonymous visitor may receive at all: those the server's catalogue marks public. */
let publicLayers = new Set<string>();
const ID_NUMBER = /(?<!\d)\d{17}[\dXx](?!\d)/;
const MOBILE = /(?<!\d)1[3-9]\d{9}(?!\d)/;

interface Person {
  applicant_name: string;
  id_number: string;
  phone: string | null;
  agent_name: string | null;
}

let people: Person[] = [];

interface Captured {
  url: string;
  status: number;
  type: string;
  body: Buffer;
}

/** Every response a page receives, with its body (bodies are read as they arrive). */
function capture(page: Page): { responses: Captured[]; done: () => Promise<void> } {
  const responses: Captured[] = [];
  const pending: Promise<void>[] = [];
  page.on('response', (response: Response) => {
    pending.push(
      (async () => {
        const status = response.status();
        let body: Buffer = Buffer.alloc(0);
        if (status !== 204 && status !== 304 && (status < 300 || status >= 400)) {
          body = await response.body().catch(() => Buffer.alloc(0));
        }
        responses.push({ url: response.url(), status, type: response.headers()['content-type'] ?? '', body });
      })(),
    );
  });
  return { responses, done: async () => void (await Promise.all(pending)) };
}

/** The decoded text of an MVT, one line per feature: layer, then every property as key=value. */
function mvtText(bytes: Buffer, url: string): string {
  const raw = bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes;
  const tile = new VectorTile(new Pbf(raw));
  const lines: string[] = [];
  for (const [name, layer] of Object.entries(tile.layers)) {
    expect(publicLayers.has(name), `${url}: layer ${name}`).toBe(true);
    for (let i = 0; i < layer.length; i++) {
      const properties = layer.feature(i).properties;
      if (name === 'households') {
        // Anonymous visitors get k-anonymous cells only: a count, never a record.
        expect(Object.keys(properties).sort(), url).toEqual(['cell_zoom', 'households']);
        expect(Number(properties.households), url).toBeGreaterThanOrEqual(K);
      }
      lines.push(
        `${name} ${Object.entries(properties)
          .map(([k, v]) => `${k}=${String(v)}`)
          .join(' ')}`,
      );
    }
  }
  return lines.join('\n');
}

/** Asserts that no response carries personal data; returns how many of each kind were checked. */
function expectNoPersonalData(responses: Captured[]): Record<string, number> {
  const counts: Record<string, number> = { api: 0, tiles: 0, other: 0 };
  for (const response of responses) {
    const { url, type, body } = response;
    const path = new URL(url).pathname;
    let text: string;
    /** What the number-shape patterns look at: a tile's decoded properties, not its binary geometry. */
    let data: string;
    if (type.includes('vnd.mapbox-vector-tile')) {
      counts.tiles! += 1;
      data = mvtText(body, url);
      // The raw bytes too for the exact values (strings in an MVT are UTF-8). Not for the patterns: varints of
      // coordinates can happen to be 18 bytes in '0'–'9'.
      text = `${data}\n${body.toString('utf8')}`;
    } else {
      text = body.toString('utf8');
      data = text;
      counts[path.startsWith('/api/') ? 'api' : 'other']! += 1;
    }
    for (const person of people) {
      expect(text.includes(person.id_number), `${url} contains an ID number`).toBe(false);
      expect(text.includes(person.applicant_name), `${url} contains a name`).toBe(false);
      if (person.phone) expect(text.includes(person.phone), `${url} contains a phone`).toBe(false);
      if (person.agent_name) expect(text.includes(person.agent_name), `${url} contains a name`).toBe(false);
    }
    // Data answers (API, tiles, style) must hold nothing shaped like an ID or mobile number; the bundles are
    // code, where long digit runs are constants.
    if (!/\.(m?js|css|woff2?|pbf|png|svg|ico)$/.test(path)) {
      expect(ID_NUMBER.test(data), `${url} has an ID-number-like value`).toBe(false);
      expect(MOBILE.test(data), `${url} has a mobile-number-like value`).toBe(false);
    }
  }
  return counts;
}

async function portalReady(page: Page): Promise<void> {
  await page.getByTestId('portal-project').first().waitFor();
  await b.mapReady(page);
}

/** Features the map's project source holds (what the map shows after filtering). */
const mapProjectCount = (page: Page) =>
  page.evaluate(async () => {
    const source = window.__hssMap!.getSource('portal-projects') as unknown as {
      getData(): Promise<{ features: unknown[] }>;
    };
    return (await source.getData()).features.length;
  });

beforeAll(async () => {
  const catalogue = (await (await fetch(`${b.url}/tiles/`)).json()) as {
    layers: { name: string; access: string }[];
  };
  publicLayers = new Set(catalogue.layers.filter((l) => l.access === 'public').map((l) => l.name));
  expect(publicLayers.has('households')).toBe(true);
  expect(publicLayers.has('units')).toBe(false);
  // The browser's server runs on a clone of the seeded template; any clone of this run holds the same people.
  const admin = new pg.Client({ connectionString: clusterUrl() });
  await admin.connect();
  const { rows } = await admin.query<{ datname: string }>(
    `SELECT datname FROM pg_database WHERE datname LIKE 'hss\\_e2e\\_portal\\_%' ORDER BY oid DESC LIMIT 1`,
  );
  await admin.end();
  const client = new pg.Client({ connectionString: clusterUrl(rows[0]!.datname) });
  await client.connect();
  const result = await client.query<Person>(
    `SELECT applicant_name, id_number, phone, agent_name FROM households ORDER BY id LIMIT 2000`,
  );
  await client.end();
  // Two-character names can be words of an address or a road by chance (张路): search three or more.
  people = result.rows
    .filter((p) => p.applicant_name.length >= 3)
    .map((p) => ({ ...p, agent_name: p.agent_name && p.agent_name.length >= 3 ? p.agent_name : null }));
  expect(people.length).toBeGreaterThan(100);
});

afterAll(() => {
  expect(b.problems).toEqual([]);
});

describe('public portal', { timeout: 180_000 }, () => {
  it('shows the projects map, list, demand and notices to a visitor without login (desktop)', async () => {
    const page = await b.context.newPage();
    const seen = capture(page);
    await page.goto(`${b.url}/portal`);
    await portalReady(page);

    // Its own header: no staff navigation, a way to the staff login.
    await expect
      .poll(() => page.getByRole('link', { name: '工作人员登录' }).getAttribute('href'))
      .toBe('/login');
    expect(await page.getByTestId('current-user').count()).toBe(0);
    expect(await page.getByRole('heading', { name: '保障性住房项目地图' }).count()).toBe(1);

    const total = await page.getByTestId('portal-project').count();
    expect(total).toBeGreaterThan(10);
    expect(await mapProjectCount(page)).toBe(total);
    await b.screenshot(page, '01-desktop');

    // Filters narrow the list and the map alike, and land in the URL.
    await page.getByLabel('住房类型').selectOption('01');
    await page.getByLabel('只看有可供房源的项目').check();
    const filtered = await page.getByTestId('portal-project').count();
    expect(filtered).toBeGreaterThan(0);
    expect(filtered).toBeLessThan(total);
    for (const text of await page.getByTestId('portal-project').allTextContents()) {
      expect(text).toContain('公共租赁住房');
      expect(text).toMatch(/可供房源 \d+ 套/);
    }
    await expect.poll(() => mapProjectCount(page)).toBe(filtered);
    expect(page.url()).toContain('type=01');
    await page.getByRole('button', { name: '清除筛选' }).click();
    await expect.poll(() => page.getByTestId('portal-project').count()).toBe(total);

    // Locating a project from the list selects it on the map.
    await page.getByTestId('portal-project').nth(2).getByRole('button', { name: '在地图上定位' }).click();
    await expect.poll(() => page.evaluate(() => window.__hssMap!.getZoom())).toBeGreaterThan(13);

    // District demand: aggregated, with a legend.
    await page.getByLabel('显示各区县轮候需求').check();
    await page.evaluate(() => window.__hssMap!.jumpTo({ center: [126.64, 45.74], zoom: 9.6 }));
    await b.mapReady(page);
    expect(await page.getByRole('heading', { name: '各区县轮候需求' }).count()).toBe(1);
    expect(await page.getByTestId('notices-empty').textContent()).toContain('当前没有正在公示的公告');
    await b.screenshot(page, '02-desktop-demand');
    await page.screenshot({ path: join(ARTIFACTS, 'portal-03-desktop-full.png'), fullPage: true });

    // A project page from the list.
    await page.getByTestId('portal-project').first().getByRole('link', { name: '查看详情' }).click();
    await page.getByTestId('how-to-apply').waitFor();
    await b.mapReady(page);
    expect(new URL(page.url()).pathname).toMatch(/^\/portal\/projects\/\d+$/);
    expect(await page.getByRole('heading', { name: '如何申请' }).count()).toBe(1);
    expect(await page.getByRole('heading', { name: '户型与面积' }).count()).toBe(1);
    await b.screenshot(page, '04-desktop-project');
    await page.getByRole('link', { name: /返回项目地图/ }).click();
    await page.getByTestId('portal-project').first().waitFor();

    await seen.done();
    const counts = expectNoPersonalData(seen.responses);
    expect(counts.api).toBeGreaterThanOrEqual(3);
    expect(counts.tiles).toBeGreaterThan(5);
    await page.close();
  });

  it('works on a phone, in Chinese and English, and leaks nothing there either', async () => {
    const page = await b.context.newPage();
    await page.setViewportSize(PHONE);
    const seen = capture(page);
    await page.goto(`${b.url}/portal`);
    await portalReady(page);
    // Nothing wider than the screen.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await b.screenshot(page, '05-phone');
    await page.screenshot({ path: join(ARTIFACTS, 'portal-06-phone-full.png'), fullPage: true });

    const { id } = await page.evaluate(async () => {
      const res = await fetch('/api/portal/projects');
      const fc = (await res.json()) as { features: { id: number; properties: { category: string } }[] };
      return fc.features.find((f) => f.properties.category === '01')!;
    });
    await page.goto(`${b.url}/portal/projects/${id}`);
    await page.getByTestId('how-to-apply').waitFor();
    await b.mapReady(page);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    expect(await page.getByTestId('how-to-apply').textContent()).toContain('提出申请');
    await page.screenshot({ path: join(ARTIFACTS, 'portal-07-phone-project-full.png'), fullPage: true });

    await page.getByRole('button', { name: 'Switch to English' }).click();
    await page.getByRole('heading', { name: 'How to apply' }).waitFor();
    const guide = await page.getByTestId('how-to-apply').textContent();
    expect(guide).toContain('Waiting list');
    expect(guide).not.toMatch(/[\u4e00-\u9fff]{4}/);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await page.screenshot({ path: join(ARTIFACTS, 'portal-08-phone-project-en.png'), fullPage: true });
    await page.getByRole('link', { name: /Back to the project map/ }).click();
    await portalReady(page);
    expect(await page.getByRole('heading', { name: 'Affordable housing projects' }).count()).toBe(1);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await b.screenshot(page, '09-phone-en');
    await page.evaluate(() => localStorage.removeItem('hss.locale'));

    await seen.done();
    const counts = expectNoPersonalData(seen.responses);
    expect(counts.api).toBeGreaterThanOrEqual(2);
    await page.close();
  });

  it('says so when a project does not exist', async () => {
    const page = await b.open('/portal/projects/987654');
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').textContent()).toContain('项目不存在');
    expect(await page.getByRole('link', { name: /返回项目地图/ }).count()).toBe(1);
    await page.close();
  });
});
