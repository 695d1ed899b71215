/**
 * Housing-security classifications: 收入层次, 保障方式, 特殊人群分类 (CJJ/T 196-2012 A.1 保障规则数据) and the
 * applicant's 轮候状态. Their code values are this system's own; the cities set the income lines behind the levels.
 */
import type { Dictionary } from './types.ts';

export const incomeLevel: Dictionary = {
  code: 'income_level',
  name_zh: '收入层次',
  name_en: 'Income level',
  source: 'CJJ/T 196-2012 A.1.1 收入分类（代码为本系统自定，收入线由各地确定）',
  items: [
    { code: '1', name_zh: '最低收入', name_en: 'Lowest income' },
    { code: '2', name_zh: '低收入', name_en: 'Low income' },
    { code: '3', name_zh: '中等偏下收入', name_en: 'Lower-middle income' },
    { code: '4', name_zh: '中等收入', name_en: 'Middle income' },
    { code: '5', name_zh: '中等偏上收入', name_en: 'Upper-middle income' },
    { code: '6', name_zh: '高收入', name_en: 'High income' },
  ],
};

export const securityMode: Dictionary = {
  code: 'security_mode',
  name_zh: '保障方式',
  name_en: 'Housing security mode',
  source: 'CJJ/T 196-2012 A.1.2 保障方式（代码为本系统自定）',
  items: [
    { code: '11', name_zh: '廉租住房实物配租', name_en: 'Low-rent housing, in kind' },
    { code: '12', name_zh: '廉租住房租赁补贴', name_en: 'Low-rent housing, rent subsidy' },
    { code: '20', name_zh: '公共租赁住房', name_en: 'Public rental housing' },
    { code: '30', name_zh: '经济适用住房', name_en: 'Affordable housing (for sale)' },
    { code: '40', name_zh: '限价商品住房', name_en: 'Price-capped commercial housing' },
    { code: '50', name_zh: '棚户区改造安置', name_en: 'Shantytown redevelopment resettlement' },
  ],
};

export const specialGroup: Dictionary = {
  code: 'special_group',
  name_zh: '特殊人群分类',
  name_en: 'Special group',
  source: 'CJJ/T 196-2012 A.1.1 特殊人群分类（代码为本系统自定）',
  items: [
    { code: '01', name_zh: '残疾人', name_en: 'Person with a disability' },
    { code: '02', name_zh: '优抚对象', name_en: 'Entitled group (military families, martyrs)' },
    { code: '03', name_zh: '重点工程拆迁', name_en: 'Displaced by a key project' },
    { code: '04', name_zh: '劳动模范', name_en: 'Model worker' },
    { code: '05', name_zh: '见义勇为', name_en: 'Recognised for bravery' },
    { code: '06', name_zh: '退役军人', name_en: 'Veteran' },
    { code: '07', name_zh: '老年人', name_en: 'Elderly (60+)' },
    { code: '08', name_zh: '大病患者', name_en: 'Seriously ill' },
    { code: '09', name_zh: '计划生育特殊家庭', name_en: 'Family-planning special family' },
    { code: '10', name_zh: '新就业无房职工', name_en: 'Newly employed without housing' },
    { code: '11', name_zh: '外来务工人员', name_en: 'Migrant worker' },
    { code: '12', name_zh: '引进人才', name_en: 'Recruited talent' },
    { code: '99', name_zh: '其他', name_en: 'Other' },
  ],
};

export const waitingStatus: Dictionary = {
  code: 'waiting_status',
  name_zh: '轮候状态',
  name_en: 'Waiting-list status',
  // The codes are the values of households.waiting_status (its CHECK constraint).
  source: 'CJJ/T 196-2012 准入与轮候（代码为本系统自定，与 households.waiting_status 取值一致）',
  items: [
    { code: 'applied', name_zh: '已申请', name_en: 'Applied' },
    { code: 'waiting', name_zh: '轮候中', name_en: 'Waiting' },
    { code: 'allocated', name_zh: '已配置', name_en: 'Allocated' },
    { code: 'withdrawn', name_zh: '已退出', name_en: 'Withdrawn' },
  ],
};
