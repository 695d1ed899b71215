/** Request and response schemas of the document routes. */
import { z } from 'zod';
import { TEMPLATE_KEYS } from './templates.ts';

export const templateKeyParam = z.object({
  key: z.enum(TEMPLATE_KEYS).describe('模板代码'),
});

const templateText = {
  title: z.string().trim().min(1).max(200).describe('文书标题'),
  number_prefix: z.string().trim().min(1).max(40).describe('文号前缀（文号 = 区县名 + 前缀〔年度〕序号号）'),
  addressee: z.string().trim().max(200).describe('主送（称呼；公示可为空）'),
  body: z.string().trim().min(1).max(20000).describe('正文（空行分段）'),
  signature: z.string().trim().min(1).max(200).describe('落款单位'),
};

export const updateTemplateBody = z.object({
  ...templateText,
  version: z.number().int().min(1).describe('修改所依据的版本号（已被他人修改时 409）'),
  note: z.string().trim().max(500).nullish().describe('修改说明'),
});

const template = z.object({
  key: z.enum(TEMPLATE_KEYS),
  name: z.string(),
  ...templateText,
  version: z.number().int(),
  updated_at: z.string(),
  updated_by: z.string(),
  placeholders: z.array(z.object({ name: z.string(), description: z.string() })).describe('可用占位符'),
});

export const templateResponse = template;
export const templateListResponse = z.object({ templates: z.array(template) });
export const templateVersionsResponse = z.object({
  versions: z.array(
    z.object({
      ...templateText,
      version: z.number().int(),
      note: z.string().nullable(),
      created_at: z.string(),
      created_by: z.string(),
    }),
  ),
});

/** A PDF body (OpenAPI: binary). */
export const pdfResponse = z
  .instanceof(Buffer)
  .meta({ type: 'string', format: 'binary', description: 'PDF 文件' });

export const documentList = z.object({
  items: z.array(
    z.object({
      id: z.number().int(),
      kind: z.enum(TEMPLATE_KEYS),
      label: z.string().describe('文书名称'),
      document_no: z.string().describe('文号'),
      template_version: z.number().int().describe('所用模板版本'),
      sha256: z.string(),
      byte_size: z.number().int(),
      created_at: z.string(),
      created_by: z.string(),
      url: z.string().nullable().describe('下载地址（登记通知书）'),
    }),
  ),
});
