/** Messages of the housing security rules editor (ch. 4): zh-CN first; `en` must carry every key (the type says so). */
export const zh = {
  'rules.title': '保障规则',
  'nav.rules': '保障规则',
} as const;

export const en: Record<keyof typeof zh, string> = {
  'rules.title': 'Housing security rules',
  'nav.rules': 'Rules',
};
