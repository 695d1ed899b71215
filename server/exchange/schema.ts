/** Query parameters and answers of the import and export routes. */
import { z } from 'zod';
import { EXPORT_FORMATS } from './export.ts';

const flag = (description: string) => z.stringbool().default(false).describe(description);

export const importQuery = z.object({
  dry_run: flag('true：只校验并报告将创建和将拒绝的要素，不写入任何数据'),
  partial: flag('true：只导入通过校验的要素；默认有任一要素被拒绝则整批不导入（422）'),
  crs: z
    .string()
    .trim()
    .max(40)
    .optional()
    .describe(
      '文件未声明坐标系时（无 .prj 或 GeoJSON 无 crs）声明之：EPSG:4490、EPSG:4326、GCJ02、BD09，或投影坐标系的 EPSG 代码（如 EPSG:4551）；GCJ02/BD09 也可覆盖经纬度 .prj',
    ),
});
export type ImportQuery = z.infer<typeof importQuery>;

const fieldError = z.object({ path: z.string(), message: z.string() });

export const importReport = z.object({
  dry_run: z.boolean(),
  committed: z.boolean().describe('创建的要素是否已保存'),
  total: z.number().int().describe('文件中的要素数'),
  created: z.array(
    z.object({ index: z.number().int(), id: z.number().int().nullable(), number: z.string().nullable() }),
  ),
  rejected: z.array(
    z.object({ index: z.number().int(), number: z.string().nullable(), errors: z.array(fieldError) }),
  ),
  crs: z.object({
    detected: z.string().describe('文件的坐标系：EPSG 代码、GCJ02 或 BD09'),
    name: z.string(),
    source: z.enum(['prj', 'geojson', 'declared', 'rfc7946']).describe('坐标系从何得知'),
    stored: z.literal('EPSG:4490'),
  }),
  file: z.object({
    format: z.enum(['geojson', 'shapefile']),
    layer: z.string().optional(),
    encoding: z.string().optional(),
    encoding_basis: z.string().optional().describe('编码依据：cpg、dbf-ldid、utf-8-valid、fallback（GBK）'),
  }),
  ignored_fields: z.array(z.string()).describe('未对应任何字段而被忽略的属性名'),
  preview: z
    .object({
      type: z.literal('FeatureCollection'),
      features: z.array(
        z.object({
          type: z.literal('Feature'),
          geometry: z.object({ type: z.string(), coordinates: z.unknown() }),
          properties: z.object({
            index: z.number().int().describe('要素在文件中的序号'),
            number: z.string().nullable().describe('编号'),
            accepted: z.boolean().describe('是否通过校验（将被创建）'),
          }),
        }),
      ),
      truncated: z.boolean().describe('要素过多时只给出前 2000 个'),
    })
    .optional()
    .describe('仅试运行：文件中各要素按入库坐标（CGCS2000 经纬度，≈ WGS84）的图形，供导入前在地图上预览'),
});

/** The list's filters of a target (without paging) and the file format. */
export const exportQueryOf = (listQuery: z.ZodObject) =>
  listQuery.omit({ page: true, page_size: true, format: true }).extend({
    format: z
      .enum(EXPORT_FORMATS)
      .default('geojson')
      .describe(
        'geojson：GeoJSON（RFC 7946）；csv：带 BOM 的 UTF-8 CSV（附录 A 字段名为表头）；shp：ZIP 压缩的 Shapefile',
      ),
  });
