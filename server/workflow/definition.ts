/**
 * A process definition as data (the JSON that is imported, exported and versioned) and its validation: the shape
 * (zod) and the graph (one start, known node keys, every node reachable and able to reach an end, parseable
 * conditions). Faults are reported at their path, e.g. `body.transitions.3.condition`.
 *
 * Format (what `importDefinition` / `ensureDefinition` take):
 *
 * ```json
 * { "key": "admission", "name": "准入登记", "description": "…", "business_category": "准入登记",
 *   "variables": { "income": "number" },            // optional: types of non-decision variables in conditions
 *   "nodes": [
 *     { "key": "start", "name": "开始", "type": "start" },
 *     { "key": "accept", "name": "受理", "type": "task",
 *       "participants": [{ "role": "caseworker", "type": "district" }],
 *       "extension": { "sla_hours": 72, "decisions": [{ "code": "submit", "label": "提交" }], "x": 120, "y": 40 } },
 *     { "key": "verify", "name": "审核", "type": "countersign",
 *       "participants": [{ "role": "verifiers", "type": "variable" }, { "role": "reviewer", "type": "district" }],
 *       "extension": { "countersign": { "mode": "all" }, "decisions": [{ "code": "pass" }, { "code": "fail" }] } },
 *     { "key": "wait", "name": "公示期", "type": "timer", "extension": { "timer": { "until_variable": "notice_ends_at" } } },
 *     { "key": "done", "name": "结束", "type": "end", "extension": { "outcome": "approved" } } ],
 *   "transitions": [ { "from": "start", "to": "accept" },
 *                    { "from": "gw", "to": "notice", "condition": "pass", "priority": 1 },
 *                    { "from": "gw", "to": "denied" } ] }
 * ```
 *
 * The node's extension members may also be written directly on the node (`"sla_hours": 72`); they are moved into
 * `extension`. `node_type` is accepted for `type`, `role_code`/`role_type` for a participant's `role`/`type`.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { validationFailed, type FieldError } from '../http/errors.ts';
import { issuesToFieldErrors } from '../http/validate.ts';
import {
  ExpressionError,
  parseExpression,
  type NameTypes,
  type ValueType,
} from '../rules/expression/index.ts';

export const NODE_TYPES = [
  'start',
  'task',
  'countersign',
  'exclusive',
  'parallel_split',
  'parallel_join',
  'timer',
  'end',
] as const;
export type NodeType = (typeof NODE_TYPES)[number];
export const PARTICIPANT_TYPES = ['district', 'city', 'province', 'process', 'variable'] as const;
export type ParticipantType = (typeof PARTICIPANT_TYPES)[number];

const KEY = /^[a-z][a-z0-9_]*$/;
const key = (label: string) =>
  z.string().trim().regex(KEY, '须为小写字母开头的小写字母、数字或下划线').max(60).describe(label);
const text = (label: string, max = 500) => z.string().trim().max(max).describe(label).optional();

const decision = z.object({
  code: key('决定代码（完成时设为真的流程变量）'),
  label: z.string().trim().max(40).optional(),
});

export const extensionSchema = z
  .object({
    sla_hours: z
      .number()
      .positive()
      .max(24 * 365)
      .optional(),
    decisions: z.array(decision).max(20).optional(),
    countersign: z
      .object({
        mode: z.enum(['all', 'any', 'ratio']),
        ratio: z.number().gt(0).max(1).optional(),
        /** The decision that counts as a pass for the quorum (default `pass`). */
        pass: key('会签通过的决定代码').optional(),
      })
      .optional(),
    timer: z
      .object({
        after_hours: z
          .number()
          .min(0)
          .max(24 * 3650)
          .optional(),
        until_variable: key('保存到期时间（epoch 秒）的流程变量').optional(),
      })
      .optional(),
    x: z.number().finite().optional(),
    y: z.number().finite().optional(),
    outcome: z.string().trim().min(1).max(40).optional(),
  })
  .catchall(z.unknown());
export type NodeExtension = z.infer<typeof extensionSchema>;

const EXTENSION_KEYS = ['sla_hours', 'decisions', 'countersign', 'timer', 'x', 'y', 'outcome'] as const;

/** Accepts the documented aliases and flat extension members before the shape is checked. */
function normaliseNode(raw: unknown): unknown {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return raw;
  const node = { ...(raw as Record<string, unknown>) };
  if (node.type === undefined && node.node_type !== undefined) node.type = node.node_type;
  delete node.node_type;
  const extension = { ...((node.extension as Record<string, unknown> | undefined) ?? {}) };
  for (const name of EXTENSION_KEYS) {
    if (node[name] !== undefined) extension[name] ??= node[name];
    delete node[name];
  }
  node.extension = extension;
  if (Array.isArray(node.participants))
    node.participants = node.participants.map((p: unknown) => {
      if (!p || typeof p !== 'object') return p;
      const { role_code, role_type, ...rest } = p as Record<string, unknown>;
      return { role: rest.role ?? role_code, type: rest.type ?? role_type, ...rest };
    });
  return node;
}

export const nodeSchema = z.preprocess(
  normaliseNode,
  z.object({
    key: key('节点键'),
    name: z.string().trim().min(1).max(60).describe('节点名称'),
    type: z.enum(NODE_TYPES).describe('节点类型'),
    description: text('节点描述'),
    precondition: text('前置条件'),
    postcondition: text('后置条件'),
    participants: z
      .array(
        z.object({
          role: key('参与者角色编号（角色代码或流程变量名）'),
          type: z.enum(PARTICIPANT_TYPES).describe('参与者角色类型'),
        }),
      )
      .max(10)
      .default([]),
    extension: extensionSchema.default({}),
  }),
);
export type NodeDefinition = z.infer<typeof nodeSchema>;

export const transitionSchema = z.object({
  from: key('前导节点键'),
  to: key('后继节点键'),
  condition: z.string().trim().max(2000).optional().nullable(),
  priority: z.number().int().min(-1000).max(1000).default(0),
  name: text('节点关联名称', 60),
  description: text('节点关联描述'),
});
export type TransitionDefinition = z.infer<typeof transitionSchema>;

export const definitionSchema = z.object({
  key: key('流程键'),
  name: z.string().trim().min(1).max(100).describe('流程名称'),
  description: text('流程描述', 2000),
  business_category: text('业务分类', 60),
  precondition: text('前置条件'),
  postcondition: text('后置条件'),
  variables: z.record(key('变量名'), z.enum(['boolean', 'number'])).default({}),
  extension: z.record(z.string(), z.unknown()).default({}),
  nodes: z.array(nodeSchema).min(2).max(200),
  transitions: z.array(transitionSchema).min(1).max(500),
});
export type ProcessDefinition = z.infer<typeof definitionSchema>;

const TASK_TYPES: readonly NodeType[] = ['task', 'countersign'];
export const isTaskNode = (type: string) => TASK_TYPES.includes(type as NodeType);

/** The declared types of the names a condition may use: decision codes are booleans, plus `variables`. */
export function variableTypes(definition: ProcessDefinition): Map<string, ValueType> {
  const names = new Map<string, ValueType>();
  for (const node of definition.nodes)
    for (const d of node.extension.decisions ?? []) names.set(d.code, 'boolean');
  for (const [name, type] of Object.entries(definition.variables)) names.set(name, type);
  return names;
}

const NAME_TOKEN = /[A-Za-z_][A-Za-z0-9_]*/g;
const RESERVED = new Set([
  'and',
  'or',
  'not',
  'true',
  'false',
  'if',
  'max',
  'min',
  'round',
  'abs',
  'floor',
  'ceil',
]);

/**
 * Parses a transition condition as a boolean expression. Undeclared names are taken as booleans (flags such as
 * `notice_passed`), or, when that does not type-check, as numbers.
 */
export function parseCondition(source: string, declared: ReadonlyMap<string, ValueType>) {
  const undeclared = [...new Set(source.match(NAME_TOKEN) ?? [])].filter(
    (name) => !RESERVED.has(name) && !declared.has(name),
  );
  const withType = (type: ValueType): NameTypes =>
    new Map([...declared, ...undeclared.map((name) => [name, type] as const)]);
  try {
    return parseExpression(source, withType('boolean'), 'boolean');
  } catch (first) {
    if (!undeclared.length || !(first instanceof ExpressionError)) throw first;
    try {
      return parseExpression(source, withType('number'), 'boolean');
    } catch {
      throw first;
    }
  }
}

/** Graph checks after the shape: returns every fault with its path (empty = valid). */
function graphFaults(def: ProcessDefinition, at: string): FieldError[] {
  const faults: FieldError[] = [];
  const fault = (path: string, message: string) => faults.push({ path: `${at}.${path}`, message });
  const byKey = new Map<string, NodeDefinition>();
  def.nodes.forEach((node, i) => {
    if (byKey.has(node.key)) fault(`nodes.${i}.key`, `节点键 ${node.key} 重复`);
    byKey.set(node.key, node);
    const ext = node.extension;
    if (isTaskNode(node.type) && !node.participants.length)
      fault(`nodes.${i}.participants`, `${node.type === 'task' ? '任务' : '会签'}节点须有参与者`);
    if (node.type === 'countersign') {
      if (!ext.countersign) fault(`nodes.${i}.extension.countersign`, '会签节点须指定会签方式 mode');
      else if (ext.countersign.mode === 'ratio' && ext.countersign.ratio === undefined)
        fault(`nodes.${i}.extension.countersign.ratio`, '按比例会签须指定 ratio（0–1）');
    }
    if (
      node.type === 'timer' &&
      !ext.timer?.after_hours &&
      !ext.timer?.until_variable &&
      ext.timer?.after_hours !== 0
    )
      fault(`nodes.${i}.extension.timer`, '定时节点须指定 after_hours 或 until_variable');
    const codes = (ext.decisions ?? []).map((d) => d.code);
    codes.forEach((code, j) => {
      if (codes.indexOf(code) !== j) fault(`nodes.${i}.extension.decisions.${j}.code`, `决定 ${code} 重复`);
    });
  });
  const starts = def.nodes.filter((n) => n.type === 'start');
  if (starts.length !== 1) fault('nodes', `须恰有一个开始节点（现有 ${starts.length} 个）`);
  if (!def.nodes.some((n) => n.type === 'end')) fault('nodes', '须至少有一个结束节点');

  const outgoing = new Map<string, TransitionDefinition[]>();
  const incoming = new Map<string, number>();
  const declared = variableTypes(def);
  def.transitions.forEach((t, i) => {
    if (!byKey.has(t.from)) fault(`transitions.${i}.from`, `未知的节点键 ${t.from}`);
    if (!byKey.has(t.to)) fault(`transitions.${i}.to`, `未知的节点键 ${t.to}`);
    if (byKey.get(t.from)?.type === 'end') fault(`transitions.${i}.from`, `结束节点 ${t.from} 不能有后继`);
    if (byKey.get(t.to)?.type === 'start') fault(`transitions.${i}.to`, `开始节点 ${t.to} 不能有前导`);
    if (t.condition) {
      try {
        parseCondition(t.condition, declared);
      } catch (err) {
        if (!(err instanceof ExpressionError)) throw err;
        fault(`transitions.${i}.condition`, `条件无法解析：${err.message}`);
      }
    }
    outgoing.set(t.from, [...(outgoing.get(t.from) ?? []), t]);
    incoming.set(t.to, (incoming.get(t.to) ?? 0) + 1);
  });
  def.nodes.forEach((node, i) => {
    const out = outgoing.get(node.key) ?? [];
    if (node.type !== 'end' && !out.length) fault(`nodes.${i}`, `节点 ${node.key} 没有后继`);
    if (node.type === 'exclusive' && out.length && out.every((t) => t.condition))
      fault(`nodes.${i}`, `排他网关 ${node.key} 须有一个无条件的默认分支`);
    if (node.type === 'parallel_join' && (incoming.get(node.key) ?? 0) < 2)
      fault(`nodes.${i}`, `并行汇聚 ${node.key} 须至少有两个前导`);
  });
  if (faults.length) return faults;

  // Reachability: every node from the start, and an end from every node.
  const reach = (from: string[], next: (k: string) => string[]) => {
    const seen = new Set(from);
    const queue = [...from];
    while (queue.length) for (const k of next(queue.pop()!)) if (!seen.has(k) && seen.add(k)) queue.push(k);
    return seen;
  };
  const forward = reach([starts[0]!.key], (k) => (outgoing.get(k) ?? []).map((t) => t.to));
  const ends = def.nodes.filter((n) => n.type === 'end').map((n) => n.key);
  const backward = reach(ends, (k) => def.transitions.filter((t) => t.to === k).map((t) => t.from));
  def.nodes.forEach((node, i) => {
    if (!forward.has(node.key)) fault(`nodes.${i}`, `节点 ${node.key} 从开始节点不可达`);
    else if (!backward.has(node.key)) fault(`nodes.${i}`, `从节点 ${node.key} 无法到达结束节点`);
  });
  return faults;
}

/** Validates a definition (shape, then graph) or throws a 400 naming each fault under `at`. */
export function validateDefinition(json: unknown, at = 'body'): ProcessDefinition {
  const parsed = definitionSchema.safeParse(json);
  if (!parsed.success) throw validationFailed(issuesToFieldErrors(at, parsed.error), '流程定义格式有误');
  const faults = graphFaults(parsed.data, at);
  if (faults.length) throw validationFailed(faults, `流程定义有误：${faults[0]!.message}`);
  return parsed.data;
}

/** Content hash of a definition: key order does not matter, so an unchanged definition is not re-imported. */
export function definitionHash(definition: ProcessDefinition): string {
  const canonical = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(canonical)
      : value && typeof value === 'object'
        ? Object.fromEntries(
            Object.keys(value)
              .sort()
              .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
          )
        : value;
  return createHash('sha256')
    .update(JSON.stringify(canonical(definition)))
    .digest('hex');
}
