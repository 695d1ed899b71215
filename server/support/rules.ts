/**
 * The support projects and modes (A.1.8 支持项目, A.1.9 支持方式) of the rules in force for a region: the codes the
 * support ledgers are kept by and the plans are drawn up for. Districts read the city's rules (CJJ/T 196 4.1.2).
 */
import type { Db, Tx } from '../db/knex.ts';
import { fieldError } from '../http/errors.ts';
import { ruleSetOf } from '../rules/analysis.ts';
import { versionById } from '../rules/store.ts';
import { applicableRuleVersion } from '../registration/store.ts';

export interface SupportProject {
  code: string;
  name: string;
  supplier_type: string | null;
}
export interface SupportMode {
  code: string;
  project_code: string;
  name: string;
}
export interface SupportRules {
  version_id: number | null;
  projects: SupportProject[];
  modes: SupportMode[];
}

export async function supportRules(conn: Db | Tx, region: string): Promise<SupportRules> {
  const versionId = await applicableRuleVersion(conn, region);
  const version = versionId ? await versionById(conn, versionId) : undefined;
  if (!version) return { version_id: null, projects: [], modes: [] };
  const { items } = await ruleSetOf(conn, version);
  const enabled = <T extends { enabled?: unknown }>(list: T[]) => list.filter((i) => i.enabled !== false);
  return {
    version_id: version.id,
    projects: enabled(items['support-projects']).map((p) => ({
      code: p.code,
      name: String(p.name),
      supplier_type: (p.supplier_type as string | null) ?? null,
    })),
    modes: enabled(items['support-modes']).map((m) => ({
      code: m.code,
      project_code: String(m.project_code),
      name: String(m.name),
    })),
  };
}

const choices = (codes: string[]) => codes.join('、') || '无';

/** The support project `code` of the region's rules, or a 400 at `path`. */
export async function supportProjectOf(conn: Db | Tx, region: string, code: string, path: string) {
  const rules = await supportRules(conn, region);
  const project = rules.projects.find((p) => p.code === code);
  if (!project)
    throw fieldError(
      path,
      `支持项目 ${code} 不在该地区启用中的保障规则里（可选：${choices(rules.projects.map((p) => p.code))}）`,
    );
  return project;
}

/** The support mode `code` with its project, from the region's rules, or a 400 at `path`. */
export async function supportModeOf(conn: Db | Tx, region: string, code: string, path: string) {
  const rules = await supportRules(conn, region);
  const mode = rules.modes.find((m) => m.code === code);
  if (!mode || rules.version_id === null)
    throw fieldError(
      path,
      `支持方式 ${code} 不在该地区启用中的保障规则里（可选：${choices(rules.modes.map((m) => m.code))}）`,
    );
  const project = rules.projects.find((p) => p.code === mode.project_code);
  return { mode, project, versionId: rules.version_id };
}
