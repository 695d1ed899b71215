/** Messages of the public portal (no login): zh-CN first; `en` must carry every key (the type says so). */
export const zh = {
  'portal.title': '保障性住房项目地图',
} as const;

export const en: Record<keyof typeof zh, string> = {
  'portal.title': 'Affordable housing projects',
};
