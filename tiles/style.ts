/**
 * The MapLibre style over the project's own tiles, listing only the layers the caller may fetch (the public
 * portal gets the same document anonymously). A calm government-GIS palette: light grey land, blue water, soft
 * green parks, white and yellow roads with casing, labels for regions (district → street → community as one
 * zooms in), roads, water, parks and projects. Latin glyphs come from the project (/tiles/fonts, DejaVu);
 * Chinese is drawn by the browser (`localIdeographFontFamily`). An external raster basemap, when configured
 * (tiles/external.ts), lies under the project's layers and replaces its own land, water, green and roads.
 *
 * Every layer carries `metadata['hss:group']` (the layer switcher's groups, client/src/lib/map/) and the
 * basemap layers `metadata['hss:basemap']` (which basemap they belong to: `own` or the external one's id).
 * Existing ids (`regions-fill`, `regions-line`, `roads`, `parcels`, `projects-point`, `projects-area`,
 * `buildings`, `units`, `households`, `supply-demand`) are kept: pages refer to them.
 */
import type { ExternalBasemap } from './external.ts';
import type { TileLayer } from './layer.ts';
import { FONTS } from './glyphs.ts';

type Drawing = Record<string, unknown> & { id: string; metadata: Record<string, string> };
type StyleLayer = Drawing & { source: string };

const REGULAR = [FONTS[0]!.name];
const BOLD = [FONTS[1]!.name];

export const PALETTE = {
  outside: '#e8eaed',
  land: '#f5f4f0',
  water: '#a8cbe8',
  waterText: '#3b6e99',
  green: '#d3e8c8',
  greenText: '#4a7c3f',
  casing: '#cfc8bb',
  expressway: '#f6c467',
  arterial: '#fbe7a1',
  road: '#ffffff',
  roadText: '#5f6368',
  district: '#7d6f9c',
  street: '#a7a0bb',
  community: '#c8c3d3',
  regionText: '#3f3a56',
  project: '#3b5bdb',
  halo: 'rgba(255,255,255,0.92)',
} as const;

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

/** Width by zoom for a road class: expressways widest, lanes thinnest; `extra` px added for the casing. */
const roadWidth = (extra: number) => [
  'interpolate',
  ['exponential', 1.5],
  ['zoom'],
  8,
  ['match', ['get', 'road_class'], 'expressway', 1.2 + extra, 'arterial', 0.8 + extra, 0.3],
  12,
  [
    'match',
    ['get', 'road_class'],
    'expressway',
    3 + extra,
    'arterial',
    2.2 + extra,
    'secondary',
    1.2 + extra,
    0.6,
  ],
  16,
  [
    'match',
    ['get', 'road_class'],
    'expressway',
    12 + extra,
    'arterial',
    9 + extra,
    'secondary',
    6 + extra,
    3.5 + extra,
  ],
];

const own = (group: string) => ({ 'hss:group': group, 'hss:basemap': 'own' });
const group = (name: string) => ({ 'hss:group': name });

/** Style layers in drawing order, each with the tile layer it draws. */
const LAYERS: StyleLayer[] = [
  {
    id: 'land',
    source: 'regions',
    type: 'fill',
    'source-layer': 'regions',
    filter: ['==', ['get', 'level'], 3],
    metadata: own('basemap'),
    paint: { 'fill-color': PALETTE.land },
  },
  {
    id: 'green',
    source: 'basemap_areas',
    type: 'fill',
    'source-layer': 'basemap_areas',
    filter: ['==', ['get', 'kind'], 'green'],
    metadata: own('basemap'),
    paint: { 'fill-color': PALETTE.green },
  },
  {
    id: 'water',
    source: 'basemap_areas',
    type: 'fill',
    'source-layer': 'basemap_areas',
    filter: ['==', ['get', 'kind'], 'water'],
    metadata: own('basemap'),
    paint: { 'fill-color': PALETTE.water },
  },
  // The highlight of chosen regions only: its filter matches no feature until a page names the regions to light
  // (`highlightRegions` in client/src/lib/map/baseMap.ts), with the `selected` feature-state drawn stronger. A
  // transparent fill of every region was three full-screen blended passes (district, street, community) a frame.
  {
    id: 'regions-fill',
    source: 'regions',
    type: 'fill',
    'source-layer': 'regions',
    filter: ['in', ['id'], ['literal', []]],
    metadata: group('regions'),
    paint: {
      'fill-color': '#4c6ef5',
      'fill-opacity': ['case', ['boolean', ['feature-state', 'selected'], false], 0.18, 0.1],
    },
  },
  {
    id: 'supply-demand',
    source: 'supply_demand',
    type: 'fill',
    'source-layer': 'supply_demand',
    layout: { visibility: 'none' },
    metadata: group('supply_demand'),
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
  {
    id: 'parcels',
    source: 'parcels',
    type: 'fill',
    'source-layer': 'parcels',
    metadata: group('parcels'),
    paint: {
      'fill-color': ['match', ['get', 'status'], 'reserved', '#e9c46a', '#a8dadc'],
      'fill-outline-color': '#8d6e00',
      'fill-opacity': 0.5,
    },
  },
  {
    id: 'roads-casing',
    source: 'roads',
    type: 'line',
    'source-layer': 'roads',
    minzoom: 10,
    metadata: own('basemap'),
    layout: { 'line-join': 'round', 'line-cap': 'round' },
    paint: { 'line-color': PALETTE.casing, 'line-width': roadWidth(1.5) },
  },
  {
    id: 'roads',
    source: 'roads',
    type: 'line',
    'source-layer': 'roads',
    metadata: own('basemap'),
    layout: { 'line-join': 'round', 'line-cap': 'round' },
    paint: {
      'line-color': [
        'match',
        ['get', 'road_class'],
        'expressway',
        PALETTE.expressway,
        'arterial',
        PALETTE.arterial,
        PALETTE.road,
      ],
      'line-width': roadWidth(0),
    },
  },
  {
    id: 'regions-line',
    source: 'regions',
    type: 'line',
    'source-layer': 'regions',
    metadata: group('regions'),
    layout: { 'line-join': 'round' },
    paint: {
      'line-color': ['match', ['get', 'level'], 3, PALETTE.district, 4, PALETTE.street, PALETTE.community],
      'line-width': ['match', ['get', 'level'], 3, 1.6, 4, 0.9, 0.6],
      'line-dasharray': [4, 2],
    },
  },
  {
    id: 'projects-area',
    source: 'projects',
    type: 'fill',
    'source-layer': 'projects',
    filter: ['==', ['geometry-type'], 'Polygon'],
    metadata: group('projects'),
    paint: { 'fill-color': PALETTE.project, 'fill-opacity': 0.22, 'fill-outline-color': PALETTE.project },
  },
  {
    id: 'buildings',
    source: 'buildings',
    type: 'fill',
    'source-layer': 'buildings',
    metadata: group('buildings'),
    paint: { 'fill-color': '#c5cad3', 'fill-outline-color': '#7a8290' },
  },
  {
    id: 'projects-point',
    source: 'projects',
    type: 'circle',
    'source-layer': 'projects',
    filter: ['==', ['geometry-type'], 'Point'],
    metadata: group('projects'),
    paint: {
      'circle-color': PALETTE.project,
      'circle-radius': 5,
      'circle-stroke-color': '#fff',
      'circle-stroke-width': 1.2,
    },
  },
  {
    id: 'units',
    source: 'units',
    type: 'circle',
    'source-layer': 'units',
    metadata: group('units'),
    paint: { 'circle-color': DELIVERY_COLOURS, 'circle-radius': 3 },
  },
  {
    id: 'households',
    source: 'households',
    type: 'circle',
    'source-layer': 'households',
    metadata: group('households'),
    paint: {
      'circle-color': '#c92a2a',
      'circle-opacity': 0.6,
      'circle-radius': ['interpolate', ['linear'], ['get', 'households'], 1, 2, 10, 4, 100, 8, 1000, 14],
    },
  },
  // Labels: above every geometry, each with a white halo so it reads over any fill.
  {
    id: 'water-label',
    source: 'basemap_areas',
    type: 'symbol',
    'source-layer': 'basemap_areas',
    filter: ['==', ['get', 'kind'], 'water'],
    minzoom: 10,
    metadata: own('basemap'),
    layout: {
      'text-field': ['get', 'name'],
      'text-font': REGULAR,
      'text-size': 12,
      'text-letter-spacing': 0.2,
    },
    paint: { 'text-color': PALETTE.waterText, 'text-halo-color': PALETTE.halo, 'text-halo-width': 1.2 },
  },
  {
    id: 'green-label',
    source: 'basemap_areas',
    type: 'symbol',
    'source-layer': 'basemap_areas',
    filter: ['==', ['get', 'kind'], 'green'],
    minzoom: 12,
    metadata: own('basemap'),
    layout: { 'text-field': ['get', 'name'], 'text-font': REGULAR, 'text-size': 11 },
    paint: { 'text-color': PALETTE.greenText, 'text-halo-color': PALETTE.halo, 'text-halo-width': 1.2 },
  },
  {
    id: 'roads-label',
    source: 'roads',
    type: 'symbol',
    'source-layer': 'roads',
    minzoom: 12,
    filter: [
      'any',
      ['in', ['get', 'road_class'], ['literal', ['expressway', 'arterial']]],
      ['>=', ['zoom'], 14],
    ],
    metadata: own('basemap'),
    layout: {
      'symbol-placement': 'line',
      'symbol-spacing': 320,
      'text-field': ['get', 'name'],
      'text-font': REGULAR,
      'text-size': ['interpolate', ['linear'], ['zoom'], 12, 10.5, 16, 13],
      'text-max-angle': 30,
      'text-padding': 4,
    },
    paint: { 'text-color': PALETTE.roadText, 'text-halo-color': PALETTE.halo, 'text-halo-width': 1.5 },
  },
  {
    id: 'projects-label',
    source: 'projects',
    type: 'symbol',
    'source-layer': 'projects',
    minzoom: 12,
    metadata: group('projects'),
    layout: {
      'text-field': ['get', 'name'],
      'text-font': REGULAR,
      'text-size': 11.5,
      'text-anchor': 'top',
      'text-offset': [0, 0.7],
      'text-max-width': 9,
      'text-optional': true,
    },
    paint: { 'text-color': '#1f3a93', 'text-halo-color': PALETTE.halo, 'text-halo-width': 1.5 },
  },
  {
    id: 'region-labels',
    source: 'region_labels',
    type: 'symbol',
    'source-layer': 'region_labels',
    metadata: group('regions'),
    // District names give way to streets and communities as one zooms in (the tile sends those from z10/z13).
    filter: [
      'any',
      ['all', ['==', ['get', 'level'], 3], ['<', ['zoom'], 14]],
      ['all', ['==', ['get', 'level'], 4], ['>=', ['zoom'], 11]],
      ['all', ['==', ['get', 'level'], 5], ['>=', ['zoom'], 14]],
    ],
    layout: {
      'text-field': ['get', 'name'],
      'text-font': ['match', ['get', 'level'], 3, ['literal', BOLD], ['literal', REGULAR]],
      'text-size': ['match', ['get', 'level'], 3, 16, 4, 13, 11.5],
      'text-letter-spacing': ['match', ['get', 'level'], 3, 0.15, 0.05],
      'symbol-sort-key': ['get', 'level'],
      'text-padding': 6,
    },
    paint: {
      'text-color': ['match', ['get', 'level'], 3, PALETTE.regionText, 4, '#5a5470', '#77718a'],
      'text-halo-color': PALETTE.halo,
      'text-halo-width': 1.6,
    },
  },
];

/** Where the external raster layers go: the map under everything, its annotation under our labels. */
function rasterLayers(basemap: ExternalBasemap): { base: StyleLayer[]; labels: StyleLayer[] } {
  const layer = (id: string): StyleLayer => ({
    id,
    source: id,
    type: 'raster',
    metadata: { 'hss:group': 'basemap', 'hss:basemap': basemap.id },
  });
  return {
    base: basemap.sources.filter((s) => s.id === 'basemap-raster').map((s) => layer(s.id)),
    labels: basemap.sources.filter((s) => s.id !== 'basemap-raster').map((s) => layer(s.id)),
  };
}

/**
 * The style for a caller who may fetch `layers`, with the external basemap (if configured) shown and the
 * project's own basemap layers hidden under it (the client's basemap switch flips them).
 */
export function buildStyle(
  origin: string,
  layers: TileLayer[],
  basemap?: ExternalBasemap,
): Record<string, unknown> {
  const visible = new Set(layers.map((layer) => layer.name));
  const sources: Record<string, unknown> = Object.fromEntries(
    layers.map((layer) => [layer.name, { type: 'vector', url: `${origin}/tiles/${layer.name}.json` }]),
  );
  // Copies: a caller may change its style (the client does), never the module's layers.
  let drawn = LAYERS.filter((layer) => visible.has(layer.source)).map((layer) => structuredClone(layer));
  if (basemap) {
    for (const source of basemap.sources) {
      sources[source.id] = {
        type: 'raster',
        tiles: source.tiles,
        tileSize: 256,
        maxzoom: source.maxzoom,
        ...(source.attribution ? { attribution: source.attribution } : {}),
      };
    }
    const hideOwn = (layer: StyleLayer): StyleLayer =>
      layer.metadata['hss:basemap'] === 'own'
        ? { ...layer, layout: { ...(layer.layout as object), visibility: 'none' } }
        : layer;
    const raster = rasterLayers(basemap);
    const symbols = drawn.findIndex((layer) => layer.type === 'symbol');
    const firstLabel = symbols < 0 ? drawn.length : symbols;
    drawn = [
      ...raster.base,
      ...drawn.slice(0, firstLabel).map(hideOwn),
      ...raster.labels,
      ...drawn.slice(firstLabel).map(hideOwn),
    ];
  }
  return {
    version: 8,
    name: '住房保障一张图',
    center: [126.63, 45.75],
    zoom: 10,
    glyphs: `${origin}/tiles/fonts/{fontstack}/{range}.pbf`,
    metadata: {
      'hss:basemaps': [
        { id: 'own', zh: '矢量底图', en: 'Vector basemap', crs: 'cgcs2000' },
        ...(basemap
          ? [{ id: basemap.id, zh: basemap.label.zh, en: basemap.label.en, crs: basemap.crs }]
          : []),
      ],
      'hss:basemap': basemap?.id ?? 'own',
    },
    sources,
    layers: [
      {
        id: 'background',
        type: 'background',
        metadata: { 'hss:group': 'basemap' },
        paint: { 'background-color': PALETTE.outside },
      },
      ...drawn,
    ],
  };
}
