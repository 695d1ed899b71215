/**
 * The map of applications by stage (6.2.1 地图): one GeoJSON source from `GET /api/applications?format=geojson`
 * (scoped like the list; names masked for everyone), circles coloured by stage, a popup on hover with the
 * application no., stage and masked name, and a click that opens the case.
 */
import { LngLatBounds, Popup, type GeoJSONSource, type Map as MapLibreMap } from 'maplibre-gl';
import type { Feature, FeatureCollection, Point } from 'geojson';
import { STAGE_COLORS, STAGES } from './case.ts';

const SOURCE = 'applications';
export const LAYER = 'applications-circles';

export interface ApplicationProps {
  id: number;
  application_no: string;
  stage: string | null;
  applicant_name: string | null;
}

export type ApplicationsGeoJson = FeatureCollection<Point | null, ApplicationProps>;

/** MapLibre's `match` on the stage: one colour per stage, grey for none. */
const STAGE_COLOR = [
  'match',
  ['coalesce', ['get', 'stage'], ''],
  ...STAGES.flatMap((stage) => [stage, STAGE_COLORS[stage]]),
  '#5d6b82',
] as unknown as string;

export class ApplicationsMap {
  private readonly popup = new Popup({ closeButton: false, closeOnClick: false, offset: 10 });

  constructor(
    private readonly map: MapLibreMap,
    private readonly describe: (props: ApplicationProps) => HTMLElement,
    onOpen: (id: number) => void,
  ) {
    map.addSource(SOURCE, { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
    map.addLayer({
      id: LAYER,
      type: 'circle',
      source: SOURCE,
      paint: {
        'circle-color': STAGE_COLOR,
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 8, 4, 14, 8],
        'circle-stroke-color': '#ffffff',
        'circle-stroke-width': 1.5,
        'circle-opacity': 0.9,
      },
    });
    map.on('mousemove', LAYER, (event) => {
      const feature = event.features?.[0];
      if (!feature) return;
      map.getCanvas().style.cursor = 'pointer';
      this.popup
        .setLngLat(event.lngLat)
        .setDOMContent(this.describe(feature.properties as ApplicationProps))
        .addTo(map);
    });
    map.on('mouseleave', LAYER, () => {
      map.getCanvas().style.cursor = '';
      this.popup.remove();
    });
    map.on('click', LAYER, (event) => {
      const id = Number(event.features?.[0]?.properties?.id);
      if (id) onOpen(id);
    });
  }

  /** Shows `data`; fits the view to it the first time there is something to show. */
  show(data: ApplicationsGeoJson, fit: boolean): void {
    const features = data.features.filter((f): f is Feature<Point, ApplicationProps> => f.geometry !== null);
    void (this.map.getSource(SOURCE) as GeoJSONSource).setData({ type: 'FeatureCollection', features });
    if (!fit || !features.length) return;
    const bounds = new LngLatBounds();
    for (const f of features) bounds.extend(f.geometry.coordinates as [number, number]);
    this.map.fitBounds(bounds, { padding: 60, maxZoom: 14, duration: 0 });
  }

  destroy(): void {
    this.popup.remove();
  }
}
