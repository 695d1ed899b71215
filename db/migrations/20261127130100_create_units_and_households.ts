/** Housing units (A.5.3 住房信息) and applicant households (A.3.8 申请家庭基本信息). */
import type { Knex } from 'knex';
import { addBookkeeping, addColumns, addGeometry, commentTable, enableAudit } from '../helpers.ts';

const area = (column: string) => `numeric(10,2) CHECK (${column} >= 0)`;

export async function up(knex: Knex): Promise<void> {
  await knex.raw('CREATE TABLE housing_units (id bigserial PRIMARY KEY)');
  await addColumns(knex, 'housing_units', [
    ['unit_no', 'text NOT NULL UNIQUE', '房屋编号'],
    ['building_id', 'bigint NOT NULL REFERENCES buildings(id)', '所属单体工程编号'],
    // Denormalised from the building (set by trigger) so counts per project need no join.
    ['project_id', 'bigint NOT NULL REFERENCES projects(id)', '所属项目（由单体工程自动带出）'],
    ['source', 'text', '房屋来源（代码表 unit_source）'],
    ['initial_nature', 'text', '初始房屋性质（代码表 house_nature）'],
    ['planned_category', 'text', '规划建设房屋分类（代码表 security_mode）'],
    ['floor_from', 'smallint NOT NULL', '所在起始层'],
    ['floor_to', 'smallint NOT NULL', '所在终止层'],
    ['nominal_floor', 'text', '名义楼层'],
    ['entrance', 'text', '单元'],
    ['room_no', 'text NOT NULL', '房号'],
    ['floor_area', area('floor_area'), '建筑面积（平方米）'],
    ['inner_area', area('inner_area'), '套内建筑面积（平方米）'],
    ['shared_area', area('shared_area'), '共用分摊面积（平方米）'],
    ['balcony_area', area('balcony_area'), '阳台面积（平方米）'],
    ['orientation', 'text', '朝向（代码表 orientation）'],
    ['rooms', 'smallint CHECK (rooms >= 0)', '间数'],
    ['layout', 'text', '户型（代码表 layout）'],
    ['shared_facilities', 'text', '共有或共用设施及部位'],
    ['storey_height', 'numeric(4,2) CHECK (storey_height > 0)', '层高（米）'],
    ['decoration', 'text', '建成时装修程度（代码表 decoration）'],
    ['registered', 'boolean NOT NULL DEFAULT false', '是否已登记'],
    ['handover_batch_no', 'text', '移交批次编号'],
    ['handed_over', 'boolean NOT NULL DEFAULT false', '是否已移交'],
    ['handed_over_at', 'timestamptz', '移交时间'],
    ['handed_over_by', 'text', '移交人'],
    // Figure 3 of the standard: 未交付 → 已交付 → 已配给 → 已入住.
    [
      'delivery_status',
      `text NOT NULL DEFAULT 'undelivered' CHECK (delivery_status IN ('undelivered', 'delivered', 'allocated', 'occupied'))`,
      '交付状态（图 3）：undelivered 未交付、delivered 已交付、allocated 已配给、occupied 已入住',
    ],
    ['rent_monthly', 'numeric(10,2)', '月租金（元）'],
    ['region_code', 'region_code NOT NULL REFERENCES regions(code)', '行政区划代码'],
  ]);
  await knex.raw(
    `ALTER TABLE housing_units ADD CONSTRAINT housing_units_floors CHECK (floor_to >= floor_from)`,
  );
  await knex.raw(
    `ALTER TABLE housing_units ADD CONSTRAINT housing_units_room_unique UNIQUE (building_id, entrance, room_no)`,
  );
  await addGeometry(knex, 'housing_units', 'geom', 'Point', '房屋位置');
  await knex.raw('CREATE INDEX housing_units_building ON housing_units (building_id)');
  await knex.raw('CREATE INDEX housing_units_project_status ON housing_units (project_id, delivery_status)');
  await knex.raw('CREATE INDEX housing_units_region ON housing_units (region_code)');
  await knex.raw(`
    CREATE FUNCTION housing_units_project() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      SELECT project_id INTO NEW.project_id FROM buildings WHERE id = NEW.building_id;
      RETURN NEW;
    END $$`);
  await knex.raw(`CREATE TRIGGER housing_units_project BEFORE INSERT OR UPDATE OF building_id ON housing_units
    FOR EACH ROW EXECUTE FUNCTION housing_units_project()`);
  await addBookkeeping(knex, 'housing_units');
  await enableAudit(knex, 'housing_units', { exclude: ['geom_3857'] });
  await commentTable(knex, 'housing_units', 'A.5.3 住房信息');

  await knex.raw('CREATE TABLE households (id bigserial PRIMARY KEY)');
  const hukou = (key: string, label: string) => [`hukou_${key}`, 'text', `户籍所在地-${label}`] as const;
  await addColumns(knex, 'households', [
    ['application_no', 'text NOT NULL UNIQUE', '申请编号'],
    ['registration_year', 'smallint NOT NULL', '准入登记年度'],
    ['applicant_name', 'text NOT NULL', '申请人姓名'],
    ['id_type', `text NOT NULL DEFAULT '111'`, '证件类别（代码表 id_type）'],
    ['id_number', 'text NOT NULL', '证件号码'],
    ['phone', 'text', '联系电话'],
    ['agent_name', 'text', '代理人姓名'],
    ['agent_id_type', 'text', '代理人证件类别'],
    ['agent_id_number', 'text', '代理人证件号码'],
    ['agent_phone', 'text', '代理人联系电话'],
    hukou('district', '县（市）-区'),
    hukou('street', '街道'),
    hukou('community', '社区'),
    hukou('road', '路（街、里、巷、小区）'),
    hukou('house_no', '号'),
    hukou('building', '座（栋）'),
    hukou('room', '室'),
    ['household_size', 'smallint NOT NULL CHECK (household_size BETWEEN 1 AND 30)', '家庭人口数'],
    ['per_capita_income', 'numeric(12,2) CHECK (per_capita_income >= 0)', '家庭人均年收入（元）'],
    ['total_income', 'numeric(14,2) CHECK (total_income >= 0)', '家庭年总收入（元）'],
    [
      'per_capita_floor_area',
      'numeric(8,2) CHECK (per_capita_floor_area >= 0)',
      '家庭人均建筑面积（平方米）',
    ],
    ['total_floor_area', 'numeric(10,2) CHECK (total_floor_area >= 0)', '家庭总建筑面积（平方米）'],
    ['in_shanty_area', 'boolean NOT NULL DEFAULT false', '是否居住在棚户区'],
    ['shanty_name', 'text', '棚户区名称'],
    ['shanty_type', 'text', '棚户区类型'],
    ['shanty_state_affiliation', 'text', '国有棚户区隶属关系'],
    ['is_low_income', 'boolean NOT NULL DEFAULT false', '是否低收入家庭'],
    ['is_minimum_living', 'boolean NOT NULL DEFAULT false', '是否为最低生活保障家庭'],
    ['minimum_living_cert_no', 'text', '最低生活保障证号'],
    ['had_housing_support', 'boolean NOT NULL DEFAULT false', '是否享受过住房保障待遇'],
    ['housing_support_mode', 'text', '享受住房保障待遇方式（代码表 security_mode）'],
    [
      'waiting_status',
      `text NOT NULL DEFAULT 'applied' CHECK (waiting_status IN ('applied', 'waiting', 'allocated', 'withdrawn'))`,
      '轮候状态：applied 已申请、waiting 轮候中、allocated 已配置、withdrawn 已退出',
    ],
    ['region_code', 'region_code NOT NULL REFERENCES regions(code)', '行政区划代码（户籍所在社区）'],
    [
      'geocode_quality',
      `text CHECK (geocode_quality IN ('address', 'community', 'street', 'district', 'manual'))`,
      '定位精度：由户籍地址匹配到的最细一级',
    ],
  ]);
  await addGeometry(knex, 'households', 'geom', 'Point', '家庭位置（由户籍地址地理编码）');
  await knex.raw('CREATE INDEX households_region ON households (region_code)');
  await knex.raw('CREATE INDEX households_id_number ON households (id_number)');
  await knex.raw('CREATE INDEX households_name ON households (applicant_name text_pattern_ops)');
  await addBookkeeping(knex, 'households', { review: true });
  await enableAudit(knex, 'households', { exclude: ['geom_3857'] });
  await commentTable(knex, 'households', 'A.3.8 申请家庭基本信息');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('households');
  await knex.schema.dropTable('housing_units');
  await knex.raw('DROP FUNCTION housing_units_project()');
}
