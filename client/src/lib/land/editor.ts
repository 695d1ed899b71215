/**
 * The drawing tools of the land reserve editor, on terra-draw over the page's MapLibre map: draw a new parcel,
 * move the vertices of an existing one, draw a split line. Vertices snap to the reserved parcels around (their
 * exact coordinates from the API, not the tiles' rounded ones) and to the road lines drawn on the map; undo and
 * redo walk back the drawing steps (terra-draw's own history: points while drawing, whole edits afterwards).
 */
import type { Map as MapLibreMap, PointLike } from 'maplibre-gl';
import {
  TerraDraw,
  TerraDrawLineStringMode,
  TerraDrawModeUndoRedo,
  TerraDrawPolygonMode,
  TerraDrawSelectMode,
  TerraDrawSessionUndoRedo,
  type GeoJSONStoreFeatures,
  type SnapToCustom,
  type TerraDrawMouseEvent,
} from 'terra-draw';
import { TerraDrawMapLibreGLAdapter } from 'terra-draw-maplibre-gl-adapter';
import type { LineString, Polygon, Position } from 'geojson';
import { ringsOf, type Neighbour } from './geometry.ts';

export type Tool = 'draw' | 'edit' | 'split';

export interface EditorCallbacks {
  /** The geometry being drawn changed (null: nothing drawn yet). */
  onChange(geometry: Polygon | LineString | null): void;
  /** The drawing was finished (the polygon closed, the line ended). */
  onFinish(geometry: Polygon | LineString): void;
  onHistory(canUndo: boolean, canRedo: boolean): void;
}

/** Pixels within which the cursor is pulled onto a vertex or an edge. */
const SNAP_PX = 12;

const COLOURS = {
  fill: '#2b6cc4',
  line: '#0c2d57',
  point: '#ffffff',
  split: '#b42318',
} as const;

interface Point2 {
  x: number;
  y: number;
}

function nearestOnSegment(p: Point2, a: Point2, b: Point2): Point2 {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const length2 = dx * dx + dy * dy;
  const t = length2 === 0 ? 0 : Math.max(0, Math.min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / length2));
  return { x: a.x + t * dx, y: a.y + t * dy };
}

const distance = (a: Point2, b: Point2) => Math.hypot(a.x - b.x, a.y - b.y);

export class LandEditor {
  readonly draw: TerraDraw;
  private tool: Tool | null = null;
  private featureId: string | number | null = null;
  private neighbours: Neighbour[] = [];

  constructor(
    private readonly map: MapLibreMap,
    private readonly callbacks: EditorCallbacks,
  ) {
    const snapping = { toCoordinate: true, toCustom: this.snap };
    this.draw = new TerraDraw({
      adapter: new TerraDrawMapLibreGLAdapter({ map, coordinatePrecision: 9 }),
      modes: [
        new TerraDrawPolygonMode({
          snapping,
          pointerDistance: 20,
          styles: {
            fillColor: COLOURS.fill,
            fillOpacity: 0.25,
            outlineColor: COLOURS.line,
            outlineWidth: 2,
            closingPointColor: COLOURS.point,
            closingPointOutlineColor: COLOURS.line,
            closingPointWidth: 5,
            closingPointOutlineWidth: 2,
            snappingPointColor: '#f79009',
            snappingPointOutlineColor: '#ffffff',
          },
        }),
        new TerraDrawLineStringMode({
          snapping: { toCustom: this.snap },
          styles: { lineStringColor: COLOURS.split, lineStringWidth: 3 },
        }),
        new TerraDrawSelectMode({
          flags: {
            polygon: {
              feature: {
                draggable: false,
                coordinates: {
                  draggable: true,
                  midpoints: true,
                  deletable: true,
                  snappable: { toCustom: this.snap },
                },
              },
            },
          },
          styles: {
            selectedPolygonColor: COLOURS.fill,
            selectedPolygonFillOpacity: 0.25,
            selectedPolygonOutlineColor: COLOURS.line,
            selectedPolygonOutlineWidth: 2,
            selectionPointColor: COLOURS.point,
            selectionPointOutlineColor: COLOURS.line,
            selectionPointWidth: 5,
            selectionPointOutlineWidth: 2,
            midPointColor: COLOURS.fill,
            midPointOutlineColor: COLOURS.point,
          },
        }),
      ],
      undoRedo: { modeLevel: new TerraDrawModeUndoRedo(), sessionLevel: new TerraDrawSessionUndoRedo() },
    });
    this.draw.start();
    this.draw.on('change', this.changed);
    this.draw.on('finish', this.finished);
    this.draw.on('history', () => this.callbacks.onHistory(this.canUndo(), this.canRedo()));
  }

  /** The parcels vertices snap to and drawn parcels are checked against. */
  setNeighbours(neighbours: Neighbour[]): void {
    this.neighbours = neighbours;
  }

  get active(): Tool | null {
    return this.tool;
  }

  /** Starts a tool; `edit` takes the polygon to reshape. */
  start(tool: Tool, polygon?: Polygon): void {
    this.reset();
    this.tool = tool;
    if (tool === 'edit' && polygon) {
      const id = this.draw.getFeatureId();
      const [result] = this.draw.addFeatures([
        { id, type: 'Feature', geometry: polygon, properties: { mode: 'polygon' } },
      ]);
      if (!result?.valid) throw new Error(result?.reason ?? 'invalid polygon');
      this.featureId = id;
      this.draw.setMode('select');
      this.draw.selectFeature(id);
    } else {
      this.draw.setMode(tool === 'split' ? 'linestring' : 'polygon');
    }
    this.draw.clearUndoRedoHistory();
    this.callbacks.onHistory(false, false);
  }

  /** Stops drawing and removes what was drawn. */
  reset(): void {
    this.tool = null;
    this.featureId = null;
    this.draw.setMode('static');
    this.draw.clear();
    this.draw.clearUndoRedoHistory();
    this.callbacks.onChange(null);
    this.callbacks.onHistory(false, false);
  }

  undo(): void {
    if (this.draw.canUndo()) this.draw.undo();
    this.emit();
  }

  redo(): void {
    if (this.draw.canRedo()) this.draw.redo();
    this.emit();
  }

  canUndo(): boolean {
    return this.draw.enabled && this.draw.canUndo();
  }

  canRedo(): boolean {
    return this.draw.enabled && this.draw.canRedo();
  }

  /** The geometry drawn so far (the polygon or line of the current tool). */
  current(): Polygon | LineString | null {
    const wanted = this.tool === 'split' ? 'LineString' : 'Polygon';
    const features = this.draw
      .getSnapshot()
      .filter((f: GeoJSONStoreFeatures) => f.geometry.type === wanted && !f.properties.closingPoint);
    const feature = this.featureId
      ? features.find((f) => f.id === this.featureId)
      : features[features.length - 1];
    return (feature?.geometry as Polygon | LineString | undefined) ?? null;
  }

  destroy(): void {
    this.draw.off('change', this.changed);
    this.draw.off('finish', this.finished);
    if (this.draw.enabled) this.draw.stop();
  }

  private emit(): void {
    this.callbacks.onChange(this.current());
  }

  private readonly changed = (): void => {
    this.emit();
  };

  private readonly finished = (id: string | number): void => {
    this.featureId = id;
    const geometry = this.current();
    if (!geometry) return;
    this.callbacks.onFinish(geometry);
    if (this.tool === 'draw' && geometry.type === 'Polygon') {
      // Once closed, the new parcel's vertices can be moved (and snapped) before saving.
      this.draw.setMode('select');
      this.draw.selectFeature(id);
    }
  };

  /**
   * Pulls the cursor onto the nearest vertex, else the nearest edge, of the parcels around and the roads drawn
   * on the map, within SNAP_PX pixels.
   */
  private readonly snap: SnapToCustom = (event: TerraDrawMouseEvent) => {
    const cursor = { x: event.containerX, y: event.containerY };
    const lines: Position[][] = [];
    const box: [PointLike, PointLike] = [
      [cursor.x - SNAP_PX, cursor.y - SNAP_PX],
      [cursor.x + SNAP_PX, cursor.y + SNAP_PX],
    ];
    for (const n of this.neighbours) lines.push(...ringsOf(n.geometry));
    const roadLayers = (this.map.getStyle()?.layers ?? [])
      .filter((layer) => 'source' in layer && layer.source === 'roads' && layer.type === 'line')
      .map((layer) => layer.id);
    if (roadLayers.length) {
      for (const road of this.map.queryRenderedFeatures(box, { layers: roadLayers })) {
        const g = road.geometry;
        if (g.type === 'LineString') lines.push(g.coordinates);
        else if (g.type === 'MultiLineString') lines.push(...g.coordinates);
      }
    }
    let best: { at: Point2; d: number; vertex: boolean } | null = null;
    const project = (c: Position): Point2 => this.map.project([c[0]!, c[1]!]);
    for (const line of lines) {
      const points = line.map(project);
      for (const p of points) {
        const d = distance(p, cursor);
        if (d <= SNAP_PX && (!best || !best.vertex || d < best.d)) best = { at: p, d, vertex: true };
      }
      if (best?.vertex) continue;
      for (let i = 0; i + 1 < points.length; i++) {
        const at = nearestOnSegment(cursor, points[i]!, points[i + 1]!);
        const d = distance(at, cursor);
        if (d <= SNAP_PX && (!best || (!best.vertex && d < best.d))) best = { at, d, vertex: false };
      }
    }
    if (!best) return undefined;
    // A vertex keeps its exact stored coordinates, so shared corners match the neighbour's to the last digit.
    if (best.vertex) {
      for (const line of lines) {
        for (const c of line) {
          if (distance(project(c), best.at) < 0.01) return [c[0]!, c[1]!];
        }
      }
    }
    const lngLat = this.map.unproject([best.at.x, best.at.y]);
    return [lngLat.lng, lngLat.lat];
  };
}
