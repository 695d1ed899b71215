/**
 * The lottery's append-only tables refuse TRUNCATE only when there is something to lose: a TRUNCATE … CASCADE of
 * households (test clean-ups of a fresh database) reaches the empty roster and result tables through their foreign
 * keys, and truncating an empty table removes no draw. Rows, once written, still can never be removed.
 */
import type { Knex } from 'knex';

const GUARD = (emptyOk: boolean) => `
CREATE OR REPLACE FUNCTION lottery_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE has_rows boolean;
BEGIN
  IF ${emptyOk ? "TG_OP = 'TRUNCATE'" : 'false'} THEN
    EXECUTE format('SELECT EXISTS (SELECT 1 FROM %I)', TG_TABLE_NAME) INTO has_rows;
    IF NOT has_rows THEN RETURN NULL; END IF;
  END IF;
  RAISE EXCEPTION USING ERRCODE = 'HS409', MESSAGE = format('lottery_immutable: %s is append-only', TG_TABLE_NAME);
END $$`;

export async function up(knex: Knex): Promise<void> {
  await knex.raw(GUARD(true));
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(GUARD(false));
}
