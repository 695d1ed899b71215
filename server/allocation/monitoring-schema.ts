/** zod schemas of supply and demand monitoring (9.2.1): the custom view's filters and the answers. */
import { z } from 'zod';
import { regionCode } from '../shared/validators.ts';

export const monitoringQuery = z
  .object({
    region: regionCode.optional().describe('行政区划（缺省为本人所属地区；按其下一级地区分组）'),
    mode: z.string().trim().min(1).max(50).optional().describe('保障方式编号（需求只计符合其条件的家庭）'),
    layout: z.string().trim().min(1).max(20).optional().describe('户型（供给）'),
    min_area: z.coerce.number().min(0).max(100_000).optional().describe('最小建筑面积（供给，平方米）'),
    max_area: z.coerce.number().min(0).max(100_000).optional().describe('最大建筑面积（供给，平方米）'),
    project_id: z.coerce.number().int().positive().optional().describe('建设项目（供给）'),
  })
  .refine((v) => v.min_area === undefined || v.max_area === undefined || v.max_area >= v.min_area, {
    message: '最大建筑面积不能小于最小建筑面积',
    path: ['max_area'],
  });
export type MonitoringQuery = z.infer<typeof monitoringQuery>;

const bucket = z.object({
  key: z.string(),
  units: z.number(),
  area: z.number(),
  in_plans: z.number().describe('其中已列入有效配置方案的套数'),
});

export const monitoringResponse = z.object({
  region_code: z.string().nullable(),
  rule_version_id: z.number().nullable().describe('所用保障规则版本（本地区或上级启用中的）'),
  demand: z.object({
    waiting: z.number().describe('轮候中家庭户数'),
    persons: z.number().describe('轮候中家庭人数'),
    registered: z.number().describe('其中已记入准入登记簿（轮候中）的户数'),
    by_mode: z.array(
      z.object({
        mode_code: z.string(),
        mode_name: z.string(),
        households: z.number().describe('符合该保障方式条件的轮候家庭数'),
        standards: z.array(
          z.object({
            name: z.string(),
            unit: z.string().nullable(),
            total: z.number().nullable().describe('按户合计的保障标准（公式型标准不合计，为空）'),
          }),
        ),
      }),
    ),
  }),
  supply: z.object({
    units: z.number().describe('已移交、已交付（未配给）的房屋套数'),
    area: z.number(),
    in_plans: z.number(),
    by_layout: z.array(bucket),
    by_area_band: z.array(bucket),
  }),
  funds_balance: z.string().describe('资金余额（保障项目台账明细合计，元）'),
  districts: z.array(
    z.object({
      region_code: z.string(),
      region_name: z.string(),
      waiting: z.number(),
      persons: z.number(),
      registered: z.number(),
      units: z.number(),
      area: z.number(),
      in_plans: z.number(),
      balance: z.number().describe('供给 − 需求（套 − 户）'),
    }),
  ),
});

export const choroplethResponse = z.object({
  type: z.literal('FeatureCollection'),
  features: z.array(
    z.object({
      type: z.literal('Feature'),
      id: z.number(),
      properties: z.object({
        region_code: z.string(),
        region_name: z.string(),
        supply: z.number(),
        demand: z.number(),
        balance: z.number().describe('供给 − 需求'),
        label: z.unknown(),
      }),
      geometry: z.unknown(),
    }),
  ),
});
