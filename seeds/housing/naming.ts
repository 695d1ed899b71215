/**
 * Names and descriptive text of projects and parcels: "哈尔滨市南岗区学府路公租房项目", developers, 四至,
 * 规划区位, the 棚户区 a resettlement project replaces.
 */
import type { Km } from '../city/geo.ts';
import { CITY } from '../city/harbin.ts';
import { chineseNumber } from '../city/names.ts';
import type { Prng } from '../prng.ts';
import type { CategoryKey } from './codes.ts';
import type { District } from './city.ts';
import { COMPASS_ZH, type compass } from './space.ts';

const words = (text: string) => text.split(/\s+/).filter(Boolean);

/** Short names used in project and building names. */
export const CATEGORY_SHORT: Record<CategoryKey, string> = {
  publicRental: '公租房',
  lowRent: '廉租房',
  affordable: '经济适用房',
  capped: '限价商品房',
  shanty: '棚户区改造安置房',
};

export const CATEGORY_FULL: Record<CategoryKey, string> = {
  publicRental: '公共租赁住房',
  lowRent: '廉租住房',
  affordable: '经济适用住房',
  capped: '限价商品住房',
  shanty: '棚户区改造安置住房',
};

export const shortDistrict = (d: District) => d.name.replace(/区$/, '');

/** "哈尔滨市南岗区学府路公租房项目", then "…二期项目" for the next one on the same road. */
export function projectNames(
  taken: Set<string>,
  district: District,
  road: string,
  category: CategoryKey,
  year: number,
): { proposed: string; approved: string } {
  for (let phase = 1; ; phase++) {
    const suffix = phase === 1 ? '' : `${chineseNumber(phase)}期`;
    const proposed = `${CITY.name}${district.name}${road}${CATEGORY_SHORT[category]}${suffix}项目`;
    if (taken.has(proposed)) continue;
    taken.add(proposed);
    return {
      proposed,
      approved: `${district.name}${road}${CATEGORY_FULL[category]}${suffix}建设项目（${year}年度）`,
    };
  }
}

const PRIVATE_WORDS = words(
  '龙华 鑫源 宏业 北国 冰城 松江 远东 恒泰 兴达 金厦 福顺 嘉和 天恒 盛世 永泰 华府 祥瑞 万和',
);

/** Public developers for most kinds; 限价房 and 配建 often by a private firm. */
export function developer(
  prng: Prng,
  district: District,
  category: CategoryKey,
  privateFirm: boolean,
): string {
  if (privateFirm) return `黑龙江${prng.pick(PRIVATE_WORDS)}房地产开发有限公司`;
  const short = shortDistrict(district);
  return prng.weighted<string>([
    ['哈尔滨市保障性住房建设投资有限公司', 3],
    ['哈尔滨安居工程建设有限公司', 2],
    [`哈尔滨市${short}区城市建设投资有限公司`, 3],
    [
      category === 'shanty'
        ? `哈尔滨市${short}区棚户区改造建设有限公司`
        : `哈尔滨市${short}区住房保障服务中心`,
      2,
    ],
  ]);
}

/** The ring band of a point, as planners describe a project's 规划区位. */
export function planningLocation(p: Km): string {
  const centre: Km = [1, -1];
  const r = (rx: number, ry: number) => Math.hypot((p[0] - centre[0]) / rx, (p[1] - centre[1]) / ry);
  if (r(3.2, 2.6) < 1) return '一环路以内';
  if (r(6.2, 5.2) < 1) return '一环路至二环路之间';
  if (r(10.5, 9) < 1) return '二环路至三环路之间';
  if (r(19, 17) < 1) return '三环路至绕城高速之间';
  return '绕城高速以外';
}

const NEIGHBOURS = words('规划路 现状住宅 绿地 空地 学校 现状厂房 规划绿地 现状商业');

/** 四至 "东至现状住宅，西至绿地，南至规划路，北至学府路": the road on its side, neighbours elsewhere. */
export function boundaries(prng: Prng, roadSide: ReturnType<typeof compass>, road: string): string {
  const roadCardinal = COMPASS_ZH[roadSide].slice(-1);
  return ['东', '西', '南', '北']
    .map((side) => `${side}至${side === roadCardinal ? road : prng.pick(NEIGHBOURS)}`)
    .join('，');
}

const WORKS = words(
  '电机厂 锅炉厂 汽轮机厂 轴承厂 亚麻厂 量具刃具厂 车辆厂 拖拉机厂 第一工具厂 龙江电工厂 制药厂 肉联厂 啤酒厂 卷烟厂 毛织厂 铁路机务段',
);

/** The 棚户区 a resettlement project replaces: its former owner. */
export function shantyOwner(prng: Prng, district: District): { type: string; name: string } {
  const type = prng.weighted<string>([
    ['中央企业', 2],
    ['省属国有企业', 2],
    ['市属国有企业', 3],
    ['区属', 3],
  ]);
  return { type, name: type === '区属' ? `哈尔滨市${district.name}人民政府` : `哈尔滨${prng.pick(WORKS)}` };
}

/** The five-year plan a year falls in. */
export function fiveYearPlan(year: number): { start: number; end: number; no: string } {
  const start = 2011 + 5 * Math.floor((year - 2011) / 5);
  return { start, end: start + 4, no: `哈住保规〔${start}〕${Math.floor((year - 2011) / 5) + 1}号` };
}
