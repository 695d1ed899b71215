/**
 * The platform's shared database mechanisms: PostGIS, the application role, the region-code domain,
 * the transaction actor, bookkeeping and the append-only, hash-chained operation log (17.0.1).
 */
import type { Knex } from 'knex';
import { commentColumns, commentTable } from '../helpers.ts';

export async function up(knex: Knex): Promise<void> {
  await knex.raw('CREATE EXTENSION IF NOT EXISTS postgis');

  // The application connects and then SET ROLE hss_app: a role that may not UPDATE or DELETE the operation log.
  // Roles are cluster-wide, so create it only once.
  await knex.raw(`
    DO $$ BEGIN
      IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'hss_app') THEN CREATE ROLE hss_app NOLOGIN; END IF;
      IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
        EXECUTE format('GRANT hss_app TO %I', current_user);
      END IF;
    END $$`);
  await knex.raw('GRANT USAGE ON SCHEMA public TO hss_app');
  await knex.raw(
    'ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO hss_app',
  );
  await knex.raw('ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO hss_app');
  await knex.raw('GRANT SELECT ON spatial_ref_sys TO hss_app');
  // knex made its bookkeeping table before these defaults existed; readiness reports the latest migration.
  await knex.raw('GRANT SELECT ON knex_migrations TO hss_app');

  // GB/T 2260 codes padded to 12 digits (province 2, city 4, county 6, street 9, community 12 significant digits).
  // Collation "C" lets a plain btree index serve the region-scope filter `region_code LIKE '230102%'`.
  await knex.raw(`CREATE DOMAIN region_code AS varchar(12) COLLATE "C" CHECK (VALUE ~ '^[0-9]{12}$')`);

  // The actor of the current transaction, set by the server with set_config('hss.actor', …, true).
  await knex.raw(`
    CREATE FUNCTION hss_actor() RETURNS text LANGUAGE sql STABLE AS
    $$ SELECT coalesce(nullif(current_setting('hss.actor', true), ''), 'system') $$`);

  await knex.raw(`
    CREATE FUNCTION set_bookkeeping() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'INSERT' THEN
        NEW.created_at := now();
        NEW.created_by := hss_actor();
      ELSE
        NEW.created_at := OLD.created_at;
        NEW.created_by := OLD.created_by;
      END IF;
      NEW.updated_at := now();
      NEW.updated_by := hss_actor();
      RETURN NEW;
    END $$`);

  await knex.schema.createTable('operation_log', (t) => {
    t.bigIncrements('id');
    t.bigInteger('seq').notNullable().unique();
    t.timestamp('occurred_at', { useTz: true }).notNullable();
    t.text('actor').notNullable();
    t.bigInteger('actor_id');
    t.text('request_id');
    t.text('action').notNullable();
    t.text('operation').notNullable();
    t.text('entity');
    t.text('entity_id');
    t.specificType('region_code', 'region_code');
    t.jsonb('before');
    t.jsonb('after');
    t.text('ip');
    t.string('prev_hash', 64).notNullable();
    t.string('hash', 64).notNullable();
  });
  await knex.raw('CREATE INDEX operation_log_entity ON operation_log (entity, entity_id)');
  await knex.raw('CREATE INDEX operation_log_actor ON operation_log (actor, occurred_at)');
  await knex.raw('CREATE INDEX operation_log_region ON operation_log (region_code)');
  await knex.raw('CREATE INDEX operation_log_time ON operation_log (occurred_at)');
  await commentTable(knex, 'operation_log', '业务操作日志（17.0.1）：只可追加，哈希链防篡改');
  await commentColumns(knex, 'operation_log', {
    seq: '链序号',
    occurred_at: '操作时间',
    actor: '操作人',
    request_id: '请求编号',
    action: '业务操作',
    operation: '数据操作（insert/update/delete/event）',
    entity: '操作对象',
    entity_id: '对象编号',
    region_code: '行政区划代码',
    before: '操作前',
    after: '操作后',
    prev_hash: '前一条记录哈希',
    hash: '本条记录哈希',
  });

  await knex.raw(`
    CREATE FUNCTION operation_log_hash(r operation_log) RETURNS text LANGUAGE sql IMMUTABLE AS $$
      SELECT encode(sha256(convert_to(jsonb_build_array(
        r.prev_hash, r.seq, (extract(epoch FROM r.occurred_at) * 1000000)::bigint, r.actor, r.actor_id,
        r.request_id, r.action, r.operation, r.entity, r.entity_id, r.region_code, r.before, r.after, r.ip
      )::text, 'UTF8')), 'hex')
    $$`);

  // One writer extends the chain at a time: the advisory lock is held until the writing transaction ends,
  // and each statement of a volatile function sees rows committed before it, so seq has no gaps or forks.
  await knex.raw(`
    CREATE FUNCTION operation_log_chain() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
    DECLARE last_seq bigint; last_hash text;
    BEGIN
      PERFORM pg_advisory_xact_lock(7406114);
      SELECT seq, hash INTO last_seq, last_hash FROM operation_log ORDER BY seq DESC LIMIT 1;
      NEW.seq := coalesce(last_seq, 0) + 1;
      NEW.occurred_at := clock_timestamp();
      NEW.prev_hash := coalesce(last_hash, repeat('0', 64));
      NEW.hash := operation_log_hash(NEW);
      RETURN NEW;
    END $$`);
  await knex.raw(
    'CREATE TRIGGER operation_log_chain BEFORE INSERT ON operation_log FOR EACH ROW EXECUTE FUNCTION operation_log_chain()',
  );
  await knex.raw(`
    CREATE FUNCTION operation_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION 'operation_log is append-only' USING ERRCODE = 'insufficient_privilege'; END $$`);
  await knex.raw(`CREATE TRIGGER operation_log_no_change BEFORE UPDATE OR DELETE ON operation_log
    FOR EACH ROW EXECUTE FUNCTION operation_log_append_only()`);
  await knex.raw(`CREATE TRIGGER operation_log_no_truncate BEFORE TRUNCATE ON operation_log
    FOR EACH STATEMENT EXECUTE FUNCTION operation_log_append_only()`);
  await knex.raw('REVOKE UPDATE, DELETE, TRUNCATE ON operation_log FROM hss_app');

  // Checks the whole chain: a row whose hash does not recompute, whose prev_hash is not its predecessor's
  // hash, or a gap in seq (a deleted row) breaks it.
  await knex.raw(`
    CREATE FUNCTION operation_log_verify() RETURNS TABLE (checked bigint, first_broken_seq bigint)
    LANGUAGE sql STABLE AS $$
      WITH chain AS (
        SELECT l.seq, l.hash, l.prev_hash, operation_log_hash(l) AS recomputed,
               lag(l.hash) OVER w AS previous_hash, lag(l.seq) OVER w AS previous_seq
        FROM operation_log l WINDOW w AS (ORDER BY l.seq)
      )
      SELECT count(*),
             min(seq) FILTER (WHERE hash <> recomputed
                                 OR prev_hash <> coalesce(previous_hash, repeat('0', 64))
                                 OR seq <> coalesce(previous_seq, 0) + 1)
      FROM chain
    $$`);

  // Generic row audit: one trigger function for every business table (see db/helpers.ts enableAudit).
  // TG_ARGV[0] names the key column, TG_ARGV[1] the region column; further arguments name columns never copied
  // into the log.
  await knex.raw(`
    CREATE FUNCTION audit_row() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
    DECLARE old_row jsonb; new_row jsonb; any_row jsonb; i int;
    BEGIN
      IF TG_OP <> 'INSERT' THEN old_row := to_jsonb(OLD); END IF;
      IF TG_OP <> 'DELETE' THEN new_row := to_jsonb(NEW); END IF;
      FOR i IN 2 .. TG_NARGS - 1 LOOP
        old_row := old_row - TG_ARGV[i];
        new_row := new_row - TG_ARGV[i];
      END LOOP;
      any_row := coalesce(new_row, old_row);
      INSERT INTO operation_log (actor, actor_id, request_id, action, operation, entity, entity_id, region_code,
                                 before, after, ip)
      VALUES (hss_actor(), nullif(current_setting('hss.actor_id', true), '')::bigint,
              nullif(current_setting('hss.request_id', true), ''),
              coalesce(nullif(current_setting('hss.action', true), ''), TG_TABLE_NAME || '.' || lower(TG_OP)),
              lower(TG_OP), TG_TABLE_NAME, any_row ->> TG_ARGV[0],
              coalesce(any_row ->> TG_ARGV[1], nullif(current_setting('hss.region', true), '')),
              old_row, new_row, nullif(current_setting('hss.ip', true), ''));
      RETURN NULL;
    END $$`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP FUNCTION IF EXISTS audit_row() CASCADE');
  await knex.raw('DROP FUNCTION IF EXISTS operation_log_verify()');
  await knex.raw('DROP TABLE IF EXISTS operation_log CASCADE');
  await knex.raw('DROP FUNCTION IF EXISTS operation_log_chain() CASCADE');
  await knex.raw('DROP FUNCTION IF EXISTS operation_log_append_only() CASCADE');
  await knex.raw('DROP FUNCTION IF EXISTS set_bookkeeping() CASCADE');
  await knex.raw('DROP FUNCTION IF EXISTS hss_actor()');
  await knex.raw('DROP DOMAIN IF EXISTS region_code');
  await knex.raw('ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON TABLES FROM hss_app');
  await knex.raw('ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON SEQUENCES FROM hss_app');
  await knex.raw('REVOKE ALL ON SCHEMA public FROM hss_app');
  await knex.raw('REVOKE ALL ON spatial_ref_sys FROM hss_app');
  await knex.raw('REVOKE ALL ON knex_migrations FROM hss_app');
  // PostGIS and the cluster-wide role stay: other databases of the cluster may use them.
}
