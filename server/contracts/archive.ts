/**
 * 配给合同电子档案 (A.7.4): the signed scans of a contract. Stored like the admission archive (A.3.15), through its
 * functions (server/admission/archive.ts): the type is read from the content (PDF, JPEG, PNG), the bytes go to
 * the content-addressed directory under their SHA-256, and the row names them.
 */
import { createReadStream, type ReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Db, Tx } from '../db/knex.ts';
import { scoped, type Scope } from '../access/scope.ts';
import type { Config } from '../config.ts';
import { notFound, unsupportedMediaType } from '../http/errors.ts';
import { payloadTooLarge } from '../http/upload.ts';
import { archivePath, detectMediaType, storeBytes } from '../admission/archive.ts';
import { CONTRACT_LABEL } from './service.ts';
import * as store from './store.ts';

type Conn = Db | Tx;

export interface ContractArchiveRow {
  id: number;
  archive_no: string;
  contract_id: number;
  contract_no: string;
  application_no: string;
  name: string;
  description: string | null;
  content_sha256: string;
  media_type: string;
  size_bytes: number;
  region_code: string;
  created_at: Date;
  created_by: string;
}

const archivesIn = (conn: Conn, scope: Scope) => scoped(conn('contract_archives'), scope);

/** Files a scan to a contract's archive: in scope (404), within the limit (413), PDF/JPEG/PNG by content (415). */
export async function addContractArchive(
  trx: Tx,
  scope: Scope,
  archive: Config['archive'],
  contractId: number,
  file: { name: string; description: string },
  bytes: Buffer,
): Promise<ContractArchiveRow> {
  const contract = await store.findContract(trx, scope, contractId);
  if (!contract) throw notFound(CONTRACT_LABEL);
  if (bytes.length > archive.maxBytes) throw payloadTooLarge(archive.maxBytes);
  const mediaType = detectMediaType(bytes);
  if (!mediaType)
    throw unsupportedMediaType(
      `文件“${file.name}”的内容不是 PDF、JPEG 或 PNG：类型按文件内容识别，与扩展名无关`,
    );
  const sha256 = await storeBytes(archive.dir, bytes);
  const [row] = await trx('contract_archives')
    .insert({
      contract_id: contract.id,
      contract_no: contract.contract_no,
      application_no: contract.application_no,
      name: file.name,
      description: file.description,
      content_sha256: sha256,
      media_type: mediaType,
      size_bytes: bytes.length,
      region_code: contract.region_code,
    })
    .returning<ContractArchiveRow[]>('*');
  return row!;
}

/** A contract's archive, oldest first (404 for a contract outside the scope). */
export async function listContractArchive(conn: Conn, scope: Scope, contractId: number) {
  const contract = await store.findContract(conn, scope, contractId);
  if (!contract) throw notFound(CONTRACT_LABEL);
  return (await archivesIn(conn, scope)
    .where({ contract_id: contractId })
    .orderBy('id')
    .select('*')) as ContractArchiveRow[];
}

/** One archive file in scope and a stream of its bytes (404 outside the scope or when the bytes are missing). */
export async function openContractArchive(
  conn: Conn,
  scope: Scope,
  dir: string,
  id: number,
): Promise<{ row: ContractArchiveRow; stream: ReadStream }> {
  const row = (await archivesIn(conn, scope).where({ id }).first('*')) as ContractArchiveRow | undefined;
  if (!row) throw notFound('合同电子档案');
  const path = archivePath(dir, row.content_sha256);
  const present = await stat(path).then(
    () => true,
    () => false,
  );
  if (!present) throw notFound('合同电子档案文件');
  return { row, stream: createReadStream(path) };
}
