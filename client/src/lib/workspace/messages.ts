/** Messages of the caseworkers' map workspace (search, details, floor table): zh-CN first; `en` must carry every key (the type says so). */
export const zh = {
  'workspace.search': '搜索',
} as const;

export const en: Record<keyof typeof zh, string> = {
  'workspace.search': 'Search',
};
