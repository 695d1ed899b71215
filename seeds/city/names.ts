/**
 * Name generators for the demo city: people, streets beyond the real lists, communities (社区) and villages
 * (村). Word lists lean north-eastern (e.g. 窝堡, 屯, the big Harbin works 电机/锅炉/汽轮机).
 */
import type { Prng } from '../prng.ts';

/** Space-separated word lists keep the data compact and readable. */
const words = (text: string) => text.split(/\s+/).filter(Boolean);

/** Surnames weighted roughly by frequency in Heilongjiang. */
const SURNAMES: [string, number][] = [
  ['王', 10],
  ['李', 9],
  ['张', 9],
  ['刘', 8],
  ['赵', 5],
  ['孙', 5],
  ['杨', 4],
  ['于', 4],
  ['陈', 4],
  ['高', 3],
  ['马', 3],
  ['徐', 3],
  ['周', 3],
  ['吴', 2],
  ['郭', 2],
  ['韩', 2],
  ['宋', 2],
  ['姜', 2],
  ['曲', 1],
  ['谷', 1],
  ['关', 1],
  ['付', 1],
  ['邹', 1],
  ['崔', 1],
];

const GIVEN_NAMES = words(
  '伟 芳 娜 敏 静 丽 强 磊 军 洋 勇 艳 杰 娟 涛 明 超 霞 平 刚 丹 鹏 宇 ' +
    '浩 欣 博 晨 雪 秀英 桂英 建华 志强 海燕 玉兰 晓东 春燕 立新 国庆 红梅 振宇 ' +
    '子涵 思远 佳怡 文博 雨桐 冬梅 金凤 长春 铁军',
);

export function personName(prng: Prng): string {
  return prng.weighted(SURNAMES) + prng.pick(GIVEN_NAMES);
}

/** Two-character words that make believable street, community and village names. */
const PLACE_WORDS = words(
  '和平 永安 新华 长青 幸福 文化 阳光 锦绣 康乐 民主 建国 红旗 学府 花园 松江 ' +
    '滨江 江畔 金河 景阳 安和 丽江 兴华 东风 胜利 铁路 电机 锅炉 汽轮 林机 工大 ' +
    '医大 理工 工程 友谊 联发 振兴 永丰 兴隆 长兴 东兴 安康 景华 宏伟 金源 顺迈 ' +
    '群英 恒祥 爱建 通达 嵩山 黄河 珠江 湘江 赣水 征仪 中和 福顺 华山 春申 新兴 ' +
    '丰乐 文昌 荣华 宏业 明珠 翠湖 紫金 龙华 鑫海 富锦 五洲 海富 保利 万达 远大 ' +
    '群力 枫叶 秋林 曲线 哈达 桥北 龙江 河松 清滨',
);

const COMMUNITY_SUFFIXES: [string, number][] = [
  ['', 6],
  ['路', 2],
  ['街', 2],
  ['里', 1],
  ['苑', 1],
  ['园', 1],
  ['家园', 1],
  ['新村', 1],
];

const VILLAGE_WORDS = words(
  '前进 红光 永胜 长发 东升 靠山 新立 太平 三合 五一 双榆 古城 胜利 友谊 光明 ' +
    '丰收 富强 民乐 荣丰 永发 向阳 跃进 兴隆 德胜 新民 福兴 长山 双桥',
);
const VILLAGE_SURNAMES = words('王 李 张 刘 赵 孙 杨 于 陈 高 马 徐 郭 韩 姜 曲');
const VILLAGE_PLACES = words('家 家窝堡 家屯 家店 家岗 家沟');

/** Retries a generator until it yields a name not yet in `taken`; adds it. Falls back to numbering. */
export function uniqueName(
  taken: Set<string>,
  generate: () => string,
  suffixNumbering: (n: number) => string,
): string {
  for (let attempt = 0; attempt < 200; attempt++) {
    const name = generate();
    if (!taken.has(name)) {
      taken.add(name);
      return name;
    }
  }
  for (let n = 2; ; n++) {
    const name = suffixNumbering(n);
    if (!taken.has(name)) {
      taken.add(name);
      return name;
    }
  }
}

const CHINESE_ORDINALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
/** 1 → 一, 12 → 十二, 20 → 二十 (enough for road and community numbering). */
export function chineseNumber(n: number): string {
  if (n <= 10) return CHINESE_ORDINALS[n - 1] ?? String(n);
  if (n < 20) return `十${CHINESE_ORDINALS[n - 11] ?? ''}`;
  if (n < 100)
    return `${CHINESE_ORDINALS[Math.floor(n / 10) - 1]}十${n % 10 ? CHINESE_ORDINALS[(n % 10) - 1] : ''}`;
  return String(n);
}

export function streetName(prng: Prng, taken: Set<string>): string {
  const word = () => prng.pick(PLACE_WORDS);
  return uniqueName(
    taken,
    () =>
      `${word()}${prng.weighted<string>([
        ['', 3],
        ['路', 2],
        ['街', 1],
      ])}街道`,
    (n) => `${word()}第${chineseNumber(n)}街道`,
  );
}

export function townName(prng: Prng, taken: Set<string>): string {
  return uniqueName(
    taken,
    () => `${prng.pick(VILLAGE_WORDS)}镇`,
    (n) => `${prng.pick(VILLAGE_WORDS)}${chineseNumber(n)}镇`,
  );
}

export function communityName(prng: Prng, taken: Set<string>): string {
  return uniqueName(
    taken,
    () => `${prng.pick(PLACE_WORDS)}${prng.weighted(COMMUNITY_SUFFIXES)}社区`,
    (n) => `${prng.pick(PLACE_WORDS)}${chineseNumber(n)}社区`,
  );
}

export function villageName(prng: Prng, taken: Set<string>): string {
  return uniqueName(
    taken,
    () =>
      prng.bool(0.5)
        ? `${prng.pick(VILLAGE_WORDS)}村`
        : `${prng.pick(VILLAGE_SURNAMES)}${prng.pick(VILLAGE_PLACES)}村`,
    (n) => `${prng.pick(VILLAGE_WORDS)}${chineseNumber(n)}村`,
  );
}

/** 新阳路街道 → 新阳, 太平镇 → 太平: the stem used to name roads after a street or town. */
export function placeStem(name: string): string {
  return name.replace(/(街道|镇|乡)$/, '').replace(/(大街|路|街)$/, '') || name;
}
