/** Messages of selection: zh-CN first; `en` must carry every key (the type says so). */
export const zh = {
  'nav.selection': '网上选房',
};

export const en: Record<keyof typeof zh, string> = {
  'nav.selection': 'Unit selection',
};
