import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import PDFDocument from 'pdfkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestServer, type ApiClient } from '../test/harness.ts';
import { applicationBody, communityIn, rowCount } from './application-fixtures.ts';
import { archivePath, detectMediaType } from './archive.ts';

const dir = mkdtempSync(join(tmpdir(), 'hss-archive-'));
const LIMIT = 256 * 1024;
const t = useTestServer({ archive: { dir, maxBytes: LIMIT } });

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);
const JPEG = Buffer.concat([
  Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]),
  Buffer.from('JFIF\0 test scan'),
]);
const TEXT = Buffer.from('这不是 PDF，只是一个改了扩展名的文本文件\n');

function pdf(): Promise<Buffer> {
  return new Promise((resolve) => {
    const doc = new PDFDocument({ size: 'A6' });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.text('ID card scan');
    doc.end();
  });
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

let caseworker: ApiClient;
let householdId: number;

const upload = (client: ApiClient, bytes: Uint8Array, name: string, type: string, id = householdId) =>
  client.request(
    'POST',
    `/api/applications/${id}/archive?type=01&name=${encodeURIComponent(name)}`,
    undefined,
    {
      raw: bytes,
      headers: { 'content-type': type },
    },
  );

afterAll(() => rmSync(dir, { recursive: true, force: true }));

beforeAll(async () => {
  caseworker = await t.as('nangang_caseworker');
  const res = await caseworker.post('/api/applications', applicationBody(await communityIn(t.db, '230103')));
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  householdId = res.body.household.id;
});

describe('detecting the type from the content', () => {
  it('knows PDF, JPEG and PNG by their first bytes and nothing else', async () => {
    expect(detectMediaType(await pdf())).toBe('application/pdf');
    expect(detectMediaType(JPEG)).toBe('image/jpeg');
    expect(detectMediaType(PNG)).toBe('image/png');
    expect(detectMediaType(TEXT)).toBeUndefined();
    expect(detectMediaType(Buffer.alloc(0))).toBeUndefined();
  });
});

describe('the electronic archive', () => {
  it.each([
    ['身份证.pdf', 'application/pdf', pdf],
    ['户口簿.jpg', 'image/jpeg', () => Promise.resolve(JPEG)],
    ['收入证明.png', 'image/png', () => Promise.resolve(PNG)],
  ])(
    'stores %s by its SHA-256 outside the row and serves the same bytes inline',
    async (name, type, make) => {
      const bytes = await make();
      const res = await upload(caseworker, bytes, name, type);
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      expect(res.body).toMatchObject({
        household_id: householdId,
        archive_type: '01',
        name,
        media_type: type,
        size_bytes: bytes.length,
        content_sha256: sha256(bytes),
        handling_stage: 'accept',
        created_by: 'nangang_caseworker',
        url: `/api/archive/${res.body.id}`,
      });
      expect(readFileSync(archivePath(dir, sha256(bytes)))).toEqual(bytes);

      const file = await caseworker.request('GET', res.body.url, undefined, { binary: true });
      expect(file.status).toBe(200);
      expect(file.headers.get('content-type')).toBe(type);
      expect(file.headers.get('x-content-type-options')).toBe('nosniff');
      expect(file.headers.get('content-disposition')).toBe(
        `inline; filename="archive-${res.body.id}"; filename*=UTF-8''${encodeURIComponent(name)}`,
      );
      expect(Buffer.compare(file.body as Buffer, bytes)).toBe(0);
    },
  );

  it('stores a PNG named .pdf as the PNG it is', async () => {
    const res = await upload(caseworker, PNG, '扫描件.pdf', 'application/pdf');
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ name: '扫描件.pdf', media_type: 'image/png' });
    const file = await caseworker.request('GET', res.body.url, undefined, { binary: true });
    expect(file.headers.get('content-type')).toBe('image/png');
  });

  it('refuses a text file named .pdf with 415 and records nothing', async () => {
    const before = await rowCount(t.db, 'archive_files');
    const res = await upload(caseworker, TEXT, 'x.pdf', 'application/pdf');
    expect(res.status).toBe(415);
    expect(res.body.code).toBe('unsupported_media_type');
    expect(res.body.detail).toBe(
      '文件“x.pdf”的内容不是 PDF、JPEG 或 PNG：类型按文件内容识别，与扩展名和声明的类型无关',
    );
    expect(await rowCount(t.db, 'archive_files')).toBe(before);
    expect(existsSync(archivePath(dir, sha256(TEXT)))).toBe(false);
  });

  it('refuses an archive type outside its code list at query.type', async () => {
    const res = await caseworker.request(
      'POST',
      `/api/applications/${householdId}/archive?type=42&name=x.png`,
      undefined,
      {
        raw: PNG,
        headers: { 'content-type': 'image/png' },
      },
    );
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ path: 'query.type', message: '代码 42 不在代码表 archive_type 中' }]);
  });

  it('refuses a file over the configured limit, and one over the route’s, with 413', async () => {
    const before = await rowCount(t.db, 'archive_files');
    const big = Buffer.concat([PNG, Buffer.alloc(LIMIT)]);
    const res = await upload(caseworker, big, 'big.png', 'image/png');
    expect(res.status).toBe(413);
    expect(res.body.code).toBe('payload_too_large');
    const huge = await upload(
      caseworker,
      Buffer.alloc(10 * 1024 * 1024 + 1, 1),
      'huge.pdf',
      'application/pdf',
    );
    expect(huge.status).toBe(413);
    expect(await rowCount(t.db, 'archive_files')).toBe(before);
  });

  it('lists the case’s archive and hides it from another district', async () => {
    const list = await caseworker.get(`/api/applications/${householdId}/archive`);
    expect(list.status).toBe(200);
    expect(list.body.items.map((i: { media_type: string }) => i.media_type)).toEqual([
      'application/pdf',
      'image/jpeg',
      'image/png',
      'image/png',
    ]);
    const daoli = await t.as('daoli_caseworker');
    expect((await daoli.get(`/api/archive/${list.body.items[0].id}`)).status).toBe(404);
    expect((await daoli.get(`/api/applications/${householdId}/archive`)).status).toBe(404);
    expect((await upload(daoli, PNG, 'x.png', 'image/png')).status).toBe(404);
    const caseView = await caseworker.get(`/api/applications/${householdId}`);
    expect(caseView.body.archive).toHaveLength(4);
  });
});
