/**
 * The one way pages make a map: MapLibre over the server's style (`/tiles/style.json`: the project's own
 * basemap and business layers, only those the caller may see; glyphs from the project, Chinese text drawn with
 * local fonts; an external raster basemap under them when the deployment configures one, GCJ-02 ones warped
 * through the `gcj02://` protocol). Pages add their own sources and layers on top.
 */
import 'maplibre-gl/dist/maplibre-gl.css';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import {
  AttributionControl,
  Map as MapLibreMap,
  NavigationControl,
  ScaleControl,
  setWorkerUrl,
  type ControlPosition,
  type IControl,
  type MapOptions,
  type RequestParameters,
} from 'maplibre-gl';
import { mount, unmount } from 'svelte';
import { registerGcj02Protocol } from './gcj02Protocol.ts';
import { basemapChoices } from './layerGroups.ts';
import MapControls from './MapControls.svelte';

setWorkerUrl(workerUrl);
registerGcj02Protocol();

export const HARBIN: [number, number] = [126.63, 45.75];

/** Chinese glyphs are drawn by the browser from these local fonts (no glyph download for CJK). */
export const LOCAL_CJK_FONTS =
  "'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Source Han Sans SC', sans-serif";

export interface BaseMapOptions extends Partial<Omit<MapOptions, 'container' | 'style'>> {
  /** Style URL; the staff style by default (the portal passes its public one). */
  styleUrl?: string;
  /**
   * The shared panel (client/src/lib/map/MapControls.svelte): `all` = basemap switch, layer
   * switcher and legend; `basemap` (default) = the basemap switch only, and only when an external basemap is
   * configured; `none` = nothing (the page places the pieces itself).
   */
  controls?: 'all' | 'basemap' | 'none';
  /** Where the panel goes: under the zoom buttons by default, clear of the toolbars pages put top left. */
  controlsPosition?: ControlPosition;
}

/** MapControls.svelte as a MapLibre control, so it sits with the others and never covers them. */
class SvelteControl implements IControl {
  private container?: HTMLElement;
  private component?: Record<string, unknown>;
  constructor(private readonly show: 'all' | 'basemap') {}

  onAdd(map: MapLibreMap): HTMLElement {
    this.container = document.createElement('div');
    this.container.className = 'maplibregl-ctrl hss-map-controls';
    this.component = mount(MapControls, { target: this.container, props: { map, show: this.show } });
    return this.container;
  }

  onRemove(): void {
    if (this.component) void unmount(this.component);
    this.container?.remove();
  }
}

/**
 * Lights regions (by code) on the style's `regions-fill` layer, which draws nothing until then; an empty list
 * clears it. Regions whose `selected` feature-state is set (source `regions`, id = the code as a number) are
 * drawn stronger. Filtering, not a transparent fill of every region, keeps the map free of full-screen passes.
 */
export function highlightRegions(map: MapLibreMap, codes: readonly string[]): void {
  if (!map.getLayer('regions-fill')) return;
  map.setFilter('regions-fill', ['in', ['id'], ['literal', codes.map(Number)]]);
}

/** An off-site request sends our origin as its Referer (see createBaseMap); same-site ones are left alone. */
function withOrigin(request: RequestParameters): RequestParameters {
  return new URL(request.url, location.href).origin === location.origin
    ? request
    : { referrerPolicy: 'strict-origin', ...request };
}

export async function createBaseMap(
  container: HTMLElement,
  options: BaseMapOptions = {},
): Promise<MapLibreMap> {
  const {
    styleUrl = '/tiles/style.json',
    controls = 'basemap',
    controlsPosition = 'top-right',
    ...rest
  } = options;
  const { transformRequest } = rest;
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
    // Labels appear at once instead of fading in over MapLibre's 300 ms: every fade is a run of full repaints
    // after each move or tile, and on software WebGL those repaints were most of the pan/zoom cost (README).
    fadeDuration: 0,
    ...rest,
    // The page sends no Referer off-site (Referrer-Policy: same-origin), but an external basemap's provider
    // checks it (天地图 keys are bound to the deploying site's domain; OSM's tile policy asks for one): its tile
    // requests carry our origin, never a path.
    transformRequest: (url, type) => {
      const request = transformRequest ? transformRequest(url, type) : undefined;
      return request instanceof Promise ? request.then(withOrigin) : withOrigin(request ?? { url });
    },
  });
  map.touchZoomRotate.disableRotation();
  map.addControl(new NavigationControl({ showCompass: false }), 'top-right');
  map.addControl(new ScaleControl({ unit: 'metric' }), 'bottom-left');
  await new Promise<void>((resolve) => map.once('load', () => resolve()));
  // An external basemap's provider must be credited (天地图, OpenStreetMap); our own needs no line.
  const sources = Object.values(map.getStyle().sources);
  if (sources.some((source) => 'attribution' in source && source.attribution)) {
    map.addControl(new AttributionControl({ compact: true }), 'bottom-right');
  }
  if (controls === 'all' || (controls === 'basemap' && basemapChoices(map).length > 1)) {
    map.addControl(new SvelteControl(controls), controlsPosition);
  }
  return map;
}
