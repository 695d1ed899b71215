/**
 * The dashboard's map: the base map (createBaseMap), the child regions as a supply/demand choropleth from the
 * stats GeoJSON (click to drill down, hover to highlight), and demand density as a deck.gl HexagonLayer drawn
 * interleaved into MapLibre's own WebGL context — so the map canvas, kept with preserveDrawingBuffer, holds both
 * for the PNG export. deck.gl is loaded on first use: the figures and the choropleth do not wait for it.
 */
import {
  Popup,
  type GeoJSONSource,
  type Map as MapLibreMap,
  type MapGeoJSONFeature,
  type MapMouseEvent,
} from 'maplibre-gl';
import { getLocale, t } from '../i18n/index.svelte.ts';
import type { MapboxOverlay } from '@deck.gl/mapbox';
import { createBaseMap } from '../map/baseMap.ts';
import { deckOverlay, removeDeckOverlay } from '../map/deckOverlay.ts';
import {
  DENSITY_COLORS,
  NO_DEMAND_COLOR,
  RATIO_CLASSES,
  formatRatio,
  type Children,
  type Density,
} from './model.ts';

const SOURCE = 'dash-children';
export const FILL_LAYER = 'dash-children-fill';
const LINE_LAYER = 'dash-children-line';
const LABEL_LAYER = 'dash-children-label';
const LABEL_SOURCE = 'dash-children-labels';

/** MapLibre `step` expression over the ratio classes; no demand (null ratio) is grey. */
const ratioFill = [
  'case',
  ['==', ['get', 'ratio'], null],
  NO_DEMAND_COLOR,
  [
    'step',
    ['get', 'ratio'],
    RATIO_CLASSES[0]!.color,
    ...RATIO_CLASSES.slice(0, -1).flatMap((c, i) => [c.upTo, RATIO_CLASSES[i + 1]!.color]),
  ],
];

type Point = number[];

const HIDDEN_STYLE_LAYERS = ['households', 'supply-demand'];

/** Hexagons at least this many screen pixels across, whatever the zoom, but never finer than the grid. */
const MIN_HEX_PX = 9;

export interface DashboardMapOptions {
  onSelect(code: string): void;
}

export class DashboardMap {
  private overlay: MapboxOverlay | null = null;
  private hovered: string | number | undefined;
  private densityOn = true;
  private choroplethOn = true;
  private lastDensity: Density | null = null;
  private readonly popup = new Popup({
    closeButton: false,
    closeOnClick: false,
    className: 'dash-popup',
    offset: 12,
  });

  private constructor(
    readonly map: MapLibreMap,
    private readonly options: DashboardMapOptions,
  ) {
    map.addSource(SOURCE, { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
    map.addSource(LABEL_SOURCE, { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
    map.addLayer({
      id: FILL_LAYER,
      type: 'fill',
      source: SOURCE,
      paint: {
        'fill-color': ratioFill as never,
        'fill-opacity': ['case', ['boolean', ['feature-state', 'hover'], false], 0.78, 0.55],
      },
    });
    map.addLayer({
      id: LINE_LAYER,
      type: 'line',
      source: SOURCE,
      paint: {
        'line-color': '#0c2d57',
        'line-width': ['case', ['boolean', ['feature-state', 'hover'], false], 3, 1.2],
      },
    });
    map.addLayer({
      id: LABEL_LAYER,
      type: 'symbol',
      source: LABEL_SOURCE,
      layout: {
        'text-field': ['get', 'name'],
        'text-size': 13,
        'text-font': ['DejaVu Sans Bold'],
        'text-allow-overlap': false,
      },
      paint: { 'text-color': '#0c2d57', 'text-halo-color': '#ffffff', 'text-halo-width': 1.6 },
    });
    map.on('click', FILL_LAYER, this.onClick);
    map.on('mousemove', FILL_LAYER, this.onHover);
    map.on('mouseleave', FILL_LAYER, this.onLeave);
    map.on('zoomend', this.onZoom);
    // The style's own demand layers (household cells, district supply/demand) say what this page's layers say.
    for (const id of HIDDEN_STYLE_LAYERS)
      if (map.getLayer(id)) map.setLayoutProperty(id, 'visibility', 'none');
  }

  static async create(container: HTMLElement, options: DashboardMapOptions): Promise<DashboardMap> {
    const map = await createBaseMap(container, {
      // Antialiasing for deck.gl's layers; the drawing buffer kept so the export can read the canvas.
      canvasContextAttributes: { antialias: true, preserveDrawingBuffer: true },
    });
    return new DashboardMap(map, options);
  }

  private onClick = (event: MapMouseEvent & { features?: MapGeoJSONFeature[] }) => {
    const code = event.features?.[0]?.properties.code as string | undefined;
    if (code) this.options.onSelect(code);
  };

  private onHover = (event: MapMouseEvent & { features?: MapGeoJSONFeature[] }) => {
    const feature = event.features?.[0];
    if (feature)
      this.popup.setLngLat(event.lngLat).setDOMContent(regionCard(feature.properties)).addTo(this.map);
    const id = feature?.id;
    if (id === this.hovered) return;
    this.clearHover();
    this.hovered = id;
    if (id !== undefined) this.map.setFeatureState({ source: SOURCE, id }, { hover: true });
    this.map.getCanvas().style.cursor = 'pointer';
  };

  private onZoom = () => {
    if (this.lastDensity) void this.setDensity(this.lastDensity);
  };

  private hexRadius(cellM: number): number {
    const { lat } = this.map.getCenter();
    const metresPerPixel = (156543.03392 * Math.cos((lat * Math.PI) / 180)) / 2 ** this.map.getZoom();
    return Math.max(cellM, MIN_HEX_PX * metresPerPixel);
  }

  private onLeave = () => {
    this.popup.remove();
    this.clearHover();
    this.map.getCanvas().style.cursor = '';
  };

  private clearHover(): void {
    if (this.hovered !== undefined)
      this.map.setFeatureState({ source: SOURCE, id: this.hovered }, { hover: false });
    this.hovered = undefined;
  }

  /** Shows the child regions and fits the view to them (a community has none: the view stays). */
  showChildren(children: Children): void {
    this.popup.remove();
    this.clearHover();
    const features = children.features.filter((f) => f.geometry);
    void (this.map.getSource(SOURCE) as GeoJSONSource).setData({
      type: 'FeatureCollection',
      features: features as never,
    });
    void (this.map.getSource(LABEL_SOURCE) as GeoJSONSource).setData({
      type: 'FeatureCollection',
      features: features
        .filter((f) => f.properties.label)
        .map((f) => ({
          type: 'Feature',
          properties: { name: f.properties.name },
          geometry: { type: 'Point', coordinates: f.properties.label! },
        })),
    });
    const bounds = boundsOf(features.map((f) => f.geometry));
    if (bounds) this.map.fitBounds(bounds, { padding: 40, duration: 0 });
  }

  setChoropleth(on: boolean): void {
    this.choroplethOn = on;
    for (const id of [FILL_LAYER, LINE_LAYER, LABEL_LAYER])
      this.map.setLayoutProperty(id, 'visibility', on ? 'visible' : 'none');
  }

  async setDensity(density: Density | null, on = this.densityOn): Promise<void> {
    this.densityOn = on;
    this.lastDensity = density;
    const [overlay, { HexagonLayer }] = await Promise.all([
      deckOverlay(this.map),
      import('@deck.gl/aggregation-layers'),
    ]);
    if (this.lastDensity !== density) return;
    this.overlay = overlay;
    const layers =
      density && on
        ? [
            new HexagonLayer<Point>({
              id: 'dash-density',
              data: density.points,
              getPosition: (p) => [p[0]!, p[1]!],
              getColorWeight: (p) => p[2]!,
              colorAggregation: 'SUM',
              getElevationWeight: (p) => p[2]!,
              elevationAggregation: 'SUM',
              radius: this.hexRadius(density.cell_m),
              coverage: 0.9,
              extruded: false,
              opacity: this.choroplethOn ? 0.75 : 0.9,
              colorRange: DENSITY_COLORS,
              pickable: false,
              // Under the region outlines and labels (deck.gl puts the layer in a MapLibre layer group there).
              ...({ beforeId: LINE_LAYER } as object),
            }),
          ]
        : [];
    this.overlay.setProps({ layers });
  }

  get densityVisible(): boolean {
    return this.densityOn;
  }

  destroy(): void {
    this.map.off('click', FILL_LAYER, this.onClick);
    this.map.off('mousemove', FILL_LAYER, this.onHover);
    this.map.off('mouseleave', FILL_LAYER, this.onLeave);
    this.map.off('zoomend', this.onZoom);
    // The overlay goes before the map (deck.gl's control needs it); then the map.
    void removeDeckOverlay(this.map).finally(() => this.map.remove());
  }
}

/** The hover card of a region: its name and figures, built as DOM (names are data, never HTML). */
function regionCard(p: Record<string, unknown>): HTMLElement {
  const n = (value: unknown) => Number(value ?? 0).toLocaleString(getLocale());
  const card = document.createElement('div');
  const title = document.createElement('strong');
  title.textContent = typeof p.name === 'string' ? p.name : '';
  card.append(title);
  const rows: [string, string][] = [
    [t('children.demand'), n(p.demand)],
    [t('children.waiting'), n(p.waiting)],
    [t('children.supply'), n(p.supply)],
    [t('children.ratio'), formatRatio(typeof p.ratio === 'number' ? p.ratio : null)],
  ];
  for (const [label, value] of rows) {
    const row = document.createElement('div');
    row.textContent = `${label}：${value}`;
    card.append(row);
  }
  return card;
}

/** The lng/lat bounds of GeoJSON polygons (null when there are none). */
function boundsOf(geometries: unknown[]): [[number, number], [number, number]] | null {
  let [w, s, e, n] = [Infinity, Infinity, -Infinity, -Infinity];
  const visit = (value: unknown): void => {
    if (!Array.isArray(value)) return;
    if (typeof value[0] === 'number' && typeof value[1] === 'number') {
      const [x, y] = value as [number, number];
      [w, s, e, n] = [Math.min(w, x), Math.min(s, y), Math.max(e, x), Math.max(n, y)];
      return;
    }
    for (const item of value) visit(item);
  };
  for (const g of geometries) visit((g as { coordinates?: unknown } | null)?.coordinates);
  return Number.isFinite(w)
    ? [
        [w, s],
        [e, n],
      ]
    : null;
}
