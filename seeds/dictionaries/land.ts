/**
 * Land: GB/T 21010-2017 土地利用现状分类 (规划用途 of a reserve parcel, A.5.11) and 土地开发程度, which has no
 * national code list.
 */
import { type Dictionary, withChildren } from './types.ts';

/** First-level class [code, 中文, English] and its second-level classes. */
type LandClass = [string, string, string, [string, string, string][]];

const LAND_CLASSES: LandClass[] = [
  [
    '01',
    '耕地',
    'Cultivated land',
    [
      ['0101', '水田', 'Paddy field'],
      ['0102', '水浇地', 'Irrigated land'],
      ['0103', '旱地', 'Dry land'],
    ],
  ],
  [
    '02',
    '园地',
    'Garden land',
    [
      ['0201', '果园', 'Orchard'],
      ['0202', '茶园', 'Tea garden'],
      ['0203', '橡胶园', 'Rubber plantation'],
      ['0204', '其他园地', 'Other garden land'],
    ],
  ],
  [
    '03',
    '林地',
    'Forest land',
    [
      ['0301', '乔木林地', 'Arbor forest'],
      ['0302', '竹林地', 'Bamboo forest'],
      ['0303', '红树林地', 'Mangrove'],
      ['0304', '森林沼泽', 'Forest swamp'],
      ['0305', '灌木林地', 'Shrub land'],
      ['0306', '灌丛沼泽', 'Shrub swamp'],
      ['0307', '其他林地', 'Other forest land'],
    ],
  ],
  [
    '04',
    '草地',
    'Grassland',
    [
      ['0401', '天然牧草地', 'Natural pasture'],
      ['0402', '沼泽草地', 'Marsh grassland'],
      ['0403', '人工牧草地', 'Artificial pasture'],
      ['0404', '其他草地', 'Other grassland'],
    ],
  ],
  [
    '05',
    '商服用地',
    'Commercial and service land',
    [
      ['0501', '零售商业用地', 'Retail'],
      ['0502', '批发市场用地', 'Wholesale market'],
      ['0503', '餐饮用地', 'Catering'],
      ['0504', '旅馆用地', 'Hotel'],
      ['0505', '商务金融用地', 'Business and finance'],
      ['0506', '娱乐用地', 'Entertainment'],
      ['0507', '其他商服用地', 'Other commercial and service'],
    ],
  ],
  [
    '06',
    '工矿仓储用地',
    'Industrial, mining and storage land',
    [
      ['0601', '工业用地', 'Industrial'],
      ['0602', '采矿用地', 'Mining'],
      ['0603', '盐田', 'Salt pan'],
      ['0604', '仓储用地', 'Storage'],
    ],
  ],
  [
    '07',
    '住宅用地',
    'Residential land',
    [
      ['0701', '城镇住宅用地', 'Urban residential'],
      ['0702', '农村宅基地', 'Rural homestead'],
    ],
  ],
  [
    '08',
    '公共管理与公共服务用地',
    'Public administration and public service land',
    [
      ['0801', '机关团体用地', 'Government and organisations'],
      ['0802', '新闻出版用地', 'Press and publishing'],
      ['0803', '教育用地', 'Education'],
      ['0804', '科研用地', 'Research'],
      ['0805', '医疗卫生用地', 'Health care'],
      ['0806', '社会福利用地', 'Social welfare'],
      ['0807', '文化设施用地', 'Cultural facilities'],
      ['0808', '体育用地', 'Sports'],
      ['0809', '公用设施用地', 'Public utilities'],
      ['0810', '公园与绿地', 'Parks and green space'],
    ],
  ],
  [
    '09',
    '特殊用地',
    'Special-purpose land',
    [
      ['0901', '军事设施用地', 'Military'],
      ['0902', '使领馆用地', 'Embassies and consulates'],
      ['0903', '监教场所用地', 'Prisons and correctional facilities'],
      ['0904', '宗教用地', 'Religious'],
      ['0905', '殡葬用地', 'Funeral and burial'],
      ['0906', '风景名胜设施用地', 'Scenic-area facilities'],
    ],
  ],
  [
    '10',
    '交通运输用地',
    'Transport land',
    [
      ['1001', '铁路用地', 'Railway'],
      ['1002', '轨道交通用地', 'Rail transit'],
      ['1003', '公路用地', 'Highway'],
      ['1004', '城镇村道路用地', 'Urban and village roads'],
      ['1005', '交通服务场站用地', 'Transport service stations'],
      ['1006', '农村道路', 'Rural roads'],
      ['1007', '机场用地', 'Airport'],
      ['1008', '港口码头用地', 'Port and wharf'],
      ['1009', '管道运输用地', 'Pipeline transport'],
    ],
  ],
  [
    '11',
    '水域及水利设施用地',
    'Water and water-conservancy land',
    [
      ['1101', '河流水面', 'River'],
      ['1102', '湖泊水面', 'Lake'],
      ['1103', '水库水面', 'Reservoir'],
      ['1104', '坑塘水面', 'Pond'],
      ['1105', '沿海滩涂', 'Coastal tidal flat'],
      ['1106', '内陆滩涂', 'Inland tidal flat'],
      ['1107', '沟渠', 'Ditch'],
      ['1108', '沼泽地', 'Swamp'],
      ['1109', '水工建筑用地', 'Hydraulic structures'],
      ['1110', '冰川及永久积雪', 'Glacier and permanent snow'],
    ],
  ],
  [
    '12',
    '其他土地',
    'Other land',
    [
      ['1201', '空闲地', 'Vacant land'],
      ['1202', '设施农用地', 'Agricultural facilities'],
      ['1203', '田坎', 'Field ridge'],
      ['1204', '盐碱地', 'Saline-alkali land'],
      ['1205', '沙地', 'Sandy land'],
      ['1206', '裸土地', 'Bare soil'],
      ['1207', '裸岩石砾地', 'Bare rock and gravel'],
    ],
  ],
];

export const landUse: Dictionary = {
  code: 'land_use',
  name_zh: '土地用途',
  name_en: 'Land use',
  source: 'GB/T 21010-2017 土地利用现状分类',
  items: LAND_CLASSES.flatMap((landClass) => withChildren(...landClass)),
};

export const developmentLevel: Dictionary = {
  code: 'development_level',
  name_zh: '土地开发程度',
  name_en: 'Land development level',
  // 熟地 is graded by the utilities brought to the parcel (通路、通电、通上水、通下水、通讯、通气、通热) and the
  // site levelled (一平); the grades are its children.
  source: '土地储备与供应惯例（生地/毛地/熟地，X通一平）；代码为本系统自定',
  items: [
    { code: '10', name_zh: '生地', name_en: 'Raw land (not developed)' },
    { code: '20', name_zh: '毛地', name_en: 'Land with buildings still to be cleared' },
    { code: '30', name_zh: '熟地', name_en: 'Serviced land' },
    { code: '31', name_zh: '三通一平', name_en: 'Road, power, water; levelled', parent_code: '30' },
    {
      code: '32',
      name_zh: '五通一平',
      name_en: 'Road, power, water, sewer, telecom; levelled',
      parent_code: '30',
    },
    {
      code: '33',
      name_zh: '七通一平',
      name_en: 'Road, power, water, sewer, telecom, gas, heating; levelled',
      parent_code: '30',
    },
  ],
};
