/**
 * Dwelling attributes: 房屋性质, 户型, 朝向 and 住房交付状态 (CJJ/T 196-2012 fig. 3). The standard names these
 * fields but gives no code values, so the codes are this system's own.
 */
import type { Dictionary } from './types.ts';

const OWN_CODES = '本系统自定（CJJ/T 196-2012 未规定代码值）';

export const houseNature: Dictionary = {
  code: 'house_nature',
  name_zh: '房屋性质',
  name_en: 'Property type',
  source: OWN_CODES,
  items: [
    { code: '01', name_zh: '商品房', name_en: 'Commercial housing' },
    { code: '02', name_zh: '房改房', name_en: 'Housing-reform housing' },
    { code: '03', name_zh: '经济适用住房', name_en: 'Affordable housing' },
    { code: '04', name_zh: '公有住房', name_en: 'Public housing' },
    { code: '05', name_zh: '私有住房', name_en: 'Private housing' },
    { code: '06', name_zh: '自建房', name_en: 'Self-built housing' },
    { code: '99', name_zh: '其他', name_en: 'Other' },
  ],
};

export const layout: Dictionary = {
  code: 'layout',
  name_zh: '户型',
  name_en: 'Layout',
  source: OWN_CODES,
  items: [
    { code: '00', name_zh: '开间', name_en: 'Studio' },
    { code: '01', name_zh: '一居室', name_en: 'One bedroom' },
    { code: '02', name_zh: '二居室', name_en: 'Two bedrooms' },
    { code: '03', name_zh: '三居室', name_en: 'Three bedrooms' },
    { code: '04', name_zh: '四居室及以上', name_en: 'Four or more bedrooms' },
    { code: '10', name_zh: '复式', name_en: 'Duplex' },
    { code: '99', name_zh: '其他', name_en: 'Other' },
  ],
};

export const orientation: Dictionary = {
  code: 'orientation',
  name_zh: '朝向',
  name_en: 'Orientation',
  source: OWN_CODES,
  items: [
    { code: '01', name_zh: '东', name_en: 'East' },
    { code: '02', name_zh: '南', name_en: 'South' },
    { code: '03', name_zh: '西', name_en: 'West' },
    { code: '04', name_zh: '北', name_en: 'North' },
    { code: '05', name_zh: '东南', name_en: 'South-east' },
    { code: '06', name_zh: '东北', name_en: 'North-east' },
    { code: '07', name_zh: '西南', name_en: 'South-west' },
    { code: '08', name_zh: '西北', name_en: 'North-west' },
    { code: '09', name_zh: '南北通透', name_en: 'North–south through' },
    { code: '10', name_zh: '东西', name_en: 'East–west' },
  ],
};

export const deliveryStatus: Dictionary = {
  code: 'delivery_status',
  name_zh: '住房交付状态',
  name_en: 'Dwelling delivery status',
  source: 'CJJ/T 196-2012 图 3 保障性住房状态（代码为本系统自定）',
  items: [
    { code: '10', name_zh: '未交付', name_en: 'Not delivered' },
    { code: '20', name_zh: '已交付', name_en: 'Delivered' },
    { code: '30', name_zh: '已配给', name_en: 'Allocated' },
    { code: '40', name_zh: '已入住', name_en: 'Occupied' },
  ],
};
