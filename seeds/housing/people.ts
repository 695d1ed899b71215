/**
 * People for the demo households: names drawn by surname frequency (the national ranking, leaning north-east
 * with 于, 姜, 曲, 关), given names of the applicants' generations, valid GB 11643 ID numbers that are unique
 * within a run, and mobile numbers.
 */
import { residentIdCheckChar } from '../../server/shared/validators.ts';
import { type Prng, weightedChoice } from '../prng.ts';

const words = (text: string) => text.split(/\s+/).filter(Boolean);

/** Surnames with their approximate share (per mille) among Heilongjiang residents. */
const surname = weightedChoice(
  words(
    '王:78 李:74 张:72 刘:66 赵:30 孙:29 杨:28 陈:26 于:22 高:20 马:18 徐:17 周:16 吴:13 郭:13 韩:12 宋:11 ' +
      '姜:11 曲:6 谷:4 关:6 付:7 邹:4 崔:7 朱:9 胡:8 林:6 何:6 罗:4 郑:7 梁:6 谢:5 董:8 曹:7 冯:7 田:7 ' +
      '袁:5 邓:4 许:7 傅:3 沈:5 曾:2 彭:4 吕:6 苏:6 卢:5 蒋:5 蔡:3 贾:6 丁:6 魏:7 薛:5 叶:3 阎:3 余:2 ' +
      '潘:4 杜:6 戴:3 夏:4 钟:3 汪:3 任:6 姚:5 方:4 石:6 金:5 白:5 范:5 侯:6 孟:6 秦:4 邵:4 武:4 尹:4 ' +
      '常:5 段:3 雷:3 黄:9 程:5 牛:4 齐:4 庞:3 佟:3 鲍:2 隋:2 栾:2 初:2 那:1 富:1 鄂:1',
  ).map((entry) => {
    const [name, weight] = entry.split(':');
    return [name as string, Number(weight)] as const;
  }),
);

/** Given-name characters by sex and era: born before 1970, and after. */
const GIVEN = {
  male: {
    old: words('国 建 志 德 振 福 庆 树 永 长 明 玉 文 春 宝 立 海 胜 金 凤 贵 成 军 忠 义 喜 林 平 广 兴'),
    young: words('伟 磊 鹏 浩 宇 超 强 涛 鑫 亮 帅 杰 博 宁 峰 波 刚 辉 龙 洋 东 斌 旭 昊 晨 阳 健 凯 俊 飞'),
  },
  female: {
    old: words('秀 桂 淑 玉 凤 丽 春 兰 英 华 珍 芝 琴 霞 梅 荣 芬 云 艳 红 香 萍 敏 杰 娥 莲 清 素 静 慧'),
    young: words('婷 丹 晶 娜 静 敏 颖 雪 莹 欣 璐 琳 佳 蕾 倩 楠 悦 爽 冰 露 艳 丽 雯 薇 妍 洁 梦 月 宁 媛'),
  },
};

export type Sex = 'male' | 'female';

export function chineseName(prng: Prng, sex: Sex, birthYear: number, familyName?: string): string {
  const pool = GIVEN[sex][birthYear < 1970 ? 'old' : 'young'];
  const family = familyName ?? surname(prng);
  // Single-character given names were common among those born in the 1970s–1990s.
  const single = prng.bool(birthYear >= 1970 && birthYear < 1995 ? 0.35 : 0.15);
  return family + prng.pick(pool) + (single ? '' : prng.pick(pool));
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/** GB 11643 numbers handed out so far, per address code as a number (birth date, sequence), to keep them unique. */
export class IdNumbers {
  private readonly taken = new Map<string, Set<number>>();

  /**
   * A valid 18-digit ID number: the 6-digit address code, the birth date, a 3-digit sequence whose parity is the
   * sex (odd male), and the check character. Redraws the sequence until the number is unused.
   */
  next(prng: Prng, code6: string, birthYear: number, sex: Sex): string {
    const month = prng.int(1, 12);
    const days = (DAYS_IN_MONTH[month - 1] ?? 30) + (month === 2 && isLeap(birthYear) ? 1 : 0);
    const day = prng.int(1, days);
    const date = `${birthYear}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}`;
    const taken = this.taken.get(code6) ?? new Set<number>();
    this.taken.set(code6, taken);
    for (let attempt = 0; attempt < 1000; attempt++) {
      const sequence = prng.int(0, 499) * 2 + (sex === 'male' ? 1 : 0);
      const key = Number(date) * 1000 + sequence;
      if (taken.has(key)) continue;
      taken.add(key);
      const first17 = `${code6}${date}${String(sequence).padStart(3, '0')}`;
      return first17 + residentIdCheckChar(first17);
    }
    throw new Error(`no free ID number for ${code6} ${date}`);
  }
}

/** Mainland mobile prefixes (China Mobile, Unicom, Telecom, Broadnet). */
const MOBILE_PREFIXES = words(
  '130 131 132 133 134 135 136 137 138 139 145 147 150 151 152 153 155 156 157 158 159 166 173 175 176 177 ' +
    '178 180 181 182 183 184 185 186 187 188 189 191 192 195 198 199',
);

export function mobilePhone(prng: Prng): string {
  return prng.pick(MOBILE_PREFIXES) + String(prng.int(0, 99_999_999)).padStart(8, '0');
}
