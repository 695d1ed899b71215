/**
 * The caseworkers' map workspace (/map) in Chromium against the real server on a cloned, seeded database: search
 * an application number → fly → details; nearby delivered units; the floor table (楼盘表) and a room in it; the
 * deep link that reopens a record; a unit found by its number. Screenshots: test-artifacts/workspace-*.png.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useBrowser } from './browser.ts';

const b = useBrowser('workspace');

interface Listed {
  id: number;
  application_no?: string;
  unit_no?: string;
  geometry: { coordinates: [number, number] } | null;
}

/** A record from the API as the signed-in user (the first of a list that has a place). */
async function firstLocated(page: Page, path: string): Promise<Listed> {
  return page.evaluate(async (url) => {
    const page = (await (await fetch(url)).json()) as { items: Listed[] };
    return page.items.find((item) => item.geometry)!;
  }, path);
}

async function search(page: Page, text: string): Promise<void> {
  const box = page.getByRole('combobox', { name: /搜索申请家庭/ });
  await box.fill(text);
  await page.getByRole('option').first().waitFor();
  await expect.poll(() => page.getByTestId('search-status').textContent()).toMatch(/找到 \d+ 条结果/);
}

/** The map's centre, once it has stopped moving. */
async function settledCentre(page: Page): Promise<[number, number]> {
  await page.waitForFunction(() => !window.__hssMap!.isMoving(), null, { timeout: 20_000 });
  return page.evaluate(() => window.__hssMap!.getCenter().toArray());
}

describe('map workspace', () => {
  it('finds a household, shows its details and nearby units, opens the floor table and a room', async () => {
    const page = await b.open('/map');
    await b.login(page, 'hrb_caseworker');
    await page.getByTestId('map').waitFor();
    await b.mapReady(page);
    await b.screenshot(page, '01-start');

    // The business tile layers of the caseworker's style are on the map.
    const sources = await page.evaluate(() => Object.keys(window.__hssMap!.getStyle().sources));
    expect(sources).toEqual(expect.arrayContaining(['households', 'units', 'buildings', 'projects']));

    const household = await firstLocated(page, '/api/households?status=waiting&page_size=50');
    await search(page, household.application_no!);
    const options = page.getByRole('option');
    expect(await options.first().getAttribute('aria-selected')).toBe('true');
    expect(await options.first().textContent()).toContain(household.application_no);
    await b.screenshot(page, '02-search');

    // Keyboard: Enter takes the active hit → fly there, outline it, open the panel, the URL says which.
    await page.keyboard.press('Enter');
    await expect.poll(() => page.url()).toContain(`household=${household.id}`);
    await expect
      .poll(() => page.getByTestId('detail-title').textContent())
      .toContain(household.application_no);
    expect(await page.getByTestId('detail-status').textContent()).toMatch(/已申请|轮候中|已配置|已退出/);
    const [lng, lat] = await settledCentre(page);
    expect(Math.abs(lng - household.geometry!.coordinates[0])).toBeLessThan(0.002);
    expect(Math.abs(lat - household.geometry!.coordinates[1])).toBeLessThan(0.002);
    expect(await page.evaluate(() => window.__hssMap!.getZoom())).toBeGreaterThanOrEqual(16.5);
    const outlined = await page.evaluate(
      () => window.__hssMap!.querySourceFeatures('workspace-selection').length,
    );
    expect(outlined).toBeGreaterThan(0);
    await b.mapReady(page);
    await b.screenshot(page, '03-household');

    // Available (delivered) units within 10 km, nearest first, listed and drawn.
    const nearby = page.getByTestId('nearby-units');
    await nearby.getByLabel('半径').selectOption({ label: '10 公里' });
    await nearby.getByRole('button', { name: '查找已交付住房' }).click();
    await expect
      .poll(() => nearby.getByRole('status').textContent())
      .toMatch(/10 公里内(已交付住房 \d+ 套|没有)/);
    const distances = (await nearby.locator('.distance').allTextContents()).map((text) =>
      Number(text.replace(/\D/g, '')),
    );
    expect(distances.length).toBeGreaterThan(0);
    expect(distances).toEqual([...distances].sort((a, b) => a - b));
    await expect
      .poll(() => page.evaluate(() => window.__hssMap!.querySourceFeatures('workspace-nearby').length))
      .toBeGreaterThan(1);
    await b.mapReady(page);
    await b.screenshot(page, '04-nearby');

    // The nearest unit → its panel (with the way back) → its building's floor table.
    await nearby.locator('button.unit').first().click();
    await expect.poll(() => page.url()).toMatch(/unit=\d+/);
    await page.getByRole('button', { name: /返回/ }).waitFor();
    await page.getByTestId('open-floor-table').click();
    const table = page.getByTestId('floor-table');
    await table.locator('table').waitFor();
    expect(await table.locator('tbody th[scope=row]').count()).toBeGreaterThan(1);
    expect(await table.getByRole('columnheader').count()).toBeGreaterThan(1);
    const legend = await page.getByTestId('floor-legend').textContent();
    for (const term of ['未交付', '已交付', '已配给', '已入住']) expect(legend).toContain(term);
    expect(await table.locator('button.room.current').count()).toBe(1);
    await b.screenshot(page, '05-floor-table');
    // The panel shows the unit's 户型 by its label in the code list, never the bare code.
    expect(await page.getByTestId('detail-layout').textContent()).not.toMatch(/^\s*\d{2}\s*$/);

    // The open floor table is in the URL: the link alone reopens it, with the unit marked.
    await expect.poll(() => page.url()).toMatch(/floors=1/);
    await page.goto(page.url());
    await table.locator('table').waitFor();
    expect(await table.locator('button.room.current').count()).toBe(1);

    // A room of another floor opens that unit.
    const other = table.locator('button.room:not(.current)').first();
    const otherId = await other.getAttribute('data-unit');
    expect(await other.getAttribute('aria-label')).toMatch(/室，(未交付|已交付|已配给|已入住)/);
    await other.click();
    await expect.poll(() => page.url()).toContain(`unit=${otherId}`);
    await expect.poll(() => table.count()).toBe(0);
    expect(page.url()).not.toMatch(/floors=/);
    await page.getByTestId('detail-status').waitFor();
    await b.mapReady(page);
    await b.screenshot(page, '06-unit');

    // The case link reopens the household from the URL alone.
    await page.goto(`${b.url}/map?household=${household.id}`);
    await expect
      .poll(() => page.getByTestId('detail-title').textContent())
      .toContain(household.application_no);
    await page.close();
  }, 180_000);

  it('finds a unit by its number and closes the list with Esc', async () => {
    const page = await b.open('/map');
    await b.login(page, 'nangang_caseworker');
    await b.mapReady(page);
    const unit = await firstLocated(page, '/api/units?page_size=5');
    await search(page, unit.unit_no!);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Escape');
    expect(await page.getByRole('combobox').getAttribute('aria-expanded')).toBe('false');
    await page.keyboard.press('ArrowDown');
    await page.getByRole('option', { name: new RegExp(unit.unit_no!) }).click();
    await expect.poll(() => page.url()).toContain(`unit=${unit.id}`);
    await expect.poll(() => page.getByTestId('detail-title').textContent()).toBe(unit.unit_no);
    await b.mapReady(page);
    await b.screenshot(page, '07-unit-search');
    await page.close();
  }, 120_000);

  it('words search subtitles and code labels in English, and reopens a building’s floor table from its link', async () => {
    const page = await b.open('/map');
    await b.login(page, 'nangang_caseworker');
    await b.mapReady(page);
    const unit = await page.evaluate(async () => {
      const res = await fetch('/api/units?page_size=50');
      const items = (
        (await res.json()) as { items: { unit_no: string; building_id: number; entrance: string | null }[] }
      ).items;
      return items.find((item) => item.entrance) ?? items[0]!;
    });
    await page.evaluate(() => localStorage.setItem('hss.locale', 'en'));
    await page.goto(`${b.url}/map?building=${unit.building_id}&floors=1`);
    await page.getByTestId('floor-table').locator('table').waitFor();
    await page.getByTestId('detail-title').waitFor();
    await b.screenshot(page, '08-building-floor-table-link');
    // 建筑结构 by its English label from the code list (once loaded), never the bare code.
    await expect
      .poll(() => page.getByTestId('detail-structure').textContent())
      .toMatch(/^(—|[A-Za-z ,()-]+)$/);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.url()).not.toMatch(/floors=/);
    expect(page.url()).toContain(`building=${unit.building_id}`);

    await page.getByRole('combobox').fill(unit.unit_no);
    const option = page.getByRole('option', { name: new RegExp(unit.unit_no) }).first();
    await option.waitFor();
    const subtitle = (await option.locator('.subtitle').textContent()) ?? '';
    expect(subtitle).toMatch(unit.entrance ? /entrance .+, room / : /room /);
    expect(subtitle).not.toMatch(/单元|\d室/);
    await b.screenshot(page, '09-search-en');
    await page.evaluate(() => localStorage.removeItem('hss.locale'));
    await page.close();
  }, 120_000);

  it('raised no Content-Security-Policy violation or page error', () => {
    expect(b.problems).toEqual([]);
  });
});
