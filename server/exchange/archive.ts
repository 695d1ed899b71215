/**
 * A zipped Shapefile: find the one layer in the zip (.shp + .dbf, with .prj and .cpg when present), choose the
 * attribute encoding and read the features. Chinese attribute text is often GBK: the .cpg decides, then the DBF's
 * language driver byte (0x4D = code page 936), then UTF-8 when the bytes are valid UTF-8, else GBK.
 */
import { isUtf8 } from 'node:buffer';
import { unzipSync, type UnzipFileInfo } from 'fflate';
import { read as readShapefile } from 'shapefile';
import { badFile } from './errors.ts';
import type { SourceFeature } from './source.ts';

/** Decompressed size we accept for the files we read (a guard against zip bombs). */
const MAX_UNZIPPED = 256 * 1024 * 1024;
const WANTED = /\.(shp|dbf|prj|cpg)$/i;

export interface ShapefileLayer {
  /** Base name inside the zip, e.g. `parcels` or `data/parcels`. */
  name: string;
  shp: Uint8Array;
  dbf: Uint8Array;
  prj?: string;
  cpg?: string;
}

export const isZip = (bytes: Uint8Array) =>
  bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;

function unzip(bytes: Uint8Array): Record<string, Uint8Array> {
  let total = 0;
  const keep = (file: UnzipFileInfo) => {
    const wanted = WANTED.test(file.name) && !/(^|\/)(__MACOSX\/|\._)/.test(file.name);
    if (wanted) total += file.originalSize;
    if (total > MAX_UNZIPPED) throw badFile('压缩包解压后过大');
    return wanted;
  };
  try {
    return unzipSync(bytes, { filter: keep });
  } catch (err) {
    if ((err as { status?: number }).status === 400) throw err;
    throw badFile(`ZIP 文件已损坏或无法解压：${(err as Error).message}`);
  }
}

/** The single Shapefile layer of a zip; 400 naming what is missing. */
export function shapefileLayer(bytes: Uint8Array): ShapefileLayer {
  const files = unzip(bytes);
  const byKey = new Map(Object.entries(files).map(([name, data]) => [name.toLowerCase(), { name, data }]));
  const shps = [...byKey.values()].filter((f) => /\.shp$/i.test(f.name));
  if (shps.length === 0) throw badFile('压缩包中没有 .shp 文件');
  if (shps.length > 1)
    throw badFile(`压缩包中有多个图层（${shps.map((f) => f.name).join('、')}），一次只能导入一个`);
  const base = shps[0]!.name.slice(0, -4);
  const part = (ext: string) => byKey.get(`${base}.${ext}`.toLowerCase());
  const dbf = part('dbf');
  if (!dbf) throw badFile(`缺少属性文件 ${base}.dbf`, `${base}.dbf`);
  const text = (ext: string) => {
    const found = part(ext);
    return found ? new TextDecoder().decode(found.data).trim() : undefined;
  };
  return { name: base, shp: shps[0]!.data, dbf: dbf.data, prj: text('prj'), cpg: text('cpg') };
}

/** TextDecoder label for a .cpg's content (ArcGIS writes code page numbers, QGIS/GDAL names). */
function cpgEncoding(cpg: string, file: string): string {
  const label = cpg
    .trim()
    .toLowerCase()
    .replace(/^ansi\s*/, '');
  if (/^(utf-?8|65001)$/.test(label)) return 'utf-8';
  if (/^(cp)?936$|^gbk$|^gb2312$|^gb18030$/.test(label)) return 'gbk';
  const withCodePage = /^\d+$/.test(label) ? `windows-${label}` : label;
  try {
    return new TextDecoder(withCodePage).encoding;
  } catch {
    throw badFile(`${file} 指定的字符编码 "${cpg}" 不受支持`, file);
  }
}

/** Field names and records of a DBF: the bytes that carry text (the header's numbers would fail a UTF-8 check). */
function dbfText(dbf: Uint8Array): Uint8Array[] {
  if (dbf.length < 32) return [];
  const view = new DataView(dbf.buffer, dbf.byteOffset, dbf.byteLength);
  const headerLength = view.getUint16(8, true);
  const parts = [dbf.subarray(headerLength)];
  for (let at = 32; at + 32 <= headerLength && dbf[at] !== 0x0d; at += 32) {
    const name = dbf.subarray(at, at + 11);
    const end = name.indexOf(0);
    parts.push(end < 0 ? name : name.subarray(0, end));
  }
  return parts;
}

/** The encoding of the attributes, and how we chose it (for the report). */
export function dbfEncoding(layer: ShapefileLayer): { encoding: string; basis: string } {
  if (layer.cpg) return { encoding: cpgEncoding(layer.cpg, `${layer.name}.cpg`), basis: 'cpg' };
  // dBase language driver id 0x4D: Chinese GBK (code page 936), written by ArcGIS without a .cpg.
  if (layer.dbf[29] === 0x4d) return { encoding: 'gbk', basis: 'dbf-ldid' };
  if (dbfText(layer.dbf).every((part) => isUtf8(part))) return { encoding: 'utf-8', basis: 'utf-8-valid' };
  return { encoding: 'gbk', basis: 'fallback' };
}

/** DBF dates come back as local-midnight Date objects; the API takes `YYYY-MM-DD`. */
function plainValue(value: unknown): unknown {
  if (!(value instanceof Date)) return value;
  if (Number.isNaN(value.getTime())) return null;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${value.getFullYear()}-${pad(value.getMonth() + 1)}-${pad(value.getDate())}`;
}

export async function readShapefileFeatures(
  layer: ShapefileLayer,
  encoding: string,
): Promise<SourceFeature[]> {
  try {
    const collection = await readShapefile(layer.shp.slice(), layer.dbf.slice(), { encoding });
    return collection.features.map((feature) => ({
      geometry: feature.geometry as SourceFeature['geometry'],
      properties: Object.fromEntries(
        Object.entries(feature.properties ?? {}).map(([key, value]) => [key, plainValue(value)]),
      ),
    }));
  } catch (err) {
    throw badFile(`${layer.name}.shp 无法读取：${(err as Error).message}`, `${layer.name}.shp`);
  }
}
