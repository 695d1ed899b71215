/**
 * One deck.gl overlay per MapLibre map, loaded on first use (deck.gl is a large chunk: pages that never draw a
 * deck layer never load it). The dashboard's hexagons and the workspace's allocation arcs share it.
 */
import type { MapboxOverlay } from '@deck.gl/mapbox';
import type { Map as MapLibreMap } from 'maplibre-gl';

const overlays = new WeakMap<MapLibreMap, Promise<MapboxOverlay>>();

export function deckOverlay(map: MapLibreMap): Promise<MapboxOverlay> {
  let overlay = overlays.get(map);
  if (!overlay) {
    overlay = import('@deck.gl/mapbox').then(({ MapboxOverlay }) => {
      exposeTransform(map);
      const created = new MapboxOverlay({ interleaved: true, layers: [] });
      map.addControl(created);
      return created;
    });
    overlays.set(map, overlay);
  }
  return overlay;
}

/** Removes the map's overlay, if it has one (before the map itself is removed). */
export async function removeDeckOverlay(map: MapLibreMap): Promise<void> {
  const overlay = overlays.get(map);
  if (!overlay) return;
  overlays.delete(map);
  const created = await overlay;
  map.removeControl(created);
  created.finalize();
}

/**
 * deck.gl 9.4's interleaved mode reads `map.transform` (height, near/far planes) as MapLibre ≤ 5 exposed it;
 * MapLibre 6 keeps the transform on its camera instead. Without this every frame of a deck layer throws.
 * Remove once @deck.gl/mapbox reads MapLibre 6's camera.
 */
function exposeTransform(map: MapLibreMap): void {
  if ((map as unknown as { transform?: unknown }).transform) return;
  const camera = (map as unknown as { _camera?: { transform?: unknown; _requestedCameraState?: unknown } })
    ._camera;
  if (!camera?.transform) return;
  Object.defineProperty(map, 'transform', {
    configurable: true,
    get: () => camera._requestedCameraState ?? camera.transform,
  });
}
