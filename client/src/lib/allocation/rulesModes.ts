/** The security modes (A.1.2) of the rule versions in force in the user's region, for filters and plan forms. */
import { data, http } from '../api.ts';

export interface RuleMode {
  code: string;
  name: string;
  project_code: string;
  mode_type: string | null;
  /** The enabled rule version the mode comes from. */
  version_id: number;
  region_code: string;
}

let cached: Promise<RuleMode[]> | null = null;

/**
 * The enabled modes of the enabled rule versions the user reads (their region's and those above, CJJ/T 196 4.1.2),
 * the nearest region's first when two versions name the same code. Cached for the page's life; `fresh` reloads.
 */
export function ruleModes(fresh = false): Promise<RuleMode[]> {
  if (!cached || fresh) {
    cached = load();
    cached.catch(() => (cached = null));
  }
  return cached;
}

async function load(): Promise<RuleMode[]> {
  const versions = await data(http.GET('/api/rules/versions', { params: { query: { status: 'enabled' } } }));
  // Deeper regions (longer significant codes) first: a district's own version wins over the city's.
  const ordered = [...versions.items].sort(
    (a, b) => b.region_code.replace(/0+$/, '').length - a.region_code.replace(/0+$/, '').length,
  );
  const modes = new Map<string, RuleMode>();
  for (const summary of ordered) {
    const version = await data(
      http.GET('/api/rules/versions/{id}', { params: { path: { id: summary.id } } }),
    );
    for (const mode of version.items.modes) {
      if (!mode.enabled || modes.has(mode.code)) continue;
      modes.set(mode.code, {
        code: mode.code,
        name: mode.name,
        project_code: mode.project_code,
        mode_type: mode.mode_type ?? null,
        version_id: summary.id,
        region_code: summary.region_code,
      });
    }
  }
  return [...modes.values()];
}
