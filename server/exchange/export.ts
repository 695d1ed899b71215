/**
 * Exporting a target's records as the list would show them (same filters, same region scope, same presenter):
 * GeoJSON (RFC 7946: longitude/latitude, outer rings counter-clockwise, no `crs`), CSV for Excel with the
 * Appendix A field names as headers and the geometry as WKT, or a zipped Shapefile with the short field names.
 */
import type { Db } from '../db/knex.ts';
import { regionPrefix, type Scope } from '../access/scope.ts';
import { badRequest } from '../http/errors.ts';
import type { FeatureFilter, Row } from '../spatial/feature-routes.ts';
import { EXTRA_ALIASES } from './aliases.ts';
import { writeCsv, type CsvColumn } from './csv.ts';
import type { DbfColumn } from './dbf.ts';
import type { FieldKind } from './fields.ts';
import { orient, toWkt, type Polygonal } from './rings.ts';
import { zipShapefile } from './shapefile.ts';
import { exchangeRecords } from './store.ts';
import type { ExchangeTarget } from './targets.ts';

export const EXPORT_FORMATS = ['geojson', 'csv', 'shp'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Rows per export; more is a sign the filter is missing (and a city's reserve is far smaller). */
export const MAX_EXPORT_ROWS = 50_000;

export interface ExportFile {
  body: Buffer;
  contentType: string;
  /** ASCII name and its Chinese form, with the extension. */
  fileName: { ascii: string; zh: string };
}

/** Columns after the target's own fields, in every tabular format. */
const EXTRA_FIELDS: { key: keyof typeof EXTRA_ALIASES; label: string; kind: FieldKind }[] = [
  { key: 'region_name', label: '行政区划名称', kind: 'text' },
  { key: 'area_m2', label: '图形面积（平方米）', kind: 'number' },
  { key: 'area_mu', label: '图形面积（亩）', kind: 'number' },
];
const BOOKKEEPING = [
  { key: 'created_at', label: '增加时间' },
  { key: 'created_by', label: '增加人' },
  { key: 'updated_at', label: '最后更新时间' },
  { key: 'updated_by', label: '最后更新人' },
];

const field = (key: string, header: string): CsvColumn<Row> => ({ header, value: (row) => row[key] });

function geoJson(target: ExchangeTarget, items: Row[]): string {
  return JSON.stringify({
    type: 'FeatureCollection',
    name: target.fileName.ascii,
    features: items.map(({ geometry, ...properties }) => ({
      type: 'Feature',
      id: properties.id,
      geometry: geometry ? orient(geometry as Polygonal, 'ccw') : null,
      properties,
    })),
  });
}

async function csv(db: Db, scope: Scope, target: ExchangeTarget, items: Row[]): Promise<string> {
  const own = target.fields.specs.map((spec) => field(spec.key, spec.label));
  let columns = own;
  let rows = items;
  if (target.exchangeView) {
    // The full exchange record (A.5.1: stored, counted and summed fields) in the standard's order.
    const { columns: view, records } = await exchangeRecords(db, scope, target.exchangeView, items);
    const inView = new Set(view.map((c) => c.key));
    columns = [
      ...view.map((c) => field(c.key, c.label)),
      ...own.filter((_, i) => !inView.has(target.fields.specs[i]!.key)),
    ];
    rows = items.map((item, i) => ({ ...records[i], ...item }));
  }
  return writeCsv(
    [
      ...columns,
      ...EXTRA_FIELDS.map((f) => field(f.key, f.label)),
      ...BOOKKEEPING.map((f) => field(f.key, f.label)),
      {
        header: '几何图形（WKT，CGCS2000 经纬度）',
        value: (row) => (row.geometry ? toWkt(row.geometry as Polygonal) : null),
      },
    ],
    rows,
  );
}

function shapefile(target: ExchangeTarget, items: Row[]): Uint8Array {
  const dbfKind = (kind: FieldKind): DbfColumn['kind'] =>
    kind === 'integer' || kind === 'number' || kind === 'other'
      ? 'number'
      : kind === 'date' || kind === 'boolean'
        ? kind
        : 'text';
  const columns = [
    ...target.fields.specs.map((spec) => ({ key: spec.key, name: spec.alias, kind: dbfKind(spec.kind) })),
    ...EXTRA_FIELDS.map((f) => ({
      key: f.key,
      name: EXTRA_ALIASES[f.key],
      kind: dbfKind(f.kind),
    })),
  ];
  // A Shapefile record needs a shape: records without a geometry are in the GeoJSON and CSV exports only.
  const records = items
    .filter((item) => item.geometry)
    .map((item) => ({
      geometry: item.geometry as Polygonal,
      attributes: Object.fromEntries(columns.map((c) => [c.name, item[c.key]])),
    }));
  return zipShapefile(target.fileName.ascii, columns, records);
}

function fileName(target: ExchangeTarget, scope: Scope, filter: FeatureFilter, extension: string) {
  const region = filter.region ? regionPrefix(filter.region) : scope.regionPrefix;
  const day = new Date().toISOString().slice(0, 10).replace(/-/g, '');
  return {
    ascii: `${target.fileName.ascii}_${region}_${day}.${extension}`,
    zh: `${target.fileName.zh}_${region}_${day}.${extension}`,
  };
}

export async function exportFeatures(
  db: Db,
  scope: Scope,
  target: ExchangeTarget,
  filter: Omit<FeatureFilter, 'page' | 'page_size'>,
  format: ExportFormat,
): Promise<ExportFile> {
  const paged = { ...filter, page: 1, page_size: MAX_EXPORT_ROWS };
  const { rows, total } = await target.resource.list(db, scope, paged);
  if (total > MAX_EXPORT_ROWS)
    throw badRequest(
      `符合条件的记录有 ${total} 条，超过单次导出上限 ${MAX_EXPORT_ROWS} 条：请按区划或范围分批导出`,
    );
  const items = rows.map((row) => target.resource.present(row, scope));
  switch (format) {
    case 'geojson':
      return {
        body: Buffer.from(geoJson(target, items)),
        contentType: 'application/geo+json; charset=utf-8',
        fileName: fileName(target, scope, paged, 'geojson'),
      };
    case 'csv':
      return {
        body: Buffer.from(await csv(db, scope, target, items)),
        contentType: 'text/csv; charset=utf-8',
        fileName: fileName(target, scope, paged, 'csv'),
      };
    case 'shp': {
      const zip = shapefile(target, items);
      return {
        body: Buffer.from(zip.buffer, zip.byteOffset, zip.byteLength),
        contentType: 'application/zip',
        fileName: fileName(target, scope, paged, 'zip'),
      };
    }
  }
}
