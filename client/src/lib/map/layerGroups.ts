/**
 * What the shared map controls read from and change in the style (tiles/style.ts): layer groups from each
 * layer's `metadata['hss:group']`, the basemaps from the style's `metadata['hss:basemaps']` and which layers
 * belong to which basemap from `metadata['hss:basemap']`. Only layers the caller may fetch are in the style,
 * so only their groups are offered.
 */
import type { Map as MapLibreMap } from 'maplibre-gl';
import type { MessageKey } from '../i18n/zh-CN.ts';

/** Groups in the order the layer switcher lists them (the basemap has its own switch). */
export const GROUPS = [
  'regions',
  'projects',
  'buildings',
  'units',
  'parcels',
  'households',
  'supply_demand',
] as const;
export type GroupId = (typeof GROUPS)[number];

export interface LayerGroup {
  id: GroupId;
  label: MessageKey;
  layers: string[];
  visible: boolean;
}

export interface BasemapChoice {
  id: string;
  zh: string;
  en: string;
  crs: string;
}

type Meta = Record<string, unknown> | undefined;
const meta = (layer: { metadata?: unknown }): Meta => layer.metadata as Meta;

/** The groups present in the map's style, with their layers and whether any of them shows. */
export function layerGroups(map: MapLibreMap): LayerGroup[] {
  const layers = map.getStyle()?.layers ?? [];
  return GROUPS.flatMap((id) => {
    const ids = layers.filter((layer) => meta(layer)?.['hss:group'] === id).map((layer) => layer.id);
    if (!ids.length) return [];
    const visible = ids.some((layer) => map.getLayoutProperty(layer, 'visibility') !== 'none');
    return [{ id, label: `map.layers.group.${id}` as MessageKey, layers: ids, visible }];
  });
}

export function setGroupVisible(map: MapLibreMap, group: LayerGroup, visible: boolean): void {
  for (const layer of group.layers) map.setLayoutProperty(layer, 'visibility', visible ? 'visible' : 'none');
}

/** The basemaps the style offers: the project's own, and the configured external one if any. */
export function basemapChoices(map: MapLibreMap): BasemapChoice[] {
  const choices = (map.getStyle()?.metadata as Meta)?.['hss:basemaps'];
  return Array.isArray(choices) ? (choices as BasemapChoice[]) : [];
}

/** The basemap whose layers show now. */
export function currentBasemap(map: MapLibreMap): string {
  const layer = (map.getStyle()?.layers ?? []).find(
    (l) => meta(l)?.['hss:basemap'] && map.getLayoutProperty(l.id, 'visibility') !== 'none',
  );
  return (meta(layer ?? {})?.['hss:basemap'] as string | undefined) ?? 'own';
}

/** Shows the layers of basemap `id` and hides those of the others. */
export function setBasemap(map: MapLibreMap, id: string): void {
  for (const layer of map.getStyle()?.layers ?? []) {
    const owner = meta(layer)?.['hss:basemap'];
    if (owner) map.setLayoutProperty(layer.id, 'visibility', owner === id ? 'visible' : 'none');
  }
}
