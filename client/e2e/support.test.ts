/**
 * The support page in a real browser: a district planner draws up a support plan, adds an approved supplier
 * application and publishes it (the totals computed by the server); the ledger tab shows closed periods with
 * their closing balances and refuses a malformed period at its field; a land supply recorded through the form
 * appears on the map, and clicking its parcel opens the record.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../../server/db/knex.ts';
import { seedRules } from '../../server/rules/seed.ts';
import { insertHousingSet, interiorOf, type Position } from '../../server/spatial/fixtures.ts';
import { StaffApi } from './api.ts';
import { useBrowser } from './browser.ts';

const b = useBrowser('support');
const lastYear = new Date().getFullYear() - 1;
let parcelCentre: Position = [0, 0];

beforeAll(async () => {
  const db = createDb(b.databaseUrl, { max: 2 });
  try {
    await seedRules(db);
    parcelCentre = await interiorOf(db, '230103');
    await insertHousingSet(db, '230103', parcelCentre, 'e2e-support');
  } finally {
    await db.destroy();
  }
  const officer = await StaffApi.login(b.url, 'nangang_fund_officer');
  const project = await officer.get<{ items: { id: number }[] }>('/api/projects?page_size=1');
  const created = await officer.post<{ id: number }>('/api/suppliers/unit-approvals', {
    unit_no: '91230103MA1B2C3D4E',
    unit_name: '哈尔滨南岗置业有限公司',
    project_id: project.body.items[0]!.id,
    support_mode_code: 'SP-PEIJIAN-LAND',
    requested_amount: '500000.00',
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  await officer.post(`/api/suppliers/unit-approvals/${created.body.id}/approve`, {
    approved_amount: '450000',
  });
  for (const body of [
    { resource_type: 'funds', amount: '2000000', received_on: `${lastYear}-07-05`, batch_no: 'CZ-01' },
    { resource_type: 'land', land_area: 52000, received_on: `${lastYear}-07-20`, batch_no: 'SC-01' },
    {
      resource_type: 'funds',
      direction: 'out',
      amount: '350000',
      received_on: `${lastYear}-08-12`,
      batch_no: 'BF-01',
    },
  ]) {
    const res = await officer.post('/api/support/entries', {
      project_code: 'SP-PEIJIAN',
      direction: 'in',
      handed_by: '市财政局',
      received_by: '南岗区住房保障中心',
      ...body,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
  }
  for (const period of [`${lastYear}-07`, `${lastYear}-08`]) {
    const res = await officer.post('/api/support/ledgers', {
      project_code: 'SP-PEIJIAN',
      period_type: 'month',
      period,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
  }
}, 120_000);

describe('support plans, ledgers and land supply', () => {
  it('draws up a plan from an approved application and publishes it with its totals', async () => {
    const page = await b.open('/support');
    await b.login(page, 'nangang_planner');
    await page.getByTestId('SupportPage').waitFor();
    await page.getByRole('button', { name: '+ 制定方案' }).click();
    const form = page.getByTestId('support-plan-form');
    await form.getByLabel('方案名称').fill('配建项目土地配给方案');
    const mode = form.getByLabel('支持方式');
    await expect
      .poll(() => mode.locator('option[value="SP-PEIJIAN-LAND"]').count(), { timeout: 15_000 })
      .toBe(1);
    await mode.selectOption('SP-PEIJIAN-LAND');
    await form.getByRole('button', { name: '保存' }).click();

    const plan = page.getByTestId('support-plan');
    await plan.waitFor();
    const candidates = page.getByTestId('support-plan-candidates');
    await expect.poll(() => candidates.textContent(), { timeout: 10_000 }).toContain('DW');
    await candidates.getByRole('checkbox').first().check();
    await candidates.getByRole('textbox').first().fill('8000');
    await page.getByRole('button', { name: '列入方案' }).click();
    const totals = page.getByTestId('support-plan-totals');
    await expect.poll(() => totals.textContent(), { timeout: 10_000 }).toContain('450,000.00');
    expect(await totals.textContent()).toContain('8,000');
    await page.getByRole('button', { name: '发布方案' }).click();
    await expect.poll(() => plan.textContent(), { timeout: 10_000 }).toContain('已发布');
    await b.screenshot(page, '01-plan');
  }, 90_000);

  it('shows closed periods with closing balances and refuses a malformed period at its field', async () => {
    const page = await b.open('/support?tab=ledgers');
    await b.login(page, 'nangang_planner');
    const project = page.getByLabel('支持项目', { exact: true });
    await expect
      .poll(() => project.locator('option[value="SP-PEIJIAN"]').count(), { timeout: 15_000 })
      .toBe(1);
    await project.selectOption('SP-PEIJIAN');
    const ledgers = page.getByTestId('support-ledgers');
    await expect.poll(() => ledgers.textContent(), { timeout: 15_000 }).toContain(`${lastYear}-08`);
    // July: 2,000,000 in; August: opening = July's closing, 350,000 out.
    const august = ledgers.locator('tr', { hasText: `${lastYear}-08` });
    expect(await august.textContent()).toContain('1,650,000.00');
    await expect.poll(() => page.getByTestId('support-entries').textContent()).toContain('BF-01');
    await august.getByRole('button', { name: '对账' }).click();
    await expect.poll(() => august.textContent()).toContain('对账平衡');

    await page.getByRole('button', { name: '结账 / 试算' }).click();
    const form = page.getByTestId('support-close-form');
    await form.getByLabel('上报周期').fill(`${lastYear}-13`);
    await form.getByRole('button', { name: '保存' }).click();
    await expect
      .poll(() => form.locator('.field-error').textContent(), { timeout: 10_000 })
      .toContain('上报周期须形如');
    await b.screenshot(page, '02-ledgers');
  }, 90_000);

  it('records a land supply on a reserve parcel; the map shows it and opens its record', async () => {
    const page = await b.open('/support?tab=land');
    await b.login(page, 'nangang_planner');
    await page.getByTestId('support-land-map').waitFor();
    await page.getByRole('button', { name: '+ 登记土地供应' }).click();
    const form = page.getByTestId('support-land-form');
    await form.getByLabel('查找储备宗地').fill('P-e2e-support');
    const parcel = form.getByLabel('宗地（储备中）');
    await expect.poll(() => parcel.locator('option').count(), { timeout: 10_000 }).toBe(2);
    await parcel.selectOption({ index: 1 });
    await form.getByLabel('用地批准文件名称').fill('国有建设用地划拨决定书');
    await form.getByLabel('用地批准文号').fill('哈国土划〔2026〕7号');
    await form.getByLabel('用地批准日期').fill('2026-06-01');
    await form.getByLabel(/土地使用年限/).fill('80');
    await form.getByRole('button', { name: '保存' }).click();
    // The term is refused at its field; corrected, the record is saved.
    await expect.poll(() => form.locator('.field-error').textContent(), { timeout: 10_000 }).toMatch(/70/);
    await form.getByLabel(/土地使用年限/).fill('');
    await form.getByRole('button', { name: '保存' }).click();
    const table = page.getByTestId('support-land-table');
    await expect.poll(() => table.textContent(), { timeout: 10_000 }).toContain('P-e2e-support');

    await b.mapReady(page);
    await page.waitForFunction(
      () => (window.__hssMap?.querySourceFeatures('support-land').length ?? 0) > 0,
      null,
      {
        timeout: 20_000,
      },
    );
    const point = await page.evaluate(([lng, lat]) => {
      const map = window.__hssMap!;
      const p = map.project([lng, lat]);
      const box = map.getCanvas().getBoundingClientRect();
      return { x: box.left + p.x, y: box.top + p.y };
    }, parcelCentre);
    await b.screenshot(page, '03-land-map');
    await page.mouse.click(point.x, point.y);
    const record = page.getByTestId('support-land-record');
    await expect.poll(() => record.textContent(), { timeout: 10_000 }).toContain('哈国土划〔2026〕7号');
    expect(await record.textContent()).toMatch(/ZMX-\d{4}-\d{8}/);
    await b.screenshot(page, '04-land-record');
    expect(b.problems).toEqual([]);
  }, 120_000);
});
