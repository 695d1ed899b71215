/**
 * The contract between the server's style (tiles/style.ts metadata) and the shared map controls
 * (client/src/lib/map/layerGroups.ts): groups offered per caller, toggling, and the basemap switch. The map is
 * a stand-in holding the style document and layer visibility, which is all these functions touch.
 */
import type { Map as MapLibreMap } from 'maplibre-gl';
import { describe, expect, it } from 'vitest';
import { LAYERS } from '../../tiles/layers/index.ts';
import { externalBasemap } from '../../tiles/external.ts';
import { buildStyle } from '../../tiles/style.ts';
import {
  basemapChoices,
  currentBasemap,
  GROUPS,
  layerGroups,
  setBasemap,
  setGroupVisible,
} from '../src/lib/map/layerGroups.ts';

interface StyleLayer {
  id: string;
  layout?: { visibility?: string };
  metadata?: unknown;
}

/** A map holding a style document: what getStyle / get- and setLayoutProperty do, and nothing else. */
function mapOf(style: Record<string, unknown>): MapLibreMap {
  const layers = style.layers as StyleLayer[];
  const find = (id: string) => layers.find((layer) => layer.id === id)!;
  return {
    getStyle: () => style,
    getLayoutProperty: (id: string, name: 'visibility') => find(id).layout?.[name],
    setLayoutProperty: (id: string, name: 'visibility', value: string) => {
      const layer = find(id);
      layer.layout = { ...layer.layout, [name]: value };
    },
  } as unknown as MapLibreMap;
}

const publicLayers = LAYERS.filter((layer) => layer.access === 'public');

describe('layer groups from the style', () => {
  it('offers only the groups of layers the caller may fetch, in order, with Chinese labels', () => {
    const anonymous = layerGroups(mapOf(buildStyle('http://x', publicLayers)));
    const ids = anonymous.map((group) => group.id);
    expect(ids).toEqual(GROUPS.filter((id) => ids.includes(id)));
    expect(ids).toEqual(expect.arrayContaining(['regions', 'projects', 'households']));
    expect(ids).not.toContain('parcels');
    const staff = layerGroups(mapOf(buildStyle('http://x', LAYERS)));
    expect(staff.map((group) => group.id)).toContain('parcels');
    const regions = staff.find((group) => group.id === 'regions')!;
    expect(regions.label).toBe('map.layers.group.regions');
    expect(regions.layers).toEqual(expect.arrayContaining(['regions-fill', 'regions-line', 'region-labels']));
  });

  it('toggles every layer of a group, and reports hidden groups (supply/demand starts hidden)', () => {
    const map = mapOf(buildStyle('http://x', LAYERS));
    const group = (id: string) => layerGroups(map).find((g) => g.id === id)!;
    expect(group('supply_demand').visible).toBe(false);
    setGroupVisible(map, group('projects'), false);
    expect(group('projects').visible).toBe(false);
    expect(map.getLayoutProperty('projects-label', 'visibility')).toBe('none');
    expect(map.getLayoutProperty('projects-point', 'visibility')).toBe('none');
    setGroupVisible(map, group('projects'), true);
    expect(group('projects').visible).toBe(true);
  });
});

describe('basemap switch', () => {
  it('offers no switch without an external basemap', () => {
    const map = mapOf(buildStyle('http://x', publicLayers));
    expect(basemapChoices(map).map((choice) => choice.id)).toEqual(['own']);
    expect(currentBasemap(map)).toBe('own');
  });

  it('starts on the external basemap and flips the own basemap layers back', () => {
    const tianditu = externalBasemap({ provider: 'tianditu', tiandituKey: 'k', crs: 'wgs84' });
    const map = mapOf(buildStyle('http://x', publicLayers, tianditu));
    expect(basemapChoices(map).map((choice) => [choice.id, choice.zh])).toEqual([
      ['own', '矢量底图'],
      ['tianditu', '天地图'],
    ]);
    expect(currentBasemap(map)).toBe('tianditu');
    setBasemap(map, 'own');
    expect(currentBasemap(map)).toBe('own');
    expect(map.getLayoutProperty('water', 'visibility')).toBe('visible');
    expect(map.getLayoutProperty('basemap-raster', 'visibility')).toBe('none');
    expect(map.getLayoutProperty('basemap-labels', 'visibility')).toBe('none');
    // Business layers are not the basemap's: untouched.
    expect(map.getLayoutProperty('projects-point', 'visibility')).toBeUndefined();
  });
});
