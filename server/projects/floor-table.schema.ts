import { z } from 'zod';
import { DELIVERY_STATUSES, deliveryStatus } from './units.schema.ts';

/** One flat of the 楼盘表: enough to colour its cell and name it; details come from the unit's own route. */
const cell = z.object({
  id: z.number().int(),
  unit_no: z.string(),
  room_no: z.string(),
  entrance: z.string().nullable(),
  floor_from: z.number().int(),
  floor_to: z.number().int(),
  delivery_status: deliveryStatus,
  floor_area: z.number().nullable().describe('建筑面积（平方米）'),
  layout: z.string().nullable().describe('户型代码'),
});
export type FloorTableCell = z.infer<typeof cell>;

const counts = z
  .object(Object.fromEntries(DELIVERY_STATUSES.map((status) => [status, z.number().int()])))
  .extend({ total: z.number().int() })
  .describe('各交付状态的套数');

export const floorTable = z.object({
  building: z.object({
    id: z.number().int(),
    building_no: z.string(),
    name: z.string(),
    project_id: z.number().int(),
    project_name: z.string(),
    region_code: z.string(),
    total_floors: z.number().int().nullable(),
    floors_below: z.number().int().nullable(),
  }),
  columns: z
    .array(
      z.object({
        key: z.string(),
        entrance: z.string().nullable().describe('单元'),
        position: z.string().describe('户位：房号去掉楼层后的部分（1203 → 03）'),
      }),
    )
    .describe('列：按单元、户位排列'),
  floors: z
    .array(
      z.object({
        floor: z.number().int().describe('实际层（地下层为负数）'),
        cells: z.array(cell.nullable()).describe('与 columns 一一对应；该户位在本层没有住房时为 null'),
      }),
    )
    .describe('行：实际层，自上而下（图 3）'),
  counts,
});
export type FloorTable = z.infer<typeof floorTable>;
