/**
 * A MapLibre style over the project's own tiles — no external source, sprite or font. It lists only the layers
 * the caller may fetch. Text labels need glyphs, which the map workspace issue adds; until then labels are left
 * to the client (HTML markers) and this style draws geometry only.
 */
import type { TileLayer } from './layer.ts';

type Drawing = Record<string, unknown> & { id: string };
type StyleLayer = Drawing & { source: string };

const DELIVERY_COLOURS = [
  'match',
  ['get', 'delivery_status'],
  'undelivered',
  '#9aa5b1',
  'delivered',
  '#2f9e44',
  'allocated',
  '#f08c00',
  'occupied',
  '#1c7ed6',
  '#868e96',
];

/** Style layers drawing each tile layer. */
const DRAW: Record<string, Drawing[]> = {
  regions: [
    {
      id: 'regions-fill',
      type: 'fill',
      'source-layer': 'regions',
      paint: { 'fill-color': '#f4f1ea', 'fill-opacity': 0.6 },
    },
    {
      id: 'regions-line',
      type: 'line',
      'source-layer': 'regions',
      paint: {
        'line-color': ['match', ['get', 'level'], 3, '#6b7a90', '#b8c2cf'],
        'line-width': ['match', ['get', 'level'], 3, 1.6, 0.6],
      },
    },
  ],
  roads: [
    {
      id: 'roads',
      type: 'line',
      'source-layer': 'roads',
      paint: {
        'line-color': [
          'match',
          ['get', 'road_class'],
          'expressway',
          '#f4a261',
          'arterial',
          '#ffd166',
          '#ffffff',
        ],
        'line-width': ['interpolate', ['linear'], ['zoom'], 8, 0.5, 14, 4],
      },
    },
  ],
  supply_demand: [
    {
      id: 'supply-demand',
      type: 'fill',
      'source-layer': 'supply_demand',
      layout: { visibility: 'none' },
      paint: {
        'fill-color': [
          'interpolate',
          ['linear'],
          ['coalesce', ['get', 'demand_per_unit'], 0],
          0,
          '#edf8e9',
          2,
          '#fdae6b',
          10,
          '#d94801',
        ],
        'fill-opacity': 0.6,
      },
    },
  ],
  parcels: [
    {
      id: 'parcels',
      type: 'fill',
      'source-layer': 'parcels',
      paint: {
        'fill-color': ['match', ['get', 'status'], 'reserved', '#e9c46a', '#a8dadc'],
        'fill-outline-color': '#8d6e00',
        'fill-opacity': 0.5,
      },
    },
  ],
  projects: [
    {
      id: 'projects-area',
      type: 'fill',
      'source-layer': 'projects',
      filter: ['==', ['geometry-type'], 'Polygon'],
      paint: { 'fill-color': '#4263eb', 'fill-opacity': 0.25 },
    },
    {
      id: 'projects-point',
      type: 'circle',
      'source-layer': 'projects',
      filter: ['==', ['geometry-type'], 'Point'],
      paint: {
        'circle-color': '#4263eb',
        'circle-radius': 5,
        'circle-stroke-color': '#fff',
        'circle-stroke-width': 1,
      },
    },
  ],
  buildings: [
    {
      id: 'buildings',
      type: 'fill',
      'source-layer': 'buildings',
      paint: { 'fill-color': '#adb5bd', 'fill-outline-color': '#495057' },
    },
  ],
  units: [
    {
      id: 'units',
      type: 'circle',
      'source-layer': 'units',
      paint: { 'circle-color': DELIVERY_COLOURS, 'circle-radius': 3 },
    },
  ],
  households: [
    {
      id: 'households',
      type: 'circle',
      'source-layer': 'households',
      paint: {
        'circle-color': '#c92a2a',
        'circle-opacity': 0.6,
        'circle-radius': ['interpolate', ['linear'], ['get', 'households'], 1, 2, 10, 4, 100, 8, 1000, 14],
      },
    },
  ],
};

export function buildStyle(origin: string, layers: TileLayer[]): Record<string, unknown> {
  const sources = Object.fromEntries(
    layers.map((layer) => [layer.name, { type: 'vector', url: `${origin}/tiles/${layer.name}.json` }]),
  );
  const order = [
    'regions',
    'supply_demand',
    'roads',
    'parcels',
    'projects',
    'buildings',
    'units',
    'households',
  ];
  const styleLayers: StyleLayer[] = order
    .filter((name) => layers.some((layer) => layer.name === name))
    .flatMap((name) => (DRAW[name] ?? []).map((drawing) => ({ ...drawing, source: name })));
  return {
    version: 8,
    name: '住房保障一张图',
    center: [126.63, 45.75],
    zoom: 10,
    sources,
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': '#eef1f5' } },
      ...styleLayers,
    ],
  };
}
