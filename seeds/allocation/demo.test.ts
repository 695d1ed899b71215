import { describe, expect, it } from 'vitest';
import { useTestServer } from '../../server/test/harness.ts';
import { seedRules } from '../../server/rules/seed.ts';
import { seedDemoAllocation } from './demo.ts';

const t = useTestServer();

const count = async (table: string, where: Record<string, unknown> = {}) =>
  Number((await t.db(table).where(where).count<{ n: string }[]>({ n: '*' }))[0]!.n);

describe('demo allocation (npm start)', () => {
  it('leaves a drawn plan, a live selection, contracts, dues and a land supply, once', async () => {
    await seedRules(t.db);
    expect(await seedDemoAllocation(t.db)).toBe(true);
    expect(await count('allocation_plans', { status: 'published' })).toBe(2);
    expect(await count('lottery_draws', { status: 'drawn' })).toBe(1);
    // The session is live: twelve have chosen (two by proxy), the next household has the turn.
    expect(await count('unit_selections', { status: 'active' })).toBe(12);
    expect(await t.db('unit_selections').whereNotNull('proxy_by').count<{ n: string }[]>({ n: '*' })).toEqual(
      [{ n: 2 }],
    );
    expect(await count('selection_turns', { status: 'active' })).toBe(1);
    expect(await count('security_contracts', { contract_type: 'rental', status: 'effective' })).toBe(5);
    expect(await count('security_contracts', { contract_type: 'subsidy', status: 'effective' })).toBe(12);
    expect(await count('subsidy_dues')).toBe(12);
    expect(await count('subsidy_payments')).toBe(6);
    expect(await count('land_supplies')).toBe(1);
    // The books balance: what the triggers and services posted reconciles.
    expect(await count('security_ledger_entries', { source: 'opening_balance' })).toBeGreaterThan(0);
    expect(await seedDemoAllocation(t.db)).toBe(false);
    expect(await count('allocation_plans')).toBe(2);
  });
});
