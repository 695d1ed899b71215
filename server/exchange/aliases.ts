/**
 * Short DBF column names (≤ 10 ASCII bytes) of the exchanged fields: the pinyin initials of the Appendix A field
 * name, as land and planning data in China customarily name them (DKBH 地块编号, ZDMC 宗地名称, XZQHDM 行政区划代码).
 * Exports write these; imports accept them beside the API and Appendix A names. See README.md for the table.
 */

/** A.5.11 土地储备交换信息 (and the parcel's region and status). */
export const PARCEL_ALIASES: Record<string, string> = {
  parcel_no: 'DKBH', // 地块编号
  parcel_name: 'ZDMC', // 宗地名称
  location: 'ZDWZ', // 宗地位置
  land_area: 'TDMJ', // 土地面积
  construction_land_area: 'JSYDMJ', // 建设用地面积
  levied_land_area: 'DZDMJ', // 代征地面积
  planned_floor_area: 'GHJZMJ', // 规划建筑面积
  planned_use: 'GHYT', // 规划用途
  development_level: 'KFCD', // 开发程度
  reserved_on: 'CBSJ', // 储备时间
  region_code: 'XZQHDM', // 行政区划代码
  status: 'CBZT', // 储备状态
};

/** The stored fields of A.5.1 项目交换信息 (and the project's status and price range). */
export const PROJECT_ALIASES: Record<string, string> = {
  project_no: 'XMBH', // 项目编号
  proposed_name: 'XMTCMC', // 项目提出名称
  approved_name: 'XMLXMC', // 项目立项名称
  region_code: 'XZQHDM', // 行政区划代码
  project_category: 'XMLB', // 项目类别
  construction_mode: 'JSFS', // 建设方式
  planning_location: 'GHQW', // 规划区位
  shanty_owner_type: 'PHQGSLB', // 棚户区区片原归属单位类别
  shanty_owner_name: 'PHQGSMC', // 棚户区区片原归属单位名称
  developer: 'KFJSDW', // 开发建设单位
  address: 'XMDZ', // 项目地址
  boundaries: 'SZFW', // 四至范围
  site_area: 'ZDMJ', // 占地面积
  planned_start_on: 'JHKGSJ', // 计划开工时间
  planned_completion_on: 'JHJGSJ', // 计划竣工时间
  actual_start_on: 'SJKGSJ', // 实际开工时间
  actual_completion_on: 'SJJGSJ', // 实际竣工时间
  handover_batch_no: 'YJPCBH', // 移交批次编号
  handed_over: 'SFYYJ', // 是否已移交
  handed_over_at: 'YJSJ', // 移交时间
  handed_over_by: 'YJR', // 移交人
  year: 'ND', // 年度
  plan_start_on: 'GHQSSJ', // 规划起始时间
  plan_end_on: 'GHZZSJ', // 规划终止时间
  plan_year_type: 'GHJHNDLB', // 规划计划年度类别
  plan_no: 'GHBH', // 规划编号
  planned_floor_area: 'GHFWJZMJ', // 规划建设房屋建筑面积
  planned_residential_area: 'GHZZJZMJ', // 规划建设住宅建筑面积
  planned_residential_units: 'GHZZTS', // 规划建设住宅套数
  planned_housing_type: 'GHFWLX', // 规划建设房屋类型
  total_investment: 'JSZTZ', // 建设总投资
  residential_investment: 'ZZZTZ', // 住宅总投资
  fund_source_type: 'ZJLYQDLB', // 资金来源渠道类别
  investment_type: 'TZGCLB', // 投资构成类别
  income_level_type: 'SRCCLB', // 收入层次类别
  security_mode_type: 'BZFSLB', // 保障方式类别
  compensation_type: 'AZBCFSLB', // 安置补偿方式类别
  land_acquisition_method: 'TDQDFS', // 土地取得方式
  status: 'XMZT', // 项目状态
  price_min: 'ZJSJXX', // 租金或售价下限
  price_max: 'ZJSJSX', // 租金或售价上限
};

/** Columns every export adds after the entity's fields. */
export const EXTRA_ALIASES = {
  region_name: 'XZQHMC', // 行政区划名称
  area_m2: 'TXMJ', // 图形面积（平方米）
  area_mu: 'TXMJM', // 图形面积（亩）
} as const;
