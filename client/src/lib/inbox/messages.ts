/** Messages of tasks: zh-CN first; `en` must carry every key (the type says so). */
export const zh = {
  'nav.inbox': '待办任务',
} as const;

export const en: Record<keyof typeof zh, string> = {
  'nav.inbox': 'Tasks',
};
