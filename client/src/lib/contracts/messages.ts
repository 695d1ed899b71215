/** Messages of contracts: zh-CN first; `en` must carry every key (the type says so). */
export const zh = {
  'nav.contracts': '合同管理',
  'nav.subsidies': '补贴发放',
};

export const en: Record<keyof typeof zh, string> = {
  'nav.contracts': 'Contracts',
  'nav.subsidies': 'Subsidies',
};
