/** GB/T 4658-2006 学历代码: the main levels and their graduated/completed/incomplete sub-codes. */
import { type Dictionary, withChildren } from './types.ts';

const level = withChildren;

export const education: Dictionary = {
  code: 'education',
  name_zh: '文化程度',
  name_en: 'Educational attainment',
  source: 'GB/T 4658-2006 学历代码',
  items: [
    ...level('10', '研究生教育', 'Postgraduate', [
      ['11', '博士研究生毕业', 'Doctorate, graduated'],
      ['12', '博士研究生结业', 'Doctorate, completed'],
      ['13', '博士研究生肄业', 'Doctorate, incomplete'],
      ['14', '硕士研究生毕业', "Master's, graduated"],
      ['15', '硕士研究生结业', "Master's, completed"],
      ['16', '硕士研究生肄业', "Master's, incomplete"],
      ['17', '研究生班毕业', 'Postgraduate class, graduated'],
      ['18', '研究生班结业', 'Postgraduate class, completed'],
      ['19', '研究生班肄业', 'Postgraduate class, incomplete'],
    ]),
    ...level('20', '大学本科教育', 'Undergraduate (bachelor)', [
      ['21', '大学本科毕业', 'Bachelor, graduated'],
      ['22', '大学本科结业', 'Bachelor, completed'],
      ['23', '大学本科肄业', 'Bachelor, incomplete'],
      ['28', '大学普通班毕业', 'University general class, graduated'],
    ]),
    ...level('30', '大学专科教育', 'Junior college', [
      ['31', '大学专科毕业', 'Junior college, graduated'],
      ['32', '大学专科结业', 'Junior college, completed'],
      ['33', '大学专科肄业', 'Junior college, incomplete'],
    ]),
    ...level('40', '中等职业教育', 'Secondary vocational', [
      ['41', '中等专科毕业', 'Secondary specialised school, graduated'],
      ['42', '中等专科结业', 'Secondary specialised school, completed'],
      ['43', '中等专科肄业', 'Secondary specialised school, incomplete'],
      ['44', '职业高中毕业', 'Vocational high school, graduated'],
      ['45', '职业高中结业', 'Vocational high school, completed'],
      ['46', '职业高中肄业', 'Vocational high school, incomplete'],
      ['47', '技工学校毕业', 'Technical school, graduated'],
      ['48', '技工学校结业', 'Technical school, completed'],
      ['49', '技工学校肄业', 'Technical school, incomplete'],
    ]),
    ...level('60', '普通高级中学教育', 'Senior high school', [
      ['61', '普通高中毕业', 'Senior high school, graduated'],
      ['62', '普通高中结业', 'Senior high school, completed'],
      ['63', '普通高中肄业', 'Senior high school, incomplete'],
    ]),
    ...level('70', '初级中学教育', 'Junior high school', [
      ['71', '初中毕业', 'Junior high school, graduated'],
      ['73', '初中肄业', 'Junior high school, incomplete'],
    ]),
    ...level('80', '小学教育', 'Primary school', [
      ['81', '小学毕业', 'Primary school, graduated'],
      ['83', '小学肄业', 'Primary school, incomplete'],
    ]),
    { code: '90', name_zh: '其他', name_en: 'Other' },
  ],
};
