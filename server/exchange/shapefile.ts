/**
 * A zipped Shapefile of polygons: geometry (.shp/.shx) from @mapbox/shp-write's low-level writer, attributes in
 * UTF-8 from our own DBF writer (with a .cpg saying so), and a .prj for CGCS2000 longitude/latitude (EPSG:4490)
 * in the Esri form ArcGIS writes and GDAL/QGIS recognise.
 */
import { zipSync } from 'fflate';
import { write as writeShapes } from '@mapbox/shp-write';
import { writeDbf, type DbfColumn, type Encode } from './dbf.ts';
import { orient, type Polygonal } from './rings.ts';

export const CGCS2000_PRJ =
  'GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",' +
  'SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]';

export interface ShapeRecord {
  geometry: Polygonal;
  attributes: Record<string, unknown>;
}

const bytesOf = (view: DataView) => new Uint8Array(view.buffer, view.byteOffset, view.byteLength);

export interface ShapefileOptions {
  /** The .prj; CGCS2000 longitude/latitude unless given, none when null. */
  prj?: string | null;
  /** Attribute encoding and the .cpg naming it; UTF-8 unless given. */
  encoding?: { encode: Encode; cpg: string };
  /** The DBF's date of last update and the zip entries' time; now unless given (fixtures pin it). */
  date?: Date;
}

/** `layer`.shp/.shx/.dbf/.prj/.cpg in one zip. */
export function zipShapefile(
  layer: string,
  columns: DbfColumn[],
  records: ShapeRecord[],
  options: ShapefileOptions = {},
): Uint8Array {
  const { prj = CGCS2000_PRJ, encoding, date = new Date() } = options;
  // Shapefile polygons: outer rings clockwise, holes counter-clockwise (ESRI Shapefile Technical Description).
  const geometries = records.map((r) => {
    const clockwise = orient(r.geometry, 'cw');
    return clockwise.type === 'Polygon' ? [clockwise.coordinates] : clockwise.coordinates;
  });
  let shapes: { shp: DataView; shx: DataView } | undefined;
  writeShapes([], 'POLYGON', geometries, (err: unknown, files: { shp: DataView; shx: DataView }) => {
    if (err) throw err instanceof Error ? err : new Error(`shp-write: ${JSON.stringify(err)}`);
    shapes = files;
  });
  const text = (value: string) => new TextEncoder().encode(value);
  return zipSync(
    {
      [`${layer}.shp`]: bytesOf(shapes!.shp),
      [`${layer}.shx`]: bytesOf(shapes!.shx),
      [`${layer}.dbf`]: writeDbf(
        columns,
        records.map((r) => r.attributes),
        encoding?.encode,
        date,
      ),
      ...(prj === null ? {} : { [`${layer}.prj`]: text(prj) }),
      [`${layer}.cpg`]: text(encoding?.cpg ?? 'UTF-8'),
    },
    { mtime: date },
  );
}
