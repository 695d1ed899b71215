/** SQL for the electronic archive (A.3.15): the rows only; the bytes live in the content-addressed directory. */
import type { Db, Tx } from '../db/knex.ts';
import { scoped, type Scope } from '../access/scope.ts';
import type { Owner } from './application-store.ts';

type Conn = Db | Tx;

export const ARCHIVE_COLUMNS = [
  'id',
  'household_id',
  'application_no',
  'archive_type',
  'handling_stage',
  'name',
  'content_sha256',
  'media_type',
  'size_bytes',
  'registered_at',
  'created_by',
] as const;

export interface ArchiveRow {
  id: number;
  household_id: number;
  application_no: string;
  archive_type: string;
  handling_stage: string | null;
  name: string;
  content_sha256: string;
  media_type: string;
  size_bytes: number;
  registered_at: Date;
  created_by: string;
}

export async function insertArchive(
  trx: Tx,
  owner: Owner,
  file: Pick<
    ArchiveRow,
    'archive_type' | 'handling_stage' | 'name' | 'content_sha256' | 'media_type' | 'size_bytes'
  >,
): Promise<number> {
  const [row] = await trx('archive_files')
    .insert({ ...file, ...owner })
    .returning<{ id: number }[]>('id');
  return row!.id;
}

/** A household's archive, oldest first; callers found the household in scope first. */
export async function listArchive(conn: Conn, householdId: number): Promise<ArchiveRow[]> {
  return conn<ArchiveRow>('archive_files')
    .where({ household_id: householdId })
    .orderBy('id')
    .select(ARCHIVE_COLUMNS);
}

/** One archive file in scope: its row carries its household's region (kept equal by the foreign key). */
export async function findArchive(conn: Conn, scope: Scope, id: number): Promise<ArchiveRow | undefined> {
  const row: unknown = await scoped(conn('archive_files'), scope).where({ id }).first(ARCHIVE_COLUMNS);
  return row as ArchiveRow | undefined;
}
