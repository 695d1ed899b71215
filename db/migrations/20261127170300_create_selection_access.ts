/**
 * Online unit selection (CJJ/T 196 10.2.1, A.7.2 网上选房), what the spine migration (20261127170000) leaves to
 * the selection subsystem:
 * - `selection_access`: the selection code (选房码) of each turn, printed on the household's notice. Only a salted
 *   scrypt hash is kept; wrong codes are counted and lock the code for a while (an 8-digit code must not be
 *   guessable online). A login issues an opaque applicant token whose SHA-256 is kept here (revocable, short-lived,
 *   valid for that household in that session only).
 * - `selection_turns.queue_pos`: the place in the queue. A turn that timed out is put back (顺延) a few places
 *   further on, so the queue is not the order number alone; numeric so a turn can be put between two others.
 * - `selection_sessions.paused_remaining_ms`: the time the household at turn had left when the session was paused
 *   (the deadline is frozen; resuming gives it back).
 */
import type { Knex } from 'knex';
import { addBookkeeping, addColumns, commentTable, enableAudit } from '../helpers.ts';

export async function up(knex: Knex): Promise<void> {
  await knex.raw('CREATE TABLE selection_access (id bigserial PRIMARY KEY)');
  await addColumns(knex, 'selection_access', [
    ['session_id', 'bigint NOT NULL REFERENCES selection_sessions(id)', '选房场次'],
    ['turn_id', 'bigint NOT NULL UNIQUE REFERENCES selection_turns(id)', '选房轮次（一户一码）'],
    ['household_id', 'bigint NOT NULL REFERENCES households(id)', '申请家庭'],
    ['code_hash', 'text NOT NULL', '选房码的加盐哈希（scrypt$N$r$p$salt$hash；明码只在签发时返回一次）'],
    ['issued_at', 'timestamptz NOT NULL DEFAULT now()', '签发时间'],
    ['failed_attempts', 'smallint NOT NULL DEFAULT 0 CHECK (failed_attempts >= 0)', '连续输错次数'],
    ['locked_until', 'timestamptz', '锁定至（连续输错过多时）'],
    ['token_hash', 'text UNIQUE', '当前登录凭证的 SHA-256（凭证只在登录时以 Cookie 下发）'],
    ['token_expires_at', 'timestamptz', '登录凭证失效时间'],
    ['last_login_at', 'timestamptz', '最近登录时间'],
    ['region_code', 'region_code NOT NULL REFERENCES regions(code)', '行政区划代码（随申请家庭）'],
  ]);
  await knex.raw(`ALTER TABLE selection_access
    ADD CONSTRAINT selection_access_once UNIQUE (session_id, household_id),
    ADD CONSTRAINT selection_access_token CHECK ((token_hash IS NULL) = (token_expires_at IS NULL))`);
  await knex.raw('CREATE INDEX selection_access_region ON selection_access (region_code)');
  await addBookkeeping(knex, 'selection_access');
  await enableAudit(knex, 'selection_access', { exclude: ['code_hash', 'token_hash'] });
  await commentTable(knex, 'selection_access', '选房码与申请人登录（网上选房）');

  await knex.raw(`ALTER TABLE selection_turns ADD COLUMN queue_pos numeric`);
  await knex.raw(`UPDATE selection_turns SET queue_pos = order_no`);
  await knex.raw(`ALTER TABLE selection_turns ALTER COLUMN queue_pos SET NOT NULL`);
  await knex.raw(
    `COMMENT ON COLUMN selection_turns.queue_pos IS '排队位置（初为配给顺序号；超时顺延后移到其后若干户之后）'`,
  );
  await knex.raw(
    `CREATE INDEX selection_turns_queue ON selection_turns (session_id, queue_pos) WHERE status IN ('waiting', 'skipped')`,
  );
  await knex.raw(`ALTER TABLE selection_sessions
    ADD COLUMN paused_remaining_ms integer CHECK (paused_remaining_ms >= 0)`);
  await knex.raw(
    `COMMENT ON COLUMN selection_sessions.paused_remaining_ms IS '暂停时当前轮次剩余时间（毫秒；恢复时归还）'`,
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE IF EXISTS selection_access CASCADE');
  await knex.raw('ALTER TABLE selection_turns DROP COLUMN IF EXISTS queue_pos');
  await knex.raw('ALTER TABLE selection_sessions DROP COLUMN IF EXISTS paused_remaining_ms');
}
