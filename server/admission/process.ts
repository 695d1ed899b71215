/**
 * The admission process (CJJ/T 196 6.2.1 准入登记: 申请、审核、公示、初审、复审、登记) as data for the workflow
 * engine (server/workflow/definition.ts describes the format). The seeds and the test template import it with
 * `ensureDefinition`, which adds a version only when this content changed.
 *
 * start → accept 受理 → verify 审核 (countersign) → gw_verify → notice 公示 → notice_period 公示期 (timer) →
 * gw_notice → first_review 初审 → gw_first → second_review 复审 → gw_second → registered 登记 | denied 不予登记.
 * A substantiated report in the notice period sends the application back to verification.
 */
export const ADMISSION_PROCESS_KEY = 'admission';

// Diagram layout: the main path left to right in two rows, the denial end below them.
const column = (i: number) => 60 + i * 150;
const TOP = 80;
const BOTTOM = 240;

export const admissionProcess = {
  key: ADMISSION_PROCESS_KEY,
  name: '保障对象准入登记',
  description:
    '申请受理、审核（会签）、公示、公示期、初审（拟保障实施方案）、复审，登记或不予登记（CJJ/T 196-2012 第 6 章）',
  business_category: '准入登记',
  variables: { notice_passed: 'boolean', notice_ends_at: 'number' },
  nodes: [
    { key: 'start', name: '开始', type: 'start', extension: { x: column(0), y: TOP } },
    {
      key: 'accept',
      name: '受理',
      type: 'task',
      description: '窗口受理：核对材料、上传电子档案、指定审核人（流程变量 verifiers）',
      participants: [{ role: 'caseworker', type: 'district' }],
      extension: { sla_hours: 72, decisions: [{ code: 'submit', label: '提交审核' }], x: column(1), y: TOP },
    },
    {
      key: 'verify',
      name: '审核',
      type: 'countersign',
      description: '审核人逐条核查住房、成员、资产并出具审核报告；未指定审核人时由区审核岗办理',
      participants: [
        { role: 'verifiers', type: 'variable' },
        { role: 'reviewer', type: 'district' },
      ],
      extension: {
        sla_hours: 120,
        countersign: { mode: 'all', pass: 'pass' },
        decisions: [
          { code: 'pass', label: '通过' },
          { code: 'fail', label: '不通过' },
        ],
        x: column(2),
        y: TOP,
      },
    },
    { key: 'gw_verify', name: '审核结论', type: 'exclusive', extension: { x: column(3), y: TOP } },
    {
      key: 'notice',
      name: '公示',
      type: 'task',
      description: '将申请列入公示批次并发布；发布时完成本任务并设定公示截止时间 notice_ends_at',
      participants: [{ role: 'caseworker', type: 'district' }],
      extension: { x: column(4), y: TOP },
    },
    {
      key: 'notice_period',
      name: '公示期',
      type: 'timer',
      description: '公示期满自动继续；离开时按举报查实情况设定 notice_passed',
      extension: { timer: { until_variable: 'notice_ends_at' }, x: column(5), y: TOP },
    },
    { key: 'gw_notice', name: '公示结果', type: 'exclusive', extension: { x: column(6), y: TOP } },
    {
      key: 'first_review',
      name: '初审',
      type: 'task',
      description: '区审核岗按保障规则测算拟保障实施方案（A.3.14）并提出初审意见',
      participants: [{ role: 'reviewer', type: 'district' }],
      extension: {
        sla_hours: 120,
        decisions: [
          { code: 'approve', label: '同意' },
          { code: 'deny', label: '不同意' },
        ],
        x: column(6),
        y: BOTTOM,
      },
    },
    { key: 'gw_first', name: '初审结论', type: 'exclusive', extension: { x: column(5), y: BOTTOM } },
    {
      key: 'second_review',
      name: '复审',
      type: 'task',
      description: '市审批岗确认、修改（须改动方案）或否决',
      participants: [{ role: 'approver', type: 'city' }],
      extension: {
        decisions: [
          { code: 'approve', label: '确认' },
          { code: 'modify', label: '修改方案' },
          { code: 'deny', label: '不予登记' },
        ],
        x: column(4),
        y: BOTTOM,
      },
    },
    { key: 'gw_second', name: '复审结论', type: 'exclusive', extension: { x: column(3), y: BOTTOM } },
    {
      key: 'registered',
      name: '登记',
      type: 'end',
      extension: { outcome: 'approved', x: column(2), y: BOTTOM },
    },
    {
      key: 'denied',
      name: '不予登记',
      type: 'end',
      extension: { outcome: 'denied', x: column(3), y: BOTTOM + 120 },
    },
  ],
  transitions: [
    { from: 'start', to: 'accept' },
    { from: 'accept', to: 'verify' },
    { from: 'verify', to: 'gw_verify' },
    { from: 'gw_verify', to: 'notice', condition: 'pass', priority: 1, name: '审核通过' },
    { from: 'gw_verify', to: 'denied', priority: 9, name: '审核不通过' },
    { from: 'notice', to: 'notice_period' },
    { from: 'notice_period', to: 'gw_notice' },
    { from: 'gw_notice', to: 'first_review', condition: 'notice_passed', priority: 1, name: '公示无异议' },
    { from: 'gw_notice', to: 'verify', priority: 9, name: '举报查实，重新审核' },
    { from: 'first_review', to: 'gw_first' },
    { from: 'gw_first', to: 'second_review', condition: 'approve', priority: 1, name: '初审同意' },
    { from: 'gw_first', to: 'denied', priority: 9, name: '初审不同意' },
    { from: 'second_review', to: 'gw_second' },
    {
      from: 'gw_second',
      to: 'registered',
      condition: 'approve or modify',
      priority: 1,
      name: '复审确认或修改',
    },
    { from: 'gw_second', to: 'denied', priority: 9, name: '复审不予登记' },
  ],
};
