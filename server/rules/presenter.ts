/** Shapes rule rows for the API: dates as ISO strings, items by kind. */
import type { Item, RuleSet, VersionRow } from './model.ts';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function presentVersion(row: VersionRow) {
  return {
    ...row,
    enabled_at: iso(row.enabled_at),
    disabled_at: iso(row.disabled_at),
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}

export function presentItem(item: Item) {
  const enabledAt = item.enabled_at as Date | null | undefined;
  return enabledAt === undefined ? item : { ...item, enabled_at: iso(enabledAt) };
}

export function presentRuleSet(set: RuleSet) {
  return {
    ...presentVersion(set.version),
    items: Object.fromEntries(
      Object.entries(set.items).map(([kind, items]) => [kind, items.map(presentItem)]),
    ),
  };
}
