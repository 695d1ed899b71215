/**
 * The `gcj02://{z}/{x}/{y}?tiles=<JSON list of templates>` protocol the style uses for a GCJ-02 raster
 * basemap (tiles/external.ts): for each WGS84 tile MapLibre wants, fetch the GCJ-02 tiles covering it
 * (gcj02.ts) and draw them shifted onto a 256 px canvas, so the provider's streets line up with our
 * CGCS2000 data. The provider must send CORS headers (the tiles are read back from the canvas).
 */
import { addProtocol, type AddProtocolAction } from 'maplibre-gl';
import { gcj02Cover, TILE_SIZE, tileUrl } from './gcj02.ts';

const PATTERN = /^gcj02:\/\/(\d+)\/(\d+)\/(\d+)\?tiles=(.+)$/;

export const loadGcj02Tile: AddProtocolAction = async (params, abortController) => {
  const match = PATTERN.exec(params.url);
  if (!match) throw new Error(`not a gcj02 tile URL: ${params.url}`);
  const [z, x, y] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const templates = JSON.parse(decodeURIComponent(match[4]!)) as string[];
  const canvas = new OffscreenCanvas(TILE_SIZE, TILE_SIZE);
  const context = canvas.getContext('2d');
  if (!context) throw new Error('no 2D canvas');
  const { tiles } = gcj02Cover(z, x, y);
  await Promise.all(
    tiles.map(async (tile) => {
      const response = await fetch(tileUrl(templates, tile, z), {
        mode: 'cors',
        referrerPolicy: 'strict-origin', // our origin only, as for the other external tiles (baseMap.ts)
        signal: abortController.signal,
      });
      if (!response.ok) return; // a missing source tile leaves its part blank, like a missing raster tile
      const image = await createImageBitmap(await response.blob());
      context.drawImage(image, tile.left, tile.top);
      image.close();
    }),
  );
  return { data: canvas.transferToImageBitmap() };
};

let registered = false;

/** Registers the protocol once per page (baseMap.ts does it for every map). */
export function registerGcj02Protocol(): void {
  if (registered) return;
  registered = true;
  addProtocol('gcj02', loadGcj02Tile);
}
