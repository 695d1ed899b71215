/**
 * Events that are not row changes (login, logout, failed login) go to the same hash-chained operation log.
 * Row changes reach it through the audit trigger (db/helpers.ts enableAudit), never through here.
 */
import type { Tx } from '../db/knex.ts';

export interface AuditEvent {
  action: string;
  actor: string;
  actorId?: number;
  regionCode?: string | null;
  entity?: string;
  entityId?: string;
  requestId?: string;
  ip?: string;
  detail?: Record<string, unknown>;
}

export async function appendEvent(trx: Tx, event: AuditEvent): Promise<void> {
  await trx('operation_log').insert({
    action: event.action,
    operation: 'event',
    actor: event.actor,
    actor_id: event.actorId ?? null,
    region_code: event.regionCode ?? null,
    entity: event.entity ?? null,
    entity_id: event.entityId ?? null,
    request_id: event.requestId ?? null,
    ip: event.ip ?? null,
    after: event.detail ?? null,
    // seq, occurred_at, prev_hash and hash are set by the chain trigger.
  });
}
