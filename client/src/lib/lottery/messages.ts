/** Messages of lottery: zh-CN first; `en` must carry every key (the type says so). */
export const zh = {
  'lottery.portal.title': '摇号结果公开验证',
};

export const en: Record<keyof typeof zh, string> = {
  'lottery.portal.title': 'Verifiable lottery',
};
