/**
 * Dwelling attributes: 房屋性质, 户型, 朝向, 住房交付状态 (CJJ/T 196-2012 fig. 3), 房屋来源 and 装修程度. The
 * standard names these fields but gives no code values, so the codes are this system's own.
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
  // The codes are the values of housing_units.delivery_status (its CHECK constraint), so a stored status is its
  // own code.
  source: 'CJJ/T 196-2012 图 3 保障性住房状态（代码为本系统自定，与 housing_units.delivery_status 取值一致）',
  items: [
    { code: 'undelivered', name_zh: '未交付', name_en: 'Not delivered' },
    { code: 'delivered', name_zh: '已交付', name_en: 'Delivered' },
    { code: 'allocated', name_zh: '已配给', name_en: 'Allocated' },
    { code: 'occupied', name_zh: '已入住', name_en: 'Occupied' },
  ],
};

export const unitSource: Dictionary = {
  code: 'unit_source',
  name_zh: '房屋来源',
  name_en: 'Dwelling source',
  source: OWN_CODES,
  items: [
    { code: '01', name_zh: '新建', name_en: 'Newly built' },
    { code: '02', name_zh: '配建', name_en: 'Built within a commercial development' },
    { code: '03', name_zh: '收购', name_en: 'Purchased' },
    { code: '04', name_zh: '改建', name_en: 'Converted' },
    { code: '05', name_zh: '租赁', name_en: 'Leased' },
    { code: '06', name_zh: '捐赠', name_en: 'Donated' },
  ],
};

export const decoration: Dictionary = {
  code: 'decoration',
  name_zh: '装修程度',
  name_en: 'Finish',
  source: OWN_CODES,
  items: [
    { code: '01', name_zh: '毛坯', name_en: 'Shell (unfinished)' },
    { code: '02', name_zh: '简装', name_en: 'Basic finish' },
    { code: '03', name_zh: '精装', name_en: 'Full finish' },
  ],
};
