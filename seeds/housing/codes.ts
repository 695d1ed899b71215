/**
 * The code-list values the generator writes, looked up by name in seeds/dictionaries, so a renamed or dropped
 * item fails here at load time rather than leaving unknown codes in the data.
 */
import { buildingStructure, constructionMode, projectCategory } from '../dictionaries/construction.ts';
import { decoration, houseNature, layout, orientation, unitSource } from '../dictionaries/housing.ts';
import { developmentLevel, landUse } from '../dictionaries/land.ts';
import { incomeLevel, securityMode } from '../dictionaries/security.ts';
import type { Dictionary } from '../dictionaries/types.ts';

/** The code of the item named `name_zh` in `dict`; throws if there is none. */
export function codeOf(dict: Dictionary, name_zh: string): string {
  const item = dict.items.find((i) => i.name_zh === name_zh);
  if (!item) throw new Error(`code list ${dict.code} has no item ${name_zh}`);
  return item.code;
}

const codes = <K extends string>(dict: Dictionary, names: Record<K, string>): Record<K, string> =>
  Object.fromEntries(Object.entries<string>(names).map(([key, name]) => [key, codeOf(dict, name)])) as Record<
    K,
    string
  >;

export const LAND_USE = codes(landUse, {
  residential: '城镇住宅用地',
  retail: '零售商业用地',
  business: '商务金融用地',
  education: '教育用地',
  health: '医疗卫生用地',
  industrial: '工业用地',
  storage: '仓储用地',
});

export const DEVELOPMENT = codes(developmentLevel, {
  raw: '生地',
  uncleared: '毛地',
  serviced: '熟地',
  three: '三通一平',
  five: '五通一平',
  seven: '七通一平',
});

export const CATEGORY = codes(projectCategory, {
  publicRental: '公共租赁住房',
  lowRent: '廉租住房',
  affordable: '经济适用住房',
  capped: '限价商品住房',
  shanty: '棚户区改造安置住房',
});
export type CategoryKey = keyof typeof CATEGORY;

export const MODE = codes(constructionMode, {
  newBuild: '新建',
  conversion: '改建',
  inclusion: '配建',
  purchase: '收购',
});
export type ModeKey = keyof typeof MODE;

export const STRUCTURE = codes(buildingStructure, {
  steelConcrete: '钢、钢筋混凝土结构',
  concrete: '钢筋混凝土结构',
  mixed: '混合结构',
});

export const SOURCE = codes(unitSource, {
  newBuild: '新建',
  inclusion: '配建',
  purchase: '收购',
  conversion: '改建',
});
export const DECORATION = codes(decoration, { shell: '毛坯', basic: '简装', full: '精装' });
export const NATURE = codes(houseNature, {
  commercial: '商品房',
  affordable: '经济适用住房',
  public: '公有住房',
});

export const LAYOUT = codes(layout, {
  studio: '开间',
  one: '一居室',
  two: '二居室',
  three: '三居室',
});
export type LayoutKey = keyof typeof LAYOUT;

/** 朝向 codes by compass direction. */
export const ORIENTATION = codes(orientation, {
  E: '东',
  S: '南',
  W: '西',
  N: '北',
  SE: '东南',
  NE: '东北',
  SW: '西南',
  NW: '西北',
  through: '南北通透',
  eastWest: '东西',
});

export const SECURITY_MODE = codes(securityMode, {
  lowRentInKind: '廉租住房实物配租',
  rentSubsidy: '廉租住房租赁补贴',
  publicRental: '公共租赁住房',
  affordable: '经济适用住房',
  capped: '限价商品住房',
  shanty: '棚户区改造安置',
});

export const INCOME_LEVEL = codes(incomeLevel, {
  lowest: '最低收入',
  low: '低收入',
  lowerMiddle: '中等偏下收入',
  middle: '中等收入',
});
