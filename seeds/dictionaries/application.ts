/**
 * Code lists of an application's housing, members, assets and archive (CJJ/T 196-2012 A.3.9–A.3.11, A.3.15)
 * that no national standard fixes. The codes are this system's own; where a ministry document names the classes
 * (房屋完损等级评定标准), the list follows it.
 */
import type { Dictionary, DictionaryItem } from './types.ts';

const items = (rows: readonly (readonly [string, string, string])[]): DictionaryItem[] =>
  rows.map(([code, name_zh, name_en]) => ({ code, name_zh, name_en }));

const OWN = '本系统自定';

export const housingOccupancy: Dictionary = {
  code: 'housing_occupancy',
  name_zh: '房屋住用状况',
  name_en: 'Occupancy of the current home',
  source: `CJJ/T 196-2012 A.3.9 房屋住用状况（${OWN}）`,
  items: items([
    ['01', '自有住房自住', 'Own home, lived in'],
    ['02', '租住公有住房', 'Renting public housing'],
    ['03', '租住私有住房', 'Renting private housing'],
    ['04', '借住', 'Lodging with others'],
    ['05', '单位宿舍', 'Employer dormitory'],
    ['06', '自有住房未自住', 'Own home, not lived in'],
    ['99', '其他', 'Other'],
  ]),
};

export const housingType: Dictionary = {
  code: 'housing_type',
  name_zh: '房屋类型',
  name_en: 'Type of dwelling',
  source: `CJJ/T 196-2012 A.3.9 房屋类型（${OWN}）`,
  items: items([
    ['01', '楼房', 'Apartment building'],
    ['02', '平房', 'Single-storey house'],
    ['03', '简易房', 'Makeshift housing'],
    ['04', '棚户房', 'Shanty'],
    ['99', '其他', 'Other'],
  ]),
};

export const housingCondition: Dictionary = {
  code: 'housing_condition',
  name_zh: '房屋完好程度',
  name_en: 'State of repair',
  source: '城乡建设环境保护部《房屋完损等级评定标准》（城住字〔1984〕第678号）',
  items: items([
    ['1', '完好房', 'Sound'],
    ['2', '基本完好房', 'Basically sound'],
    ['3', '一般损坏房', 'Moderately damaged'],
    ['4', '严重损坏房', 'Severely damaged'],
    ['5', '危险房', 'Dangerous'],
  ]),
};

export const propertyManagement: Dictionary = {
  code: 'property_management',
  name_zh: '小区物业管理模式',
  name_en: 'Estate management',
  source: `CJJ/T 196-2012 A.3.9 小区物业管理模式（${OWN}）`,
  items: items([
    ['01', '专业物业服务企业管理', 'Property management company'],
    ['02', '业主自治管理', 'Owners’ self-management'],
    ['03', '单位自管', 'Managed by the employer'],
    ['04', '社区托管', 'Managed by the community'],
    ['05', '无物业管理', 'None'],
  ]),
};

export const ownershipShareClass: Dictionary = {
  code: 'ownership_share_class',
  name_zh: '住房产权比例分类',
  name_en: 'Ownership share class',
  source: `CJJ/T 196-2012 A.3.9 住房产权比例分类（${OWN}）`,
  items: items([
    ['1', '完全产权', 'Full ownership'],
    ['2', '部分产权', 'Partial ownership'],
    ['3', '共有产权', 'Shared ownership'],
    ['4', '无产权', 'No ownership'],
  ]),
};

export const propertyRightNature: Dictionary = {
  code: 'property_right_nature',
  name_zh: '产权性质',
  name_en: 'Nature of the title',
  source: `CJJ/T 196-2012 A.3.9 产权性质（${OWN}）`,
  items: items([
    ['01', '私有产权', 'Private'],
    ['02', '直管公房', 'Public housing managed by the housing authority'],
    ['03', '单位自管公房', 'Public housing managed by an employer'],
    ['04', '集体产权', 'Collective'],
    ['99', '其他', 'Other'],
  ]),
};

export const memberAddressCategory: Dictionary = {
  code: 'member_address_category',
  name_zh: '家庭成员房屋地址类别',
  name_en: 'Role of the address for the family',
  source: `CJJ/T 196-2012 A.3.9 家庭成员房屋地址类别（${OWN}）`,
  items: items([
    ['1', '现居住地址', 'Where the family lives now'],
    ['2', '户籍地址', 'Registered (hukou) address'],
    ['3', '其他房产地址', 'Other property held'],
  ]),
};

export const originalHousingDisposal: Dictionary = {
  code: 'original_housing_disposal',
  name_zh: '房屋配给后原住房处置意向',
  name_en: 'Intended disposal of the current home after allocation',
  source: `CJJ/T 196-2012 A.3.9 房屋配给后原住房处置意向（${OWN}）`,
  items: items([
    ['1', '腾退交回', 'Vacate and return'],
    ['2', '出售', 'Sell'],
    ['3', '出租', 'Let'],
    ['4', '继续自用', 'Keep using'],
    ['9', '其他', 'Other'],
  ]),
};

export const employmentStatus: Dictionary = {
  code: 'employment_status',
  name_zh: '就业情况',
  name_en: 'Employment',
  source: `CJJ/T 196-2012 A.3.10 就业情况（${OWN}）`,
  items: items([
    ['1', '在职', 'Employed'],
    ['2', '灵活就业', 'Flexible employment'],
    ['3', '失业', 'Unemployed'],
    ['4', '离退休', 'Retired'],
    ['5', '在校学生', 'Student'],
    ['6', '学龄前儿童', 'Pre-school child'],
    ['7', '无劳动能力', 'Unable to work'],
    ['9', '其他', 'Other'],
  ]),
};

export const employerNature: Dictionary = {
  code: 'employer_nature',
  name_zh: '单位性质',
  name_en: 'Employer type',
  source: `CJJ/T 196-2012 A.3.10 单位性质（${OWN}）`,
  items: items([
    ['10', '机关', 'Government body'],
    ['20', '事业单位', 'Public institution'],
    ['30', '国有企业', 'State-owned enterprise'],
    ['40', '集体企业', 'Collective enterprise'],
    ['50', '私营企业', 'Private enterprise'],
    ['60', '外商及港澳台投资企业', 'Foreign-invested enterprise'],
    ['70', '个体工商户', 'Self-employed'],
    ['80', '社会团体', 'Social organisation'],
    ['90', '其他', 'Other'],
  ]),
};

export const honorLevel: Dictionary = {
  code: 'honor_level',
  name_zh: '荣誉称号级别',
  name_en: 'Level of an honorary title',
  source: `CJJ/T 196-2012 A.3.10 荣誉称号级别（${OWN}）`,
  items: items([
    ['1', '国家级', 'National'],
    ['2', '省部级', 'Provincial or ministerial'],
    ['3', '市（地）级', 'Prefecture'],
    ['4', '县（区）级', 'County or district'],
  ]),
};

export const assetCategory: Dictionary = {
  code: 'asset_category',
  name_zh: '资产类别',
  name_en: 'Asset category',
  source: `CJJ/T 196-2012 A.3.11 资产类别（${OWN}）`,
  items: items([
    ['01', '房产', 'Real estate'],
    ['02', '机动车辆', 'Motor vehicles'],
    ['03', '存款', 'Bank deposits'],
    ['04', '有价证券', 'Securities'],
    ['05', '商业保险', 'Commercial insurance'],
    ['06', '股权', 'Equity'],
    ['07', '工商登记资产', 'Registered business assets'],
    ['99', '其他', 'Other'],
  ]),
};

export const archiveType: Dictionary = {
  code: 'archive_type',
  name_zh: '档案类型',
  name_en: 'Archive document type',
  source: `CJJ/T 196-2012 6.1.3、A.3.15 电子档案（${OWN}）`,
  items: items([
    ['01', '居民身份证', 'Resident ID card'],
    ['02', '户口簿', 'Household register'],
    ['03', '收入证明', 'Proof of income'],
    ['04', '住房状况证明', 'Proof of housing'],
    ['05', '婚姻状况证明', 'Proof of marital status'],
    ['06', '残疾人证', 'Disability certificate'],
    ['07', '最低生活保障证', 'Minimum living allowance certificate'],
    ['08', '申请表', 'Application form'],
    ['09', '审核材料', 'Verification material'],
    ['99', '其他', 'Other'],
  ]),
};

export const APPLICATION_DICTIONARIES: Dictionary[] = [
  housingOccupancy,
  housingType,
  housingCondition,
  propertyManagement,
  ownershipShareClass,
  propertyRightNature,
  memberAddressCategory,
  originalHousingDisposal,
  employmentStatus,
  employerNature,
  honorLevel,
  assetCategory,
  archiveType,
];
