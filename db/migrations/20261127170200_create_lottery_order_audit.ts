/**
 * The allocation order (A.7.1) is written by a draw in one statement of up to 100,000 rows (issue 7: order and
 * draw 100,000 households ≤ 2 s). The spine audits allocation_orders row by row, and each operation-log row
 * extends the hash chain under one advisory lock: 100,000 chained rows take far longer than the draw itself.
 * Inserts are therefore logged once per statement — who, which plans and draws, how many rows, the order numbers'
 * range and a SHA-256 digest of exactly the rows written — while updates and deletes stay audited row by row. The
 * rows themselves are in allocation_orders and, for a draw, re-derivable from the immutable lottery_results.
 */
import type { Knex } from 'knex';

const STATEMENT_AUDIT = `
CREATE FUNCTION allocation_orders_audit_insert() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE summary jsonb;
BEGIN
  SELECT jsonb_build_object(
           'rows', count(*),
           'plan_ids', jsonb_agg(DISTINCT plan_id),
           'draw_ids', coalesce(jsonb_agg(DISTINCT draw_id) FILTER (WHERE draw_id IS NOT NULL), '[]'::jsonb),
           'order_no', jsonb_build_array(min(order_no), max(order_no)),
           'digest', encode(sha256(convert_to(coalesce(string_agg(
               format('%s:%s:%s:%s', plan_id, order_no, household_id, group_name), E'\\n'
               ORDER BY plan_id, order_no), ''), 'UTF8')), 'hex'))
    INTO summary FROM inserted;
  IF (summary ->> 'rows')::int = 0 THEN RETURN NULL; END IF;
  INSERT INTO operation_log (actor, actor_id, request_id, action, operation, entity, entity_id, region_code,
                             before, after, ip)
  VALUES (hss_actor(), nullif(current_setting('hss.actor_id', true), '')::bigint,
          nullif(current_setting('hss.request_id', true), ''),
          coalesce(nullif(current_setting('hss.action', true), ''), 'allocation_orders.insert'),
          'insert', 'allocation_orders', summary -> 'plan_ids' ->> 0,
          nullif(current_setting('hss.region', true), ''), NULL, summary,
          nullif(current_setting('hss.ip', true), ''));
  RETURN NULL;
END $$`;

export async function up(knex: Knex): Promise<void> {
  await knex.raw(STATEMENT_AUDIT);
  await knex.raw('DROP TRIGGER allocation_orders_audit ON allocation_orders');
  await knex.raw(`CREATE TRIGGER allocation_orders_audit AFTER UPDATE OR DELETE ON allocation_orders
    FOR EACH ROW EXECUTE FUNCTION audit_row('id', 'region_code')`);
  await knex.raw(`CREATE TRIGGER allocation_orders_audit_insert AFTER INSERT ON allocation_orders
    REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION allocation_orders_audit_insert()`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TRIGGER IF EXISTS allocation_orders_audit_insert ON allocation_orders');
  await knex.raw('DROP TRIGGER IF EXISTS allocation_orders_audit ON allocation_orders');
  await knex.raw(`CREATE TRIGGER allocation_orders_audit AFTER INSERT OR UPDATE OR DELETE ON allocation_orders
    FOR EACH ROW EXECUTE FUNCTION audit_row('id', 'region_code')`);
  await knex.raw('DROP FUNCTION IF EXISTS allocation_orders_audit_insert()');
}
