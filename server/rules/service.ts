/**
 * Rule versions and their items (4.2.1: 定制, 修改 into a new template version, 启用 and 停止). A draft is edited
 * freely; enabling checks the whole version and freezes it (the database refuses any later change); editing an
 * enabled version means copying it into a new draft. Only versions of the user's region or below are managed.
 */
import type { Db, Tx } from '../db/knex.ts';
import { inScope, type Scope } from '../access/scope.ts';
import { conflict, fieldError, notFound, validationFailed } from '../http/errors.ts';
import { assertCodes } from '../dictionaries/service.ts';
import { unknownRegionCodes } from '../regions/store.ts';
import { guarded, higherLevelRules, versionImmutable } from './errors.ts';
import { KIND_SPECS } from './kinds.ts';
import type { Item, RuleSet, VersionRow } from './model.ts';
import type { CopyVersionInput, CreateVersionInput, Kind, UpdateVersionInput } from './schema.ts';
import * as store from './store.ts';
import { itemProblems, ruleSetProblems } from './validate.ts';

type Conn = Db | Tx;

/** A version the user may see, or 404. */
export async function visibleVersion(conn: Conn, scope: Scope, id: number): Promise<VersionRow> {
  const version = await store.findVersion(conn, scope, id);
  if (!version) throw notFound('规则版本');
  return version;
}

/** A draft the user may change: 404 when unseen, 403 for a higher level's, 409 once enabled or disabled. */
async function editableVersion(trx: Tx, scope: Scope, id: number): Promise<VersionRow> {
  const version = await visibleVersion(trx, scope, id);
  if (!inScope(scope, version.region_code)) throw higherLevelRules();
  // Serialises edits and enabling of one version, and reads the status under the lock, so a check never races
  // a concurrent enable.
  const { rows } = await trx.raw<{ rows: { status: string }[] }>(
    'SELECT status FROM rule_versions WHERE id = ? FOR UPDATE',
    [id],
  );
  const status = rows[0]?.status ?? version.status;
  if (status !== 'draft') throw versionImmutable(status);
  return version;
}

async function assertRegion(conn: Conn, scope: Scope, code: string, path: string): Promise<void> {
  if (!inScope(scope, code) || (await unknownRegionCodes(conn, [code])).length)
    throw fieldError(path, '行政区划代码不存在或不在您的管辖范围内');
}

async function nextNumber(trx: Tx, templateCode: string, regionCode: string, path: string): Promise<number> {
  const template = await store.templateInfo(trx, templateCode);
  if (template && template.region_code !== regionCode)
    throw conflict('规则模版编号已被其他地区使用', [{ path, message: '规则模版编号已被其他地区使用' }]);
  return template?.next_no ?? 1;
}

export async function createVersion(trx: Tx, scope: Scope, input: CreateVersionInput): Promise<VersionRow> {
  await assertRegion(trx, scope, input.region_code, 'body.region_code');
  if (input.effective_to && input.effective_to < input.effective_from)
    throw fieldError('body.effective_to', '失效日期早于生效日期');
  const id = await store.insertVersion(trx, {
    ...input,
    version_no: await nextNumber(trx, input.template_code, input.region_code, 'body.template_code'),
  });
  return (await store.versionById(trx, id))!;
}

export async function updateVersion(
  trx: Tx,
  scope: Scope,
  id: number,
  input: UpdateVersionInput,
): Promise<VersionRow> {
  const version = await editableVersion(trx, scope, id);
  const from = input.effective_from ?? version.effective_from;
  const to = input.effective_to === undefined ? version.effective_to : input.effective_to;
  if (to && to < from) throw fieldError('body.effective_to', '失效日期早于生效日期');
  await store.updateVersion(trx, id, input);
  return (await store.versionById(trx, id))!;
}

export async function deleteVersion(trx: Tx, scope: Scope, id: number): Promise<void> {
  await editableVersion(trx, scope, id);
  await guarded(() => store.deleteVersion(trx, id));
}

/** "Editing" an enabled (or any) version: a new draft with a copy of every item, codes unchanged. */
export async function copyVersion(
  trx: Tx,
  scope: Scope,
  id: number,
  input: CopyVersionInput = {},
): Promise<VersionRow> {
  const source = await visibleVersion(trx, scope, id);
  const region =
    input.region_code ?? (inScope(scope, source.region_code) ? source.region_code : scope.regionCode);
  await assertRegion(trx, scope, region, 'body.region_code');
  const template =
    input.template_code ??
    (region === source.region_code
      ? source.template_code
      : `${source.template_code}-${region.replace(/0+$/, '')}`);
  const copyId = await store.insertVersion(trx, {
    template_code: template,
    template_name: input.template_name ?? source.template_name,
    version_no: await nextNumber(trx, template, region, 'body.template_code'),
    region_code: region,
    effective_from: input.effective_from ?? source.effective_from,
    description: input.description ?? source.description,
    based_on_id: source.id,
  });
  await store.copyItems(trx, source.id, copyId);
  return (await store.versionById(trx, copyId))!;
}

/** Whole-version checks: the 400 a draft gets when it is enabled or run while still wrong. */
export function assertRunnable(set: RuleSet): void {
  const errors = ruleSetProblems(set);
  if (errors.length) throw validationFailed(errors, '规则版本存在错误，请修正后再启用或运行');
}

/** Enables a draft: checks it, stamps 启用时间, stops the template's previous version the day before. */
export async function enableVersion(
  trx: Tx,
  scope: Scope,
  id: number,
  input: { effective_from?: string } = {},
): Promise<VersionRow> {
  const version = await editableVersion(trx, scope, id);
  const effectiveFrom = input.effective_from ?? version.effective_from;
  assertRunnable(await store.loadRuleSet(trx, version));
  const previous = await store.enabledVersionOf(trx, version.template_code);
  if (previous) {
    await store.updateVersion(trx, previous.id, {
      status: 'disabled',
      disabled_at: trx.fn.now(),
      disabled_by: scope.username,
      effective_to: trx.raw(`greatest(?::date - 1, effective_from)`, [effectiveFrom]),
    });
  }
  await store.stampEnabledAt(trx, id);
  await guarded(() =>
    store.updateVersion(trx, id, {
      status: 'enabled',
      effective_from: effectiveFrom,
      enabled_at: trx.fn.now(),
      enabled_by: scope.username,
    }),
  );
  return (await store.versionById(trx, id))!;
}

export async function disableVersion(trx: Tx, scope: Scope, id: number): Promise<VersionRow> {
  const version = await visibleVersion(trx, scope, id);
  if (!inScope(scope, version.region_code)) throw higherLevelRules();
  if (version.status !== 'enabled')
    throw conflict(version.status === 'draft' ? '草稿尚未启用，无需停用' : '规则版本已停用');
  await store.updateVersion(trx, id, {
    status: 'disabled',
    disabled_at: trx.fn.now(),
    disabled_by: scope.username,
    effective_to: trx.raw('coalesce(effective_to, greatest(current_date, effective_from))'),
  });
  return (await store.versionById(trx, id))!;
}

const DICTIONARIES: Partial<Record<Kind, Record<string, string>>> = {
  projects: { income_class: 'income_level', special_group_class: 'special_group' },
  modes: { mode_type: 'security_mode' },
};

/** Checks an item as it would be after the write; every problem as a 400 naming `body.<field>`. */
async function assertItem(trx: Tx, set: RuleSet, kind: Kind, item: Item): Promise<void> {
  const problems = itemProblems(set, kind, item);
  if (problems.length)
    throw validationFailed(problems.map((p) => ({ path: `body.${p.field}`, message: p.message })));
  const dictionaries = DICTIONARIES[kind] ?? {};
  await assertCodes(
    trx,
    Object.entries(dictionaries).map(([field, dictionary]) => ({
      path: `body.${field}`,
      dictionary,
      code: item[field] as string | null | undefined,
    })),
  );
}

const withDefaults = (kind: Kind, input: Record<string, unknown>): Item => {
  // 申请条件分类 (A.1.3) has no 是否启用: every other kind starts enabled.
  const item: Record<string, unknown> = kind === 'categories' ? { ...input } : { enabled: true, ...input };
  for (const field of Object.keys(KIND_SPECS[kind].references)) item[field] ??= null;
  if (kind === 'quantitative')
    for (const f of ['lower_value', 'lower_op', 'upper_value', 'upper_op']) item[f] ??= null;
  if (kind === 'standards') {
    item.parameters ??= {};
    for (const f of ['formula', 'standard_value', 'household_size']) item[f] ??= null;
  }
  if (kind === 'ordering') {
    item.direction ??= 'higher_first';
    item.cap ??= null;
  }
  return item as Item;
};

export async function createItem(
  trx: Tx,
  scope: Scope,
  kind: Kind,
  versionId: number,
  input: Record<string, unknown>,
): Promise<Item> {
  const version = await editableVersion(trx, scope, versionId);
  const set = await store.loadRuleSet(trx, version);
  const item = withDefaults(kind, input);
  if (set.items[kind].some((i) => i.code === item.code))
    throw conflict('编号在本版本中已被使用', [
      { path: 'body.code', message: '编号在本版本中已被使用，须唯一' },
    ]);
  await assertItem(trx, set, kind, item);
  return guarded(() => store.insertItem(trx, kind, versionId, item));
}

async function editableItem(trx: Tx, scope: Scope, kind: Kind, id: number) {
  const found = await store.findItem(trx, scope, kind, id);
  if (!found) throw notFound(KIND_SPECS[kind].label);
  const version = await editableVersion(trx, scope, found.versionId);
  return { ...found, version };
}

export async function updateItem(
  trx: Tx,
  scope: Scope,
  kind: Kind,
  id: number,
  changes: Record<string, unknown>,
): Promise<Item> {
  const { item, version } = await editableItem(trx, scope, kind, id);
  const set = await store.loadRuleSet(trx, version);
  const defined = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined));
  await assertItem(trx, set, kind, { ...item, ...defined });
  return guarded(() => store.updateItem(trx, kind, id, defined));
}

export async function deleteItem(trx: Tx, scope: Scope, kind: Kind, id: number): Promise<void> {
  await editableItem(trx, scope, kind, id);
  await guarded(() => store.deleteItem(trx, kind, id));
}
