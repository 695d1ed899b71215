import { z } from 'zod';
import { regionCode } from '../shared/validators.ts';

export const SEARCH_KINDS = ['household', 'unit', 'building', 'project'] as const;
export type SearchKind = (typeof SEARCH_KINDS)[number];

const kinds = z
  .string()
  .trim()
  .transform((value, ctx): SearchKind[] => {
    const parts = value
      .split(',')
      .map((part) => part.trim())
      .filter(Boolean);
    const unknown = parts.filter((part) => !(SEARCH_KINDS as readonly string[]).includes(part));
    if (!parts.length || unknown.length)
      ctx.addIssue({
        code: 'custom',
        message: `类别须为 ${SEARCH_KINDS.join('、')} 中的一个或几个（逗号分隔）`,
      });
    return parts as SearchKind[];
  })
  .describe('只检索这些类别（逗号分隔）：household 申请家庭、unit 住房、building 单体工程、project 项目');

export const searchQuery = z.object({
  q: z
    .string()
    .trim()
    .min(2, '请至少输入 2 个字符')
    .max(50, '最多 50 个字符')
    .describe(
      '检索词：申请编号（全部或一部分）、户籍地址、房屋编号/房号、项目或楼栋名称与地址；' +
        '有个人信息查看权限时也按申请人姓名（前缀）、证件号码（全号或末几位）',
    ),
  limit: z.coerce.number().int().min(1).max(50).default(10).describe('最多返回条数（1–50，默认 10）'),
  kinds: kinds.optional(),
  region: regionCode.optional().describe('只检索该行政区划及其下级（须在本人辖区内，否则无结果）'),
});
export type SearchQuery = z.infer<typeof searchQuery>;

const position = z.tuple([z.number(), z.number()]).describe('[经度, 纬度]（CGCS2000）');

export const searchHit = z.object({
  kind: z.enum(SEARCH_KINDS),
  id: z.number().int(),
  title: z.string(),
  subtitle: z.string().describe('副标题（中文，供不做本地化的调用方）；界面按 details 以用户语言拼写'),
  details: z
    .object({
      address: z
        .string()
        .nullable()
        .describe('地址：家庭为户籍地址（无个人信息权限时不含门牌），楼栋与项目为坐落'),
      household_size: z.number().int().nullable().describe('家庭人口数'),
      project_no: z.string().nullable(),
      project_name: z.string().nullable(),
      building_no: z.string().nullable(),
      building_name: z.string().nullable(),
      entrance: z.string().nullable().describe('单元'),
      room_no: z.string().nullable().describe('房号'),
      floor_area: z.number().nullable().describe('建筑面积（平方米）'),
    })
    .describe('副标题的各项（结构化，供界面本地化）'),
  status: z.string().nullable().describe('轮候状态（家庭）、交付状态（住房）、建设状态或项目状态'),
  region_code: z.string(),
  region_name: z.string().nullable(),
  matched: z
    .enum(['application_no', 'id_number', 'name', 'address', 'unit_no', 'room_no', 'name_or_no'])
    .describe('命中的字段'),
  center: position.nullable().describe('定位点（未定位的家庭为 null）'),
  bbox: z
    .tuple([z.number(), z.number(), z.number(), z.number()])
    .nullable()
    .describe('范围 [最小经度, 最小纬度, 最大经度, 最大纬度]（项目用地、建筑基底；点为 null）'),
  personal_data_masked: z.boolean().describe('姓名等个人信息是否已按权限脱敏'),
});
export type SearchHit = z.infer<typeof searchHit>;

export const searchResult = z.object({
  q: z.string(),
  items: z.array(searchHit),
  /** Kinds the caller may not search (no permission), so the client can say so. */
  skipped: z.array(z.enum(SEARCH_KINDS)).describe('因权限未检索的类别'),
});
