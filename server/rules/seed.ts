/**
 * Rule sets as data: inserted as a draft, checked like any draft, then enabled. `seedRules` loads the demo city's
 * rules (fixtures/harbin.ts) once per database; tests insert their own sets with `insertRuleSet`.
 */
import type { Db, Tx } from '../db/knex.ts';
import { validationFailed } from '../http/errors.ts';
import { KIND_ORDER } from './kinds.ts';
import type { Kind } from './schema.ts';
import * as store from './store.ts';
import { ruleSetProblems } from './validate.ts';
import { HARBIN_RULES } from './fixtures/harbin.ts';

export interface RuleSetData {
  version: {
    template_code: string;
    template_name: string;
    region_code: string;
    effective_from: string;
    description?: string;
  };
  items: Partial<Record<Kind, Record<string, unknown>[]>>;
}

/** Inserts a rule set as a new version of its template; with `enable`, checks and enables it. Returns its id. */
export async function insertRuleSet(
  trx: Tx,
  data: RuleSetData,
  options: { enable?: boolean } = {},
): Promise<number> {
  const template = await store.templateInfo(trx, data.version.template_code);
  const id = await store.insertVersion(trx, { ...data.version, version_no: template?.next_no ?? 1 });
  for (const kind of KIND_ORDER) {
    for (const item of data.items[kind] ?? []) await store.insertItem(trx, kind, id, item);
  }
  if (options.enable) {
    const version = (await store.versionById(trx, id))!;
    const problems = ruleSetProblems(await store.loadRuleSet(trx, version));
    if (problems.length)
      throw validationFailed(
        problems,
        `rule set ${data.version.template_code} is invalid: ${problems.map((p) => `${p.path} ${p.message}`).join('; ')}`,
      );
    const previous = await store.enabledVersionOf(trx, data.version.template_code);
    if (previous)
      await store.updateVersion(trx, previous.id, {
        status: 'disabled',
        disabled_at: trx.fn.now(),
        disabled_by: 'seed',
      });
    await store.stampEnabledAt(trx, id);
    await store.updateVersion(trx, id, { status: 'enabled', enabled_at: trx.fn.now(), enabled_by: 'seed' });
  }
  return id;
}

/**
 * The demo city's rules (哈尔滨市 2301), enabled; does nothing when the template already exists, so it can run on
 * every start. Returns the version id, or undefined when it was already there.
 */
export async function seedRules(db: Db | Tx): Promise<number | undefined> {
  return db.transaction(async (trx) => {
    await trx.raw(`SELECT set_config('hss.actor', 'seed', true)`);
    await trx.raw('SELECT pg_advisory_xact_lock(?)', [RULES_SEED_LOCK]);
    if (await store.templateInfo(trx, HARBIN_RULES.version.template_code)) return undefined;
    return insertRuleSet(trx, HARBIN_RULES, { enable: true });
  });
}

/** Advisory lock id serialising the rules seed ("RULE" in ASCII). */
const RULES_SEED_LOCK = 0x52554c45;
