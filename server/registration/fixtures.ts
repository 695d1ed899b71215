/**
 * Test fixtures of review and registration: the admission process cut down to its two reviews (same process key
 * and node keys as server/admission/process.ts, so the registration hooks apply), for tests that should not
 * depend on verification and public notice.
 */
const decisions = (...codes: string[]) => codes.map((code) => ({ code }));

export const REVIEW_ONLY_ADMISSION = {
  key: 'admission',
  name: '保障对象准入登记（测试：初审与复审）',
  business_category: '准入登记',
  nodes: [
    { key: 'start', name: '开始', type: 'start' },
    {
      key: 'first_review',
      name: '初审',
      type: 'task',
      participants: [{ role: 'reviewer', type: 'district' }],
      extension: { decisions: decisions('approve', 'deny') },
    },
    { key: 'gw_first', name: '初审结果', type: 'exclusive' },
    {
      key: 'second_review',
      name: '复审',
      type: 'task',
      participants: [{ role: 'approver', type: 'city' }],
      extension: { decisions: decisions('approve', 'modify', 'deny') },
    },
    { key: 'gw_second', name: '复审结果', type: 'exclusive' },
    { key: 'registered', name: '登记', type: 'end', extension: { outcome: 'approved' } },
    { key: 'denied', name: '不予登记', type: 'end', extension: { outcome: 'denied' } },
  ],
  transitions: [
    { from: 'start', to: 'first_review' },
    { from: 'first_review', to: 'gw_first' },
    { from: 'gw_first', to: 'second_review', condition: 'approve', priority: 1 },
    { from: 'gw_first', to: 'denied', priority: 2 },
    { from: 'second_review', to: 'gw_second' },
    { from: 'gw_second', to: 'registered', condition: 'approve or modify', priority: 1 },
    { from: 'gw_second', to: 'denied', priority: 2 },
  ],
};
