/** Personal attributes: GB/T 2261.1 性别, GB/T 2261.2 婚姻状况, GA/T 517 证件类别, 户口性质. */
import type { Dictionary } from './types.ts';

export const gender: Dictionary = {
  code: 'gender',
  name_zh: '性别',
  name_en: 'Sex',
  source: 'GB/T 2261.1-2003 个人基本信息分类与代码 第1部分：人的性别代码',
  items: [
    { code: '0', name_zh: '未知的性别', name_en: 'Not known' },
    { code: '1', name_zh: '男', name_en: 'Male' },
    { code: '2', name_zh: '女', name_en: 'Female' },
    { code: '9', name_zh: '未说明的性别', name_en: 'Not stated' },
  ],
};

export const maritalStatus: Dictionary = {
  code: 'marital_status',
  name_zh: '婚姻状况',
  name_en: 'Marital status',
  source: 'GB/T 2261.2-2003 个人基本信息分类与代码 第2部分：婚姻状况代码',
  items: [
    { code: '10', name_zh: '未婚', name_en: 'Never married' },
    { code: '20', name_zh: '已婚', name_en: 'Married' },
    { code: '21', name_zh: '初婚', name_en: 'First marriage', parent_code: '20' },
    { code: '22', name_zh: '再婚', name_en: 'Remarried', parent_code: '20' },
    { code: '23', name_zh: '复婚', name_en: 'Remarried to former spouse', parent_code: '20' },
    { code: '30', name_zh: '丧偶', name_en: 'Widowed' },
    { code: '40', name_zh: '离婚', name_en: 'Divorced' },
    { code: '90', name_zh: '未说明的婚姻状况', name_en: 'Not stated' },
  ],
};

export const idType: Dictionary = {
  code: 'id_type',
  name_zh: '证件类别',
  name_en: 'Identity document type',
  source: 'GA/T 517-2004 常用证件代码',
  items: [
    { code: '111', name_zh: '居民身份证', name_en: 'Resident identity card' },
    { code: '112', name_zh: '临时居民身份证', name_en: 'Temporary resident identity card' },
    { code: '113', name_zh: '户口簿', name_en: 'Household register booklet' },
    { code: '114', name_zh: '中国人民解放军军官证', name_en: 'PLA officer certificate' },
    { code: '414', name_zh: '普通护照', name_en: 'Passport' },
    {
      code: '511',
      name_zh: '台湾居民来往大陆通行证',
      name_en: 'Mainland travel permit for Taiwan residents',
    },
    {
      code: '516',
      name_zh: '港澳居民来往内地通行证',
      name_en: 'Mainland travel permit for Hong Kong and Macao residents',
    },
    { code: '553', name_zh: '外国人永久居留身份证', name_en: 'Foreign permanent resident ID card' },
    { code: '990', name_zh: '其他', name_en: 'Other' },
  ],
};

export const hukouType: Dictionary = {
  code: 'hukou_type',
  name_zh: '户口性质',
  name_en: 'Household registration type',
  // No national code list survives the 2014 reform; these codes are this system's own, in the order the
  // public-security registers used before it.
  source: '户籍管理（农业/非农业）；国发〔2014〕25号起统一登记为居民户口；代码为本系统自定',
  items: [
    { code: '1', name_zh: '农业户口', name_en: 'Agricultural' },
    { code: '2', name_zh: '非农业户口', name_en: 'Non-agricultural' },
    { code: '3', name_zh: '居民户口', name_en: 'Resident (unified)' },
  ],
};
