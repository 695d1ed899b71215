/** Messages of support: zh-CN first; `en` must carry every key (the type says so). */
export const zh = {
  'nav.support': '支持项目与土地供应',
};

export const en: Record<keyof typeof zh, string> = {
  'nav.support': 'Support & land supply',
};
