/**
 * Land reserve parcels (A.5.11), construction projects (A.5.1) with their detail records, and buildings (A.5.2).
 * A.5.1's progress, investment, relocation and land-supply totals are not stored on the project: they are columns
 * of the view `project_exchange`, derived from buildings and the detail tables, so they cannot drift.
 */
import type { Knex } from 'knex';
import {
  addBookkeeping,
  addColumns,
  addEllipsoidalArea,
  addGeometry,
  commentColumns,
  commentTable,
  enableAudit,
  type ColumnSpec,
} from '../helpers.ts';

const AREA = 'numeric(14,2) CHECK (%s >= 0)';
const area = (column: string) => AREA.replace('%s', column);
const MONEY = 'numeric(16,2)';

const handover = (prefix = ''): ColumnSpec[] => [
  [`${prefix}handover_batch_no`, 'text', '移交批次编号'],
  [`${prefix}handed_over`, 'boolean NOT NULL DEFAULT false', '是否已移交'],
  [`${prefix}handed_over_at`, 'timestamptz', '移交时间'],
  [`${prefix}handed_over_by`, 'text', '移交人'],
];

async function businessTable(
  knex: Knex,
  table: string,
  comment: string,
  columns: ColumnSpec[],
): Promise<void> {
  await knex.raw(`CREATE TABLE ?? (id bigserial PRIMARY KEY)`, [table]);
  await addColumns(knex, table, columns);
  await commentTable(knex, table, comment);
}

export async function up(knex: Knex): Promise<void> {
  await businessTable(knex, 'land_parcels', 'A.5.11 土地储备交换信息', [
    ['parcel_no', 'text NOT NULL UNIQUE', '地块编号'],
    ['parcel_name', 'text NOT NULL', '宗地名称'],
    ['location', 'text', '宗地位置'],
    ['land_area', area('land_area'), '土地面积（平方米）'],
    ['construction_land_area', area('construction_land_area'), '建设用地面积（平方米）'],
    ['levied_land_area', area('levied_land_area'), '代征地面积（平方米）'],
    ['planned_floor_area', area('planned_floor_area'), '规划建筑面积（平方米）'],
    ['planned_use', 'text', '规划用途（代码表 land_use）'],
    ['development_level', 'text', '开发程度（代码表 development_level）'],
    ['reserved_on', 'date', '储备时间'],
    ['region_code', 'region_code NOT NULL REFERENCES regions(code)', '行政区划代码'],
    [
      'status',
      `text NOT NULL DEFAULT 'reserved' CHECK (status IN ('reserved', 'supplied', 'retired'))`,
      '储备状态：reserved 储备中（参与重叠校验）、supplied 已供应、retired 已注销',
    ],
  ]);
  await addGeometry(knex, 'land_parcels', 'geom', 'MultiPolygon', '宗地范围');
  await addEllipsoidalArea(knex, 'land_parcels', 'geom', '宗地图形面积');
  await knex.raw('CREATE INDEX land_parcels_region ON land_parcels (region_code)');
  await addBookkeeping(knex, 'land_parcels');
  await enableAudit(knex, 'land_parcels', { exclude: ['geom_3857'] });

  await businessTable(
    knex,
    'projects',
    '建设项目（A.5.1 项目交换信息的基础记录，交换视图见 project_exchange）',
    [
      ['project_no', 'text NOT NULL UNIQUE', '项目编号'],
      ['proposed_name', 'text NOT NULL', '项目提出名称'],
      ['approved_name', 'text', '项目立项名称'],
      ['region_code', 'region_code NOT NULL REFERENCES regions(code)', '行政区划代码'],
      ['project_category', 'text', '项目类别（代码表 project_category）'],
      ['construction_mode', 'text', '建设方式（代码表 construction_mode）'],
      ['planning_location', 'text', '规划区位'],
      ['shanty_owner_type', 'text', '棚户区区片原归属单位类别'],
      ['shanty_owner_name', 'text', '棚户区区片原归属单位名称'],
      ['developer', 'text', '开发建设单位'],
      ['address', 'text', '项目地址'],
      ['boundaries', 'text', '四至范围'],
      ['site_area', area('site_area'), '占地面积（平方米）'],
      ['planned_start_on', 'date', '计划开工时间'],
      ['planned_completion_on', 'date', '计划竣工时间'],
      ['actual_start_on', 'date', '实际开工时间'],
      ['actual_completion_on', 'date', '实际竣工时间'],
      ...handover(),
      ['year', 'smallint', '年度'],
      ['plan_start_on', 'date', '规划起始时间'],
      ['plan_end_on', 'date', '规划终止时间'],
      ['plan_year_type', 'text', '规划计划年度类别'],
      ['plan_no', 'text', '规划编号'],
      ['planned_floor_area', area('planned_floor_area'), '规划建设房屋建筑面积（平方米）'],
      ['planned_residential_area', area('planned_residential_area'), '规划建设住宅建筑面积（平方米）'],
      ['planned_residential_units', 'integer CHECK (planned_residential_units >= 0)', '规划建设住宅套数'],
      ['planned_housing_type', 'text', '规划建设房屋类型（代码表 security_mode）'],
      ['total_investment', MONEY, '建设总投资（元）'],
      ['residential_investment', MONEY, '住宅总投资（元）'],
      ['fund_source_type', 'text', '资金来源渠道类别'],
      ['investment_type', 'text', '投资构成类别'],
      ['income_level_type', 'text', '收入层次类别（代码表 income_level）'],
      ['security_mode_type', 'text', '保障方式类别（代码表 security_mode）'],
      ['compensation_type', 'text', '安置补偿方式类别'],
      ['land_acquisition_method', 'text', '土地取得方式'],
      [
        'status',
        `text NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'under_construction', 'completed', 'delivered', 'retired'))`,
        '项目状态：planned 计划、under_construction 在建、completed 竣工、delivered 已交付、retired 已撤销',
      ],
      ['price_min', MONEY, '租金或售价下限（元/平方米·月或元/平方米，门户展示）'],
      ['price_max', MONEY, '租金或售价上限'],
    ],
  );
  await addGeometry(knex, 'projects', 'geom', 'MultiPolygon', '项目用地范围');
  await addEllipsoidalArea(knex, 'projects', 'geom', '项目用地图形面积');
  await knex.raw('CREATE INDEX projects_region ON projects (region_code)');
  await addBookkeeping(knex, 'projects');
  await enableAudit(knex, 'projects', { exclude: ['geom_3857'] });

  // Detail records from which A.5.1's totals are derived.
  await businessTable(knex, 'project_investments', '项目年度投资（A.5.1 年度投资量的明细）', [
    ['project_id', 'bigint NOT NULL REFERENCES projects(id) ON DELETE CASCADE', '项目'],
    ['region_code', 'region_code NOT NULL', '行政区划代码'],
    ['year', 'smallint NOT NULL', '年度'],
    ['amount', `${MONEY} NOT NULL`, '年度投资量（元）'],
    ['fund_source_type', 'text', '资金来源渠道类别'],
    ['investment_type', 'text', '投资构成类别'],
  ]);
  await businessTable(knex, 'project_relocations', '项目拆迁与安置明细（A.5.1 拆迁、安置各项的明细）', [
    ['project_id', 'bigint NOT NULL REFERENCES projects(id) ON DELETE CASCADE', '项目'],
    ['region_code', 'region_code NOT NULL', '行政区划代码'],
    [
      'kind',
      `text NOT NULL CHECK (kind IN ('demolition', 'resettlement'))`,
      '类别：demolition 拆迁、resettlement 安置',
    ],
    ['recorded_on', 'date NOT NULL', '发生日期'],
    ['households', 'integer NOT NULL DEFAULT 0 CHECK (households >= 0)', '居民户数'],
    ['floor_area', area('floor_area'), '房屋面积（平方米）'],
    ['residential_area', area('residential_area'), '住宅面积（平方米）'],
    ['residential_units', 'integer NOT NULL DEFAULT 0 CHECK (residential_units >= 0)', '住宅套数'],
    ['income_level_type', 'text', '收入层次类别'],
    ['security_mode_type', 'text', '保障方式类别'],
    ['compensation_type', 'text', '安置补偿方式类别'],
    ['cash_compensation', MONEY, '货币补偿金额（元）'],
  ]);
  await businessTable(knex, 'project_land_supplies', '项目供地明细（A.5.1 供地面积的明细，关联储备地块）', [
    ['project_id', 'bigint NOT NULL REFERENCES projects(id) ON DELETE CASCADE', '项目'],
    ['parcel_id', 'bigint REFERENCES land_parcels(id)', '地块'],
    ['region_code', 'region_code NOT NULL', '行政区划代码'],
    ['supplied_on', 'date NOT NULL', '供地日期'],
    ['area', `${area('area')} NOT NULL`, '供地面积（平方米）'],
    ['method', 'text', '土地取得方式'],
  ]);
  for (const table of ['project_investments', 'project_relocations', 'project_land_supplies']) {
    await knex.raw(`CREATE INDEX ?? ON ?? (project_id)`, [`${table}_project`, table]);
    await addBookkeeping(knex, table);
    await enableAudit(knex, table);
  }

  await businessTable(knex, 'buildings', 'A.5.2 单体工程信息', [
    ['building_no', 'text NOT NULL UNIQUE', '单体工程编号'],
    ['project_id', 'bigint NOT NULL REFERENCES projects(id)', '所属项目编号'],
    [
      'category',
      `text NOT NULL DEFAULT 'residential' CHECK (category IN ('residential', 'facility', 'commercial'))`,
      '单体工程类别：residential 住宅、facility 配套公建、commercial 商业',
    ],
    ['name', 'text NOT NULL', '单体工程名称'],
    ['street', 'text', '路街巷'],
    ['compound_no', 'text', '小区/院门牌号'],
    ['building_number', 'text', '楼号'],
    ['block_number', 'text', '幢号'],
    ['floor_area', area('floor_area'), '建筑面积（平方米）'],
    ['structure', 'text', '建筑结构（代码表 building_structure）'],
    ['total_floors', 'smallint CHECK (total_floors > 0)', '总层数'],
    ['floors_above', 'smallint CHECK (floors_above >= 0)', '地上层数'],
    ['floors_below', 'smallint NOT NULL DEFAULT 0 CHECK (floors_below >= 0)', '地下层数'],
    ['area_above', area('area_above'), '地上面积（平方米）'],
    ['area_below', area('area_below'), '地下面积（平方米）'],
    ['shared_land_area', area('shared_land_area'), '共有土地使用权面积（平方米）'],
    ['residential_units', 'integer CHECK (residential_units >= 0)', '住宅套数'],
    ['residential_area', area('residential_area'), '住宅面积（平方米）'],
    [
      'build_status',
      `text NOT NULL DEFAULT 'planned' CHECK (build_status IN ('planned', 'started', 'suspended', 'completed'))`,
      '建设状态：planned 未开工、started 在建、suspended 停工、completed 竣工',
    ],
    ['started_on', 'date', '开工日期'],
    ['completed_on', 'date', '竣工日期'],
    ...handover(),
    ['region_code', 'region_code NOT NULL REFERENCES regions(code)', '行政区划代码'],
  ]);
  await knex.raw(`ALTER TABLE buildings ADD CONSTRAINT buildings_floors_add_up
    CHECK (total_floors IS NULL OR floors_above IS NULL OR total_floors = floors_above + floors_below)`);
  await addGeometry(knex, 'buildings', 'geom', 'MultiPolygon', '建筑基底');
  await knex.raw('CREATE INDEX buildings_project ON buildings (project_id)');
  await knex.raw('CREATE INDEX buildings_region ON buildings (region_code)');
  await addBookkeeping(knex, 'buildings');
  await enableAudit(knex, 'buildings', { exclude: ['geom_3857'] });

  await knex.raw(PROJECT_EXCHANGE_VIEW);
  await knex.raw(
    `COMMENT ON VIEW project_exchange IS 'A.5.1 项目交换信息（由项目、单体工程与明细记录派生的视图）'`,
  );
  await commentColumns(knex, 'project_exchange', Object.fromEntries(PROJECT_EXCHANGE_COLUMNS));
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP VIEW project_exchange');
  for (const table of [
    'buildings',
    'project_land_supplies',
    'project_relocations',
    'project_investments',
    'projects',
  ]) {
    await knex.schema.dropTable(table);
  }
  await knex.schema.dropTable('land_parcels');
}

// [column of the view, A.5.1 field name]: every one of the 105 fields.
const PROJECT_EXCHANGE_COLUMNS: [string, string][] = [
  ['project_no', '项目编号'],
  ['proposed_name', '项目提出名称'],
  ['approved_name', '项目立项名称'],
  ['region_code', '行政区划代码'],
  ['project_category', '项目类别'],
  ['construction_mode', '建设方式'],
  ['planning_location', '规划区位'],
  ['shanty_owner_type', '棚户区区片原归属单位类别'],
  ['shanty_owner_name', '棚户区区片原归属单位名称'],
  ['developer', '开发建设单位'],
  ['address', '项目地址'],
  ['boundaries', '四至范围'],
  ['site_area', '占地面积'],
  ['building_count', '单体个数（由单体工程统计）'],
  ['planned_start_on', '计划开工时间'],
  ['planned_completion_on', '计划竣工时间'],
  ['actual_start_on', '实际开工时间'],
  ['actual_completion_on', '实际竣工时间'],
  ['handover_batch_no', '移交批次编号'],
  ['handed_over', '是否已移交'],
  ['handed_over_at', '移交时间'],
  ['handed_over_by', '移交人'],
  ['year', '年度'],
  ['plan_start_on', '规划起始时间'],
  ['plan_end_on', '规划终止时间'],
  ['plan_year_type', '规划计划年度类别'],
  ['plan_no', '规划编号'],
  ['planned_floor_area', '规划建设房屋建筑面积'],
  ['planned_residential_area', '规划建设住宅建筑面积'],
  ['planned_residential_units', '规划建设住宅套数'],
  ...progress('house', '房屋', 'area', '面积'),
  ...progress('residential', '住宅', 'area', '面积'),
  ...progress('facility', '配套公建', 'area', '面积'),
  ...progress('residential', '住宅', 'units', '套数'),
  ...progress('facility', '配套公建', 'units', '套数'),
  ['planned_housing_type', '规划建设房屋类型'],
  ...progress('all', '', 'area', '面积'),
  ...progress('all', '', 'units', '套数'),
  ['planned_start_date', '计划开工日期'],
  ['planned_completion_date', '计划竣工日期'],
  ['actual_start_date', '实际开工日期'],
  ['actual_completion_date', '实际竣工日期'],
  ['total_investment', '建设总投资'],
  ['residential_investment', '住宅总投资'],
  ['fund_source_type', '资金来源渠道类别'],
  ['investment_type', '投资构成类别'],
  ['annual_investment', '年度投资量（本年度投资明细合计）'],
  ['demolition_households_total', '拆迁居民总户数'],
  ['income_level_type', '收入层次类别'],
  ['security_mode_type', '保障方式类别'],
  ['demolition_households', '拆迁居民户数（本年度）'],
  ['demolition_floor_area_total', '拆迁房屋总面积'],
  ['demolition_residential_area_total', '拆迁住宅总面积'],
  ['demolition_residential_units_total', '拆迁住宅总套数'],
  ['demolition_floor_area', '拆迁房屋面积（本年度）'],
  ['demolition_residential_area', '拆迁住宅面积（本年度）'],
  ['demolition_residential_units', '拆迁住宅套数（本年度）'],
  ['resettlement_households_total', '安置居民总户数'],
  ['compensation_type', '安置补偿方式类别'],
  ['cash_compensation', '货币补偿金额'],
  ['resettlement_households', '安置居民户数（本年度）'],
  ['resettlement_floor_area_total', '安置房屋总面积'],
  ['resettlement_residential_area_total', '安置住宅总面积'],
  ['resettlement_residential_units_total', '安置住宅总套数'],
  ['resettlement_floor_area', '安置房屋面积（本年度）'],
  ['resettlement_residential_area', '安置住宅面积（本年度）'],
  ['resettlement_residential_units', '安置住宅套数（本年度）'],
  ['land_supply_area_total', '供地总面积'],
  ['land_acquisition_method', '土地取得方式'],
  ['land_supply_area', '供地面积（本年度）'],
];

/** The six progress figures of one part (房屋/住宅/配套公建/all) and measure (面积/套数). */
function progress(
  part: string,
  zh: string,
  measure: 'area' | 'units',
  zhMeasure: string,
): [string, string][] {
  return [
    ['started', '已开工'],
    ['completed', '已竣工'],
    ['suspended', '已停工'],
    ['under_construction', '在建'],
    ['year_started', '年度新开工'],
    ['year_completed', '年度竣工'],
  ].map(([key, label]) => [`${part}_${key}_${measure}`, `${zh}${label}${zhMeasure}`]);
}

/** Progress sums over a project's buildings, per part and measure; "年度" means the project's 年度. */
function progressSql(part: string, measure: 'area' | 'units'): string {
  const filter = part === 'all' || part === 'house' ? 'true' : `b.category = '${part}'`;
  const value =
    measure === 'area'
      ? 'coalesce(b.floor_area, 0)'
      : part === 'facility'
        ? '1'
        : 'coalesce(b.residential_units, 0)';
  const sum = (condition: string) => `coalesce(sum(${value}) FILTER (WHERE ${filter} AND ${condition}), 0)`;
  const y = `coalesce(p.year, extract(year FROM current_date)::int)`;
  return [
    `${sum('b.started_on IS NOT NULL')} AS ${part}_started_${measure}`,
    `${sum('b.completed_on IS NOT NULL')} AS ${part}_completed_${measure}`,
    `${sum(`b.build_status = 'suspended'`)} AS ${part}_suspended_${measure}`,
    `${sum(`b.build_status = 'started'`)} AS ${part}_under_construction_${measure}`,
    `${sum(`extract(year FROM b.started_on) = ${y}`)} AS ${part}_year_started_${measure}`,
    `${sum(`extract(year FROM b.completed_on) = ${y}`)} AS ${part}_year_completed_${measure}`,
  ].join(',\n      ');
}

function relocationSql(kind: 'demolition' | 'resettlement'): string {
  const sum = (column: string, thisYear: boolean) =>
    `coalesce((SELECT sum(${column}) FROM project_relocations r WHERE r.project_id = p.id AND r.kind = '${kind}'${
      thisYear
        ? ` AND extract(year FROM r.recorded_on) = coalesce(p.year, extract(year FROM current_date)::int)`
        : ''
    }), 0)`;
  return [
    `${sum('households', false)} AS ${kind}_households_total`,
    `${sum('households', true)} AS ${kind}_households`,
    `${sum('floor_area', false)} AS ${kind}_floor_area_total`,
    `${sum('residential_area', false)} AS ${kind}_residential_area_total`,
    `${sum('residential_units', false)} AS ${kind}_residential_units_total`,
    `${sum('floor_area', true)} AS ${kind}_floor_area`,
    `${sum('residential_area', true)} AS ${kind}_residential_area`,
    `${sum('residential_units', true)} AS ${kind}_residential_units`,
  ].join(',\n    ');
}

const PROJECT_EXCHANGE_VIEW = `
CREATE VIEW project_exchange AS
SELECT p.id, p.project_no, p.proposed_name, p.approved_name, p.region_code, p.project_category, p.construction_mode,
    p.planning_location, p.shanty_owner_type, p.shanty_owner_name, p.developer, p.address, p.boundaries, p.site_area,
    coalesce(b.building_count, 0) AS building_count,
    p.planned_start_on, p.planned_completion_on, p.actual_start_on, p.actual_completion_on,
    p.handover_batch_no, p.handed_over, p.handed_over_at, p.handed_over_by, p.year,
    p.plan_start_on, p.plan_end_on, p.plan_year_type, p.plan_no,
    p.planned_floor_area, p.planned_residential_area, p.planned_residential_units, p.planned_housing_type,
    ${['house', 'residential', 'facility', 'all']
      .flatMap((part) => (['area', 'units'] as const).map((m) => [part, m] as const))
      .filter(([part, m]) => !(part === 'house' && m === 'units'))
      .map(
        ([part, m]) =>
          `coalesce(b.${part}_started_${m}, 0) AS ${part}_started_${m}, coalesce(b.${part}_completed_${m}, 0) AS ${part}_completed_${m}, coalesce(b.${part}_suspended_${m}, 0) AS ${part}_suspended_${m}, coalesce(b.${part}_under_construction_${m}, 0) AS ${part}_under_construction_${m}, coalesce(b.${part}_year_started_${m}, 0) AS ${part}_year_started_${m}, coalesce(b.${part}_year_completed_${m}, 0) AS ${part}_year_completed_${m}`,
      )
      .join(',\n    ')},
    p.planned_start_on AS planned_start_date, p.planned_completion_on AS planned_completion_date,
    p.actual_start_on AS actual_start_date, p.actual_completion_on AS actual_completion_date,
    p.total_investment, p.residential_investment, p.fund_source_type, p.investment_type,
    coalesce((SELECT sum(i.amount) FROM project_investments i
               WHERE i.project_id = p.id AND i.year = coalesce(p.year, extract(year FROM current_date)::int)), 0)
      AS annual_investment,
    p.income_level_type, p.security_mode_type, p.compensation_type,
    ${relocationSql('demolition')},
    ${relocationSql('resettlement')},
    coalesce((SELECT sum(r.cash_compensation) FROM project_relocations r WHERE r.project_id = p.id), 0)
      AS cash_compensation,
    coalesce((SELECT sum(s.area) FROM project_land_supplies s WHERE s.project_id = p.id), 0) AS land_supply_area_total,
    coalesce((SELECT sum(s.area) FROM project_land_supplies s WHERE s.project_id = p.id
               AND extract(year FROM s.supplied_on) = coalesce(p.year, extract(year FROM current_date)::int)), 0)
      AS land_supply_area,
    p.land_acquisition_method
  FROM projects p
  LEFT JOIN LATERAL (
    SELECT count(*) AS building_count,
      ${['house', 'residential', 'facility', 'all']
        .flatMap((part) => (['area', 'units'] as const).map((m) => [part, m] as const))
        .filter(([part, m]) => !(part === 'house' && m === 'units'))
        .map(([part, m]) => progressSql(part, m))
        .join(',\n      ')}
    FROM buildings b WHERE b.project_id = p.id
  ) b ON true`;
