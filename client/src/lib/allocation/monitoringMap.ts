/**
 * The monitoring page's map: the child regions of the region in view coloured by their supply−demand balance
 * (balance.ts), labelled with their gap, with a hover card of their figures; a click hands the region's code to
 * the page (which drills down). Boundaries and figures come together from the monitoring choropleth.
 */
import {
  Popup,
  type GeoJSONSource,
  type Map as MapLibreMap,
  type MapGeoJSONFeature,
  type MapMouseEvent,
} from 'maplibre-gl';
import { getLocale, t } from '../i18n/index.svelte.ts';
import { createBaseMap } from '../map/baseMap.ts';
import { balanceFill, balanceIndex } from './balance.ts';

const SOURCE = 'alloc-regions';
const LABELS = 'alloc-region-labels';
export const FILL_LAYER = 'alloc-regions-fill';
const LINE_LAYER = 'alloc-regions-line';
const LABEL_LAYER = 'alloc-regions-label';

/** The style's own demand layers would say the same thing twice. */
const HIDDEN_STYLE_LAYERS = ['households', 'supply-demand'];

/** A child region as the monitoring choropleth answers it (supply, demand and supply − demand). */
export interface RegionFeature {
  type: 'Feature';
  id: number;
  geometry: unknown;
  properties: {
    region_code: string;
    region_name: string;
    supply: number;
    demand: number;
    balance: number;
    label: unknown;
  };
}

export class MonitoringMap {
  private hovered: string | number | undefined;
  private readonly popup = new Popup({
    closeButton: false,
    closeOnClick: false,
    className: 'alloc-popup',
    offset: 12,
  });

  private constructor(
    readonly map: MapLibreMap,
    private readonly onSelect: (code: string) => void,
  ) {
    map.addSource(SOURCE, { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
    map.addSource(LABELS, { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
    map.addLayer({
      id: FILL_LAYER,
      type: 'fill',
      source: SOURCE,
      paint: {
        'fill-color': balanceFill as never,
        'fill-opacity': ['case', ['boolean', ['feature-state', 'hover'], false], 0.85, 0.65],
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
      source: LABELS,
      layout: {
        'text-field': ['get', 'text'],
        'text-size': 12,
        'text-font': ['DejaVu Sans Bold'],
        'text-allow-overlap': false,
      },
      paint: { 'text-color': '#0c2d57', 'text-halo-color': '#ffffff', 'text-halo-width': 1.6 },
    });
    for (const id of HIDDEN_STYLE_LAYERS)
      if (map.getLayer(id)) map.setLayoutProperty(id, 'visibility', 'none');
    map.on('click', FILL_LAYER, this.onClick);
    map.on('mousemove', FILL_LAYER, this.onHover);
    map.on('mouseleave', FILL_LAYER, this.onLeave);
  }

  static async create(container: HTMLElement, onSelect: (code: string) => void): Promise<MonitoringMap> {
    return new MonitoringMap(await createBaseMap(container, { zoom: 9 }), onSelect);
  }

  /** Shows the child regions coloured by their balance, labelled with their gap, and fits the view to them. */
  show(regions: readonly RegionFeature[]): void {
    this.onLeave();
    const drawn = regions.filter((r) => r.geometry);
    const features = drawn.map((r) => ({
      type: 'Feature' as const,
      id: r.id,
      geometry: r.geometry,
      properties: {
        code: r.properties.region_code,
        name: r.properties.region_name,
        demand: r.properties.demand,
        supply: r.properties.supply,
        gap: r.properties.balance,
        balance: balanceIndex(r.properties.supply, r.properties.demand),
      },
    }));
    void (this.map.getSource(SOURCE) as GeoJSONSource).setData({
      type: 'FeatureCollection',
      features: features as never,
    });
    const n = (v: number) => v.toLocaleString(getLocale());
    void (this.map.getSource(LABELS) as GeoJSONSource).setData({
      type: 'FeatureCollection',
      features: drawn.flatMap((r) => {
        const at = r.properties.label;
        if (!Array.isArray(at) || typeof at[0] !== 'number' || typeof at[1] !== 'number') return [];
        const gap = r.properties.balance;
        return [
          {
            type: 'Feature' as const,
            properties: { text: `${r.properties.region_name}\n${gap > 0 ? '+' : ''}${n(gap)}` },
            geometry: { type: 'Point' as const, coordinates: [at[0], at[1]] },
          },
        ];
      }),
    });
    const bounds = boundsOf(features.map((f) => f.geometry));
    if (bounds) this.map.fitBounds(bounds, { padding: 30, duration: 0 });
  }

  private onClick = (event: MapMouseEvent & { features?: MapGeoJSONFeature[] }) => {
    const code = event.features?.[0]?.properties.code as string | undefined;
    if (code) this.onSelect(code);
  };

  private onHover = (event: MapMouseEvent & { features?: MapGeoJSONFeature[] }) => {
    const feature = event.features?.[0];
    if (feature) this.popup.setLngLat(event.lngLat).setDOMContent(card(feature.properties)).addTo(this.map);
    const id = feature?.id;
    if (id === this.hovered) return;
    this.clearHover();
    this.hovered = id;
    if (id !== undefined) this.map.setFeatureState({ source: SOURCE, id }, { hover: true });
    this.map.getCanvas().style.cursor = 'pointer';
  };

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

  destroy(): void {
    this.map.off('click', FILL_LAYER, this.onClick);
    this.map.off('mousemove', FILL_LAYER, this.onHover);
    this.map.off('mouseleave', FILL_LAYER, this.onLeave);
    this.popup.remove();
    this.map.remove();
  }
}

/** The hover card, built as DOM (names are data, never HTML). */
function card(p: Record<string, unknown>): HTMLElement {
  const n = (value: unknown) => Number(value ?? 0).toLocaleString(getLocale());
  const root = document.createElement('div');
  const title = document.createElement('strong');
  title.textContent = typeof p.name === 'string' ? p.name : '';
  root.append(title);
  const rows: [string, string][] = [
    [t('allocation.col.demand'), n(p.demand)],
    [t('allocation.col.supply'), n(p.supply)],
    [t('allocation.col.gap'), n(p.gap)],
  ];
  for (const [label, value] of rows) {
    const row = document.createElement('div');
    row.textContent = `${label}：${value}`;
    root.append(row);
  }
  const hint = document.createElement('div');
  hint.className = 'muted';
  hint.textContent = t('allocation.map.clickHint');
  root.append(hint);
  return root;
}

/** The lng/lat bounds of GeoJSON geometries (null when there are none). */
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
