/**
 * The electronic archive (6.1.3 电子档案, A.3.15): scans of ID cards, household registers and income proofs.
 * The type is read from the content (magic bytes), never from the name or the declared Content-Type — a PNG named
 * `.pdf` is stored as PNG, a text file named `.pdf` is refused — so what the browser later shows inline is what
 * was checked. Bytes are stored outside the database in a content-addressed directory (`<dir>/ab/cd/<sha256>`):
 * rows stay small, identical scans are stored once, and the name proves the content.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, type ReadStream } from 'node:fs';
import { mkdir, rename, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Db, Tx } from '../db/knex.ts';
import type { Scope } from '../access/scope.ts';
import type { Config } from '../config.ts';
import { notFound, unsupportedMediaType } from '../http/errors.ts';
import { payloadTooLarge } from '../http/upload.ts';
import { assertCodes } from '../dictionaries/service.ts';
import { findHousehold } from './store.ts';
import { HOUSEHOLD_LABEL } from './service.ts';
import { ownerOf } from './application-store.ts';
import { stageOf } from './stage-store.ts';
import { findArchive, insertArchive, type ArchiveRow } from './archive-store.ts';

export const ARCHIVE_MEDIA_TYPES = ['application/pdf', 'image/jpeg', 'image/png'] as const;
export type ArchiveMediaType = (typeof ARCHIVE_MEDIA_TYPES)[number];

const SIGNATURES: readonly [ArchiveMediaType, Buffer][] = [
  ['application/pdf', Buffer.from('%PDF-', 'latin1')],
  ['image/jpeg', Buffer.from([0xff, 0xd8, 0xff])],
  ['image/png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])],
];

/** The media type the bytes begin with, if it is one the archive takes. */
export function detectMediaType(bytes: Buffer): ArchiveMediaType | undefined {
  return SIGNATURES.find(([, magic]) => bytes.subarray(0, magic.length).equals(magic))?.[0];
}

/** Where a content lives: two levels of fan-out keep directories small. */
export function archivePath(dir: string, sha256: string): string {
  return join(resolve(dir), sha256.slice(0, 2), sha256.slice(2, 4), sha256);
}

/**
 * Writes the bytes under their SHA-256 (once: the same content is the same file). Written to a temporary name
 * and renamed, so a reader never sees half a file. A transaction rolled back after this leaves an unreferenced
 * file, which is harmless: it is only reachable through a row.
 */
export async function storeBytes(dir: string, bytes: Buffer): Promise<string> {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const path = archivePath(dir, sha256);
  const exists = await stat(path).then(
    (s) => s.size === bytes.length,
    () => false,
  );
  if (!exists) {
    await mkdir(dirname(path), { recursive: true });
    const temporary = `${path}.${randomBytes(6).toString('hex')}.part`;
    await writeFile(temporary, bytes, { flag: 'wx' });
    await rename(temporary, path);
  }
  return sha256;
}

/** Files one scan to a household's archive: in scope (404), within the limit (413), PDF/JPEG/PNG by content (415). */
export async function addArchiveFile(
  trx: Tx,
  scope: Scope,
  archive: Config['archive'],
  householdId: number,
  file: { type: string; name: string },
  bytes: Buffer,
): Promise<number> {
  const household = await findHousehold(trx, scope, householdId);
  if (!household) throw notFound(HOUSEHOLD_LABEL);
  if (bytes.length > archive.maxBytes) throw payloadTooLarge(archive.maxBytes);
  const mediaType = detectMediaType(bytes);
  if (!mediaType)
    throw unsupportedMediaType(
      `文件“${file.name}”的内容不是 PDF、JPEG 或 PNG：类型按文件内容识别，与扩展名和声明的类型无关`,
    );
  await assertCodes(trx, [{ path: 'query.type', dictionary: 'archive_type', code: file.type }]);
  const { stage } = await stageOf(trx, householdId);
  const sha256 = await storeBytes(archive.dir, bytes);
  return insertArchive(trx, ownerOf(household), {
    archive_type: file.type,
    handling_stage: stage,
    name: file.name,
    content_sha256: sha256,
    media_type: mediaType,
    size_bytes: bytes.length,
  });
}

/** An archive file in scope (404 outside it or when its bytes are missing) and a stream of its bytes. */
export async function openArchiveFile(
  conn: Db | Tx,
  scope: Scope,
  dir: string,
  id: number,
): Promise<{ row: ArchiveRow; stream: ReadStream }> {
  const row = await findArchive(conn, scope, id);
  if (!row) throw notFound('电子档案');
  const path = archivePath(dir, row.content_sha256);
  const present = await stat(path).then(
    () => true,
    () => false,
  );
  if (!present) throw notFound('电子档案文件');
  return { row, stream: createReadStream(path) };
}
