import { describe, expect, it } from 'vitest';
import { HARBIN_RULES } from './fixtures/harbin.ts';
import type { Item, RuleSet, VersionRow } from './model.ts';
import { KINDS } from './schema.ts';
import { modeConditions } from './sql.ts';
import { ruleSetProblems } from './validate.ts';

/** The demo rules as a loaded version would hold them (defaults filled as the database does). */
function harbin(): RuleSet {
  let id = 0;
  const items = Object.fromEntries(
    KINDS.map((kind) => [
      kind,
      (HARBIN_RULES.items[kind] ?? []).map((item): Item => ({
        id: (id += 1),
        code: String(item.code),
        enabled: true,
        parent_code: null,
        combination_code: null,
        lower_value: null,
        lower_op: null,
        upper_value: null,
        upper_op: null,
        formula: null,
        parameters: {},
        household_size: null,
        ...item,
      })),
    ]),
  ) as RuleSet['items'];
  return { version: { id: 1, template_code: 'HRB-ZFBZ', version_no: 1 } as VersionRow, items };
}

describe('condition trees in SQL (what the batch runs, for review)', () => {
  it('compiles the demo rules; thresholds are bound, never spliced into the text', () => {
    const set = harbin();
    expect(ruleSetProblems(set)).toEqual([]);
    const byCode = Object.fromEntries(modeConditions(set).map((m) => [m.code, m.sql]));
    expect(byCode['LZ-PZ']).toEqual({
      sql:
        '(((h.per_capita_income::numeric >= ?::numeric AND h.per_capita_income::numeric <= ?::numeric) OR ' +
        '(h.is_minimum_living::boolean = TRUE)) AND (NOT (h.had_housing_support::boolean = TRUE)) AND ' +
        '(h.per_capita_floor_area::numeric < ?::numeric))',
      bindings: [0, 10000, 13],
    });
    expect(byCode['JS-PS']!.sql).toContain('((h.total_floor_area::numeric) = 0::numeric) = TRUE');
    expect(byCode['PG-AZ']).toEqual({ sql: '((h.in_shanty_area::boolean = TRUE))', bindings: [] });
  });
});
