/**
 * Projects and buildings: 项目类别 and 建设方式 (A.5.1, no national codes: this system's own) and 建筑结构
 * (A.5.2), whose codes are those of GB/T 17986.1-2000 房产测量规范 附录 A 房屋建筑结构分类.
 */
import type { Dictionary } from './types.ts';

const OWN_CODES = '本系统自定（CJJ/T 196-2012 未规定代码值）';

export const projectCategory: Dictionary = {
  code: 'project_category',
  name_zh: '项目类别',
  name_en: 'Project category',
  source: `CJJ/T 196-2012 A.5.1 项目类别；${OWN_CODES}`,
  items: [
    { code: '01', name_zh: '公共租赁住房', name_en: 'Public rental housing' },
    { code: '02', name_zh: '廉租住房', name_en: 'Low-rent housing' },
    { code: '03', name_zh: '经济适用住房', name_en: 'Affordable housing (for sale)' },
    { code: '04', name_zh: '限价商品住房', name_en: 'Price-capped commercial housing' },
    { code: '05', name_zh: '棚户区改造安置住房', name_en: 'Shantytown redevelopment resettlement housing' },
  ],
};

export const constructionMode: Dictionary = {
  code: 'construction_mode',
  name_zh: '建设方式',
  name_en: 'Construction mode',
  source: `CJJ/T 196-2012 A.5.1 建设方式；${OWN_CODES}`,
  items: [
    { code: '01', name_zh: '新建', name_en: 'New construction' },
    { code: '02', name_zh: '改建', name_en: 'Conversion' },
    { code: '03', name_zh: '配建', name_en: 'Built within a commercial development' },
    { code: '04', name_zh: '收购', name_en: 'Purchase' },
    { code: '05', name_zh: '长期租赁', name_en: 'Long-term lease' },
  ],
};

export const buildingStructure: Dictionary = {
  code: 'building_structure',
  name_zh: '建筑结构',
  name_en: 'Building structure',
  source: 'GB/T 17986.1-2000 房产测量规范 第1单元 附录A 房屋建筑结构分类',
  items: [
    { code: '1', name_zh: '钢结构', name_en: 'Steel' },
    { code: '2', name_zh: '钢、钢筋混凝土结构', name_en: 'Steel and reinforced concrete' },
    { code: '3', name_zh: '钢筋混凝土结构', name_en: 'Reinforced concrete' },
    { code: '4', name_zh: '混合结构', name_en: 'Mixed (brick and concrete)' },
    { code: '5', name_zh: '砖木结构', name_en: 'Brick and timber' },
    { code: '6', name_zh: '其他结构', name_en: 'Other' },
  ],
};
