/** Messages of processes: zh-CN first; `en` must carry every key (the type says so). */
export const zh = {
  'nav.workflow': '流程监控',
} as const;

export const en: Record<keyof typeof zh, string> = {
  'nav.workflow': 'Processes',
};
