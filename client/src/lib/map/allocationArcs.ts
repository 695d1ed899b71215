/**
 * Allocation flows on the map (配给流向): each active selection drawn as a deck.gl arc from the household's home
 * to the unit it chose — orange while the selection awaits review, green once reviewed — reloaded for the view
 * when the map stops moving. Clicking an arc opens the unit.
 */
import type { Layer } from '@deck.gl/core';
import type { Map as MapLibreMap } from 'maplibre-gl';
import { http } from '../api.ts';
import { deckOverlay } from './deckOverlay.ts';

/** What an arc needs of a flow (the API's `flows.list` item). */
export interface Flow {
  unit_id: number;
  from: number[];
  to: number[];
  is_reviewed: boolean;
}

const REVIEWED: [number, number, number] = [47, 158, 68];
const PENDING: [number, number, number] = [240, 140, 0];

export interface ArcsState {
  shown: number;
  total: number;
  truncated: boolean;
}

export class AllocationArcs {
  private on = false;
  private request = 0;

  constructor(
    private readonly map: MapLibreMap,
    private readonly onState: (state: ArcsState | null) => void,
    private readonly onPick: (flow: Flow) => void,
  ) {}

  private readonly onMoveEnd = (): void => void this.load();

  async show(on: boolean): Promise<void> {
    this.on = on;
    if (on) {
      this.map.on('moveend', this.onMoveEnd);
      await this.load();
    } else {
      this.map.off('moveend', this.onMoveEnd);
      this.request++;
      await this.draw([]);
      this.onState(null);
    }
  }

  private async load(): Promise<void> {
    const request = ++this.request;
    const b = this.map.getBounds();
    const { data } = await http.GET('/api/allocation/flows', {
      params: {
        query: { bbox: [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].join(','), limit: 5000 },
      },
    });
    if (request !== this.request || !this.on || !data) return;
    await this.draw(data.items);
    this.onState({ shown: data.items.length, total: data.total, truncated: data.truncated });
  }

  private async draw(flows: Flow[]): Promise<void> {
    const [overlay, { ArcLayer }] = await Promise.all([deckOverlay(this.map), import('@deck.gl/layers')]);
    const layers: Layer[] = flows.length
      ? [
          new ArcLayer<Flow>({
            id: 'allocation-arcs',
            data: flows,
            getSourcePosition: (f) => [f.from[0]!, f.from[1]!],
            getTargetPosition: (f) => [f.to[0]!, f.to[1]!],
            getSourceColor: (f) => [...(f.is_reviewed ? REVIEWED : PENDING), 90],
            getTargetColor: (f) => [...(f.is_reviewed ? REVIEWED : PENDING), 230],
            getWidth: 2,
            greatCircle: false,
            pickable: true,
            autoHighlight: true,
            onClick: ({ object }) => {
              if (object) this.onPick(object as Flow);
              return true;
            },
          }),
        ]
      : [];
    overlay.setProps({ layers });
  }

  destroy(): void {
    this.on = false;
    this.request++;
    this.map.off('moveend', this.onMoveEnd);
  }
}
