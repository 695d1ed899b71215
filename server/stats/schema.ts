/** Inputs and answers of the leaders' dashboard: aggregates only, no field of a household record. */
import { z } from 'zod';
import { regionCode } from '../shared/validators.ts';

export const regionParam = z.object({ code: regionCode });

export const trendsQuery = z.object({
  months: z.coerce.number().int().min(1).max(60).default(24).describe('月数（含本月），默认 24'),
});

const count = z.number().int();

export const regionRef = z.object({ code: z.string(), name: z.string(), level: z.number().int() });

/** Supply per unit of demand: delivered, unallocated units per household applied or waiting; null without demand. */
const ratio = z.number().nullable();

export const householdCounts = z.object({
  registered: count.describe('登记家庭总数（各轮候状态合计）'),
  applied: count.describe('已申请（待审核）'),
  waiting: count.describe('轮候中'),
  allocated: count.describe('已配置（当前状态）'),
  withdrawn: count.describe('已退出'),
});

export const unitCounts = z.object({
  total: count,
  undelivered: count,
  delivered: count.describe('已交付待配给：供给'),
  allocated: count,
  occupied: count,
});

export const summaryResponse = z.object({
  region: regionRef,
  /** From the top of the caller's scope down to the region (the breadcrumb). */
  path: z.array(regionRef),
  year: z.number().int(),
  households: householdCounts,
  units: unitCounts,
  demand: count.describe('需求：已申请与轮候中家庭'),
  supply: count.describe('供给：已交付待配给房屋'),
  ratio: ratio.describe('供需比：供给 ÷ 需求'),
  applications_this_year: count.describe('本年新登记申请（增加时间在本年）'),
  allocated_this_year: count.describe('本年配置：本年轮候状态变为已配置的家庭（扣除改回的）'),
});

const childProperties = regionRef.extend({
  demand: count,
  supply: count,
  ratio,
  waiting: count,
  applied: count,
  allocated: count,
  units: count,
  label: z.tuple([z.number(), z.number()]).nullable(),
});

export const childrenResponse = z.object({
  region: regionRef,
  type: z.literal('FeatureCollection'),
  features: z.array(
    z.object({
      type: z.literal('Feature'),
      id: z.number().int(),
      properties: childProperties,
      geometry: z.record(z.string(), z.unknown()).nullable(),
    }),
  ),
});

export const trendsResponse = z.object({
  region: regionRef,
  months: z.array(
    z.object({
      month: z.string().describe('YYYY-MM（北京时间）'),
      applications: count.describe('当月新登记申请'),
      allocations: count.describe('当月变为已配置的家庭（扣除改回的）'),
    }),
  ),
});

export const densityResponse = z.object({
  region: regionRef,
  cell_zoom: z.number().int(),
  cell_m: z.number().describe('格网边长（米，地面距离，按区划中心纬度）'),
  k: z.number().int().describe('少于 k 户的格不返回'),
  /** [lng, lat, households] at each cell's centre. */
  points: z.array(z.tuple([z.number(), z.number(), count])),
});

export type RegionRef = z.infer<typeof regionRef>;
