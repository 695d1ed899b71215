/**
 * The one way pages make a map: MapLibre over the server's style (`/tiles/style.json`: the project's own
 * basemap and business layers, only those the caller may see; glyphs from the project, Chinese text drawn with
 * local fonts). Pages add their own sources and layers on top.
 */
import 'maplibre-gl/dist/maplibre-gl.css';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import {
  Map as MapLibreMap,
  NavigationControl,
  ScaleControl,
  setWorkerUrl,
  type MapOptions,
} from 'maplibre-gl';

setWorkerUrl(workerUrl);

export const HARBIN: [number, number] = [126.63, 45.75];

/** Chinese glyphs are drawn by the browser from these local fonts (no glyph download for CJK). */
export const LOCAL_CJK_FONTS =
  "'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Source Han Sans SC', sans-serif";

export interface BaseMapOptions extends Partial<Omit<MapOptions, 'container' | 'style'>> {
  /** Style URL; the staff style by default (the portal passes its public one). */
  styleUrl?: string;
}

export async function createBaseMap(
  container: HTMLElement,
  options: BaseMapOptions = {},
): Promise<MapLibreMap> {
  const { styleUrl = '/tiles/style.json', ...rest } = options;
  const map = new MapLibreMap({
    container,
    style: styleUrl,
    center: HARBIN,
    zoom: 10,
    minZoom: 5,
    maxZoom: 19,
    attributionControl: false,
    localIdeographFontFamily: LOCAL_CJK_FONTS,
    dragRotate: false,
    pitchWithRotate: false,
    ...rest,
  });
  map.touchZoomRotate.disableRotation();
  map.addControl(new NavigationControl({ showCompass: false }), 'top-right');
  map.addControl(new ScaleControl({ unit: 'metric' }), 'bottom-left');
  await new Promise<void>((resolve) => map.once('load', () => resolve()));
  return map;
}
