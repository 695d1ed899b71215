/** Messages of the planners' land reserve editor: zh-CN first; `en` must carry every key (the type says so). */
export const zh = {
  'land.title': '土地储备',
  'nav.land': '土地储备',
} as const;

export const en: Record<keyof typeof zh, string> = {
  'land.title': 'Land reserve',
  'nav.land': 'Land reserve',
};
