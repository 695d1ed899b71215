/** Messages of the leaders' spatial dashboard: zh-CN first; `en` must carry every key (the type says so). */
export const zh = {
  'dashboard.title': '空间决策看板',
  'nav.dashboard': '决策看板',
} as const;

export const en: Record<keyof typeof zh, string> = {
  'dashboard.title': 'Spatial dashboard',
  'nav.dashboard': 'Dashboard',
};
