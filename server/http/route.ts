/**
 * A route is declared once — method, path, access, zod schemas, handler — and from that one declaration come the
 * Koa router, the permission check, validation, the OpenAPI document and the generic region-leak test.
 */
import type { Context } from 'koa';
import type { z } from 'zod';
import type { Db, Tx } from '../db/knex.ts';
import type { Scope } from '../access/scope.ts';
import type { Permission } from '../access/permissions.ts';
import type { Config } from '../config.ts';
import type { SessionCache } from '../auth/session-cache.ts';
import type { RawUpload } from './upload.ts';

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/**
 * `public`: anyone, no session (reference data, login). `session`: any signed-in user.
 * A permission: signed-in users whose roles grant it (access/permissions.ts).
 */
export type Access = 'public' | 'session' | Permission;

export interface Input<P, Q, B> {
  params: P;
  query: Q;
  body: B;
}

export interface RouteContext<P, Q, B> {
  input: Input<P, Q, B>;
  /** The signed-in user's scope; routes with `public` access get none. */
  scope: Scope | undefined;
  db: Db;
  config: Config;
  requestId: string;
  /**
   * The process's session cache: routes that end a user's sessions or change their roles drop them here at once
   * (other processes hear it from the database's session_changes notification).
   */
  sessions: SessionCache;
  /** Runs work in one transaction whose actor is the current user and whose action is the route's id. */
  write<T>(work: (trx: Tx) => Promise<T>): Promise<T>;
  koa: Context;
}

export interface RouteDef<P = unknown, Q = unknown, B = unknown> {
  /** Stable id, e.g. `users.create`: the OpenAPI operationId and the operation log's action. */
  id: string;
  method: Method;
  path: string;
  summary: string;
  tag: string;
  access: Access;
  params?: z.ZodType<P>;
  query?: z.ZodType<Q>;
  body?: z.ZodType<B>;
  /** Documents the success response in OpenAPI. */
  response?: z.ZodType;
  /** Success status; 204 routes return nothing. */
  status?: 200 | 201 | 204;
  /** What the region-leak test needs to know: which table an `:id`/`:code` param addresses. */
  scopedEntity?: string;
  /** A file-upload route: its body is read raw (http/upload.ts) and validated by `body` as a Buffer. */
  upload?: RawUpload;
  /** Content type of a non-JSON response (e.g. GeoJSON). */
  produces?: string;
  handler(ctx: RouteContext<P, Q, B>): Promise<unknown>;
}

/** Keeps P/Q/B inferred from the schemas while the registry holds routes of any shape. */
export function defineRoute<P = Record<string, never>, Q = Record<string, never>, B = undefined>(
  route: RouteDef<P, Q, B>,
): RouteDef {
  return route;
}
