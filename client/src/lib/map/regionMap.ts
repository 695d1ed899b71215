/**
 * The MapLibre side of the map page. The style needs no external URL at all: a background plus one GeoJSON
 * source of region boundaries. There is no glyph server, so names are HTML markers at each label point.
 */
import 'maplibre-gl/dist/maplibre-gl.css';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import {
  Map as MapLibreMap,
  Marker,
  NavigationControl,
  ScaleControl,
  setWorkerUrl,
  type GeoJSONSource,
  type MapGeoJSONFeature,
  type MapLayerMouseEvent,
  type MapOptions,
} from 'maplibre-gl';
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import type { RegionProperties } from '../types.ts';

setWorkerUrl(workerUrl);

export type RegionFeature = Feature<Polygon | MultiPolygon, RegionProperties>;
export type RegionCollection = FeatureCollection<Polygon | MultiPolygon, RegionProperties>;
type StyleSpecification = Exclude<MapOptions['style'], string | undefined>;

export const HARBIN: [number, number] = [126.63, 45.75];
export const SOURCE = 'regions';
export const FILL_LAYER = 'region-fill';

/** Soft, distinguishable fills; neighbours rarely share one because ids are assigned in spatial order. */
const PALETTE = ['#cfe3f5', '#d7ecd9', '#f6e3c6', '#e6dcf1', '#f5d5d8', '#d3ecea', '#ece8c8', '#dde3ec'];

const EMPTY: RegionCollection = { type: 'FeatureCollection', features: [] };

/** Minimum zoom at which the labels of each level are shown (community names crowd a city view). */
const LABEL_MIN_ZOOM: Record<number, number> = { 3: 0, 4: 10.5, 5: 12.5 };

function style(): StyleSpecification {
  const selected = ['boolean', ['feature-state', 'selected'], false];
  const hover = ['boolean', ['feature-state', 'hover'], false];
  return {
    version: 8,
    name: 'hss-regions',
    sources: { [SOURCE]: { type: 'geojson', data: EMPTY } },
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': '#eef1f4' } },
      {
        id: FILL_LAYER,
        type: 'fill',
        source: SOURCE,
        paint: {
          'fill-color': ['case', selected, '#9cc1ea', hover, '#b9d4f1', ['get', 'fill']],
          'fill-opacity': 0.92,
        },
      },
      {
        id: 'region-outline',
        type: 'line',
        source: SOURCE,
        layout: { 'line-join': 'round' },
        paint: { 'line-color': '#ffffff', 'line-width': 2 },
      },
      {
        id: 'region-edge',
        type: 'line',
        source: SOURCE,
        layout: { 'line-join': 'round' },
        paint: {
          'line-color': ['case', selected, '#17498a', hover, '#2b6cc4', '#8fa3bd'],
          'line-width': ['case', selected, 2.5, hover, 2, 0.6],
        },
      },
    ],
  } as StyleSpecification;
}

export interface RegionMapEvents {
  onSelect: (region: RegionProperties | null) => void;
}

export class RegionMap {
  readonly map: MapLibreMap;
  private labels: Marker[] = [];
  private level = 3;
  private hovered: number | string | undefined;
  private selected: number | string | undefined;
  private ready: Promise<void>;
  private fittedOnce = false;

  constructor(
    container: HTMLElement,
    private readonly events: RegionMapEvents,
  ) {
    this.map = new MapLibreMap({
      container,
      style: style(),
      center: HARBIN,
      zoom: 9,
      minZoom: 5,
      maxZoom: 17,
      attributionControl: false,
      localIdeographFontFamily:
        "'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Source Han Sans SC', sans-serif",
      dragRotate: false,
      pitchWithRotate: false,
    });
    this.map.touchZoomRotate.disableRotation();
    this.map.addControl(new NavigationControl({ showCompass: false }), 'top-right');
    this.map.addControl(new ScaleControl({ unit: 'metric' }), 'bottom-left');
    this.ready = new Promise((resolve) => this.map.once('load', () => resolve()));

    this.map.on('mousemove', FILL_LAYER, (event) => this.hover(event));
    this.map.on('mouseleave', FILL_LAYER, () => this.hover(null));
    this.map.on('click', (event) => this.click(event));
    this.map.on('zoom', () => this.updateLabelVisibility());
  }

  /** Replaces the boundaries shown (one administrative level at a time). */
  async show(collection: RegionCollection, level: number): Promise<void> {
    await this.ready;
    this.clearStates();
    this.level = level;
    const features = collection.features.map((feature, index) => ({
      ...feature,
      properties: { ...feature.properties, fill: PALETTE[index % PALETTE.length] },
    }));
    await (this.map.getSource(SOURCE) as GeoJSONSource).setData({ type: 'FeatureCollection', features });
    this.placeLabels(collection.features);
    if (!this.fittedOnce) {
      this.fittedOnce = true;
      this.fitIfOutside(collection.features);
    }
  }

  select(region: RegionProperties | null, id?: number | string): void {
    if (this.selected !== undefined) this.setState(this.selected, { selected: false });
    this.selected = region ? id : undefined;
    if (this.selected !== undefined) this.setState(this.selected, { selected: true });
    this.events.onSelect(region);
  }

  destroy(): void {
    for (const marker of this.labels) marker.remove();
    this.labels = [];
    this.map.remove();
  }

  private setState(id: number | string, state: Record<string, boolean>): void {
    this.map.setFeatureState({ source: SOURCE, id }, state);
  }

  private clearStates(): void {
    this.map.removeFeatureState({ source: SOURCE });
    this.hovered = undefined;
    if (this.selected !== undefined) this.select(null);
  }

  private hover(event: MapLayerMouseEvent | null): void {
    const id = event?.features?.[0]?.id;
    if (id === this.hovered) return;
    if (this.hovered !== undefined) this.setState(this.hovered, { hover: false });
    this.hovered = id;
    if (id !== undefined) this.setState(id, { hover: true });
    this.map.getCanvas().style.cursor = id !== undefined ? 'pointer' : '';
  }

  private click(event: { point: { x: number; y: number } }): void {
    const [feature]: MapGeoJSONFeature[] = this.map.queryRenderedFeatures([event.point.x, event.point.y], {
      layers: [FILL_LAYER],
    });
    if (!feature || feature.id === undefined) return this.select(null);
    this.select(feature.properties as RegionProperties, feature.id);
  }

  private placeLabels(features: RegionFeature[]): void {
    for (const marker of this.labels) marker.remove();
    this.labels = features
      .filter((f) => Number.isFinite(f.properties.label_lng) && Number.isFinite(f.properties.label_lat))
      .map((feature) => {
        const element = document.createElement('div');
        element.className = `region-label region-label-${this.level}`;
        element.textContent = feature.properties.name;
        element.setAttribute('aria-hidden', 'true');
        return new Marker({ element, anchor: 'center' })
          .setLngLat([feature.properties.label_lng, feature.properties.label_lat])
          .addTo(this.map);
      });
    this.updateLabelVisibility();
  }

  private updateLabelVisibility(): void {
    const hidden = this.map.getZoom() < (LABEL_MIN_ZOOM[this.level] ?? 0);
    this.map.getContainer().classList.toggle('labels-hidden', hidden);
  }

  /** Keeps the Harbin view unless none of the regions is in it (e.g. a district user far from the centre). */
  private fitIfOutside(features: RegionFeature[]): void {
    if (features.length === 0) return;
    const view = this.map.getBounds();
    const inView = features.some((f) => view.contains([f.properties.label_lng, f.properties.label_lat]));
    if (inView) return;
    let [west, south, east, north] = [Infinity, Infinity, -Infinity, -Infinity];
    for (const feature of features) {
      const polygons =
        feature.geometry.type === 'Polygon' ? [feature.geometry.coordinates] : feature.geometry.coordinates;
      for (const ring of polygons.flat()) {
        for (const [x, y] of ring as [number, number][]) {
          west = Math.min(west, x);
          south = Math.min(south, y);
          east = Math.max(east, x);
          north = Math.max(north, y);
        }
      }
    }
    if (Number.isFinite(west)) this.map.fitBounds([west, south, east, north], { padding: 40, duration: 0 });
  }
}
