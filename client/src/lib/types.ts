/** Shapes of the server's JSON, as the API contract fixes them. */
import type { Answer, RequestBody } from './api.ts';

export interface RoleRef {
  code: string;
  name_zh: string;
  name_en: string;
}

export interface Me {
  id: number;
  username: string;
  display_name: string;
  region_code: string;
  region_name: string;
  region_level: number;
  roles: RoleRef[];
  permissions: string[];
}

export interface SessionResponse {
  user: Me;
  csrf_token: string;
}

export interface Region {
  code: string;
  name: string;
  level: number;
  parent_code: string | null;
}

export interface RegionProperties {
  code: string;
  name: string;
  level: number;
  parent_code: string | null;
  label_lng: number;
  label_lat: number;
}

export interface Items<T> {
  items: T[];
}

export interface Page<T> extends Items<T> {
  total: number;
  page: number;
  page_size: number;
}

export interface DictionarySummary {
  code: string;
  name_zh: string;
  name_en: string;
  source: string;
}

export interface DictionaryItem {
  code: string;
  name_zh: string;
  name_en: string;
  sort: number;
}

export interface Dictionary extends DictionarySummary {
  items: DictionaryItem[];
}

/** A staff account as the admin routes answer it (the type is the server's, from the OpenAPI document). */
export type User = Answer<'/api/admin/users/{id}', 'get'>;
/** A role code as the account routes accept it. */
export type RoleCode = RequestBody<'/api/admin/users', 'post'>['roles'][number];

export interface Role extends RoleRef {
  code: RoleCode;
  description: string;
}

export interface AuditEntry {
  id: number;
  seq: number;
  occurred_at: string;
  actor: string | null;
  request_id: string | null;
  action: string;
  operation: string;
  entity: string | null;
  entity_id: string | null;
  region_code: string | null;
  before: unknown;
  after: unknown;
  ip: string | null;
}

export interface AuditVerifyResult {
  checked: number;
  ok: boolean;
  first_broken_seq: number | null;
}
