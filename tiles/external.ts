/**
 * The external raster basemap a deployment may configure (server/config.ts `basemap`): 天地图 (vector map and
 * its annotation layer, Web Mercator in CGCS2000 ≈ WGS84), OpenStreetMap, or any XYZ template in WGS84 or
 * GCJ-02. What the style draws under the project's layers, and which hosts the Content-Security-Policy admits.
 * GCJ-02 tiles go through the client's `gcj02://` protocol (client/src/lib/map/gcj02Protocol.ts), which warps
 * them onto WGS84 tiles, so the project's CGCS2000 data stays where it is.
 */
import type { BasemapConfig } from '../server/config.ts';

export interface RasterSource {
  id: string;
  tiles: string[];
  attribution?: string;
  maxzoom: number;
}

export interface ExternalBasemap {
  /** Basemap id in the style's metadata (the client's basemap switch). */
  id: string;
  label: { zh: string; en: string };
  crs: 'wgs84' | 'gcj02';
  sources: RasterSource[];
  /** Origins the browser fetches tiles from (`https://host[:port]`). */
  origins: string[];
}

const TIANDITU = (layer: 'vec' | 'cva', key: string) =>
  `https://t{0-7}.tianditu.gov.cn/${layer}_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=${layer}` +
  `&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=${encodeURIComponent(key)}`;
const OSM = 'https://tile.openstreetmap.org/{z}/{x}/{y}.png';

/** Expands the first `{a-c}` or `{0-7}` of a template into one URL per host (MapLibre spreads tiles over them). */
export function expandHosts(template: string): string[] {
  const match = /\{([a-z0-9])-([a-z0-9])\}/.exec(template);
  if (!match) return [template];
  const [from, to] = [match[1]!.charCodeAt(0), match[2]!.charCodeAt(0)];
  if (to < from || to - from > 16) return [template];
  return Array.from({ length: to - from + 1 }, (_, i) =>
    template.replace(match[0], String.fromCharCode(from + i)),
  );
}

const originOf = (url: string) => new URL(url.replace(/\{[^}]*\}/g, '0')).origin;

export function externalBasemap(config: BasemapConfig): ExternalBasemap | undefined {
  const raster = (
    id: string,
    template: string,
    attribution: string | undefined,
    maxzoom = 18,
  ): RasterSource => ({
    id,
    tiles: expandHosts(template),
    attribution,
    maxzoom,
  });
  let basemap: Omit<ExternalBasemap, 'origins'>;
  switch (config.provider) {
    case 'none':
      return undefined;
    case 'tianditu': {
      const key = config.tiandituKey ?? '';
      const attribution = config.attribution ?? '© 天地图 国家地理信息公共服务平台';
      basemap = {
        id: 'tianditu',
        label: { zh: '天地图', en: 'Tianditu' },
        crs: 'wgs84',
        sources: [
          raster('basemap-raster', TIANDITU('vec', key), attribution),
          raster('basemap-labels', TIANDITU('cva', key), undefined),
        ],
      };
      break;
    }
    case 'osm':
      basemap = {
        id: 'osm',
        label: { zh: 'OpenStreetMap', en: 'OpenStreetMap' },
        crs: config.crs,
        sources: [
          raster(
            'basemap-raster',
            config.url ?? OSM,
            config.attribution ?? '© OpenStreetMap contributors',
            19,
          ),
        ],
      };
      break;
    case 'xyz':
      basemap = {
        id: 'xyz',
        label: { zh: '在线底图', en: 'Online basemap' },
        crs: config.crs,
        sources: [raster('basemap-raster', config.url ?? '', config.attribution)],
      };
      break;
  }
  const origins = [...new Set(basemap.sources.flatMap((source) => source.tiles.map(originOf)))];
  if (basemap.crs === 'gcj02') {
    // The style names the WGS84 tile; the client's protocol fetches and warps the GCJ-02 ones it covers.
    basemap.sources = basemap.sources.map((source) => ({
      ...source,
      tiles: [`gcj02://{z}/{x}/{y}?tiles=${encodeURIComponent(JSON.stringify(source.tiles))}`],
    }));
  }
  return { ...basemap, origins };
}
