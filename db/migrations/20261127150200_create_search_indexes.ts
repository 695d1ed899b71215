/**
 * Indexes for the one search box of the map workspace (server/search/) over a million households:
 *
 * - application numbers: exact (the unique index), prefix (text_pattern_ops: the database collation is not "C")
 *   and any part (pg_trgm GIN, e.g. the serial `000123` of `HRB2024-000123`);
 * - ID numbers by their last digits (btree over the reversed number: a tail is a prefix of it);
 * - 户籍地址 by any part, twice: down to the road for everyone who may see households, and with the house
 *   number, building and room for those who may see personal data (a masked reader must not be able to find out
 *   who lives at a door number the masked record withholds);
 * - housing units by any part of the unit number and by room number.
 *
 * The two address functions are what both the indexes and the queries call, so they cannot drift apart.
 */
import type { Knex } from 'knex';

const ROAD_PARTS = ['district', 'street', 'community', 'road'];
const DOOR_PARTS = ['house_no', 'building', 'room'];
const joined = (parts: string[]) => parts.map((part) => `coalesce(${part}, '')`).join(` || ' ' || `);
const argumentsOf = (parts: string[]) => parts.map((part) => `${part} text`).join(', ');

export async function up(knex: Knex): Promise<void> {
  await knex.raw('CREATE EXTENSION IF NOT EXISTS pg_trgm');
  await knex.raw(`
    CREATE FUNCTION household_road_address(${argumentsOf(ROAD_PARTS)}) RETURNS text
      LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT ${joined(ROAD_PARTS)} $$`);
  await knex.raw(`
    CREATE FUNCTION household_full_address(${argumentsOf([...ROAD_PARTS, ...DOOR_PARTS])}) RETURNS text
      LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT ${joined([...ROAD_PARTS, ...DOOR_PARTS])} $$`);
  const road = ROAD_PARTS.map((part) => `hukou_${part}`).join(', ');
  const door = DOOR_PARTS.map((part) => `hukou_${part}`).join(', ');
  await knex.raw(
    'CREATE INDEX households_application_no_prefix ON households (application_no text_pattern_ops)',
  );
  await knex.raw(
    'CREATE INDEX households_application_no_trgm ON households USING gin (application_no gin_trgm_ops)',
  );
  await knex.raw(
    'CREATE INDEX households_id_number_tail ON households (reverse(id_number) text_pattern_ops)',
  );
  await knex.raw(
    `CREATE INDEX households_road_address_trgm ON households
       USING gin (household_road_address(${road}) gin_trgm_ops)`,
  );
  await knex.raw(
    `CREATE INDEX households_full_address_trgm ON households
       USING gin (household_full_address(${road}, ${door}) gin_trgm_ops)`,
  );
  await knex.raw('CREATE INDEX housing_units_unit_no_trgm ON housing_units USING gin (unit_no gin_trgm_ops)');
  await knex.raw('CREATE INDEX housing_units_room_no ON housing_units (room_no)');
}

export async function down(knex: Knex): Promise<void> {
  for (const index of [
    'housing_units_room_no',
    'housing_units_unit_no_trgm',
    'households_full_address_trgm',
    'households_road_address_trgm',
    'households_id_number_tail',
    'households_application_no_trgm',
    'households_application_no_prefix',
  ])
    await knex.raw(`DROP INDEX ${index}`);
  await knex.raw('DROP FUNCTION household_full_address(text, text, text, text, text, text, text)');
  await knex.raw('DROP FUNCTION household_road_address(text, text, text, text)');
  // pg_trgm stays: other objects may have come to depend on it.
}
