/** GB/T 26341-2010 残疾人残疾分类和分级: 残疾类别 and 残疾等级, as printed on the 残疾人证 (A.3.10). */
import type { Dictionary } from './types.ts';

export const disabilityCategory: Dictionary = {
  code: 'disability_category',
  name_zh: '残疾类别',
  name_en: 'Disability category',
  source: 'GB/T 26341-2010 残疾人残疾分类和分级',
  items: [
    { code: '1', name_zh: '视力残疾', name_en: 'Visual disability' },
    { code: '2', name_zh: '听力残疾', name_en: 'Hearing disability' },
    { code: '3', name_zh: '言语残疾', name_en: 'Speech disability' },
    { code: '4', name_zh: '肢体残疾', name_en: 'Physical disability' },
    { code: '5', name_zh: '智力残疾', name_en: 'Intellectual disability' },
    { code: '6', name_zh: '精神残疾', name_en: 'Mental disability' },
    { code: '7', name_zh: '多重残疾', name_en: 'Multiple disabilities' },
  ],
};

export const disabilityGrade: Dictionary = {
  code: 'disability_grade',
  name_zh: '残疾等级',
  name_en: 'Disability grade',
  // 一级 is the most severe; households store the grade as its number (smallint 1–4).
  source: 'GB/T 26341-2010 残疾人残疾分类和分级（一级最重，四级最轻）',
  items: [
    { code: '1', name_zh: '一级', name_en: 'Grade 1 (most severe)' },
    { code: '2', name_zh: '二级', name_en: 'Grade 2' },
    { code: '3', name_zh: '三级', name_en: 'Grade 3' },
    { code: '4', name_zh: '四级', name_en: 'Grade 4 (least severe)' },
  ],
};
