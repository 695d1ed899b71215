/** Messages of public notices: zh-CN first; `en` must carry every key (the type says so). */
export const zh = {
  'nav.notices': '公示管理',
} as const;

export const en: Record<keyof typeof zh, string> = {
  'nav.notices': 'Public notices',
};
