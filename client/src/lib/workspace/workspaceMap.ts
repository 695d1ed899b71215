/**
 * What the workspace draws over the shared base map (createBaseMap): the selected record (a halo around a point,
 * an outline around an area) and the nearby-units answer (the search circle and the units, nearest first). Its
 * own GeoJSON sources, re-added if the style is swapped (the basemap switch), and the click → record lookup over
 * the business tile layers by their source layer, so it does not depend on the style's layer ids.
 */
import { circle } from '@turf/turf';
import type { GeoJSONSource, Map as MapLibreMap, MapMouseEvent } from 'maplibre-gl';
import type { Feature, FeatureCollection, Geometry, Polygon } from 'geojson';

export type Position = [number, number];
export type Bbox = [number, number, number, number];

export interface Picked {
  kind: 'household' | 'unit' | 'building' | 'project';
  id: number;
}

const SELECTION = 'workspace-selection';
const NEARBY = 'workspace-nearby';
const EMPTY: FeatureCollection = { type: 'FeatureCollection', features: [] };

/** Tile source layers a click can open, most specific first. */
const CLICKABLE: Record<string, Picked['kind']> = {
  households: 'household',
  units: 'unit',
  buildings: 'building',
  projects: 'project',
};

export interface NearbyUnit {
  id: number;
  at: Position;
  label: string;
}

export class WorkspaceMap {
  private selection: FeatureCollection = EMPTY;
  private nearby: FeatureCollection = EMPTY;
  private readonly restore = () => this.install();
  private readonly click = (event: MapMouseEvent) => this.onClick(event);
  private readonly hover = (event: MapMouseEvent) => {
    this.map.getCanvas().style.cursor = this.pick(event) ? 'pointer' : '';
  };

  constructor(
    readonly map: MapLibreMap,
    private readonly onPick: (picked: Picked) => void,
  ) {
    this.install();
    map.on('styledata', this.restore);
    map.on('click', this.click);
    map.on('mousemove', this.hover);
  }

  destroy(): void {
    this.map.off('styledata', this.restore);
    this.map.off('click', this.click);
    this.map.off('mousemove', this.hover);
  }

  /** Outlines the selected record: a halo for a point, its outline for an area (bbox when that is all we have). */
  select(at: { center: Position | null; bbox?: Bbox | null; geometry?: Geometry | null } | null): void {
    const features: Feature[] = [];
    if (at?.geometry) features.push({ type: 'Feature', properties: {}, geometry: at.geometry });
    else if (at?.bbox) {
      const [w, s, e, n] = at.bbox;
      features.push({
        type: 'Feature',
        properties: {},
        geometry: {
          type: 'Polygon',
          coordinates: [
            [
              [w, s],
              [e, s],
              [e, n],
              [w, n],
              [w, s],
            ],
          ],
        },
      });
    } else if (at?.center) {
      features.push({ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: at.center } });
    }
    this.selection = { type: 'FeatureCollection', features };
    void this.source(SELECTION)?.setData(this.selection);
  }

  /** Flies to a record: close in on a point, fit an area. */
  flyTo(at: { center: Position | null; bbox?: Bbox | null }): boolean {
    if (at.bbox && (at.bbox[2] - at.bbox[0] > 1e-5 || at.bbox[3] - at.bbox[1] > 1e-5)) {
      this.map.fitBounds(
        [
          [at.bbox[0], at.bbox[1]],
          [at.bbox[2], at.bbox[3]],
        ],
        { padding: 80, maxZoom: 17.5, duration: 900 },
      );
      return true;
    }
    if (!at.center) return false;
    this.map.flyTo({ center: at.center, zoom: Math.max(this.map.getZoom(), 17), duration: 900 });
    return true;
  }

  /** The nearby answer: the circle searched and each unit found, `highlight` drawn larger. */
  showNearby(centre: Position | null, radiusKm: number, units: NearbyUnit[], highlight: number | null): void {
    const features: Feature[] = [];
    if (centre) {
      const ring = circle(centre, radiusKm, { steps: 96, units: 'kilometers' });
      features.push({ ...ring, properties: { role: 'radius' } });
    }
    for (const unit of units)
      features.push({
        type: 'Feature',
        id: unit.id,
        properties: { role: 'unit', id: unit.id, highlight: unit.id === highlight },
        geometry: { type: 'Point', coordinates: unit.at },
      });
    this.nearby = { type: 'FeatureCollection', features };
    void this.source(NEARBY)?.setData(this.nearby);
    if (centre && units.length) {
      const ring = features[0]!.geometry as Polygon;
      const xs = ring.coordinates[0]!.map((p) => p[0]!);
      const ys = ring.coordinates[0]!.map((p) => p[1]!);
      this.map.fitBounds(
        [
          [Math.min(...xs), Math.min(...ys)],
          [Math.max(...xs), Math.max(...ys)],
        ],
        { padding: 60, duration: 700, maxZoom: 16 },
      );
    }
  }

  clearNearby(): void {
    this.showNearby(null, 0, [], null);
  }

  private source(id: string): GeoJSONSource | undefined {
    return this.map.getSource<GeoJSONSource>(id);
  }

  /** Adds the workspace's sources and layers on top of whatever style is loaded (again after a style swap). */
  private install(): void {
    const map = this.map;
    if (!map.isStyleLoaded() || map.getSource(SELECTION)) return;
    map.addSource(NEARBY, { type: 'geojson', data: this.nearby });
    map.addSource(SELECTION, { type: 'geojson', data: this.selection });
    map.addLayer({
      id: 'workspace-nearby-radius',
      type: 'fill',
      source: NEARBY,
      filter: ['==', ['get', 'role'], 'radius'],
      paint: { 'fill-color': '#1d5aa6', 'fill-opacity': 0.06 },
    });
    map.addLayer({
      id: 'workspace-nearby-radius-line',
      type: 'line',
      source: NEARBY,
      filter: ['==', ['get', 'role'], 'radius'],
      paint: { 'line-color': '#1d5aa6', 'line-width': 1.5, 'line-dasharray': [3, 2] },
    });
    map.addLayer({
      id: 'workspace-nearby-units',
      type: 'circle',
      source: NEARBY,
      filter: ['==', ['get', 'role'], 'unit'],
      paint: {
        'circle-color': '#2f9e44',
        'circle-radius': ['case', ['get', 'highlight'], 9, 6],
        'circle-stroke-color': ['case', ['get', 'highlight'], '#0c2d57', '#ffffff'],
        'circle-stroke-width': ['case', ['get', 'highlight'], 3, 1.5],
      },
    });
    map.addLayer({
      id: 'workspace-selection-area',
      type: 'line',
      source: SELECTION,
      filter: ['!=', ['geometry-type'], 'Point'],
      paint: { 'line-color': '#e8590c', 'line-width': 3 },
    });
    map.addLayer({
      id: 'workspace-selection-halo',
      type: 'circle',
      source: SELECTION,
      filter: ['==', ['geometry-type'], 'Point'],
      paint: {
        'circle-radius': 14,
        'circle-color': 'rgba(232, 89, 12, 0.18)',
        'circle-stroke-color': '#e8590c',
        'circle-stroke-width': 3,
      },
    });
  }

  /** The record under the pointer: a nearby unit, else the most specific business feature with an id. */
  private pick(event: MapMouseEvent): Picked | null {
    const box: [[number, number], [number, number]] = [
      [event.point.x - 4, event.point.y - 4],
      [event.point.x + 4, event.point.y + 4],
    ];
    const features = this.map.queryRenderedFeatures(box);
    const nearby = features.find((f) => f.layer.id === 'workspace-nearby-units');
    if (nearby) return { kind: 'unit', id: Number(nearby.properties.id) };
    for (const [layer, kind] of Object.entries(CLICKABLE)) {
      const hit = features.find((f) => f.sourceLayer === layer && typeof f.id === 'number');
      // Household tiles below z15 carry counts per grid cell (with `cell_zoom`), not records.
      if (hit && (layer !== 'households' || hit.properties.cell_zoom === undefined))
        return { kind, id: hit.id as number };
    }
    return null;
  }

  private onClick(event: MapMouseEvent): void {
    const picked = this.pick(event);
    if (picked) this.onPick(picked);
  }
}
