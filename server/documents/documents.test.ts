import { beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { useTestServer, type ApiClient } from '../test/harness.ts';
import { maskPublicIdNumber, maskPublicName } from './mask.ts';
import { DocumentFontMissing, renderPdf } from './pdf.ts';
import { renderRegistrationNotice } from './registration.ts';
import { insertHousehold, pdfText } from './fixtures.ts';

const t = useTestServer();
let approver: ApiClient;

beforeAll(async () => {
  approver = await t.as('hrb_approver');
});

const count = async (table: string) => Number((await t.db(table).count({ n: '*' }).first())!.n);

describe('masking for public documents', () => {
  it('keeps the first and last character of a name and hides the rest behind one asterisk', () => {
    expect(maskPublicName('张三丰')).toBe('张*丰');
    expect(maskPublicName('张三')).toBe('张*');
    expect(maskPublicName('欧阳志明')).toBe('欧*明');
    expect(maskPublicName('买买提·艾力')).toBe('买*力');
    expect(maskPublicName('王')).toBe('*');
    expect(maskPublicName(' 李四 ')).toBe('李*');
  });

  it('keeps the first 6 and last 4 characters of a resident ID number, the last 2 of a short one', () => {
    expect(maskPublicIdNumber('230103198506121234')).toBe('230103********1234');
    expect(maskPublicIdNumber('23010385061212X')).toBe('230103*****212X');
    expect(maskPublicIdNumber('E12345678')).toBe('*******78');
    expect(maskPublicIdNumber('')).toBe('');
  });
});

describe('pdf rendering', () => {
  it('fails with a message naming the missing font', async () => {
    const spec = { title: 'x', number: 'x', addressee: '', paragraphs: [], office: 'x', date: new Date() };
    const error = await renderPdf(spec, { path: '/nonexistent/font.ttc' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DocumentFontMissing);
    expect((error as Error).message).toContain('/nonexistent/font.ttc');
    expect((error as Error).message).toContain('DOCUMENT_FONT');
    const collection = await renderPdf(spec, {
      path: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc',
    }).catch((e: unknown) => e);
    expect((collection as Error).message).toContain('DOCUMENT_FONT_FACE');
  });
});

describe('document templates', () => {
  it('lists the three seeded templates with their placeholders; caseworkers may not read or edit them', async () => {
    const res = await approver.get('/api/documents/templates');
    expect(res.status).toBe(200);
    // The first three; contracts and vouchers (issue 7) follow.
    expect(res.body.templates.map((x: { key: string }) => x.key).slice(0, 3)).toEqual([
      'registration_approved',
      'registration_denied',
      'notice_batch',
    ]);
    const denied = res.body.templates[1];
    expect(denied).toMatchObject({ title: '不予登记通知书', version: 1 });
    expect(denied.placeholders.map((p: { name: string }) => p.name)).toContain('reason');
    const caseworker = await t.as('nangang_caseworker');
    expect((await caseworker.get('/api/documents/templates')).status).toBe(403);
  });

  it('refuses an unknown placeholder at its field, naming it, and writes nothing', async () => {
    const current = (await approver.get('/api/documents/templates/registration_approved')).body;
    const before = [await count('document_template_versions'), await count('operation_log')];
    const res = await approver.request('PUT', '/api/documents/templates/registration_approved', {
      ...edit(current),
      body: '你户{{applicant_nam}}的申请{{reason}}',
    });
    expect(res.status).toBe(400);
    expect(res.body.errors).toHaveLength(1);
    expect(res.body.errors[0].path).toBe('body.body');
    expect(res.body.errors[0].message).toContain('{{applicant_nam}}');
    expect(res.body.errors[0].message).toContain('{{reason}}'); // a denial's placeholder is unknown to an approval
    expect([await count('document_template_versions'), await count('operation_log')]).toEqual(before);
    const prefixed = await approver.request('PUT', '/api/documents/templates/registration_approved', {
      ...edit(current),
      number_prefix: '{{district_name}}住保准字',
    });
    expect(prefixed.body.errors).toEqual([
      { path: 'body.number_prefix', message: '文号前缀不能含占位符（区县名由系统加在前面）' },
    ]);
    const missing = await approver.request('PUT', '/api/documents/templates/registration_approved', {
      body: 'x',
    });
    expect(missing.status).toBe(400);
    expect(missing.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(
      ['body.addressee', 'body.number_prefix', 'body.signature', 'body.title', 'body.version'].sort(),
    );
  });

  it('saves an edit as a new version, keeps the history, refuses a stale edit and previews the text', async () => {
    const current = (await approver.get('/api/documents/templates/registration_denied')).body;
    const res = await approver.request('PUT', '/api/documents/templates/registration_denied', {
      ...edit(current),
      body: `${current.body}\n\n联系电话：0451-86001234。`,
      note: '加联系电话',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.version).toBe(2);
    expect(res.body.updated_by).toBe('hrb_approver');
    const versions = (await approver.get('/api/documents/templates/registration_denied/versions')).body
      .versions;
    expect(versions.map((v: { version: number; note: string }) => [v.version, v.note])).toEqual([
      [2, '加联系电话'],
      [1, '初始版本'],
    ]);
    const stale = await approver.request(
      'PUT',
      '/api/documents/templates/registration_denied',
      edit(current),
    );
    expect(stale.status).toBe(409);
    const district = await t.as('nangang_approver');
    const refused = await district.request('PUT', '/api/documents/templates/registration_denied', {
      ...edit(current),
      version: 2,
    });
    expect(refused.status).toBe(403);
    expect(refused.body.detail).toContain('市级');
    const preview = await approver.request(
      'GET',
      '/api/documents/templates/registration_denied/preview.pdf',
      undefined,
      {
        binary: true,
      },
    );
    expect(preview.status).toBe(200);
    expect(preview.headers.get('content-type')).toBe('application/pdf');
    const text = await pdfText(preview.body);
    expect(text).toContain('不予登记通知书');
    expect(text).toContain('联系电话：0451-86001234');
    expect(text).toContain('哈尔滨市住房保障中心'); // the approver sits at city level: no district in the office
  });
});

describe('registration notices', () => {
  it('renders, records and serves the approval notice with the unmasked name; 404 before it exists', async () => {
    const household = await insertHousehold(t.db, '230103', { applicant_name: '欧阳志明' });
    const reviewer = await t.as('nangang_reviewer');
    const path = `/api/applications/${household.id}/notices/approved.pdf`;
    expect((await reviewer.get(path)).status).toBe(404);
    const document = await t.db.transaction((trx) =>
      renderRegistrationNotice(trx, household.id, 'approved', {
        security_mode: '公共租赁住房实物配租',
        plan_summary: '配给房屋建筑面积50平方米',
      }),
    );
    expect(document.document_no).toMatch(/^南岗区住保准字〔\d{4}〕\d+号$/);
    const res = await reviewer.request('GET', path, undefined, { binary: true });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('cache-control')).toBe('private, no-store');
    const bytes = res.body as Buffer;
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(document.sha256);
    const row = await t.db('generated_documents').where({ id: document.id }).first();
    expect(row).toMatchObject({
      kind: 'registration_approved',
      business_type: 'household',
      business_id: household.id,
      byte_size: bytes.length,
      region_code: household.region_code,
    });
    const listed = await reviewer.get(`/api/applications/${household.id}/documents`);
    expect(listed.body.items).toEqual([
      expect.objectContaining({
        kind: 'registration_approved',
        label: '准予登记通知书',
        document_no: document.document_no,
        sha256: document.sha256,
        url: path,
      }),
    ]);
    const text = await pdfText(bytes);
    for (const expected of [
      '准予登记通知书',
      document.document_no,
      '欧阳志明：',
      household.application_no,
      '保障方式：公共租赁住房实物配租，配给房屋建筑面积50平方米。',
      '哈尔滨市南岗区住房保障中心',
    ])
      expect(text).toContain(expected);
  });

  it('renders the denial with its reason; another district cannot fetch it', async () => {
    const household = await insertHousehold(t.db, '230103', { applicant_name: '李四' });
    await t.db.transaction((trx) =>
      renderRegistrationNotice(trx, household.id, 'denied', { reason: '家庭人均住房建筑面积高于保障标准' }),
    );
    const path = `/api/applications/${household.id}/notices/denied.pdf`;
    const own = await (await t.as('nangang_caseworker')).request('GET', path, undefined, { binary: true });
    const text = await pdfText(own.body);
    expect(text).toContain('不予登记通知书');
    expect(text).toContain('理由：家庭人均住房建筑面积高于保障标准');
    expect(text).toContain('李四：');
    const daoli = await t.as('daoli_caseworker');
    expect((await daoli.get(path)).status).toBe(404);
    expect((await daoli.get(`/api/applications/${household.id}/documents`)).status).toBe(404);
    const unknownKind = await (
      await t.as('nangang_caseworker')
    ).get(`/api/applications/${household.id}/notices/maybe.pdf`);
    expect(unknownKind.status).toBe(404);
  });
});

function edit(current: Record<string, unknown>) {
  const { title, number_prefix, addressee, body, signature, version } = current;
  return { title, number_prefix, addressee, body, signature, version };
}
