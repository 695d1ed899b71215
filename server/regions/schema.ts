import { z } from 'zod';
import { regionCode } from '../shared/validators.ts';

export const region = z.object({
  code: z.string(),
  name: z.string(),
  level: z.number().int(),
  parent_code: z.string().nullable(),
});

export const listQuery = z.object({
  parent: regionCode.optional(),
  level: z.coerce.number().int().min(1).max(5).optional(),
  q: z.string().trim().max(50).optional(),
});

export const boundariesQuery = z.object({
  level: z.coerce.number().int().min(1).max(5).default(3),
  parent: regionCode.optional(),
});

export const codeParam = z.object({ code: regionCode });

export const regionDetail = region.extend({ ancestors: z.array(region), children: z.array(region) });
