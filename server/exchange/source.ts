/**
 * An uploaded file as features and a coordinate system: a GeoJSON FeatureCollection (or a single Feature), or a
 * zipped Shapefile — told apart by their bytes, not by the Content-Type a browser guessed.
 */
import { badFile } from './errors.ts';
import { dbfEncoding, isZip, readShapefileFeatures, shapefileLayer } from './archive.ts';
import { crsFromCode, crsFromPrj, reconcileCrs, RFC7946, type ProjectedCrs, type SourceCrs } from './crs.ts';

/** Features per import: each one is validated and written in its own savepoint. */
export const MAX_FEATURES = 10_000;

export interface Geometry {
  type: string;
  coordinates?: unknown;
  [member: string]: unknown;
}

export interface SourceFeature {
  geometry: Geometry | null;
  properties: Record<string, unknown>;
}

export interface ImportSource {
  format: 'geojson' | 'shapefile';
  /** Layer name (Shapefile) for the report. */
  layer?: string;
  /** Attribute encoding (Shapefile) and how it was chosen. */
  encoding?: { name: string; basis: string };
  features: SourceFeature[];
  crs: SourceCrs;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function geoJsonFeatures(document: unknown): SourceFeature[] {
  const features =
    isObject(document) && document.type === 'FeatureCollection' && Array.isArray(document.features)
      ? (document.features as unknown[])
      : isObject(document) && document.type === 'Feature'
        ? [document]
        : undefined;
  if (!features) throw badFile('GeoJSON 须为 FeatureCollection 或 Feature');
  return features.map((feature) => ({
    geometry: isObject(feature) && isObject(feature.geometry) ? (feature.geometry as Geometry) : null,
    properties: isObject(feature) && isObject(feature.properties) ? feature.properties : {},
  }));
}

function readGeoJson(
  bytes: Buffer,
  declared: SourceCrs | undefined,
  candidates: ProjectedCrs[],
): ImportSource {
  let document: unknown;
  try {
    document = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (err) {
    throw badFile(`文件既不是 ZIP 压缩的 Shapefile，也不是合法的 UTF-8 GeoJSON：${(err as Error).message}`);
  }
  const named =
    isObject(document) && isObject(document.crs) && isObject(document.crs.properties)
      ? document.crs.properties.name
      : undefined;
  let fileCrs: SourceCrs | undefined;
  if (typeof named === 'string') {
    fileCrs = crsFromCode(named, 'geojson', candidates);
    if (!fileCrs) throw badFile(`GeoJSON 的坐标系 "${named}" 不受支持`, 'crs');
  }
  return {
    format: 'geojson',
    features: geoJsonFeatures(document),
    crs: reconcileCrs(fileCrs, declared, 'GeoJSON') ?? RFC7946,
  };
}

async function readZippedShapefile(
  bytes: Buffer,
  declared: SourceCrs | undefined,
  candidates: ProjectedCrs[],
): Promise<ImportSource> {
  const layer = shapefileLayer(bytes);
  const prjName = `${layer.name}.prj`;
  const fileCrs = layer.prj === undefined ? undefined : crsFromPrj(layer.prj, prjName, candidates);
  const crs = reconcileCrs(fileCrs, declared, prjName);
  if (!crs)
    throw badFile(
      `缺少坐标系文件 ${prjName}：请在压缩包中附带 .prj，或用 crs 参数声明坐标系（EPSG:4490、EPSG:4326、GCJ02、BD09 或投影坐标系的 EPSG 代码）`,
      prjName,
    );
  const { encoding, basis } = dbfEncoding(layer);
  return {
    format: 'shapefile',
    layer: layer.name,
    encoding: { name: encoding, basis },
    features: await readShapefileFeatures(layer, encoding),
    crs,
  };
}

/** Reads an upload; `declared` is the `crs` query parameter, already resolved. */
export async function readSource(
  bytes: Buffer,
  declared: SourceCrs | undefined,
  candidates: ProjectedCrs[],
): Promise<ImportSource> {
  const source = isZip(bytes)
    ? await readZippedShapefile(bytes, declared, candidates)
    : readGeoJson(bytes, declared, candidates);
  if (source.features.length === 0) throw badFile('文件中没有要素');
  if (source.features.length > MAX_FEATURES)
    throw badFile(`文件有 ${source.features.length} 个要素，一次最多导入 ${MAX_FEATURES} 个：请分批导入`);
  return source;
}
