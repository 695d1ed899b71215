/**
 * The fields of an application (CJJ/T 196-2012 A.3.8–A.3.11) as data: the wizard renders its forms from these
 * lists and the case page its read-only tables, so a field is named once. Labels carry the standard's Chinese
 * field name and an English one (picked by locale like code-list labels); `code` names the code list
 * (/api/dictionaries) a select takes its options from.
 */

export type FieldKind =
  'text' | 'int' | 'decimal' | 'money' | 'bool' | 'code' | 'date' | 'idNumber' | 'phone' | 'textarea';

export interface FieldSpec {
  name: string;
  zh: string;
  en: string;
  kind: FieldKind;
  /** Code list of a `code` field. */
  code?: string;
  required?: boolean;
  /** Shown under "more" in the wizard (the less common fields of a long record). */
  more?: boolean;
  /** Unit shown after the label. */
  unit?: string;
}

type Row = [name: string, zh: string, en: string, kind: FieldKind, extra?: Partial<FieldSpec>];

const specs = (rows: Row[]): FieldSpec[] =>
  rows.map(([name, zh, en, kind, extra]) => ({ name, zh, en, kind, ...extra }));

/** A.3.8 申请家庭基本信息: what the caseworker types (the totals and per-capita values are computed). */
export const HOUSEHOLD_FIELDS = specs([
  ['application_no', '申请编号', 'Application no.', 'text'],
  ['registration_year', '准入登记年度', 'Registration year', 'int', { required: true }],
  ['applicant_name', '申请人姓名', 'Applicant', 'text', { required: true }],
  ['id_type', '证件类别', 'ID type', 'code', { code: 'id_type', required: true }],
  ['id_number', '证件号码', 'ID number', 'idNumber', { required: true }],
  ['phone', '联系电话', 'Phone', 'phone'],
  ['agent_name', '代理人姓名', 'Agent', 'text', { more: true }],
  ['agent_id_type', '代理人证件类别', 'Agent ID type', 'code', { code: 'id_type', more: true }],
  ['agent_id_number', '代理人证件号码', 'Agent ID number', 'idNumber', { more: true }],
  ['agent_phone', '代理人联系电话', 'Agent phone', 'phone', { more: true }],
  ['hukou_district', '户籍所在地-县（市）-区', 'Hukou: district', 'text'],
  ['hukou_street', '户籍所在地-街道', 'Hukou: street', 'text'],
  ['hukou_community', '户籍所在地-社区', 'Hukou: community', 'text'],
  ['hukou_road', '户籍所在地-路（街、里、巷、小区）', 'Hukou: road / estate', 'text'],
  ['hukou_house_no', '户籍所在地-号', 'Hukou: no.', 'text'],
  ['hukou_building', '户籍所在地-座（栋）', 'Hukou: building', 'text'],
  ['hukou_room', '户籍所在地-室', 'Hukou: room', 'text'],
  ['in_shanty_area', '是否居住在棚户区', 'Lives in a shanty area', 'bool'],
  ['shanty_name', '棚户区名称', 'Shanty area name', 'text'],
  ['shanty_type', '棚户区类型', 'Shanty area type', 'text'],
  ['shanty_state_affiliation', '国有棚户区隶属关系', 'State shanty area affiliation', 'text'],
  ['is_low_income', '是否低收入家庭', 'Low-income household', 'bool'],
  ['is_minimum_living', '是否为最低生活保障家庭', 'Minimum living allowance household', 'bool'],
  ['minimum_living_cert_no', '最低生活保障证号', 'Minimum living allowance cert. no.', 'text'],
  ['had_housing_support', '是否享受过住房保障待遇', 'Had housing security before', 'bool'],
  [
    'housing_support_mode',
    '享受住房保障待遇方式',
    'Mode of that security',
    'code',
    { code: 'security_mode' },
  ],
]);

/** A.3.8's computed fields, shown live in the wizard and on the case. */
export const COMPUTED_FIELDS = specs([
  ['household_size', '家庭人口数', 'Household size', 'int'],
  ['total_income', '家庭年总收入', 'Total annual income', 'money', { unit: '元' }],
  ['per_capita_income', '家庭人均年收入', 'Annual income per person', 'money', { unit: '元' }],
  ['total_floor_area', '家庭总建筑面积', 'Total floor area', 'decimal', { unit: 'm²' }],
  ['per_capita_floor_area', '家庭人均建筑面积', 'Floor area per person', 'decimal', { unit: 'm²' }],
]);

const ADDRESS = (prefix: string, zhPrefix: string, enPrefix: string): Row[] => [
  [`${prefix}_district`, `${zhPrefix}-县（市）-区`, `${enPrefix}: district`, 'text'],
  [`${prefix}_street`, `${zhPrefix}-街道`, `${enPrefix}: street`, 'text'],
  [`${prefix}_community`, `${zhPrefix}-社区`, `${enPrefix}: community`, 'text'],
  [`${prefix}_road`, `${zhPrefix}-路（街、里、巷、小区）`, `${enPrefix}: road / estate`, 'text'],
  [`${prefix}_house_no`, `${zhPrefix}-号`, `${enPrefix}: no.`, 'text'],
  [`${prefix}_building`, `${zhPrefix}-座（栋）`, `${enPrefix}: building`, 'text'],
  [`${prefix}_room`, `${zhPrefix}-室`, `${enPrefix}: room`, 'text'],
];

/** A.3.9 申请家庭住房信息 (one row per home the family lives in or owns). */
export const HOUSING_FIELDS = specs([
  ...ADDRESS('address', '房屋地址', 'Address'),
  ['occupancy', '房屋住用状况', 'Occupancy', 'code', { code: 'housing_occupancy', required: true }],
  ['floor_area', '建筑面积', 'Floor area', 'decimal', { unit: 'm²', required: true }],
  ['house_nature', '房屋性质', 'Nature', 'code', { code: 'house_nature' }],
  ['house_type', '房屋类型', 'Type', 'code', { code: 'housing_type' }],
  ['layout', '房屋户型', 'Layout', 'code', { code: 'layout' }],
  ['rent', '租金', 'Rent', 'money', { unit: '元/月' }],
  ['title_cert_no', '产权证编号', 'Title certificate no.', 'text', { more: true }],
  ['owner_name', '产权人姓名', 'Owner', 'text', { more: true }],
  ['owner_id_number', '产权人身份证', 'Owner ID number', 'idNumber', { more: true }],
  ['owner_is_member', '产权人是否家庭成员', 'Owner is a member', 'bool', { more: true }],
  ['owner_unit', '产权单位', 'Owning organisation', 'text', { more: true }],
  ['owner_unit_org_code', '产权单位组织机构代码', 'Organisation code', 'text', { more: true }],
  ['self_contained', '成套情况', 'Self-contained', 'bool', { more: true }],
  ['repair_state', '房屋完好程度', 'State of repair', 'code', { code: 'housing_condition', more: true }],
  ['structure', '房屋结构', 'Structure', 'code', { code: 'building_structure', more: true }],
  ['facilities', '房屋配套设施', 'Facilities', 'text', { more: true }],
  [
    'property_management',
    '小区物业管理模式',
    'Estate management',
    'code',
    { code: 'property_management', more: true },
  ],
  ['built_year', '建成年份', 'Year built', 'int', { more: true }],
  [
    'ownership_share_class',
    '住房产权比例分类',
    'Ownership share class',
    'code',
    { code: 'ownership_share_class', more: true },
  ],
  [
    'property_right_nature',
    '产权性质',
    'Property right',
    'code',
    { code: 'property_right_nature', more: true },
  ],
  ['ownership_ratio', '产权比例', 'Ownership share', 'decimal', { unit: '%', more: true }],
  ['house_value', '房屋价值', 'Value', 'money', { unit: '元', more: true }],
  ['property_company', '物业单位', 'Property company', 'text', { more: true }],
  [
    'address_category',
    '家庭成员房屋地址类别',
    'Address category',
    'code',
    { code: 'member_address_category', more: true },
  ],
  [
    'disposal_intention',
    '房屋配给后原住房处置意向',
    'Disposal after allocation',
    'code',
    { code: 'original_housing_disposal', more: true },
  ],
]);

/** A.3.10 申请家庭成员信息; the applicant is the member whose 与户主关系 is 01 本人. */
export const MEMBER_FIELDS = specs([
  ['relation', '与户主关系', 'Relation', 'code', { code: 'relationship', required: true }],
  ['name', '家庭成员姓名', 'Name', 'text', { required: true }],
  ['id_type', '身份证件类别', 'ID type', 'code', { code: 'id_type', required: true }],
  ['id_number', '身份证件号码', 'ID number', 'idNumber', { required: true }],
  ['sex', '性别', 'Sex', 'code', { code: 'gender' }],
  ['born_on', '出生日期', 'Date of birth', 'date'],
  ['annual_income', '年收入', 'Annual income', 'money', { unit: '元', required: true }],
  ['hukou_type', '户口性质', 'Hukou type', 'code', { code: 'hukou_type' }],
  ['hukou_years', '户口年限', 'Years of local hukou', 'decimal', { unit: '年' }],
  ['is_resident', '是否常住', 'Resident', 'bool'],
  ['lives_together', '是否共同居住', 'Lives with the family', 'bool'],
  ['phone', '联系电话', 'Phone', 'phone'],
  ['employment', '就业情况', 'Employment', 'code', { code: 'employment_status' }],
  ['marital_status', '婚姻状况', 'Marital status', 'code', { code: 'marital_status' }],
  ['had_welfare_housing', '是否享受过福利房', 'Had welfare housing', 'bool'],
  ['has_housing_subsidy', '是否享受住房补贴', 'Receives a housing subsidy', 'bool'],
  ['ethnicity', '民族', 'Ethnicity', 'code', { code: 'ethnicity', more: true }],
  ['employer', '工作单位', 'Employer', 'text', { more: true }],
  ['employer_nature', '单位性质', 'Employer type', 'code', { code: 'employer_nature', more: true }],
  ['occupation', '职业性质', 'Occupation', 'text', { more: true }],
  ['education', '文化程度', 'Education', 'code', { code: 'education', more: true }],
  ['income_source', '收入来源', 'Source of income', 'text', { more: true }],
  ['special_group', '特殊人员代码', 'Special group', 'code', { code: 'special_group', more: true }],
  [
    'disability_category',
    '残疾类别',
    'Disability category',
    'code',
    { code: 'disability_category', more: true },
  ],
  ['disability_grade', '残疾等级', 'Disability grade', 'code', { code: 'disability_grade', more: true }],
  ['honor_level', '荣誉称号级别', 'Honour level', 'code', { code: 'honor_level', more: true }],
  ['honor_category', '荣誉称号类别', 'Honour', 'text', { more: true }],
  ['medal_category', '荣誉奖章类别', 'Medal', 'text', { more: true }],
  ['is_recruited_talent', '是否引进人才', 'Recruited talent', 'bool', { more: true }],
  ['is_migrant_worker', '是否外来务工人员', 'Migrant worker', 'bool', { more: true }],
  ['has_housing_fund', '是否享受住房公积金', 'Has a housing fund', 'bool', { more: true }],
  ['has_criminal_record', '是否有犯罪记录', 'Criminal record', 'bool', { more: true }],
  ['pension_insurance_no', '养老保险号', 'Pension insurance no.', 'text', { more: true }],
  ['medical_insurance_no', '医疗保险号', 'Medical insurance no.', 'text', { more: true }],
  ['unemployment_insurance_no', '失业保险号', 'Unemployment insurance no.', 'text', { more: true }],
  ['maternity_insurance_no', '生育保险号', 'Maternity insurance no.', 'text', { more: true }],
  ['injury_insurance_no', '工伤保险号', 'Injury insurance no.', 'text', { more: true }],
  ['social_insurance_no', '五保合一号', 'Social insurance no.', 'text', { more: true }],
  ['housing_fund_account', '公积金账号', 'Housing fund account', 'text', { more: true }],
  ['wubao_cert_no', '五保证编号', 'Wubao certificate no.', 'text', { more: true }],
  ['hardship_cert_no', '职工特困证号码', 'Hardship certificate no.', 'text', { more: true }],
]);

/** A.3.11 申请家庭资产信息. */
export const ASSET_FIELDS = specs([
  ['owner_name', '所有人姓名', 'Owner', 'text', { required: true }],
  ['category', '资产类别', 'Category', 'code', { code: 'asset_category', required: true }],
  ['quantity', '数量', 'Quantity', 'decimal', { required: true }],
  ['total_value', '总价值', 'Total value', 'money', { unit: '元', required: true }],
]);

/** The 办理阶段/审核人/审核时间/审核状态 of every A.3.9–A.3.11 row (verification per record). */
export const REVIEW_FIELDS = specs([
  ['handling_stage', '办理阶段', 'Stage', 'text'],
  ['reviewer', '审核人', 'Verifier', 'text'],
  ['reviewed_at', '审核时间', 'Verified at', 'text'],
  ['review_status', '审核状态', 'Verification', 'text'],
]);

/** The code of 与户主关系 本人 (GB/T 4761-2008): the applicant among the members. */
export const SELF = '01';
