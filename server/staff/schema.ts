import { z } from 'zod';
import { ROLES } from '../access/permissions.ts';
import { pageQuery, phone, regionCode } from '../shared/validators.ts';

const roles = z.array(z.enum(ROLES)).min(1, '至少选择一个角色').max(ROLES.length);
const username = z
  .string()
  .trim()
  .regex(/^[a-zA-Z][a-zA-Z0-9_.-]{2,31}$/, '登录名须以字母开头，3-32 位字母、数字、下划线、点或连字符');

export const createUserBody = z.object({
  username,
  display_name: z.string().trim().min(1).max(50),
  region_code: regionCode,
  roles,
  password: z.string().min(1).max(128),
  phone: phone.optional(),
});
export type CreateUserInput = z.infer<typeof createUserBody>;

export const updateUserBody = z
  .object({
    display_name: z.string().trim().min(1).max(50),
    region_code: regionCode,
    roles,
    disabled: z.boolean(),
    phone: phone.nullable(),
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, '至少修改一项');
export type UpdateUserInput = z.infer<typeof updateUserBody>;

export const resetPasswordBody = z.object({ password: z.string().min(1).max(128) });

export const listUsersQuery = z.object({
  q: z.string().trim().max(50).optional(),
  region: regionCode.optional(),
  role: z.enum(ROLES).optional(),
  ...pageQuery,
});
export type ListUsersQuery = z.infer<typeof listUsersQuery>;

export const user = z.object({
  id: z.number().int(),
  username: z.string(),
  display_name: z.string(),
  region_code: z.string(),
  region_name: z.string(),
  phone: z.string().nullable(),
  roles: z.array(z.enum(ROLES)),
  disabled: z.boolean(),
  locked_until: z.string().nullable(),
  last_login_at: z.string().nullable(),
  created_at: z.string(),
  created_by: z.string(),
  updated_at: z.string(),
  updated_by: z.string(),
});
export type User = z.infer<typeof user>;

export const userPage = z.object({
  items: z.array(user),
  total: z.number().int(),
  page: z.number().int(),
  page_size: z.number().int(),
});
