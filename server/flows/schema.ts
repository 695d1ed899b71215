/** Allocation flows (配给流向): which household went to which unit, as arcs for the map. */
import { z } from 'zod';
import { bboxParam } from '../spatial/features.ts';
import { regionCode } from '../shared/validators.ts';

export const flowsQuery = z.object({
  region: regionCode.optional().describe('行政区划代码：只列出该区划及其下级申请家庭的配给'),
  bbox: bboxParam.optional().describe('家庭或房屋位于此范围内的配给'),
  plan_id: z.coerce.number().int().positive().optional().describe('只看一个配置方案的配给'),
  limit: z.coerce.number().int().min(1).max(10000).default(2000).describe('至多返回的条数（按选房时间倒序）'),
});
export type FlowsQuery = z.infer<typeof flowsQuery>;

const position = z.tuple([z.number(), z.number()]);

export const flow = z.object({
  id: z.number().int().describe('选房记录（A.7.2）'),
  plan_id: z.number().int(),
  plan_no: z.string().describe('方案编号'),
  household_id: z.number().int(),
  application_no: z.string().describe('申请编号'),
  unit_id: z.number().int(),
  unit_no: z.string().describe('房屋编号'),
  from: position.describe('申请家庭的位置（经度、纬度）'),
  to: position.describe('所配房屋的位置（经度、纬度）'),
  distance_m: z.number().describe('两点的直线距离（米）'),
  picked_at: z.string().describe('选房时间'),
  is_reviewed: z.boolean().describe('是否已审核'),
  by_proxy: z.boolean().describe('是否由工作人员代选'),
  region_code: z.string().describe('申请家庭的行政区划代码'),
});

export const flowsResponse = z.object({
  items: z.array(flow),
  total: z.number().int().describe('符合条件的配给总数（可能多于返回的条数）'),
  truncated: z.boolean(),
});
export type Flow = z.infer<typeof flow>;
