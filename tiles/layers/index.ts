/** Every tile layer the server publishes. */
import type { TileLayer } from '../layer.ts';
import { basemapAreas, regionLabels, regions, roads } from './basemap.ts';
import { buildings, parcels, projects, units } from './resources.ts';
import { households, supplyDemand } from './demand.ts';

export const LAYERS: TileLayer[] = [
  basemapAreas,
  regions,
  regionLabels,
  roads,
  parcels,
  projects,
  buildings,
  units,
  households,
  supplyDemand,
];

export const layerNamed = (name: string): TileLayer | undefined =>
  LAYERS.find((layer) => layer.name === name);
