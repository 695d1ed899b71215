/** Messages of the shared map (basemap, layers, legend): zh-CN first; `en` must carry every key (the type says so). */
export const zh = {
  'basemap.label': '底图',
} as const;

export const en: Record<keyof typeof zh, string> = {
  'basemap.label': 'Basemap',
};
