import { z } from 'zod';
import { pageQuery, regionCode } from '../shared/validators.ts';

export const logQuery = z.object({
  actor: z.string().trim().max(64).optional(),
  action: z.string().trim().max(64).optional(),
  entity: z.string().trim().max(64).optional(),
  entity_id: z.string().trim().max(64).optional(),
  region: regionCode.optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  ...pageQuery,
});
export type LogQuery = z.infer<typeof logQuery>;

export const logEntry = z.object({
  id: z.number().int(),
  seq: z.number().int(),
  occurred_at: z.string(),
  actor: z.string(),
  request_id: z.string().nullable(),
  action: z.string(),
  operation: z.string(),
  entity: z.string().nullable(),
  entity_id: z.string().nullable(),
  region_code: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
  ip: z.string().nullable(),
});

export const logPage = z.object({
  items: z.array(logEntry),
  total: z.number().int(),
  page: z.number().int(),
  page_size: z.number().int(),
});

export const verifyResult = z.object({
  checked: z.number().int(),
  ok: z.boolean(),
  first_broken_seq: z.number().int().nullable(),
});
