/** Messages of applications: zh-CN first; `en` must carry every key (the type says so). */
export const zh = {
  'nav.applications': '申请受理',
} as const;

export const en: Record<keyof typeof zh, string> = {
  'nav.applications': 'Applications',
};
