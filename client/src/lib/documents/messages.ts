/** Messages of document templates: zh-CN first; `en` must carry every key (the type says so). */
export const zh = {
  'nav.documents': '文书模版',
} as const;

export const en: Record<keyof typeof zh, string> = {
  'nav.documents': 'Document templates',
};
