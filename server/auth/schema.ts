import { z } from 'zod';

export const loginBody = z.object({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(128),
});

export const changePasswordBody = z.object({
  current_password: z.string().min(1).max(128),
  new_password: z.string().min(1).max(128),
});

export const meResponse = z.object({
  user: z.object({
    id: z.number().int(),
    username: z.string(),
    display_name: z.string(),
    region_code: z.string(),
    region_name: z.string(),
    region_level: z.number().int(),
    roles: z.array(z.object({ code: z.string(), name_zh: z.string(), name_en: z.string() })),
    permissions: z.array(z.string()),
  }),
  csrf_token: z.string(),
});
export type MeResponse = z.infer<typeof meResponse>;
