/** Messages of registry: zh-CN first; `en` must carry every key (the type says so). */
export const zh = {
  'nav.registry': '准入登记簿',
  'nav.suppliers': '供给审批',
} as const;

export const en: Record<keyof typeof zh, string> = {
  'nav.registry': 'Registry',
  'nav.suppliers': 'Supplier approvals',
};
