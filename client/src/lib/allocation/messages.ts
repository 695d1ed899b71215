/** Messages of allocation: zh-CN first; `en` must carry every key (the type says so). */
export const zh = {
  'nav.allocation': '资源配置',
  'nav.ledgers': '资源台账',
};

export const en: Record<keyof typeof zh, string> = {
  'nav.allocation': 'Allocation',
  'nav.ledgers': 'Ledgers',
};
